#pragma once
// The tree of `tongban` commands, on CLI11 (tools/cli/command_tree.h). Each cmd_*.cpp adds its
// commands with their options and what they run; `run` reads the command line once for all of
// them: `-h`/`--help` on every command and group, `--opt value` and `--opt=value`, unknown options
// and arguments refused by name, then the chosen command runs and a Failure it throws (report.h)
// becomes one message on stderr and the exit status.
#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>

namespace tb::cli {

struct CommandInfo {
  std::string name;      // "render"
  std::string summary;   // one line: listed in the parent's help, and the head of its own
  std::string synopsis;  // what follows "usage: tongban code render" in its help
  std::string notes;     // after the options in its help (output format, exit statuses); may be empty
};

class CommandTree {
 public:
  CommandTree();
  CLI::App& root() { return app_; }
  // A command: `run` returns its exit status, or throws a Failure.
  CLI::App& add(CLI::App& parent, const CommandInfo& info, std::function<int()> run);
  // A group of commands (`tongban code`, `tongban code issue`). `noun` is what its synopsis calls
  // the word after it ("COMMAND", "KIND"): "missing KIND", "unknown KIND 'passport'".
  CLI::App& add_group(CLI::App& parent, const CommandInfo& info, const std::string& noun = "COMMAND");
  int run(int argc, char** argv);

 private:
  CLI::App& make(CLI::App& parent, const CommandInfo& info);
  // "unknown option '--nope'", "unknown KIND 'passport'", "unexpected argument 'x'", or "".
  std::string unknown_argument(const CLI::App& chosen) const;
  // The failure on stderr (with where to find the usage, for a usage error); returns `status`.
  int report(const std::string& problem, int status, const CLI::App& chosen) const;
  int dispatch(CLI::App& chosen);

  CLI::App app_;
  std::map<const CLI::App*, std::function<int()>> runs_;
  std::map<const CLI::App*, std::string> nouns_;
};

}  // namespace tb::cli
