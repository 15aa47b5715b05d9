#pragma once
// The native kiosk's settings: its configuration file (/etc/tongban/kiosk.conf when installed, or
// --config FILE; the grammar: core/text/config_text.h), then its command line, which overrides the
// file. The browser kiosk takes its few settings from its page's query string (main_web.cpp).
#include <string>

#include "ui/runner.h"

namespace tb::kiosk {

enum class Parsed { Run, Help, PrintConfig, Error };

// Fills `out`; on Error, `error` says what (and "file:line: " for a line of the file).
Parsed parse_options(int argc, char** argv, Options* out, std::string* error);
const char* usage();
// The effective settings in the file's grammar (every key; unset ones commented out).
std::string print_config(const Options& options);

}  // namespace tb::kiosk
