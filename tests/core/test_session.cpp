#include <boost/test/unit_test.hpp>

#include "app/kiosk_app.h"
#include "app/session.h"
#include "seal/submission.h"

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
  s.person().composing = "章三";  // an input method's composition, not yet committed
  BOOST_TEST(int(s.phase(30'000)) == int(SessionPhase::Active));
  BOOST_TEST(s.ms_until_change(30'000) == 16'000);  // warning starts at 46 s
  BOOST_TEST(int(s.phase(46'000)) == int(SessionPhase::Warning));
  BOOST_TEST(s.seconds_left(46'000) == 15);
  BOOST_TEST(!s.tick(60'999));
  BOOST_TEST(!s.person().empty());
  BOOST_TEST(s.tick(61'000));
  BOOST_TEST(s.person().empty());
  BOOST_TEST(s.person().entry.text[0] == 0);
  BOOST_TEST(s.person().composing.empty());
  BOOST_TEST(int(s.phase(61'000)) == int(SessionPhase::Idle));
  BOOST_TEST(s.ms_until_change(61'000) == -1);  // nothing to wake for: an idle kiosk sleeps
}

// An input method's composition is the person's like what they committed: it alone makes the
// person state non-empty, and the session's end wipes it.
BOOST_AUTO_TEST_CASE(an_ime_composition_lives_in_the_session) {
  Session s(SessionPolicy{60'000, 15'000});
  s.activity(0);
  BOOST_TEST(s.person().empty());
  s.person().composing = "张三";
  BOOST_TEST(!s.person().empty());
  s.end();
  BOOST_TEST(s.person().composing.empty());
  BOOST_TEST(s.person().empty());
}

// 拍照上传: a photo is kept with the form by its reference (one per field: a retake replaces it),
// 读给我听 stays on for the person; the session's end wipes both.
BOOST_AUTO_TEST_CASE(photos_and_read_aloud_live_in_the_session) {
  Session s(SessionPolicy{60'000, 15'000});
  s.activity(0);
  s.person().read_aloud = true;
  BOOST_TEST(!s.person().empty());
  s.person().apply = std::make_unique<ApplyState>();
  ApplyState& form = *s.person().apply;
  const std::string jpeg = "\xFF\xD8 a page \xFF\xD9", again = "\xFF\xD8 the page again \xFF\xD9";
  const std::string value = tb::seal::attachment_value(jpeg, "card:photo.jpg");
  const auto parsed = tb::seal::parse_attachment_value(value);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->name == "card_photo.jpg");  // ':' would end the name early
  BOOST_TEST(parsed->size == jpeg.size());
  BOOST_TEST(value.substr(4, 64) == "78f639f9350a2b8e7186aedaa771433e6f608396bdeaf659e92dba86d1b468a7");  // its SHA-256
  form.keep_photo(Photo{"card_photo", parsed->ref, jpeg});
  BOOST_REQUIRE(form.photo_bytes(parsed->ref) != nullptr);
  BOOST_TEST(*form.photo_bytes(parsed->ref) == jpeg);
  const auto retaken = tb::seal::parse_attachment_value(tb::seal::attachment_value(again, "card_photo.jpg"));
  BOOST_TEST(retaken->ref != parsed->ref);
  form.keep_photo(Photo{"card_photo", retaken->ref, again});
  BOOST_TEST(form.photos.size() == 1u);
  BOOST_TEST(form.photo_bytes(parsed->ref) == nullptr);
  BOOST_TEST(*form.photo_bytes(retaken->ref) == again);
  s.end();
  BOOST_TEST(s.person().empty());
  BOOST_TEST(!s.person().read_aloud);
  BOOST_TEST(!s.person().apply);
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
