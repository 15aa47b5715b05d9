// What a scanned code opens (core/app/scan.h), decided once for the kiosk and the phone, with real
// signed codes, the real sample catalogue and real hand-off encryption; and the kiosk acting on it
// (KioskApp::scanned) and forgetting all of it when the session ends.
#include <boost/test/unit_test.hpp>

#include <string>

#include "app/kiosk_app.h"
#include "app/scan.h"
#include "code/codes.h"
#include "proto/form.pb.h"
#include "proto/handoff.pb.h"
#include "sample_guides.h"
#include "test_entropy.h"

using namespace tb;
using app::ScanOutcome;

namespace {

constexpr std::int64_t kNow = 1780000000;

// What a resident reads has no Latin letters: no parser English, no "Base45", no key ids.
bool plain_chinese(const std::string& s) {
  for (const char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;
  return !s.empty();
}

crypto::KeyPair issuer_key() {
  crypto::Seed s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(40 + i);
  return crypto::keypair_from_seed(crypto::KeyKind::Sign, "code-issuer", s);
}

code::Verifier verifier_for(const crypto::KeyPair& issuer, code::Scope scope) {
  code::Verifier v(code::VerifierOptions{scope, {}, 90, 30, 1000});
  v.trust(code::TrustEntry{crypto::public_half(issuer),
                           {code::Kind::Dynamic, code::Kind::Printed, code::Kind::Venue, code::Kind::HousePlate, code::Kind::Service},
                           0, 0});
  return v;
}

std::string printed_code(const crypto::KeyPair& issuer) {
  code::Printed p;
  p.credential_id = std::string(16, '\x07');
  p.holder = {"王小明", "110105199001010020"};  // masked again by the issuer
  p.valid_until = kNow + 86400 * 365;
  return code::issue_printed(p, issuer);
}

// A phone's hand-off of the 身份证补领 form with one answer, split into at least two parts.
std::vector<std::string> handoff_parts(const std::string& marker) {
  proto::HandOffPayload p;
  p.set_version(1);
  p.set_created_at(kNow);
  p.set_item("sfz-buling");
  proto::FormDraft* d = p.mutable_draft();
  d->set_form("sfz-buling-form");
  d->set_form_version(1);
  auto* reason = d->add_values();
  reason->set_path("reason");
  reason->set_text("lost");
  auto* place = d->add_values();
  place->set_path("lost_place");
  place->set_text(marker);
  crypto::HandedEntropy e{test::random_bytes(7)};
  return code::handoff_encode(p.SerializeAsString(), e, 150);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scan)

BOOST_AUTO_TEST_CASE(service_codes_open_their_item_or_form_and_plates_list_the_services_this_catalogue_has) {
  const auto key = issuer_key();
  auto verifier = verifier_for(key, code::Scope::Venue);
  const auto& guides = testing::sample_guides();
  code::HandOffAssembler h;
  const app::ScanChannel kiosk{true, false};

  auto v = app::decide_scan(code::issue_service({"sfz-buling", false}, key), kNow, kiosk, &verifier, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("open-item"));
  BOOST_TEST(v.item == "sfz-buling");
  BOOST_TEST(v.opens());
  v = app::decide_scan(code::issue_service({"shebaoka-shenling", true}, key), kNow, kiosk, &verifier, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("open-form"));
  v = app::decide_scan(code::issue_service({"no-such-item", false}, key), kNow, kiosk, &verifier, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("message"));
  BOOST_TEST(v.headline == "本机的办事指南中没有这个事项");

  code::HousePlate plate{"p1", "青禾市长安区文化路88号", "110105", {"hukou-qianru", "no-such-item", "bdc-chaxun"}};
  v = app::decide_scan(code::issue_house_plate(plate, key), kNow, kiosk, &verifier, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("house-plate"));
  BOOST_TEST(v.headline == "门牌：青禾市长安区文化路88号");
  BOOST_REQUIRE(v.services.size() == 2u);  // the unknown item is left out, the others named
  BOOST_TEST(v.services[0].id == "hukou-qianru");
  BOOST_TEST(v.services[0].name == guides.item("hukou-qianru")->name());
  BOOST_TEST(!v.opens());
}

BOOST_AUTO_TEST_CASE(personal_codes_show_the_masked_name_and_only_staff_see_the_masked_id) {
  const auto key = issuer_key();
  auto venue = verifier_for(key, code::Scope::Venue);
  auto staff = verifier_for(key, code::Scope::Staff);
  code::HandOffAssembler h;
  const std::string text = printed_code(key);
  auto v = app::decide_scan(text, kNow, {true, false}, &venue, nullptr, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("person"));
  BOOST_TEST(v.headline == "随身码核验通过");
  BOOST_TEST(v.name_masked == "王*明");
  BOOST_TEST(v.id_masked.empty());
  v = app::decide_scan(text, kNow, {true, true}, &staff, nullptr, h);
  BOOST_TEST(v.id_masked == "110105********0020");
}

BOOST_AUTO_TEST_CASE(refusals_say_why_in_plain_chinese) {
  const auto key = issuer_key();
  auto verifier = verifier_for(key, code::Scope::Venue);
  code::HandOffAssembler h;
  auto v = app::decide_scan("not a code", kNow, {true, false}, &verifier, nullptr, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("refused"));
  BOOST_TEST(v.headline == "核验未通过：不是有效的码");
  BOOST_TEST(v.kind.empty());
  // A code with our prefix whose Base45 is broken (a misread): the parser's English is the
  // technical line of a staff station only; residents and villagers read what to do.
  const std::string misread = "TBP1:+UW" + std::string(40, 'A');
  for (const bool staff : {false, true}) {
    v = app::decide_scan(misread, kNow, {true, staff}, &verifier, nullptr, h);
    BOOST_TEST(v.headline == "核验未通过：不是有效的码");
    BOOST_TEST(plain_chinese(v.detail), v.detail);
    BOOST_TEST(v.detail.find("再扫一次") != std::string::npos);
    BOOST_TEST(v.technical.empty() == !staff);
    if (staff) BOOST_TEST(v.technical.find("Base45") != std::string::npos, v.technical);
  }
  code::Printed expired;
  expired.credential_id = std::string(16, '\x08');
  expired.holder = {"李四", "110105199001010021"};
  expired.valid_until = kNow - 86400;
  v = app::decide_scan(code::issue_printed(expired, key), kNow, {true, false}, &verifier, nullptr, h);
  BOOST_TEST(v.headline == "核验未通过：已过期");
  BOOST_TEST(v.kind == "printed");
  BOOST_TEST(plain_chinese(v.detail), v.detail);
  BOOST_TEST(v.technical.empty());
  v = app::decide_scan(printed_code(issuer_key()), kNow, {true, false}, nullptr, nullptr, h);
  BOOST_TEST(v.headline == "本机未配置扫码核验");
}

BOOST_AUTO_TEST_CASE(a_code_typed_into_the_search_box_is_found_by_its_prefix) {
  constexpr auto none = std::string_view::npos;
  BOOST_TEST(app::code_start("sfzTBP1:ABC") == 3u);
  BOOST_TEST(app::code_start("TBG1:sfz-buling") == 0u);  // a checklist code
  BOOST_TEST(app::code_start("TBTBX1:00") == 2u);         // the first prefix, not the first "TB"
  BOOST_TEST(app::code_start("shenfenzheng") == none);
  BOOST_TEST(app::code_start("TBZ1:") == none);           // not one of ours
  BOOST_TEST(app::code_start("TBP1") == none);            // no colon: not a prefix
  BOOST_TEST(app::code_start("") == none);
}

BOOST_AUTO_TEST_CASE(checklist_codes_open_the_same_checklist) {
  const auto& guides = testing::sample_guides();
  code::HandOffAssembler h;
  auto v = app::decide_scan("TBG1:sfz-buling:yes.no", kNow, {true, false}, nullptr, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("open-checklist"));
  BOOST_TEST(v.item == "sfz-buling");
  BOOST_TEST((v.answers == std::vector<std::string>{"yes", "no"}));
  v = app::decide_scan("TBG1:no-such-item:yes", kNow, {true, false}, nullptr, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("message"));
}

BOOST_AUTO_TEST_CASE(handoffs_are_collected_in_any_order_and_refused_on_a_phone) {
  const auto& guides = testing::sample_guides();
  const auto parts = handoff_parts("门牌号码九十九号");
  BOOST_REQUIRE(parts.size() >= 2u);
  code::HandOffAssembler h;
  // The phone makes hand-offs; it does not take them.
  auto v = app::decide_scan(parts[0], kNow, {false, false}, nullptr, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("refused"));
  BOOST_TEST(h.have() == 0u);
  for (std::size_t i = parts.size(); i-- > 1;) {
    v = app::decide_scan(parts[i], kNow, {true, false}, nullptr, &guides, h);
    BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("message"));
    BOOST_TEST(v.headline.find("请继续扫描") != std::string::npos);
  }
  v = app::decide_scan(parts[0] + "\n", kNow, {true, false}, nullptr, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("open-handoff"));
  BOOST_TEST(v.item == "sfz-buling");
  proto::FormDraft draft;
  BOOST_REQUIRE(draft.ParseFromString(v.draft));
  BOOST_TEST(draft.values(1).text() == "门牌号码九十九号");
  BOOST_TEST(h.have() == 0u);  // the transfer is done: the assembler starts over
  // A damaged part is refused with the reason, and nothing is opened.
  std::string bad = parts[1];
  bad[bad.size() / 2] = bad[bad.size() / 2] == 'A' ? 'B' : 'A';
  v = app::decide_scan(bad, kNow, {true, false}, nullptr, &guides, h);
  BOOST_TEST(!v.opens());
  // A part of no hand-off at all: refused in plain words.
  v = app::decide_scan("TBX1:+UW" + std::string(40, 'A'), kNow, {true, false}, nullptr, &guides, h);
  BOOST_TEST(app::scan_outcome_key(v.outcome) == std::string("refused"));
  BOOST_TEST(plain_chinese(v.detail), v.detail);
  BOOST_TEST(v.technical.empty());
}

BOOST_AUTO_TEST_CASE(the_kiosk_opens_what_a_scan_opens_and_forgets_it_with_the_session) {
  const auto key = issuer_key();
  auto verifier = verifier_for(key, code::Scope::Staff);
  const auto& guides = testing::sample_guides();
  app::KioskApp kiosk(app::SessionPolicy{60'000, 10'000});
  const app::ScanChannel staff{true, true};
  kiosk.scanned(code::issue_service({"sfz-buling", false}, key), 1000, kNow, 20260529, staff, &verifier, &guides);
  BOOST_TEST(app::screen_key(kiosk.screen()) == std::string("guide-item"));
  BOOST_TEST(kiosk.route().arg == "sfz-buling");
  kiosk.scanned(printed_code(key), 2000, kNow, 20260529, staff, &verifier, &guides);
  BOOST_TEST(app::screen_key(kiosk.screen()) == std::string("scan"));
  BOOST_TEST(kiosk.person().scan.view.id_masked == "110105********0020");

  // A hand-off: half of it scanned, then the person walks away.
  const auto parts = handoff_parts("门牌号码九十九号");
  kiosk.scanned(parts[1], 3000, kNow, 20260529, staff, &verifier, &guides);
  BOOST_TEST(kiosk.person().scan.handoff.have() == 1u);
  BOOST_TEST(!kiosk.person().empty());
  kiosk.end_session(4000);
  BOOST_TEST(kiosk.person().empty());
  BOOST_TEST(kiosk.person().scan.handoff.have() == 0u);
  BOOST_TEST(app::screen_key(kiosk.screen()) == std::string("home"));

  // Whole, the hand-off opens the form with the phone's answer in it.
  for (const auto& p : parts) kiosk.scanned(p, 5000, kNow, 20260529, staff, &verifier, &guides);
  BOOST_TEST(app::screen_key(kiosk.screen()) == std::string("apply-form"), kiosk.person().scan.view.headline << " / " << kiosk.person().scan.view.detail);
  BOOST_REQUIRE(kiosk.form());
  bool found = false;
  for (const auto& v : kiosk.form()->session->answers()) found |= v.text() == "门牌号码九十九号";
  BOOST_TEST(found);
  kiosk.end_session(6000);
  BOOST_TEST(!kiosk.form());
  BOOST_TEST(kiosk.person().empty());
}

BOOST_AUTO_TEST_SUITE_END()
