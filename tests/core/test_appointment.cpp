// 预约 days and slots (core/app/appointment.h): working days after today across weekends, month and
// year ends and leap days; labels with the weekday.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "app/appointment.h"

using namespace tb::app;

BOOST_AUTO_TEST_SUITE(appointment)

BOOST_AUTO_TEST_CASE(working_days_skip_weekends_and_cross_month_and_year_ends) {
  BOOST_TEST(next_working_days(20261120, 3) == (std::vector<int>{20261123, 20261124, 20261125}));  // Friday → Mon..Wed
  BOOST_TEST(next_working_days(20261122, 1) == (std::vector<int>{20261123}));                      // Sunday → Monday
  BOOST_TEST(next_working_days(20261231, 2) == (std::vector<int>{20270101, 20270104}));            // over New Year's weekend
  BOOST_TEST(next_working_days(20280228, 2) == (std::vector<int>{20280229, 20280301}));            // a leap day
  BOOST_TEST(next_working_days(20000228, 2) == (std::vector<int>{20000229, 20000301}));            // 2000 was a leap year
  BOOST_TEST(next_working_days(20261120, 10).size() == 10u);
  BOOST_TEST(next_working_days(20261120, 10).back() == 20261204);
}

BOOST_AUTO_TEST_CASE(labels_and_slots) {
  BOOST_TEST(day_label(20261123) == "11月23日 周一");
  BOOST_TEST(day_label(20261122) == "11月22日 周日");
  BOOST_TEST(day_label(20280229) == "2月29日 周二");
  BOOST_TEST(appointment_slots().size() == 6u);
  BOOST_TEST(appointment_slots().front() == "09:00-10:00");
}

BOOST_AUTO_TEST_SUITE_END()
