// tongban: the operator CLI. Each subcommand lives in its own cmd_*.cpp.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"

namespace tb::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"version", "print the version of tongban and its core", cmd_version},
      {"serve", "serve the mobile shell and the web kiosk on 127.0.0.1", cmd_serve},
      {"keys", "make key pairs for issuers, devices and departments", cmd_keys},
      {"guide", "build, diff, verify, apply and search service-guide bundles", cmd_guide},
      {"elicence", "issue and verify e-licences (电子证照) for demos and tests", cmd_elicence},
      {"check", "check and normalise an ID number, USCC, mobile, name or date", cmd_check},
      {"seal", "seal an envelope exactly as a device would (for departments' tests)", cmd_seal},
      {"open", "open a department's part of an envelope (verifies, decrypts, prints JSON)", cmd_open},
      {"submit", "send an envelope to an intake as a device does, and check the receipt", cmd_submit},
      {"receipt", "check a receipt code (TBR1:…) a resident shows: the intake's signature and what it says", cmd_receipt},
      {"intake", "the intake server (serve) and its operator's tools", cmd_intake},
      {"code", "一码通城: issue, verify and revoke the city's codes; trust lists; hand-offs; QR images", cmd_code},
  };
  return list;
}

}  // namespace tb::cli

namespace {
void print_help(std::FILE* out) {
  std::fputs("usage: tongban COMMAND [ARGS]\n\ncommands:\n", out);
  for (const auto& c : tb::cli::commands()) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fputs("\n`tongban COMMAND --help` describes each command.\n", out);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    print_help(stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) return tb::cli::cmd_version({});
  for (const auto& c : tb::cli::commands()) {
    if (argv[1] == std::string(c.name)) return c.run(tb::cli::Argv(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "tongban: unknown command '%s'\n\n", argv[1]);
  print_help(stderr);
  return 2;
}
