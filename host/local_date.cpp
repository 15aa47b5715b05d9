#include "host/local_date.h"

#include <ctime>

namespace tb::host {

int today_yyyymmdd() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
}

std::int64_t local_seconds(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  localtime_r(&t, &local);
  return unix_seconds + local.tm_gmtoff;
}

}  // namespace tb::host
