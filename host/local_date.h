#pragma once
// The machine's calendar, for the native shells: the core has no clock, so they hand it today.
#include <cstdint>

namespace tb::host {

// Today in the machine's time zone, as YYYYMMDD (forms and residents' lists check dates against it).
int today_yyyymmdd();

// A Unix time shifted into the machine's time zone (seconds since 1970 on the local wall clock),
// for what the core prints as a date and time.
std::int64_t local_seconds(std::int64_t unix_seconds);

}  // namespace tb::host
