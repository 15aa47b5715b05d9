#include "app/appointment.h"

#include "text/civil_date.h"

namespace tb::app {
namespace {

std::int64_t to_days(int yyyymmdd) { return text::days_from_civil(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100); }

int yyyymmdd_of(std::int64_t days) {
  const text::CivilDate c = text::civil_from_days(days);
  return static_cast<int>(c.year) * 10000 + c.month * 100 + c.day;
}

}  // namespace

const std::vector<std::string>& appointment_slots() {
  static const std::vector<std::string> slots = {"09:00-10:00", "10:00-11:00", "11:00-12:00",
                                                 "14:00-15:00", "15:00-16:00", "16:00-17:00"};
  return slots;
}

std::vector<int> next_working_days(int today_yyyymmdd, int count) {
  std::vector<int> out;
  for (std::int64_t d = to_days(today_yyyymmdd) + 1; static_cast<int>(out.size()) < count; ++d) {
    const int wd = text::weekday_of_days(d);
    if (wd != 0 && wd != 6) out.push_back(yyyymmdd_of(d));
  }
  return out;
}

std::string day_label(int yyyymmdd) {
  static const char* const kWeek[] = {"日", "一", "二", "三", "四", "五", "六"};
  return std::to_string(yyyymmdd / 100 % 100) + "月" + std::to_string(yyyymmdd % 100) + "日 周" + kWeek[text::weekday_of_days(to_days(yyyymmdd))];
}

}  // namespace tb::app
