#pragma once
// The configuration files of the installed programs (/etc/tongban/kiosk.conf, intake.conf,
// serve.conf): one setting a line, named as its command-line option without the dashes.
//
//   # a comment: a whole line
//   port = 8443
//   db = sqlite:/var/lib/tongban/intake/intake.db
//   open-registration = no
//
// Blank lines and lines starting with '#' are skipped; spaces around the key and the value are not
// part of them; everything after '=' is the value (no trailing comments: a '#' may be in a URL). A
// key that may be repeated (one value each, like --to on the command line) is simply written again.
// The programs check keys and values against their options and say `file:line: what`. Pure text
// in, entries out: the shells read the file (host/config_file.h).
#include <optional>
#include <string>
#include <vector>

#include "result.h"

namespace tb::text {

// Why a configuration file gave no settings (core/result.h); the detail says where: "file: what the
// system said" or "file:line: what".
enum class ConfigError {
  None,
  Unreadable,  // the shell could not read the file (missing, permissions)
  Malformed,   // a line that is not `key = value`
};
const char* reason_key(ConfigError e);   // "unreadable", "malformed"
const char* reason_text(ConfigError e);  // "无法读取配置文件", "配置文件格式不对"

struct ConfigEntry {
  std::string file;  // as given, for messages
  int line = 0;
  std::string key, value;
  // "intake.conf:3: " — how every message about this entry starts.
  std::string where() const { return file + ":" + std::to_string(line) + ": "; }
};

// The entries of `text` (the contents of `file`), or Malformed with "file:line: what" for a line
// that is not `key = value`.
using ConfigEntries = Result<std::vector<ConfigEntry>, ConfigError>;
ConfigEntries parse_config(const std::string& file, const std::string& text);

// A yes/no value, in a file or after a flag: yes|true|on|1 and no|false|off|0.
std::optional<bool> config_bool(const std::string& value);

}  // namespace tb::text
