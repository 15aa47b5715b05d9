#include "yaml_reader.h"

#include <set>

#include "text/civil_date.h"
#include "text/utf8.h"

namespace tb::authoring {

void Diagnostics::add(const std::string& file, int line, const std::string& message) {
  errors.push_back(file + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message);
}

int line_of(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return 0;
  const int l = n.Mark().line;
  return l >= 0 ? l + 1 : 0;
}

YAML::Node load_yaml_file(const std::string& path, Diagnostics& diag) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    diag.add(path, 0, "cannot read the file");
  } catch (const YAML::ParserException& e) {
    diag.add(path, e.mark.line + 1, "YAML syntax: " + e.msg);
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

MapReader::MapReader(const YAML::Node& node, std::string file, Diagnostics& diag, std::string what)
    : node_(node), file_(std::move(file)), diag_(diag), what_(std::move(what)) {
  if (!node_.IsMap()) {
    diag_.add(file_, line_of(node_), what_ + " must be a mapping of 'key: value' lines");
    valid_ = false;
  }
}

bool MapReader::has(const char* key) const { return valid_ && node_[key].IsDefined() && !node_[key].IsNull(); }

// A missing key reads as an undefined node. yaml-cpp's own answer for it is an invalid ("zombie")
// node that throws YAML::InvalidNode when asked anything but IsDefined(): a source without
// 'pages' or 'options' must be reported, not abort the build.
YAML::Node MapReader::node(const char* key) const {
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node n = node_[key];
  return n.IsDefined() ? n : YAML::Node(YAML::NodeType::Undefined);
}

void MapReader::error(const char* key, const std::string& message) {
  const YAML::Node n = node(key);
  diag_.add(file_, line_of(n) ? line_of(n) : line(), message);
}

std::string MapReader::text(const char* key, bool required) {
  if (!has(key)) {
    if (required) diag_.add(file_, line(), what_ + ": '" + key + "' is required");
    return {};
  }
  const YAML::Node n = node(key);
  if (!n.IsScalar()) {
    error(key, "'" + std::string(key) + "' must be text");
    return {};
  }
  std::string s = n.Scalar();
  if (!text::decode_utf8(s)) {
    error(key, "'" + std::string(key) + "' is not valid UTF-8");
    return {};
  }
  if (s.empty() && required) error(key, "'" + std::string(key) + "' must not be empty");
  return s;
}

std::optional<std::uint32_t> MapReader::count(const char* key) {
  if (!has(key)) return std::nullopt;
  const YAML::Node n = node(key);
  try {
    const long long v = n.as<long long>();
    if (v < 0 || v > 100000) throw YAML::BadConversion(n.Mark());
    return static_cast<std::uint32_t>(v);
  } catch (const YAML::Exception&) {
    error(key, "'" + std::string(key) + "' must be a whole number from 0 to 100000, got '" +
                   (n.IsScalar() ? n.Scalar() : std::string("…")) + "'");
    return std::nullopt;
  }
}

std::optional<double> MapReader::number(const char* key) {
  if (!has(key)) return std::nullopt;
  try {
    return node(key).as<double>();
  } catch (const YAML::Exception&) {
    error(key, "'" + std::string(key) + "' must be a number");
    return std::nullopt;
  }
}

bool MapReader::flag(const char* key, bool default_value) {
  if (!has(key)) return default_value;
  try {
    return node(key).as<bool>();
  } catch (const YAML::Exception&) {
    error(key, "'" + std::string(key) + "' must be true or false");
    return default_value;
  }
}

std::vector<std::string> MapReader::texts(const char* key, bool required) {
  std::vector<std::string> out;
  if (!has(key)) {
    if (required) diag_.add(file_, line(), what_ + ": '" + key + "' is required");
    return out;
  }
  const YAML::Node n = node(key);
  if (!n.IsSequence()) {
    error(key, "'" + std::string(key) + "' must be a list, e.g. [a, b]");
    return out;
  }
  for (const auto& e : n) {
    if (!e.IsScalar() || e.Scalar().empty()) {
      diag_.add(file_, line_of(e) ? line_of(e) : line_of(n), "'" + std::string(key) + "' entries must be non-empty text");
      continue;
    }
    if (!text::decode_utf8(e.Scalar())) {
      diag_.add(file_, line_of(e), "'" + std::string(key) + "' entry is not valid UTF-8");
      continue;
    }
    out.push_back(e.Scalar());
  }
  return out;
}

void MapReader::only(std::initializer_list<const char*> allowed) {
  if (!valid_) return;
  std::set<std::string> ok(allowed.begin(), allowed.end());
  for (const auto& kv : node_) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (!ok.count(k)) diag_.add(file_, line_of(kv.first), what_ + ": unknown key '" + k + "'");
  }
}

bool is_id(const std::string& s) {
  if (s.empty() || s.size() > 64 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool is_date(const std::string& s) {
  int y, m, d;
  char tail;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= text::days_in_month(y, m);
}

}  // namespace tb::authoring
