#pragma once
// Reading human-edited YAML sources with errors people can act on: every problem is reported as
// "file:line: what is wrong", unknown keys are errors (a typo must never silently drop a field),
// and reading goes on after an error so one build lists every problem at once.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace tb::authoring {

struct Diagnostics {
  std::vector<std::string> errors;
  void add(const std::string& file, int line, const std::string& message);  // line is 1-based; 0: none
  bool ok() const { return errors.empty(); }
};

// Parses a file; on a syntax error records it and returns an undefined node.
YAML::Node load_yaml_file(const std::string& path, Diagnostics& diag);

int line_of(const YAML::Node& n);  // 1-based, 0 when unknown

// A YAML mapping read field by field.
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string file, Diagnostics& diag, std::string what);
  bool valid() const { return valid_; }
  int line() const { return line_of(node_); }
  const std::string& file() const { return file_; }
  Diagnostics& diag() { return diag_; }

  bool has(const char* key) const;
  YAML::Node node(const char* key) const;
  std::string text(const char* key, bool required);            // non-empty string when present
  std::optional<std::uint32_t> count(const char* key);          // non-negative integer
  std::optional<double> number(const char* key);
  bool flag(const char* key, bool default_value);
  std::vector<std::string> texts(const char* key, bool required = false);  // list of strings
  // Reports every key not in `allowed`.
  void only(std::initializer_list<const char*> allowed);
  void error(int line, const std::string& message) { diag_.add(file_, line, message); }
  void error(const char* key, const std::string& message);

 private:
  YAML::Node node_;
  std::string file_;
  Diagnostics& diag_;
  std::string what_;
  bool valid_ = true;
};

bool is_id(const std::string& s);  // [a-z0-9-]+, not starting or ending with '-'
bool is_date(const std::string& s);  // YYYY-MM-DD, a real calendar date

}  // namespace tb::authoring
