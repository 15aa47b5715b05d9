#include "host/config_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tb::host {

text::ConfigEntries read_config(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {text::ConfigError::Unreadable, file + ": " + std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return {text::ConfigError::Unreadable, file + ": " + std::strerror(errno)};
  return text::parse_config(file, text.str());
}

}  // namespace tb::host
