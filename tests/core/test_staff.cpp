// Staff assist (帮办): the staff credential (code/staff.h) is issued, verified, revoked and opened
// with its PIN; the desk (app/staff_desk.h) signs in, counts wrong PINs, locks out, asks consent,
// signs out when idle and reports it all as audit events; an assisted submission carries the staff
// member's signed record (seal/provenance.h), which the department checks and which nothing else
// passes for.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>

#include "app/staff_desk.h"
#include "code/codes.h"
#include "code/qr.h"
#include "code/revocation.h"
#include "code/staff.h"
#include "crypto/keys.h"
#include "crypto/sign.h"
#include "proto/envelope.pb.h"
#include "seal/envelope.h"
#include "seal/provenance.h"
#include "status_checks.h"
#include "test_entropy.h"

using namespace tb;

namespace {

constexpr std::int64_t kT0 = 1780000000;
constexpr std::int64_t kDay = 86400;
// The cheapest Argon2id libsodium allows: these tests are about the protocol, not the cost (the
// interactive cost is tried once, in its own case).
constexpr code::PinCost kFast{1, 8};

crypto::KeyPair make_key(crypto::KeyKind kind, const std::string& name, unsigned char fill) {
  crypto::Seed s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(fill + 7 * i);
  return crypto::keypair_from_seed(kind, name, s);
}

const crypto::KeyPair kIssuer = make_key(crypto::KeyKind::Sign, "code-issuer", 41);
const crypto::KeyPair kOther = make_key(crypto::KeyKind::Sign, "someone-else", 42);

code::IssuedStaff issue(const std::string& pin, std::uint64_t seed = 1, std::int64_t until = kT0 + 90 * kDay,
                        code::PinCost cost = kFast) {
  crypto::HandedEntropy entropy(test::random_bytes(seed, 4096));
  code::StaffIssue in;
  in.staff_id = "S001";
  in.name = "王小明";
  in.unit = "青禾市长安区政务服务中心";
  in.valid_from = kT0 - kDay;
  in.valid_until = until;
  auto issued = code::issue_staff_credential(in, pin, kIssuer, entropy, cost);
  BOOST_REQUIRE_MESSAGE(issued, issued.message());
  return std::move(*issued);
}

code::Verifier verifier() {
  code::Verifier v(code::VerifierOptions{code::Scope::Staff, {}, 90, 30, 1000});
  v.trust({crypto::public_half(kIssuer), {code::Kind::Staff, code::Kind::Printed}, 0, 0});
  return v;
}

bool has_event(const std::vector<app::AuditEvent>& events, const std::string& name) {
  return std::any_of(events.begin(), events.end(), [&](const app::AuditEvent& e) { return e.event == name; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(staff)

BOOST_AUTO_TEST_CASE(credential_is_issued_verified_and_opened_with_its_pin) {
  const auto issued = issue("246810");
  BOOST_TEST(issued.code.rfind("TBW1:", 0) == 0u);
  BOOST_TEST(issued.credential_id.size() == 16u);
  // A badge's QR code: with a 12-character unit name, 13-M (docs/CODES.md, size budget).
  const auto qr = code::qr_encode(issued.code, code::QrOptions{code::QrEcc::M, 1, 40, -1});
  BOOST_REQUIRE(qr);
  BOOST_TEST_MESSAGE("staff credential: " << issued.code.size() << " characters, QR version " << qr->version << "-M");
  BOOST_TEST(qr->version <= 13);
  auto v = verifier();
  const auto r = v.verify(issued.code, kT0);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST((r.kind == code::Kind::Staff));
  BOOST_TEST(r.staff.staff_id == "S001");
  BOOST_TEST(r.staff.name_masked == "王*明");  // masked by the issuer, whatever it was handed
  BOOST_TEST(r.staff.unit == "青禾市长安区政务服务中心");
  BOOST_TEST(r.credential_id == crypto::to_hex(issued.credential_id));
  BOOST_TEST((r.staff.public_key == issued.public_key.key));
  // The right PIN opens the key the credential names; a wrong one does not.
  auto key = code::unlock_staff_key(r.staff, "246810");
  BOOST_REQUIRE_MESSAGE(key, key.message());
  BOOST_TEST((key->public_key == issued.public_key.key));
  BOOST_TEST((code::unlock_staff_key(r.staff, "246811").reason() == code::StaffError::WrongPin));
  BOOST_TEST((code::unlock_staff_key(r.staff, "").reason() == code::StaffError::WrongPin));
  // The structure alone (a department reading an assistance record) says the same.
  auto parsed = code::parse_staff_code(issued.code);
  BOOST_REQUIRE(parsed);
  BOOST_TEST(parsed->staff_id == "S001");
  BOOST_TEST(!code::parse_staff_code("TBP1:ABC"));
}

// In the sm suite (an SM2 issuer) the clerk's own key is SM2 too, sealed under the PIN with SM4-GCM:
// the badge verifies, opens with its PIN only, and what the clerk signs verifies with SM2.
BOOST_AUTO_TEST_CASE(an_sm_issuer_gives_the_clerk_an_sm2_key) {
  const crypto::KeyPair issuer = make_key(crypto::KeyKind::Sm2Sign, "code-issuer-sm", 43);
  crypto::HandedEntropy entropy(test::random_bytes(7, 4096));
  code::StaffIssue in;
  in.staff_id = "S002";
  in.name = "李红";
  in.unit = "青禾市长安区政务服务中心";
  in.valid_from = kT0 - kDay;
  in.valid_until = kT0 + 90 * kDay;
  auto issued = code::issue_staff_credential(in, "864209", issuer, entropy, kFast);
  BOOST_REQUIRE_MESSAGE(issued, issued.message());
  BOOST_TEST(int(issued->public_key.kind) == int(crypto::KeyKind::Sm2Sign));
  BOOST_TEST(issued->public_key.key.size() == 65u);
  code::Verifier v(code::VerifierOptions{code::Scope::Staff, {}, 90, 30, 1000});
  v.trust({crypto::public_half(issuer), {code::Kind::Staff}, 0, 0});
  const auto r = v.verify(issued->code, kT0);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(r.staff.key.sealed.size() == 12u + 32u + 16u);  // SM4-GCM's nonce, the seed, the tag
  auto key = code::unlock_staff_key(r.staff, "864209");
  BOOST_REQUIRE_MESSAGE(key, key.message());
  BOOST_TEST(int(key->kind) == int(crypto::KeyKind::Sm2Sign));
  BOOST_TEST((code::unlock_staff_key(r.staff, "864208").reason() == code::StaffError::WrongPin));
  const std::string sig = crypto::sign_detached("tongban-test", "帮办", *key);
  BOOST_TEST(crypto::verify_detached("tongban-test", "帮办", sig, issued->public_key.key));
  BOOST_TEST(!crypto::verify_detached("tongban-test", "帮办!", sig, issued->public_key.key));
  // An Ed25519-sized staff key inside an sm code is refused when read (one suite per code).
  code::Staff wrong = r.staff;
  wrong.public_key.resize(32);
  BOOST_TEST(code::issue_staff(wrong, issuer).empty());
}

BOOST_AUTO_TEST_CASE(the_interactive_cost_is_what_the_cli_issues) {
  const auto issued = issue("13572468", 9, kT0 + kDay, code::PinCost{});
  auto r = verifier().verify(issued.code, kT0);
  BOOST_REQUIRE(r);
  BOOST_TEST(r.staff.key.opslimit == 2u);
  BOOST_TEST(r.staff.key.memlimit_kib == 64u * 1024);
  BOOST_TEST(bool(code::unlock_staff_key(r.staff, "13572468")));
}

BOOST_AUTO_TEST_CASE(weak_pins_are_refused_at_issue) {
  crypto::HandedEntropy entropy(test::random_bytes(3, 4096));
  code::StaffIssue in;
  in.staff_id = "S002";
  in.name = "李四";
  for (const char* pin : {"12345", "1234567890123", "12345a", "１２３４５６"}) {
    auto r = code::issue_staff_credential(in, pin, kIssuer, entropy, kFast);
    BOOST_TEST((r.reason() == code::StaffError::WeakPin), pin);
  }
  BOOST_TEST((code::issue_staff_credential(in, "123456", make_key(crypto::KeyKind::Seal, "x", 5), entropy, kFast).reason() ==
              code::StaffError::CannotSign));
}

BOOST_AUTO_TEST_CASE(refused_when_untrusted_altered_expired_or_revoked) {
  const auto issued = issue("246810");
  // Trusted for other kinds only; or not at all.
  code::Verifier printed_only;
  printed_only.trust({crypto::public_half(kIssuer), {code::Kind::Printed}, 0, 0});
  BOOST_TEST((printed_only.verify(issued.code, kT0).reason() == code::Refusal::UnknownIssuer));
  code::Verifier strangers;
  strangers.trust({crypto::public_half(kOther), {code::Kind::Staff}, 0, 0});
  BOOST_TEST((strangers.verify(issued.code, kT0).reason() == code::Refusal::UnknownIssuer));
  // Expired.
  const auto old = issue("246810", 2, kT0 - 2 * kDay);
  BOOST_TEST((verifier().verify(old.code, kT0).reason() == code::Refusal::Expired));
  // Revoked by its credential id, in a list signed by the staff issuer.
  auto v = verifier();
  std::array<unsigned char, 16> seed{};
  seed.fill(0x33);
  TB_REQUIRE_OK(v.set_revocation_list(code::sign_revocation_list(*code::revocation_build({issued.credential_id}, seed, 16), kT0, kIssuer),
                                      kT0));
  const auto revoked = v.verify(issued.code, kT0);
  BOOST_TEST((revoked.reason() == code::Refusal::Revoked));
  BOOST_TEST(std::string(code::reason_text(revoked.reason())) == "已注销");
  // A list signed by a key trusted for staff credentials only is accepted too.
  code::Verifier staff_only(code::VerifierOptions{code::Scope::Staff, {}, 90, 30, 1000});
  staff_only.trust({crypto::public_half(kIssuer), {code::Kind::Staff}, 0, 0});
  TB_CHECK_OK(staff_only.set_revocation_list(code::sign_revocation_list(*code::revocation_build({issued.credential_id}, seed, 16), kT0, kIssuer),
                                             kT0));
  // Any changed character is refused, and never opens a key.
  for (std::size_t i = 5; i < issued.code.size(); i += 7) {
    std::string t = issued.code;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    BOOST_TEST(!verifier().verify(t, kT0), i);
  }
}

BOOST_AUTO_TEST_CASE(desk_signs_in_with_the_pin_and_out_on_the_button) {
  const auto issued = issue("246810");
  auto v = verifier();
  app::StaffDesk desk(app::StaffDeskPolicy{true, 3, 60'000, 300'000});
  BOOST_TEST((desk.scanned("TBP1:NOTSTAFF", v, kT0, 0).reason() == app::DeskError::NotStaff));
  BOOST_TEST((desk.enter_pin("246810", 0).reason() == app::DeskError::NoSignIn));
  BOOST_REQUIRE(desk.scanned(issued.code + "\r\n", v, kT0, 1000));
  BOOST_TEST((desk.phase() == app::DeskPhase::NeedPin));
  BOOST_TEST(desk.sign("d", "x").empty());  // no key before the PIN
  BOOST_REQUIRE(desk.enter_pin("246810", 2000));
  BOOST_TEST((desk.phase() == app::DeskPhase::SignedIn));
  BOOST_TEST(desk.assisting());  // a station: no consent to ask
  BOOST_TEST(desk.credential() == issued.code);
  const std::string sig = desk.sign("tongban-test-v1", "hello");
  BOOST_TEST(crypto::verify_detached("tongban-test-v1", "hello", sig, issued.public_key.key));
  auto events = desk.take_events();
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].event == "sign-in");
  BOOST_TEST(events[0].fields[0].value == "S001");
  desk.sign_out("button", 3000);
  BOOST_TEST((desk.phase() == app::DeskPhase::SignedOut));
  BOOST_TEST(desk.sign("tongban-test-v1", "hello").empty());
  BOOST_TEST(desk.staff().staff_id.empty());
  BOOST_TEST(has_event(desk.take_events(), "sign-out"));
}

BOOST_AUTO_TEST_CASE(desk_locks_out_after_wrong_pins_longer_each_time) {
  const auto issued = issue("246810");
  auto v = verifier();
  app::StaffDesk desk(app::StaffDeskPolicy{true, 3, 60'000, 300'000});
  BOOST_REQUIRE(desk.scanned(issued.code, v, kT0, 0));
  auto wrong = desk.enter_pin("111111", 100);
  BOOST_TEST((wrong.reason() == app::DeskError::WrongPin));
  BOOST_TEST(wrong.detail() == "还可以再试 2 次");
  BOOST_TEST((desk.enter_pin("111112", 200).reason() == app::DeskError::WrongPin));
  auto locked = desk.enter_pin("111113", 300);
  BOOST_TEST((locked.reason() == app::DeskError::LockedOut));
  BOOST_TEST(locked.detail() == "请在 60 秒后再试");
  // Locked: even the right PIN is refused until the time is up, and the countdown is timed.
  BOOST_TEST((desk.enter_pin("246810", 30'300).reason() == app::DeskError::LockedOut));
  BOOST_TEST(desk.locked_ms_left(30'300) == 30'000);
  BOOST_TEST(desk.ms_until_change(30'300) == 700);
  BOOST_TEST((desk.scanned(issued.code, v, kT0, 30'400).reason() == app::DeskError::LockedOut));
  auto events = desk.take_events();
  BOOST_TEST(has_event(events, "pin-refused"));
  BOOST_TEST(has_event(events, "locked"));
  BOOST_TEST(has_event(events, "sign-in-locked"));
  // After it, three more wrong PINs lock for twice as long.
  BOOST_REQUIRE(desk.scanned(issued.code, v, kT0, 60'400));
  desk.enter_pin("111111", 60'500);
  desk.enter_pin("111111", 60'600);
  BOOST_TEST(desk.enter_pin("111111", 60'700).detail() == "请在 120 秒后再试");
  BOOST_REQUIRE(desk.scanned(issued.code, v, kT0, 181'000));
  BOOST_TEST(bool(desk.enter_pin("246810", 181'100)));  // and the right PIN then works
}

BOOST_AUTO_TEST_CASE(a_revoked_credential_never_asks_for_a_pin) {
  const auto issued = issue("246810");
  auto v = verifier();
  std::array<unsigned char, 16> seed{};
  TB_REQUIRE_OK(v.set_revocation_list(code::sign_revocation_list(*code::revocation_build({issued.credential_id}, seed, 16), kT0, kIssuer),
                                      kT0));
  app::StaffDesk desk;
  auto r = desk.scanned(issued.code, v, kT0, 0);
  BOOST_TEST((r.reason() == app::DeskError::Refused));
  BOOST_TEST(r.detail() == "已注销");
  BOOST_TEST((desk.phase() == app::DeskPhase::SignedOut));
  auto events = desk.take_events();
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].event == "staff-refused");
}

BOOST_AUTO_TEST_CASE(public_kiosk_asks_consent_and_stations_sign_out_when_idle) {
  const auto issued = issue("246810");
  auto v = verifier();
  app::StaffDesk kiosk;  // a public kiosk
  BOOST_REQUIRE(kiosk.scanned(issued.code, v, kT0, 0));
  BOOST_REQUIRE(kiosk.enter_pin("246810", 10));
  BOOST_TEST((kiosk.consent() == app::Consent::Asked));
  BOOST_TEST(!kiosk.assisting());
  kiosk.answer_consent(true, 20);
  BOOST_TEST(kiosk.assisting());
  BOOST_TEST(!kiosk.tick(10'000'000));  // a public kiosk's sign-in ends with the session, not here
  kiosk.sign_out("session-end", 30);
  BOOST_REQUIRE(kiosk.scanned(issued.code, v, kT0, 40));
  BOOST_REQUIRE(kiosk.enter_pin("246810", 50));
  kiosk.answer_consent(false, 60);  // declined: the clerk is signed out
  BOOST_TEST((kiosk.phase() == app::DeskPhase::SignedOut));
  auto events = kiosk.take_events();
  BOOST_TEST(has_event(events, "consent"));

  app::StaffDesk station(app::StaffDeskPolicy{true, 3, 60'000, 300'000});
  BOOST_REQUIRE(station.scanned(issued.code, v, kT0, 0));
  BOOST_REQUIRE(station.enter_pin("246810", 1000));
  station.activity(100'000);
  BOOST_TEST(station.ms_until_change(100'000) == 300'000);
  BOOST_TEST(!station.tick(399'999));
  BOOST_TEST(station.tick(400'000));
  BOOST_TEST((station.phase() == app::DeskPhase::SignedOut));
  events = station.take_events();
  BOOST_REQUIRE(!events.empty());
  BOOST_TEST(events.back().event == "sign-out");
  BOOST_TEST(events.back().fields[1].value == "idle");
}

BOOST_AUTO_TEST_CASE(assisted_submission_carries_the_staff_signature) {
  const auto issued = issue("246810");
  auto v = verifier();
  app::StaffDesk desk(app::StaffDeskPolicy{true, 3, 60'000, 300'000});
  BOOST_REQUIRE(desk.scanned(issued.code, v, kT0, 0));
  BOOST_REQUIRE(desk.enter_pin("246810", 0));
  const crypto::KeyPair device = make_key(crypto::KeyKind::Device, "kiosk", 50);
  const crypto::KeyPair renshe = make_key(crypto::KeyKind::Seal, "renshe", 51);
  const crypto::KeyPair gongan = make_key(crypto::KeyKind::Seal, "gongan", 52);
  seal::SealPlan plan;
  plan.form = "f";
  plan.item = "i";
  plan.created_at = kT0;
  proto::IdentityRecord ir;
  ir.set_source("id-card");
  ir.add_fields("name");
  plan.parts.push_back({"renshe", crypto::public_half(renshe), R"({"values":{"name":"张丽华"}})", {}, ir.SerializeAsString()});
  plan.parts.push_back({"gongan", crypto::public_half(gongan), R"({"values":{"x":1}})", {}, {}});
  plan.assist = seal::AssistPlan{desk.credential(), desk.staff().staff_id, "counter",
                                 [&desk](std::string_view d, std::string_view b) { return desk.sign(d, b); }};
  crypto::HandedEntropy entropy(test::random_bytes(77));
  auto env = seal::seal_envelope(plan, {{}, {}}, device, entropy);
  BOOST_REQUIRE_MESSAGE(env, env.describe());
  for (const auto* key : {&renshe, &gongan}) {
    auto part = seal::open_envelope(*env, *key, 1u << 30);
    BOOST_REQUIRE(part);
    BOOST_REQUIRE(part.assistance);
    auto a = seal::check_assistance(part);
    BOOST_REQUIRE_MESSAGE(a, a.message());
    BOOST_TEST(a->staff.staff_id == "S001");
    BOOST_TEST(a->staff.name_masked == "王*明");
    BOOST_TEST(a->consent == "counter");
    BOOST_TEST(bool(v.verify(a->credential, kT0)));  // and its issuer checks out
  }
  auto part = seal::open_envelope(*env, renshe, 1u << 30);
  proto::IdentityRecord back;
  BOOST_REQUIRE(back.ParseFromString(part.identity));
  BOOST_TEST(back.fields(0) == "name");

  // Nothing else passes for the record: other answers, another part's record, another signer.
  auto changed = part;
  changed.data_json = R"({"values":{"name":"李四"}})";
  BOOST_TEST((seal::check_assistance(changed).reason() == seal::AssistError::Mismatch));
  changed = part;
  changed.index = 1;
  BOOST_TEST((seal::check_assistance(changed).reason() == seal::AssistError::Mismatch));
  changed = part;
  changed.identity.clear();
  BOOST_TEST((seal::check_assistance(changed).reason() == seal::AssistError::Mismatch));
  changed = part;
  std::string sig = changed.assistance->signature();
  sig[3] ^= 1;
  changed.assistance->set_signature(sig);
  BOOST_TEST((seal::check_assistance(changed).reason() == seal::AssistError::BadSignature));
  changed = part;
  changed.assistance->set_staff_credential(issue("246810", 5).code);  // the same staff id, another key
  BOOST_TEST((seal::check_assistance(changed).reason() == seal::AssistError::Mismatch));
  // Signed out: the kiosk cannot seal an assisted submission any more.
  desk.sign_out("button", 1);
  crypto::HandedEntropy more(test::random_bytes(78));
  const auto unsigned_ = seal::seal_envelope(plan, {{}, {}}, device, more);
  BOOST_TEST(!unsigned_);
  BOOST_TEST(unsigned_.detail().find("did not sign") != std::string::npos);
  // An envelope without assistance has none.
  plan.assist.reset();
  crypto::HandedEntropy plain_entropy(test::random_bytes(79));
  auto plain = seal::seal_envelope(plan, {{}, {}}, device, plain_entropy);
  BOOST_REQUIRE(plain);
  BOOST_TEST(!seal::open_envelope(*plain, gongan, 1u << 30).assistance);
}

BOOST_AUTO_TEST_SUITE_END()
