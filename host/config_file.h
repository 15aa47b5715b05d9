#pragma once
// Reading an installed program's configuration file (the grammar: core/text/config_text.h).
#include <string>

#include "text/config_text.h"

namespace tb::host {

// The entries of `file`, or why not: Unreadable with "file: what the system said", Malformed with
// "file:line: what" for a line that is not `key = value`.
text::ConfigEntries read_config(const std::string& file);

}  // namespace tb::host
