#include "code_format.h"

#include <ctime>

namespace tb::cli {

std::string show_time(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M+08:00", &tm);
  return buf;
}

std::optional<code::Kind> kind_from_name(const std::string& name) {
  for (int k = 1; k <= 8; ++k)
    if (name == code::kind_name(static_cast<code::Kind>(k))) return static_cast<code::Kind>(k);
  return std::nullopt;
}

}  // namespace tb::cli
