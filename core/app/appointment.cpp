#include "app/appointment.h"

namespace tb::app {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back: the usual era arithmetic (400-year
// eras of 146097 days, years starting in March so the leap day comes last).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return y * 10000 + m * 100 + d;
}

long to_days(int yyyymmdd) { return days_from_civil(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100); }
int weekday(long days) { return static_cast<int>((days % 7 + 11) % 7); }  // 0 = Sunday (1970-01-01 was a Thursday)

}  // namespace

const std::vector<std::string>& appointment_slots() {
  static const std::vector<std::string> slots = {"09:00-10:00", "10:00-11:00", "11:00-12:00",
                                                 "14:00-15:00", "15:00-16:00", "16:00-17:00"};
  return slots;
}

std::vector<int> next_working_days(int today_yyyymmdd, int count) {
  std::vector<int> out;
  for (long d = to_days(today_yyyymmdd) + 1; static_cast<int>(out.size()) < count; ++d) {
    const int wd = weekday(d);
    if (wd != 0 && wd != 6) out.push_back(civil_from_days(d));
  }
  return out;
}

std::string day_label(int yyyymmdd) {
  static const char* kWeek[] = {"日", "一", "二", "三", "四", "五", "六"};
  return std::to_string(yyyymmdd / 100 % 100) + "月" + std::to_string(yyyymmdd % 100) + "日 周" + kWeek[weekday(to_days(yyyymmdd))];
}

}  // namespace tb::app
