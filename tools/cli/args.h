#pragma once
// A tiny argument reader for the CLI's subcommands: positional arguments, --flag and
// --option VALUE, with errors that name the option. No globals; one Args per command.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tb::cli {

class Args {
 public:
  // `value_options` take a value (--out DIR); `flags` do not (--json). Anything else is an error.
  Args(std::vector<std::string> argv, std::set<std::string> value_options, std::set<std::string> flags = {});
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::vector<std::string>& positional() const { return positional_; }
  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;  // repeatable options (--to A --to B)
  bool flag(const std::string& name) const { return flags_set_.count(name) > 0; }

 private:
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> values_;
  std::set<std::string> flags_set_;
  std::string error_;
};

}  // namespace tb::cli
