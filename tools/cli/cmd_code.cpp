// `tongban code …`: the operator side of 一码通城 (docs/CODES.md). Issues every kind of code, makes a
// phone's current dynamic code, verifies codes as a gate/venue/clerk device would, signs trust lists
// and revocation lists, carries hand-offs, and draws and reads QR images: one cmd_code_*.cpp each.
#include "code_commands.h"
#include "commands.h"

namespace tb::cli {

void add_code(CommandTree& tree) {
  CLI::App& code = tree.add_group(tree.root(), {"code", "一码通城: issue, verify and revoke the city's codes; trust lists; hand-offs; QR images",
                                                "COMMAND [ARGS]", ""});
  add_code_issue(tree, code);
  add_code_dynamic(tree, code);
  add_code_verify(tree, code);
  add_code_trust_list(tree, code);
  add_code_revoke(tree, code);
  add_code_handoff(tree, code);
  add_code_render(tree, code);
  add_code_scan(tree, code);
  add_code_sheet(tree, code);
}

}  // namespace tb::cli
