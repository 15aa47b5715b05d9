#pragma once
// 预约 (an appointment request for an item that must be done in person): what days and times a
// person may ask for. Pure: today is handed in. The kiosk draws these; the phone shows the same
// slots (mobile-shell/js/submit.js); the department confirms the actual time.
#include <string>
#include <vector>

namespace tb::app {

// The hall's hour slots, morning and afternoon.
const std::vector<std::string>& appointment_slots();
// The next `count` working days (Monday to Friday) after today, as YYYYMMDD. Public holidays are
// not known here: the department moves a request that falls on one.
std::vector<int> next_working_days(int today_yyyymmdd, int count);
// "11月23日 周一"
std::string day_label(int yyyymmdd);

}  // namespace tb::app
