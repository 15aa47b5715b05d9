// tongban: the operator CLI. Each command lives in its own cmd_*.cpp; command_tree.cpp reads the
// command line and reports failures for all of them.
#include "commands.h"

int main(int argc, char** argv) {
  tb::cli::CommandTree tree;
  tb::cli::add_version(tree);
  tb::cli::add_serve(tree);
  tb::cli::add_keys(tree);
  tb::cli::add_guide(tree);
  tb::cli::add_elicence(tree);
  tb::cli::add_check(tree);
  tb::cli::add_seal(tree);
  tb::cli::add_open(tree);
  tb::cli::add_submit(tree);
  tb::cli::add_receipt(tree);
  tb::cli::add_intake(tree);
  tb::cli::add_code(tree);
  tb::cli::add_audit(tree);
  tb::cli::add_idcard(tree);
  return tree.run(argc, argv);
}
