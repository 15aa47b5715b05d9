#pragma once
// Calendar arithmetic on the proleptic Gregorian calendar, pure (no time zone database, no clock):
// days since 1970-01-01 and back, the weekday, leap years and month lengths. Used to show code times
// (code/codes.cpp), to list working days for 预约 (app/appointment.cpp), and to check dates
// (check/validate.cpp, the form expressions' age()).
#include <cstdint>
#include <string>

namespace tb::text {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1, day = 1;
};

// The usual era arithmetic: 400-year eras of 146097 days, years starting in March so the leap day
// comes last.
std::int64_t days_from_civil(std::int64_t year, int month, int day);
CivilDate civil_from_days(std::int64_t days);
// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
int weekday_of_days(std::int64_t days);
bool is_leap_year(std::int64_t year);
int days_in_month(std::int64_t year, int month);  // month 1..12
// Unix seconds as China Standard Time (UTC+8, no daylight saving): "2026-11-20 10:00", or with
// seconds "2026-11-20 10:00:05". For details, logs and audit entries.
std::string china_time(std::int64_t unix_s, bool with_seconds = false);

}  // namespace tb::text
