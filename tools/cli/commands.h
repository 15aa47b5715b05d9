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
int cmd_code(const Argv& args);  // tools/cli/cmd_code.cpp: issue, dynamic, verify, trust-list, revoke, handoff
// `tongban code render|scan|sheet` (tools/cli/cmd_code_media.cpp): QR images in and out, called by
// the `tongban code` dispatcher.
int cmd_code_render(const Argv& args);
int cmd_code_scan(const Argv& args);
int cmd_code_sheet(const Argv& args);

const std::vector<Command>& commands();

}  // namespace tb::cli
