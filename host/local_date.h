#pragma once
// The machine's calendar, for the native shells: the core has no clock, so they hand it today.

namespace tb::host {

// Today in the machine's time zone, as YYYYMMDD (forms and residents' lists check dates against it).
int today_yyyymmdd();

}  // namespace tb::host
