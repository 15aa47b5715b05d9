#include "host/config_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tb::host {

std::optional<std::vector<text::ConfigEntry>> read_config(const std::string& file, std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *error = file + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    *error = file + ": " + std::strerror(errno);
    return std::nullopt;
  }
  return text::parse_config(file, text.str(), error);
}

}  // namespace tb::host
