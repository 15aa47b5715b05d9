#pragma once
// Every `tongban` command adds itself to the command tree (command_tree.h): its options, its help
// and what it runs. One cmd_*.cpp per command; `tongban code` has one per subcommand.
#include "command_tree.h"

namespace tb::cli {

void add_version(CommandTree& tree);
void add_serve(CommandTree& tree);
void add_keys(CommandTree& tree);
void add_guide(CommandTree& tree);
void add_elicence(CommandTree& tree);
void add_check(CommandTree& tree);
void add_seal(CommandTree& tree);      // cmd_seal.cpp: seal
void add_open(CommandTree& tree);      // cmd_open.cpp
void add_submit(CommandTree& tree);    // cmd_submit.cpp
void add_receipt(CommandTree& tree);   // cmd_receipt.cpp
void add_intake(CommandTree& tree);    // cmd_intake.cpp; its `serve` is in cmd_serve.cpp
void add_intake_serve(CommandTree& tree, CLI::App& intake);
void add_code(CommandTree& tree);      // cmd_code.cpp: the group and its subcommands, one file each
void add_audit(CommandTree& tree);     // cmd_audit.cpp: audit verify
void add_idcard(CommandTree& tree);    // cmd_idcard.cpp: idcard make|check

}  // namespace tb::cli
