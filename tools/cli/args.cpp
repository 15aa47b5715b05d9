#include "args.h"

namespace tb::cli {

Args::Args(std::vector<std::string> argv, std::set<std::string> value_options, std::set<std::string> flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      if (flags.count(a)) {
        flags_set_.insert(a);
      } else if (value_options.count(a)) {
        if (i + 1 >= argv.size()) {
          error_ = a + " needs a value";
          return;
        }
        values_.emplace(a, argv[++i]);
      } else {
        error_ = "unknown option '" + a + "'";
        return;
      }
    } else if (a == "-o" && value_options.count("-o")) {
      if (i + 1 >= argv.size()) {
        error_ = "-o needs a value";
        return;
      }
      values_.emplace("-o", argv[++i]);
    } else {
      positional_.push_back(a);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

}  // namespace tb::cli
