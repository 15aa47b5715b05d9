#pragma once
// Every `tongban` subcommand: takes the arguments after its name, returns the exit status
// (0 success, 1 the input was refused, 2 usage error, 3 an I/O or environment failure).
#include <string>
#include <vector>

namespace tb::cli {

using Argv = std::vector<std::string>;

struct Command {
  const char* name;     // "version", "serve", "guide", …
  const char* summary;  // one line for `tongban --help`
  int (*run)(const Argv&);
};

int cmd_version(const Argv& args);
int cmd_serve(const Argv& args);
int cmd_keys(const Argv& args);
int cmd_guide(const Argv& args);
int cmd_elicence(const Argv& args);
int cmd_seal(const Argv& args);
int cmd_open(const Argv& args);
int cmd_submit(const Argv& args);
int cmd_receipt(const Argv& args);
int cmd_intake(const Argv& args);
int cmd_check(const Argv& args);

const std::vector<Command>& commands();

}  // namespace tb::cli
