#pragma once
// The subcommands of `tongban code` (cmd_code.cpp makes the group), one cmd_code_*.cpp each.
#include "command_tree.h"

namespace tb::cli {

void add_code_issue(CommandTree& tree, CLI::App& code);       // issue dynamic-credential|printed|venue|house-plate|service
void add_code_dynamic(CommandTree& tree, CLI::App& code);     // a phone's current dynamic code
void add_code_verify(CommandTree& tree, CLI::App& code);      // as a gate, venue or clerk device
void add_code_trust_list(CommandTree& tree, CLI::App& code);  // the city's signed list of issuers
void add_code_revoke(CommandTree& tree, CLI::App& code);      // a signed revocation list
void add_code_handoff(CommandTree& tree, CLI::App& code);     // handoff encode|decode
void add_code_render(CommandTree& tree, CLI::App& code);      // QR images out
void add_code_scan(CommandTree& tree, CLI::App& code);        // QR images in
void add_code_sheet(CommandTree& tree, CLI::App& code);       // A4 sheets of printed codes

}  // namespace tb::cli
