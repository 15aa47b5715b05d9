#include "text/config_text.h"

#include <sstream>

namespace tb::text {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool valid_key(const std::string& k) {
  return !k.empty() && k[0] != '-' && k.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

}  // namespace

const char* reason_key(ConfigError e) {
  switch (e) {
    case ConfigError::None: return "ok";
    case ConfigError::Unreadable: return "unreadable";
    case ConfigError::Malformed: return "malformed";
  }
  return "unknown";
}

const char* reason_text(ConfigError e) {
  switch (e) {
    case ConfigError::None: return "";
    case ConfigError::Unreadable: return "无法读取配置文件";
    case ConfigError::Malformed: return "配置文件格式不对";
  }
  return "";
}

ConfigEntries parse_config(const std::string& file, const std::string& text) {
  std::vector<ConfigEntry> out;
  std::istringstream in(text);
  std::string raw;
  for (int line = 1; std::getline(in, raw); ++line) {
    const std::string s = trim(raw);
    if (s.empty() || s[0] == '#') continue;
    ConfigEntry e{file, line, {}, {}};
    const auto eq = s.find('=');
    if (eq == std::string::npos || !valid_key(trim(s.substr(0, eq)))) {
      return {ConfigError::Malformed, e.where() + "expected 'key = value' (a key of a-z, 0-9 and '-'), got '" + s + "'"};
    }
    e.key = trim(s.substr(0, eq));
    e.value = trim(s.substr(eq + 1));
    if (e.value.empty()) {
      return {ConfigError::Malformed, e.where() + "'" + e.key + "' has no value"};
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<bool> config_bool(const std::string& value) {
  for (const char* yes : {"yes", "true", "on", "1"})
    if (value == yes) return true;
  for (const char* no : {"no", "false", "off", "0"})
    if (value == no) return false;
  return std::nullopt;
}

}  // namespace tb::text
