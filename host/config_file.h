#pragma once
// Reading an installed program's configuration file (the grammar: core/text/config_text.h).
#include <optional>
#include <string>
#include <vector>

#include "text/config_text.h"

namespace tb::host {

// The entries of `file`, or nullopt and `error`: "file: reason" when it cannot be read,
// "file:line: what" for a line that is not `key = value`.
std::optional<std::vector<text::ConfigEntry>> read_config(const std::string& file, std::string* error);

}  // namespace tb::host
