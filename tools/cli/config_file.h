#pragma once
// A command's configuration file (`tongban serve`, `tongban intake serve`): every long option of
// the command is a key (`port = 8443` for --port 8443; flags take yes or no), the command line
// overrides the file, and every problem is `file:line: what` (exit 2). The grammar:
// core/text/config_text.h. --print-config prints the effective settings in the same form.
#include <CLI/CLI.hpp>
#include <string>

namespace tb::cli {

struct ConfigFileOptions {
  std::string file;  // --config FILE; "" for the installed default
  bool print = false;
};

// Adds --config and --print-config to `app`; `name` is the file's name in /etc/tongban ("intake.conf").
void add_config_options(CLI::App& app, ConfigFileOptions& o, const std::string& name);
// Applies the file (--config, else the installed default when it exists) to every option the command
// line left unset. `name` as above.
void apply_config_file(CLI::App& app, const ConfigFileOptions& o, const std::string& name);
// The settings of `app` in the file's form: `key = value` for those given (file or command line),
// `# key = DEFAULT` for the others.
std::string effective_config(const CLI::App& app);

}  // namespace tb::cli
