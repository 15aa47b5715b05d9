#include <boost/test/unit_test.hpp>

#include "app/kiosk_app.h"
#include "app/session.h"

using namespace tb::app;

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(idle_session_warns_then_ends_and_wipes) {
  Session s(SessionPolicy{60'000, 15'000});
  BOOST_TEST(int(s.phase(0)) == int(SessionPhase::Idle));
  s.activity(1'000);
  s.person().query = "张三";
  s.person().appoint.mobile = "13800138000";
  s.person().entry.path = "name";
  s.person().entry.text[0] = 'z';
  BOOST_TEST(int(s.phase(30'000)) == int(SessionPhase::Active));
  BOOST_TEST(s.ms_until_change(30'000) == 16'000);  // warning starts at 46 s
  BOOST_TEST(int(s.phase(46'000)) == int(SessionPhase::Warning));
  BOOST_TEST(s.seconds_left(46'000) == 15);
  BOOST_TEST(!s.tick(60'999));
  BOOST_TEST(!s.person().empty());
  BOOST_TEST(s.tick(61'000));
  BOOST_TEST(s.person().empty());
  BOOST_TEST(s.person().entry.text[0] == 0);
  BOOST_TEST(int(s.phase(61'000)) == int(SessionPhase::Idle));
  BOOST_TEST(s.ms_until_change(61'000) == -1);  // nothing to wake for: an idle kiosk sleeps
}

BOOST_AUTO_TEST_CASE(activity_extends_and_numbers_sessions) {
  Session s(SessionPolicy{10'000, 3'000});
  s.activity(0);
  BOOST_TEST(s.number() == 1u);
  s.activity(9'000);
  BOOST_TEST(int(s.phase(15'000)) == int(SessionPhase::Active));
  s.end();
  s.activity(20'000);
  BOOST_TEST(s.number() == 2u);
}

BOOST_AUTO_TEST_CASE(kiosk_navigation_and_reset_for_next_person) {
  KioskApp app(SessionPolicy{10'000, 3'000});
  BOOST_TEST(int(app.screen()) == int(Screen::Home));
  app.toggle_elderly(0);
  app.open(Entry::Guides, 100);
  BOOST_TEST(int(app.screen()) == int(Screen::Guides));
  app.person().query = "x";
  app.person().appoint.name = "王芳";
  app.back(200);
  BOOST_TEST(int(app.screen()) == int(Screen::Home));
  app.back(300);  // back at home stays home
  BOOST_TEST(int(app.screen()) == int(Screen::Home));
  app.open(Entry::Mine, 400);
  BOOST_TEST(app.elderly());
  // The person walks away: the session ends, their data is wiped, the next person starts fresh.
  BOOST_TEST(app.tick(10'400));
  BOOST_TEST(int(app.screen()) == int(Screen::Home));
  BOOST_TEST(!app.elderly());
  BOOST_TEST(app.person().empty());
  BOOST_TEST(app.notice(10'500) != "");
  BOOST_TEST(app.notice(20'000) == "");
}

BOOST_AUTO_TEST_CASE(village_kiosk_can_default_to_elderly_mode) {
  KioskApp app(SessionPolicy{10'000, 3'000});
  app.set_default_elderly(true);
  BOOST_TEST(app.elderly());
  app.toggle_elderly(0);
  BOOST_TEST(!app.elderly());
  app.end_session(1);
  BOOST_TEST(app.elderly());
}

BOOST_AUTO_TEST_SUITE_END()
