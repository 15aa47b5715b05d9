// 一码通城 (core/code/codes.h): every kind round-trips; every refusal reason is reached on purpose;
// dynamic codes rotate, expire as screenshots and refuse replays; revocation with a real filter;
// trust-list rotation; the size budget measured with the real QR encoder (and read back with ZXing);
// a deterministic corpus of mutated codes never crashes and never verifies; hand-offs.
#include <boost/test/unit_test.hpp>

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "code/base45.h"
#include "code/codes.h"
#include "code/qr.h"
#include "code/revocation.h"
#include "crypto/keys.h"
#include "crypto/sm.h"
#include "proto/code.pb.h"
#include "text/mask.h"
#include "qr_readback.h"
#include "test_entropy.h"
#include "status_checks.h"

using namespace tb;
using namespace tb::code;

namespace {

constexpr std::int64_t kT0 = 1780000000;  // 2026-05-29 04:26:40 +08:00
constexpr std::int64_t kDay = 86400;

crypto::KeyPair make_key(crypto::KeyKind kind, const std::string& name, unsigned char fill) {
  crypto::Seed s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(fill + 13 * i);
  return crypto::keypair_from_seed(kind, name, s);
}

// Every key in one suite: Ed25519, or with `sm` the 国密 suite's SM2 keys.
struct Keys {
  explicit Keys(bool sm = false)
      : issuer(make_key(sign_kind(sm), "code-issuer", 1)),
        other(make_key(sign_kind(sm), "someone-else", 2)),
        device(make_key(sm ? crypto::KeyKind::Sm2Device : crypto::KeyKind::Device, "phone", 3)),
        device2(make_key(sm ? crypto::KeyKind::Sm2Device : crypto::KeyKind::Device, "phone-2", 4)),
        root(make_key(sign_kind(sm), "city-root", 5)) {}
  static crypto::KeyKind sign_kind(bool sm) { return sm ? crypto::KeyKind::Sm2Sign : crypto::KeyKind::Sign; }
  crypto::KeyPair issuer, other, device, device2, root;
};

const std::vector<Kind> kAllKinds = {Kind::Dynamic, Kind::Printed, Kind::Venue, Kind::HousePlate, Kind::Service};

TrustEntry entry(const crypto::KeyPair& k, std::vector<Kind> kinds = kAllKinds, std::int64_t from = 0, std::int64_t until = 0) {
  return TrustEntry{crypto::public_half(k), std::move(kinds), from, until};
}

std::string id16(unsigned char tag) {
  std::string id(16, '\0');
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<char>(tag * 31 + i);
  return id;
}

Credential credential_for(const crypto::KeyPair& device, const std::string& name = "张小三",
                          const std::string& id = "11010519900101002X") {
  Credential c;
  c.holder = {text::mask_name(name), text::mask_resident_id(id)};
  c.device_public_key = device.public_key;
  c.valid_from = kT0 - kDay;
  c.valid_until = kT0 + 365 * kDay;
  return c;
}

Printed printed_for(const std::string& name = "李四", const std::string& id = "110105199001010021") {
  Printed p;
  p.credential_id = id16(7);
  p.holder = {text::mask_name(name), text::mask_resident_id(id)};
  p.valid_from = kT0 - kDay;
  p.valid_until = kT0 + 3 * 365 * kDay;
  return p;
}

const Venue kVenue{"V-110105-000123", "青禾市长安区政务服务中心", "110105", kT0 + 365 * kDay};
const HousePlate kPlate{"HP-110105-0042-0088", "青禾市长安区兴工街道文化路88号", "110105",
                        {"hukou.move-in", "property.registration", "water.account"}};
const Service kService{"social-security.card-loss", true};

std::string dynamic_at(const Keys& k, std::int64_t now, const Credential& c) {
  const std::string cred = issue_credential(c, k.issuer);
  const auto text = dynamic_code(cred, c.device_public_key == k.device2.public_key ? k.device2 : k.device, now, 30);
  TB_REQUIRE_OK(text);
  return *text;
}

Verifier verifier_for(const Keys& k, Scope scope = Scope::Staff) {
  VerifierOptions o;
  o.scope = scope;
  Verifier v(o);
  v.trust(entry(k.issuer));
  return v;
}

// Decode the text after the prefix, change the bytes, encode again (Base45 stays valid).
std::string rewrite(const std::string& text, const std::function<void(std::string&)>& change) {
  auto b = base45_decode(text.substr(5));
  BOOST_REQUIRE(b.has_value());
  change(*b);
  return text.substr(0, 5) + base45_encode(*b);
}

void expect(Verifier& v, const std::string& text, std::int64_t now, Refusal want, const std::string& detail_has = "") {
  const Verification r = v.verify(text, now);
  BOOST_CHECK_MESSAGE(r.reason() == want, "want '" << reason_key(want) << "', got '" << r.describe() << "'");
  if (!detail_has.empty())
    BOOST_CHECK_MESSAGE(r.detail().find(detail_has) != std::string::npos, "detail '" << r.detail() << "' lacks '" << detail_has << "'");
}

// The QR symbol read back with ZXing's full detector (4-module quiet zone, 4 px per module).
std::string zxing_read(const QrMatrix& m) {
  const auto r = tb::test::read_back(m);
  return r.isValid() ? r.text() : "<unreadable>";
}

int qr_version(const std::string& text) {
  const auto q = qr_encode(text, QrOptions{QrEcc::M, 1, 40, -1});
  return q ? q->version : 99;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codes)

BOOST_AUTO_TEST_CASE(kinds_prefixes_and_names) {
  BOOST_CHECK_EQUAL(kind_prefix(Kind::Dynamic), "TBD1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::Printed), "TBP1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::Venue), "TBV1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::HousePlate), "TBH1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::Service), "TBS1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::HandOff), "TBX1:");
  BOOST_CHECK_EQUAL(kind_prefix(Kind::Receipt), "TBR1:");
  BOOST_CHECK_EQUAL(kind_name(Kind::HousePlate), "house-plate");
  BOOST_CHECK(kind_of("TBV1:ABC") == Kind::Venue);
  BOOST_CHECK(kind_of("TBR1:") == Kind::Receipt);
  BOOST_CHECK(!kind_of("tbv1:ABC"));
  BOOST_CHECK(!kind_of("TBV2:ABC"));
  BOOST_CHECK(!kind_of("TBV1"));
  for (int r = 0; r <= static_cast<int>(Refusal::Replayed); ++r) {
    BOOST_CHECK(std::strlen(reason_key(static_cast<Refusal>(r))) > 0);
    if (r > 0) BOOST_CHECK(std::strlen(reason_text(static_cast<Refusal>(r))) > 0);
  }
  BOOST_CHECK_EQUAL(seconds_left(kT0, 30), 30 - static_cast<int>(kT0 % 30));
  BOOST_CHECK_EQUAL(seconds_left(60, 30), 30);
  BOOST_CHECK_EQUAL(seconds_left(89, 30), 1);
}

BOOST_AUTO_TEST_CASE(round_trip_every_kind) {
  Keys k;
  Verifier v = verifier_for(k);

  const std::string dyn = dynamic_at(k, kT0, credential_for(k.device));
  BOOST_CHECK(kind_of(dyn) == Kind::Dynamic);
  auto r = v.verify(dyn, kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK(r.kind == Kind::Dynamic);
  BOOST_CHECK_EQUAL(r.issuer_key_id, k.issuer.id.hex());
  BOOST_CHECK_EQUAL(r.name_masked, "张*三");
  BOOST_CHECK_EQUAL(r.id_masked, "110105********002X");
  BOOST_CHECK_EQUAL(r.credential_id, crypto::to_hex(reinterpret_cast<const unsigned char*>(credential_id_for_device(k.device.public_key).data()), 16));
  BOOST_CHECK_EQUAL(r.valid_until, kT0 + 365 * kDay + 3600 - (kT0 + 365 * kDay) % 3600);  // rounded up to the hour

  const Printed p = printed_for();
  const std::string printed = issue_printed(p, k.issuer);
  r = v.verify(printed, kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK(r.kind == Kind::Printed);
  BOOST_CHECK_EQUAL(r.name_masked, "李*");
  BOOST_CHECK_EQUAL(r.id_masked, "110105********0021");
  BOOST_CHECK_EQUAL(r.credential_id, crypto::to_hex(reinterpret_cast<const unsigned char*>(p.credential_id.data()), 16));

  r = v.verify(issue_venue(kVenue, k.issuer), kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK(r.kind == Kind::Venue);
  BOOST_CHECK_EQUAL(r.venue.venue_id, kVenue.venue_id);
  BOOST_CHECK_EQUAL(r.venue.name, kVenue.name);
  BOOST_CHECK_EQUAL(r.venue.division, kVenue.division);
  BOOST_CHECK(r.name_masked.empty() && r.id_masked.empty() && r.credential_id.empty());

  r = v.verify(issue_house_plate(kPlate, k.issuer), kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK(r.kind == Kind::HousePlate);
  BOOST_CHECK_EQUAL(r.plate.plate_id, kPlate.plate_id);
  BOOST_CHECK_EQUAL(r.plate.address, kPlate.address);
  BOOST_CHECK(r.plate.items == kPlate.items);
  BOOST_CHECK_EQUAL(r.valid_until, 0);

  r = v.verify(issue_service(kService, k.issuer), kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK(r.kind == Kind::Service);
  BOOST_CHECK_EQUAL(r.service.item, kService.item);
  BOOST_CHECK(r.service.form);
  r = v.verify(issue_service({"hukou.move-in", false}, k.issuer), kT0);
  BOOST_CHECK(r && !r.service.form);

  // A scanner's Enter at the end is not part of the code.
  BOOST_CHECK(v.verify(printed + "\r\n", kT0));
}

BOOST_AUTO_TEST_CASE(credential_parse_ids_and_masking) {
  Keys k;
  // Unmasked input is masked before it goes in.
  Credential c = credential_for(k.device);
  c.holder = {"欧阳娜华", "110105199001010037"};
  const std::string cred = issue_credential(c, k.issuer);
  auto parsed = parse_credential(cred);
  TB_REQUIRE_OK(parsed);
  BOOST_CHECK_EQUAL(parsed->holder.name_masked, "欧**华");
  BOOST_CHECK_EQUAL(parsed->holder.id_masked, "110105********0037");
  BOOST_CHECK(parsed->device_public_key == k.device.public_key);
  BOOST_CHECK_EQUAL(parsed->credential_id, credential_id_for_device(k.device.public_key));
  BOOST_CHECK_EQUAL(parsed->valid_from, (kT0 - kDay) / 3600 * 3600);

  // An ID of another shape travels as its masked string.
  c.holder = {"John Smith", "E12345678901"};
  parsed = parse_credential(issue_credential(c, k.issuer));
  BOOST_REQUIRE(parsed);
  BOOST_CHECK_EQUAL(parsed->holder.name_masked, "J********h");
  BOOST_CHECK_EQUAL(parsed->holder.id_masked, "E12345**8901");
  // No ID at all.
  c.holder = {"王五", ""};
  parsed = parse_credential(issue_credential(c, k.issuer));
  BOOST_REQUIRE(parsed);
  BOOST_CHECK_EQUAL(parsed->holder.id_masked, "");

  // An issuer-chosen credential id is carried (18 bytes more) and named by verify.
  c = credential_for(k.device);
  c.credential_id = id16(9);
  const std::string explicit_cred = issue_credential(c, k.issuer);
  BOOST_CHECK_EQUAL(explicit_cred.size(), issue_credential(credential_for(k.device), k.issuer).size() + 18);
  parsed = parse_credential(explicit_cred);
  BOOST_REQUIRE(parsed);
  BOOST_CHECK_EQUAL(parsed->credential_id, id16(9));
  Verifier v = verifier_for(k);
  auto text = dynamic_code(explicit_cred, k.device, kT0, 30);
  TB_REQUIRE_OK(text);
  const auto r = v.verify(*text, kT0);
  TB_REQUIRE_OK(r);
  BOOST_CHECK_EQUAL(r.credential_id, crypto::to_hex(reinterpret_cast<const unsigned char*>(id16(9).data()), 16));

  // Issuing refuses what it cannot sign; dynamic_code refuses what it cannot make.
  BOOST_CHECK(issue_printed(printed_for(), make_key(crypto::KeyKind::Seal, "dept", 9)).empty());
  Printed no_id = printed_for();
  no_id.credential_id.clear();
  BOOST_CHECK(issue_printed(no_id, k.issuer).empty());
  Credential bad_device = credential_for(k.device);
  bad_device.device_public_key.resize(31);
  BOOST_CHECK(issue_credential(bad_device, k.issuer).empty());
  tb::test::check_fails_with(dynamic_code(cred, k.device2, kT0, 30), "not the one this credential binds");
  BOOST_CHECK(!dynamic_code(cred.substr(0, cred.size() - 1), k.device, kT0, 30));
  BOOST_CHECK(!dynamic_code(cred, k.device, kT0, 0));
  BOOST_CHECK(!dynamic_code(cred, k.device, -5, 30));
  BOOST_CHECK(!dynamic_code(issue_printed(printed_for(), k.issuer), k.device, kT0, 30));
  BOOST_CHECK(!parse_credential(std::string(3000, 'x')));
}

BOOST_AUTO_TEST_CASE(scopes_mask_what_is_shown) {
  Keys k;
  const std::string printed = issue_printed(printed_for("张小三", "11010519900101002X"), k.issuer);
  Verifier gate = verifier_for(k, Scope::Gate), venue = verifier_for(k, Scope::Venue), staff = verifier_for(k, Scope::Staff);
  auto r = gate.verify(printed, kT0);
  BOOST_CHECK(r && r.name_masked.empty() && r.id_masked.empty());
  BOOST_CHECK(r.kind == Kind::Printed);
  r = venue.verify(printed, kT0);
  BOOST_CHECK(r && r.name_masked == "张*三" && r.id_masked.empty());
  r = staff.verify(printed, kT0);
  BOOST_CHECK(r && r.name_masked == "张*三" && r.id_masked == "110105********002X");
  // Dynamic codes alike (each verifier its own replay memory).
  const std::string dyn = dynamic_at(k, kT0, credential_for(k.device));
  r = gate.verify(dyn, kT0);
  BOOST_CHECK(r && r.name_masked.empty() && r.id_masked.empty());
  r = venue.verify(dyn, kT0);
  BOOST_CHECK(r && r.name_masked == "张*三" && r.id_masked.empty());
  // A refused code shows nothing about the person either.
  Verifier staff2 = verifier_for(k, Scope::Staff);
  r = staff2.verify(dyn, kT0 + 3600);
  BOOST_CHECK(!r && r.name_masked.empty() && r.id_masked.empty());
}

BOOST_AUTO_TEST_CASE(every_refusal_reason) {
  Keys k;
  Verifier v = verifier_for(k);
  const std::string printed = issue_printed(printed_for(), k.issuer);
  const std::string venue = issue_venue(kVenue, k.issuer);

  // Malformed.
  expect(v, "", kT0, Refusal::Malformed, "prefix");
  expect(v, "hello", kT0, Refusal::Malformed, "prefix");
  expect(v, "XYZ1:" + printed.substr(5), kT0, Refusal::Malformed, "prefix");
  expect(v, "TBP1:abc", kT0, Refusal::Malformed, "Base45");
  expect(v, printed.substr(0, printed.size() - 3), kT0, Refusal::Malformed, "frame size");
  expect(v, printed + std::string(2000, '0'), kT0, Refusal::Malformed, "oversized");
  expect(v, "TBV1:" + printed.substr(5), kT0, Refusal::Malformed, "printed code behind a TBV1: prefix");
  expect(v, rewrite(printed, [](std::string& b) { b[0] = static_cast<char>(0x32); }), kT0, Refusal::Malformed, "frame version 3");
  expect(v, "TBP1:", kT0, Refusal::Malformed, "truncated");
  // A body that does not parse, signed for real: still Malformed (structure before trust).
  {
    std::string f;
    f.push_back(static_cast<char>(0x12));
    f.append(reinterpret_cast<const char*>(k.issuer.id.bytes.data()), 8);
    f.push_back(3);
    f += std::string("\x0a\x05\x01", 3);  // field 1 claims 5 bytes, 1 follows
    f += std::string(64, '\0');
    expect(v, "TBP1:" + base45_encode(f), kT0, Refusal::Malformed, "does not parse");
  }
  // A body in another encoding than the issuer's writer makes (docs/FORMATS.md, "Canonical
  // encoding"): a genuine body written twice reads the same to protobuf, and is refused before trust.
  {
    proto::PrintedBody body;
    body.set_credential_id(std::string(16, 'c'));
    body.set_name_masked("张*三");
    const std::string twice = body.SerializeAsString() + body.SerializeAsString();
    std::string f;
    f.push_back(static_cast<char>(0x12));
    f.append(reinterpret_cast<const char*>(k.issuer.id.bytes.data()), 8);
    f.push_back(static_cast<char>(twice.size()));
    f += twice;
    f += std::string(64, '\0');
    expect(v, "TBP1:" + base45_encode(f), kT0, Refusal::Malformed, "tb.proto.PrintedBody field 1 (credential_id) after field 3");
  }

  // WrongKind.
  {
    VerifierOptions o;
    o.accept = {Kind::Venue};
    Verifier venue_only(o);
    venue_only.trust(entry(k.issuer));
    expect(venue_only, printed, kT0, Refusal::WrongKind, "printed");
    BOOST_CHECK(venue_only.verify(venue, kT0));
    expect(v, "TBX1:" + base45_encode("whatever"), kT0, Refusal::WrongKind, "hand-off");
    expect(v, "TBR1:" + base45_encode("whatever"), kT0, Refusal::WrongKind, "receipt");
  }

  // UnknownIssuer: an unknown key; a key trusted for other kinds; a key outside its validity.
  expect(v, issue_printed(printed_for(), k.other), kT0, Refusal::UnknownIssuer, "not in the trust list");
  {
    Verifier venues(VerifierOptions{});
    venues.trust(entry(k.issuer, {Kind::Venue}));
    expect(venues, printed, kT0, Refusal::UnknownIssuer, "not trusted for printed codes");
    Verifier later(VerifierOptions{});
    later.trust(entry(k.issuer, kAllKinds, kT0 + 3600, 0));
    expect(later, printed, kT0, Refusal::UnknownIssuer, "not trusted at this time");
  }

  // BadSignature: the issuer's (a changed body, a changed signature), the device's.
  expect(v, rewrite(printed, [](std::string& b) { b[b.size() - 1] ^= 0x01; }), kT0, Refusal::BadSignature, "issuer");
  {
    const std::string changed = rewrite(printed, [](std::string& b) {
      const auto at = b.find("\xe6\x9d\x8e");  // 李 → 杏 (U+674E → U+674F): still valid UTF-8
      BOOST_REQUIRE(at != std::string::npos);
      b[at + 2] = static_cast<char>(0x8f);
    });
    expect(v, changed, kT0, Refusal::BadSignature, "issuer");
  }
  const std::string dyn = dynamic_at(k, kT0, credential_for(k.device));
  expect(v, rewrite(dyn, [](std::string& b) { b[b.size() - 10] ^= 0x40; }), kT0, Refusal::BadSignature, "device");
  expect(v, rewrite(dyn, [](std::string& b) { b[b.size() - 66] ^= 0x01; }), kT0, Refusal::BadSignature, "device");  // the window
  // Another phone's signature on this credential's window.
  {
    std::string b = *base45_decode(dyn.substr(5));
    std::string other = *base45_decode(dynamic_at(k, kT0, credential_for(k.device2)).substr(5));
    std::copy(other.end() - 64, other.end(), b.end() - 64);
    expect(v, "TBD1:" + base45_encode(b), kT0, Refusal::BadSignature, "device");
  }

  // NotYetValid and Expired (with the skew of 90 s on either side).
  Printed p = printed_for();
  p.valid_from = kT0 + 2 * 3600;
  expect(v, issue_printed(p, k.issuer), kT0, Refusal::NotYetValid, "valid from");
  p = printed_for();
  p.valid_until = kT0 - 2 * 3600;
  expect(v, issue_printed(p, k.issuer), kT0, Refusal::Expired, "expired");
  p.valid_until = kT0 - kT0 % 3600;  // on the hour: exact
  BOOST_CHECK(v.verify(issue_printed(p, k.issuer), p.valid_until + 90));
  expect(v, issue_printed(p, k.issuer), p.valid_until + 91, Refusal::Expired);
  Venue old_venue = kVenue;
  old_venue.valid_until = kT0 - kDay;
  expect(v, issue_venue(old_venue, k.issuer), kT0, Refusal::Expired);
  Credential c = credential_for(k.device);
  c.valid_until = kT0 - kDay;
  expect(v, dynamic_at(k, kT0, c), kT0, Refusal::Expired, "expired");
  expect(v, dynamic_at(k, kT0 + 600, credential_for(k.device)), kT0, Refusal::NotYetValid, "clock is ahead");

  // Revoked and Replayed: see their own cases below.
}

BOOST_AUTO_TEST_CASE(dynamic_rotates_expires_and_refuses_replays) {
  Keys k;
  const std::string cred = issue_credential(credential_for(k.device), k.issuer);
  const std::int64_t t = kT0 - kT0 % 30 + 5;  // 5 s into a window
  auto at = [&](std::int64_t now) {
    auto s = dynamic_code(cred, k.device, now, 30);
    TB_REQUIRE_OK(s);
    return *s;
  };
  // One text per window; a new one each window.
  BOOST_CHECK_EQUAL(at(t), at(t + 20));
  BOOST_CHECK_NE(at(t), at(t + 25));
  BOOST_CHECK_NE(at(t + 25), at(t + 55));

  Verifier v = verifier_for(k);
  const std::string first = at(t);
  BOOST_CHECK(v.verify(first, t));
  expect(v, first, t + 2, Refusal::Replayed, "window");  // shown twice
  BOOST_CHECK(v.verify(at(t + 30), t + 30));             // the next window is fine
  // A screenshot shown to a fresh verifier: fine within the skew, Expired after.
  Verifier fresh1 = verifier_for(k), fresh2 = verifier_for(k);
  BOOST_CHECK(fresh1.verify(first, t + 25 + 89));  // window ended at t + 25
  expect(fresh2, first, t + 25 + 90, Refusal::Expired, "screenshot");
  // A phone clock ahead by up to the skew is tolerated.
  Verifier fresh3 = verifier_for(k);
  BOOST_CHECK(fresh3.verify(at(t + 85), t));
  expect(fresh3, at(t + 125), t, Refusal::NotYetValid);

  // Bounded replay memory: with room for one window, the oldest is forgotten.
  VerifierOptions o;
  o.replay_memory = 1;
  Verifier small(o);
  small.trust(entry(k.issuer));
  const std::string other = dynamic_at(k, t, credential_for(k.device2));
  BOOST_CHECK(small.verify(first, t));
  BOOST_CHECK(small.verify(other, t));
  BOOST_CHECK(small.verify(first, t));  // forgotten: memory holds one window
  expect(small, first, t, Refusal::Replayed);
  // Expired windows are forgotten before anything else (they would not verify anyway).
  o.replay_memory = 100;
  Verifier pruned(o);
  pruned.trust(entry(k.issuer));
  for (int i = 0; i < 50; ++i) BOOST_CHECK(pruned.verify(at(t + 30 * i), t + 30 * i));
  expect(pruned, at(t + 30 * 49), t + 30 * 49, Refusal::Replayed);
}

BOOST_AUTO_TEST_CASE(revocation_with_a_real_list) {
  Keys k;
  const Printed p = printed_for();
  const std::string printed = issue_printed(p, k.issuer);
  Printed q = printed_for("王五", "110105198001010011");
  q.credential_id = id16(8);
  const std::string other = issue_printed(q, k.issuer);
  const std::string dyn = dynamic_at(k, kT0, credential_for(k.device));

  std::vector<std::string> ids;
  for (unsigned char i = 100; i < 200; ++i) ids.push_back(id16(i));
  ids.push_back(p.credential_id);
  ids.push_back(credential_id_for_device(k.device.public_key));
  std::array<unsigned char, 16> seed{};
  seed.fill(0x5A);
  const std::string filter = revocation_build(ids, seed, 16).value();
  BOOST_REQUIRE(!filter.empty());
  const std::string list = sign_revocation_list(filter, kT0 - 60, k.issuer);

  Verifier v = verifier_for(k);
  BOOST_CHECK(v.verify(printed, kT0));
  TB_REQUIRE_OK(v.set_revocation_list(list, kT0));
  expect(v, printed, kT0, Refusal::Revoked, "credential");
  expect(v, dyn, kT0, Refusal::Revoked);
  BOOST_CHECK(v.verify(other, kT0));                                   // not listed
  BOOST_CHECK(v.verify(issue_venue(kVenue, k.issuer), kT0));           // venues are not revocable by id
  // Order: a revoked code that is also expired says Expired (validity comes first).
  Printed expired = p;
  expired.valid_until = kT0 - kDay;
  expect(v, issue_printed(expired, k.issuer), kT0, Refusal::Expired);

  // Lists the verifier must refuse: signed by an untrusted key, by a key trusted only for venues,
  // tampered, older than the installed one, not a list at all.
  Verifier w = verifier_for(k);
  tb::test::check_fails_with(w.set_revocation_list(sign_revocation_list(filter, kT0, k.other), kT0), "unknown-issuer");
  Verifier venues(VerifierOptions{});
  venues.trust(entry(k.issuer, {Kind::Venue}));
  tb::test::check_fails_with(venues.set_revocation_list(list, kT0), "not trusted for printed or dynamic");
  std::string tampered = list;
  tampered[tampered.size() / 2] ^= 0x01;
  BOOST_CHECK(!w.set_revocation_list(tampered, kT0));
  BOOST_CHECK(!w.set_revocation_list("garbage", kT0));
  tb::test::check_fails_with(v.set_revocation_list(sign_revocation_list(*revocation_build({}, seed), kT0 - 3600, k.issuer), kT0), "older than the installed one");
  expect(v, printed, kT0, Refusal::Revoked);  // the newer list stays
  // A newer, empty list lifts the revocation.
  BOOST_REQUIRE(v.set_revocation_list(sign_revocation_list(*revocation_build({}, seed), kT0, k.issuer), kT0));
  BOOST_CHECK(v.verify(printed, kT0));
  // A signed list whose filter does not open.
  BOOST_CHECK(!w.set_revocation_list(sign_revocation_list("TBRLnope", kT0, k.issuer), kT0));
}

BOOST_AUTO_TEST_CASE(trust_list_rotation) {
  Keys k;
  const crypto::KeyPair &old_key = k.issuer, &new_key = k.other;
  const std::int64_t T = kT0 + 30 * kDay, overlap = 7 * kDay;
  const std::string list = sign_trust_list({entry(old_key, kAllKinds, kT0 - 365 * kDay, T), entry(new_key, kAllKinds, T - overlap, 0)},
                                           kT0, k.root);
  crypto::TrustStore roots;
  roots.add({crypto::public_half(k.root), 0, 0, {}});

  Verifier v;
  TB_REQUIRE_OK(v.set_trust_list(list, roots, kT0));
  Printed p = printed_for();
  p.valid_until = T + 365 * kDay;
  const std::string by_old = issue_printed(p, old_key), by_new = issue_printed(p, new_key);
  BOOST_CHECK(v.verify(by_old, kT0));
  expect(v, by_new, kT0, Refusal::UnknownIssuer, "not trusted at this time");         // before the overlap
  expect(v, by_new, T - overlap - 91, Refusal::UnknownIssuer);
  BOOST_CHECK(v.verify(by_new, T - overlap - 90));                                   // skew
  BOOST_CHECK(v.verify(by_old, T - 1));                                               // overlap: both
  BOOST_CHECK(v.verify(by_new, T - 1));
  BOOST_CHECK(v.verify(by_old, T + 90));
  expect(v, by_old, T + 91, Refusal::UnknownIssuer, "not trusted at this time");     // the old key is gone
  BOOST_CHECK(v.verify(by_new, T + 365 * kDay));
  // The new key may sign revocation lists during the overlap.
  std::array<unsigned char, 16> seed{};
  TB_CHECK_OK(v.set_revocation_list(sign_revocation_list(*revocation_build({p.credential_id}, seed), T - 1, new_key), T - 1));
  expect(v, by_new, T, Refusal::Revoked);

  // Refused lists: a non-root signer, tampered, older than the installed one, a bad entry; the
  // trust list of a verifier only changes when a list is accepted.
  Verifier w;
  tb::test::check_fails_with(w.set_trust_list(sign_trust_list({entry(old_key)}, kT0, k.other), roots, kT0), "unknown-issuer");
  expect(w, by_old, kT0, Refusal::UnknownIssuer);
  std::string tampered = list;
  tampered[tampered.size() - 70] ^= 0x04;
  BOOST_CHECK(!w.set_trust_list(tampered, roots, kT0));
  BOOST_CHECK(!w.set_trust_list("not a list", roots, kT0));
  tb::test::check_fails_with(v.set_trust_list(sign_trust_list({entry(new_key)}, kT0 - 1, k.root), roots, kT0), "older than the installed one");
  BOOST_CHECK(v.verify(issue_venue(kVenue, old_key), kT0));  // the installed list stays
  // A root that is itself only valid until some time.
  crypto::TrustStore expiring;
  expiring.add({crypto::public_half(k.root), 0, kT0 - 1, {}});
  BOOST_CHECK(!w.set_trust_list(list, expiring, kT0));
  // A root may narrow a key to some kinds.
  BOOST_REQUIRE(w.set_trust_list(sign_trust_list({entry(old_key, {Kind::Venue})}, kT0, k.root), roots, kT0));
  expect(w, by_old, kT0, Refusal::UnknownIssuer, "not trusted for printed codes");
  BOOST_CHECK(w.verify(issue_venue(kVenue, old_key), kT0));
}

// The hard size target: a dynamic code fits QR version 10 at ECC M (311 alphanumeric characters)
// for realistic holders; measured with the real encoder, and read back with ZXing.
BOOST_AUTO_TEST_CASE(size_budget_with_the_qr_encoder) {
  Keys k;
  struct Person {
    std::string name, id;
  };
  const std::vector<Person> people = {
      {"欧阳*华", "110105********002X"},       // masked again by mask_name: 欧**华 (first and last shown)
      {text::mask_name("欧阳娜华"), "110105199001010037"},
      {text::mask_name("司马相如"), "51010219850101001X"},
      {text::mask_name("张小三"), "11010519900101002X"},
      {text::mask_name("李四"), "110105199001010021"},
      {"王", "650102200001010011"},
  };
  for (const auto& person : people) {
    Credential c = credential_for(k.device);
    c.holder = {person.name, person.id};
    c.valid_until = kT0 + 2 * 365 * kDay;
    const std::string text = dynamic_at(k, kT0, c);
    const auto q = qr_encode(text, QrOptions{QrEcc::M, 1, 40, -1});
    TB_REQUIRE_OK(q);
    BOOST_TEST_MESSAGE("dynamic, " << person.name << ": " << text.size() << " chars, QR version " << q->version << "-M");
    BOOST_CHECK_LE(text.size(), 311u);
    BOOST_CHECK_LE(q->version, 10);
    BOOST_CHECK(qr_mode(text) == QrMode::Alphanumeric);
    BOOST_CHECK_EQUAL(zxing_read(*q), text);
    Verifier v = verifier_for(k);
    const auto r = v.verify(zxing_read(*q), kT0);
    TB_CHECK_OK(r);
  }
  // The boundary: a masked name of 12 UTF-8 bytes (8 Chinese characters) is exactly 311 characters.
  {
    Credential c = credential_for(k.device, "甲乙丙丁戊己庚辛");
    const std::string text = dynamic_at(k, kT0, c);
    BOOST_CHECK_EQUAL(text.size(), 311u);
    BOOST_CHECK_EQUAL(qr_version(text), 10);
    c = credential_for(k.device, "甲乙丙丁戊己庚辛壬");
    BOOST_CHECK_EQUAL(qr_version(dynamic_at(k, kT0, c)), 11);
  }
  // A middle-dot name of 8 characters does not fit version 10 (documented); it still makes a code.
  {
    Credential c = credential_for(k.device, "阿依古丽·买买提");
    const std::string text = dynamic_at(k, kT0, c);
    BOOST_TEST_MESSAGE("dynamic, " << c.holder.name_masked << ": " << text.size() << " chars, QR version " << qr_version(text) << "-M");
    BOOST_CHECK_LE(qr_version(text), 11);
  }
  // An issuer-chosen credential id costs 27 characters: documented as version 11.
  {
    Credential c = credential_for(k.device, "欧阳娜华");
    c.credential_id = id16(3);
    const std::string text = dynamic_at(k, kT0, c);
    BOOST_TEST_MESSAGE("dynamic with an explicit credential id: " << text.size() << " chars, QR version " << qr_version(text) << "-M");
    BOOST_CHECK_LE(qr_version(text), 11);
  }
  // The other kinds with realistic data (reported; printed codes go on paper, so smaller is better).
  const std::string printed = issue_printed(printed_for("欧阳娜华", "11010519900101002X"), k.issuer);
  const std::string venue = issue_venue(kVenue, k.issuer), plate = issue_house_plate(kPlate, k.issuer),
                    service = issue_service(kService, k.issuer);
  for (const auto& [what, text] : std::vector<std::pair<std::string, std::string>>{
           {"printed", printed}, {"venue", venue}, {"house-plate", plate}, {"service", service}}) {
    BOOST_TEST_MESSAGE(what << ": " << text.size() << " chars, QR version " << qr_version(text) << "-M");
    BOOST_CHECK(qr_mode(text) == QrMode::Alphanumeric);
    BOOST_CHECK_LE(qr_version(text), 10);
  }
  BOOST_CHECK_LE(qr_version(printed), 8);
  BOOST_CHECK_LE(qr_version(service), 7);
}

// Thousands of mutated codes (deterministic): none crashes the verifier, none verifies.
void mutated_corpus_never_verifies_in(const Keys& k) {
  std::mt19937_64 rng(20260601);
  Credential c = credential_for(k.device, "欧阳娜华");
  const std::string cred = issue_credential(c, k.issuer);
  const std::vector<std::string> seeds = {
      dynamic_at(k, kT0, c),
      issue_printed(printed_for(), k.issuer),
      issue_venue(kVenue, k.issuer),
      issue_house_plate(kPlate, k.issuer),
      issue_service(kService, k.issuer),
  };
  static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<std::string> corpus;
  for (const auto& s : seeds) {
    const std::string bin = *base45_decode(s.substr(5));
    const std::string prefix = s.substr(0, 5);
    for (int i = 0; i < 400; ++i) {  // byte flips (1-3), Base45 kept valid
      std::string b = bin;
      const int flips = 1 + static_cast<int>(pick(3));
      for (int f = 0; f < flips; ++f) b[pick(b.size())] ^= static_cast<char>(1 + pick(255));
      if (b != bin) corpus.push_back(prefix + base45_encode(b));
    }
    for (int i = 0; i < 150; ++i) corpus.push_back(prefix + base45_encode(bin.substr(0, pick(bin.size()))));  // truncations
    for (int i = 0; i < 150; ++i) {  // insertions
      std::string b = bin;
      b.insert(pick(b.size() + 1), std::string(1 + pick(4), static_cast<char>(rng())));
      corpus.push_back(prefix + base45_encode(b));
    }
    for (int i = 0; i < 150; ++i) {  // Base45 text damage: a character changed, dropped or added
      std::string t = s;
      const std::size_t at = 5 + pick(t.size() - 5);
      switch (pick(3)) {
        case 0: {
          const char was = t[at];
          while (t[at] == was) t[at] = kAlphabet[pick(45)];
          break;
        }
        case 1: t.erase(at, 1); break;
        default: t.insert(at, 1, kAlphabet[pick(45)]);
      }
      corpus.push_back(t);
    }
    for (int i = 0; i < 40; ++i) {  // wrong prefixes
      std::string t = s;
      t[pick(5)] = static_cast<char>(rng());
      if (t.compare(0, 5, s, 0, 5) != 0) corpus.push_back(t);
    }
    for (const auto& other : {"TBD1:", "TBP1:", "TBV1:", "TBH1:", "TBS1:", "TBX1:", "TBR1:"})
      if (prefix != other) corpus.push_back(other + s.substr(5));
    corpus.push_back(s + std::string(2001 - s.size(), 'A'));  // oversized
    // The body swapped between kinds, re-signed by nobody.
    corpus.push_back(prefix + base45_encode(bin.substr(0, 1) + std::string(bin.size() - 1, '\0')));
  }
  for (int i = 0; i < 300; ++i) {  // garbage: random alphabet text after a real prefix, random bytes
    std::string t = seeds[pick(seeds.size())].substr(0, 5);
    const std::size_t n = pick(400);
    for (std::size_t j = 0; j < n; ++j) t.push_back(kAlphabet[pick(45)]);
    corpus.push_back(t);
    std::string raw(pick(400), '\0');
    for (auto& ch : raw) ch = static_cast<char>(rng());
    corpus.push_back(raw);
    corpus.push_back(seeds[pick(seeds.size())].substr(0, 5) + base45_encode(raw));
  }
  BOOST_TEST_MESSAGE("mutated corpus: " << corpus.size() << " codes");
  BOOST_CHECK_GE(corpus.size(), 4000u);

  VerifierOptions o;
  o.scope = Scope::Staff;
  Verifier v(o);
  v.trust(entry(k.issuer));
  std::array<int, static_cast<std::size_t>(Refusal::RolledBack) + 1> reasons{};
  for (const auto& text : corpus) {
    const Verification r = v.verify(text, kT0);
    ++reasons[static_cast<std::size_t>(r.reason())];
    if (r) BOOST_ERROR("a mutated code verified: " << text);
  }
  BOOST_TEST_MESSAGE("refusals: malformed " << reasons[1] << ", wrong kind " << reasons[2] << ", unknown issuer " << reasons[3]
                                            << ", bad signature " << reasons[4]);
  BOOST_CHECK_GT(reasons[static_cast<std::size_t>(Refusal::BadSignature)], 500);
  BOOST_CHECK_GT(reasons[static_cast<std::size_t>(Refusal::Malformed)], 500);
  // The seeds themselves still verify (the corpus is not refused for some unrelated reason).
  for (std::size_t i = 1; i < seeds.size(); ++i) BOOST_CHECK(v.verify(seeds[i], kT0));
  // Credentials and hand-off parts survive the same treatment.
  for (int i = 0; i < 500; ++i) {
    std::string b = cred;
    b[pick(b.size())] ^= static_cast<char>(1 + pick(255));
    if (i % 3 == 0) b.resize(pick(b.size()));
    const auto text = dynamic_code(b, k.device, kT0, 30);
    if (text) {
      Verifier fresh = verifier_for(k);
      BOOST_CHECK(!fresh.verify(*text, kT0));
    }
    parse_credential(b);
  }
  crypto::HandedEntropy e{test::random_bytes(42)};
  const auto parts = handoff_encode(std::string(800, 'x'), e);
  for (int i = 0; i < 500; ++i) {
    HandOffAssembler a;
    std::string part = parts[pick(parts.size())];
    part[5 + pick(part.size() - 5)] = kAlphabet[pick(45)];
    a.add(part);
    a.payload();
  }
}

BOOST_AUTO_TEST_CASE(mutated_corpus_never_verifies) { mutated_corpus_never_verifies_in(Keys()); }
BOOST_AUTO_TEST_CASE(mutated_corpus_never_verifies_sm) { mutated_corpus_never_verifies_in(Keys(true)); }

BOOST_AUTO_TEST_CASE(handoff_across_parts) {
  crypto::HandedEntropy e{test::random_bytes(42)};
  std::mt19937_64 rng(7);
  std::string payload(3072, '\0');
  for (auto& ch : payload) ch = static_cast<char>(rng());
  const auto parts = handoff_encode(payload, e);
  BOOST_TEST_MESSAGE("3 KB hand-off: " << parts.size() << " parts, the first " << parts[0].size() << " chars (QR version "
                                        << qr_version(parts[0]) << "-M)");
  BOOST_REQUIRE_GE(parts.size(), 2u);
  for (const auto& p : parts) {
    BOOST_CHECK(kind_of(p) == Kind::HandOff);
    BOOST_CHECK_LE(p.size(), 400u);
    BOOST_CHECK_LE(qr_version(p), 15);
  }
  // Any order, repeats ignored.
  std::vector<std::string> shuffled = parts;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  shuffled.insert(shuffled.begin() + 2, shuffled.front());  // a repeat; the last part is new
  HandOffAssembler a;
  for (std::size_t i = 0; i < shuffled.size(); ++i) {
    BOOST_CHECK(!a.complete());
    TB_REQUIRE_OK(a.add(shuffled[i]));
  }
  BOOST_CHECK(a.complete());
  BOOST_CHECK_EQUAL(a.total(), parts.size());
  auto out = a.payload();
  TB_REQUIRE_OK(out);
  BOOST_CHECK(*out == payload);

  // Incomplete.
  HandOffAssembler partial;
  BOOST_REQUIRE(partial.add(parts[1]));
  tb::test::check_fails_with(partial.payload(), "have 1 of");

  // A tampered part is accepted as a part but the whole does not authenticate.
  HandOffAssembler t;
  for (std::size_t i = 0; i < parts.size(); ++i)
    BOOST_REQUIRE(t.add(i == 2 ? rewrite(parts[i], [](std::string& b) { b[b.size() - 5] ^= 0x20; }) : parts[i]));
  tb::test::check_fails_with(t.payload(), "does not authenticate");
  // A changed total (so the parts would be cut differently) does not authenticate either.
  HandOffAssembler one;
  BOOST_REQUIRE(one.add(rewrite(parts[0], [](std::string& b) { b[9] = 1; })));
  BOOST_CHECK(!one.payload());

  // Another transfer, a conflicting copy, malformed parts: refused with a reason.
  const auto others = handoff_encode(payload, e);
  HandOffAssembler m;
  BOOST_REQUIRE(m.add(parts[0]));
  tb::test::check_fails_with(m.add(others[1]), "another transfer");
  tb::test::check_fails_with(m.add(rewrite(parts[0], [](std::string& b) { b[b.size() - 1] ^= 1; })), "different contents");
  BOOST_CHECK(!m.add("TBP1:ABC"));
  BOOST_CHECK(!m.add("TBX1:abc"));
  BOOST_CHECK(!m.add("TBX1:" + base45_encode("short")));
  BOOST_CHECK(!m.add(rewrite(parts[1], [](std::string& b) { b[8] = 9, b[9] = 3; })));  // index >= total
  BOOST_CHECK(!m.add(rewrite(parts[1], [](std::string& b) { b[9] = static_cast<char>(b[9] + 1); })));  // total differs
  BOOST_CHECK(!m.add("TBX1:" + std::string(5000, '0')));
  BOOST_CHECK_EQUAL(m.have(), 1u);
  m.reset();
  BOOST_CHECK(m.add(others[1]));

  // Sizes: a one-part hand-off; the smallest workable part size; a payload too big for 255 parts.
  const auto single = handoff_encode("short checklist", e);
  BOOST_REQUIRE_EQUAL(single.size(), 1u);
  HandOffAssembler s;
  BOOST_REQUIRE(s.add(single[0]));
  BOOST_CHECK_EQUAL(*s.payload(), "short checklist");
  BOOST_CHECK(handoff_encode("x", e, 105).empty());
  const auto tiny = handoff_encode("abc", e, 106);
  BOOST_CHECK(!tiny.empty());
  for (const auto& p : tiny) BOOST_CHECK_LE(p.size(), 106u);
  HandOffAssembler ta;
  for (const auto& p : tiny) BOOST_REQUIRE(ta.add(p));
  BOOST_CHECK_EQUAL(*ta.payload(), "abc");
  BOOST_CHECK(handoff_encode(std::string(100000, 'x'), e).empty());
  BOOST_CHECK(handoff_encode("", e).size() == 1u);
}

// The 国密 suite `sm` (docs/CODES.md, "Suites"): every kind issued by an SM2 key verifies; the
// frame's version nibble says the suite and is signed; a rewritten nibble, a mixed code or an x
// on no point is refused with its reason; a dynamic code still fits version 10-M.
BOOST_AUTO_TEST_CASE(sm_suite_codes) {
  const Keys k(true);
  const auto bytes_of = [](const crypto::Bytes& b) { return std::string(b.begin(), b.end()); };
  BOOST_REQUIRE(crypto::sm::has_even_y(bytes_of(k.device.public_key)));  // seeds make even-y keys
  BOOST_REQUIRE(crypto::sm::has_even_y(bytes_of(k.device2.public_key)));
  BOOST_CHECK_EQUAL(bytes_of(k.device.public_key), crypto::sm::point_from_x(bytes_of(k.device.public_key).substr(1, 32)));

  // A trust list signed by an SM2 root, naming an SM2 issuer.
  crypto::TrustStore roots;
  roots.add({crypto::public_half(k.root), 0, 0, {}});
  Verifier v;
  TB_REQUIRE_OK(v.set_trust_list(sign_trust_list({entry(k.issuer)}, kT0, k.root), roots, kT0));

  const Credential c = credential_for(k.device);
  const std::string dyn = dynamic_at(k, kT0, c), printed = issue_printed(printed_for(), k.issuer);
  const std::vector<std::string> codes = {dyn, printed, issue_venue(kVenue, k.issuer), issue_house_plate(kPlate, k.issuer),
                                          issue_service(kService, k.issuer)};
  for (const auto& text : codes) {
    const auto frame = base45_decode(text.substr(5));
    BOOST_REQUIRE(frame);
    BOOST_CHECK_EQUAL(static_cast<unsigned char>((*frame)[0]) >> 4, 2);  // the sm suite
    const auto r = v.verify(text, kT0);
    TB_CHECK_OK(r);
    BOOST_CHECK_EQUAL(r.issuer_key_id, k.issuer.id.hex());
  }
  // The credential id of an SM2 device is SM3's, not BLAKE2b's.
  BOOST_CHECK_EQUAL(v.verify(dynamic_at(k, kT0 + 60, c), kT0 + 60).credential_id,
                    crypto::to_hex(credential_id_for_device(k.device.public_key)));

  // Tampered or rewritten: a body byte, the suite nibble (2 -> 1), an Ed25519 code's nibble (1 -> 2).
  expect(v, rewrite(printed, [](std::string& b) { b[12] ^= 1; }), kT0, Refusal::BadSignature);
  expect(v, rewrite(printed, [](std::string& b) { b[0] = static_cast<char>((b[0] & 0x0F) | 0x10); }), kT0,
         Refusal::BadSignature, "rewritten suite");
  {
    const Keys ed;
    Verifier both;
    both.trust(entry(ed.issuer));
    const std::string ed_printed = issue_printed(printed_for(), ed.issuer);
    TB_CHECK_OK(both.verify(ed_printed, kT0));
    expect(both, rewrite(ed_printed, [](std::string& b) { b[0] = static_cast<char>((b[0] & 0x0F) | 0x20); }), kT0,
           Refusal::BadSignature, "rewritten suite");
    // One code, one suite: neither issuer binds the other suite's device key.
    BOOST_CHECK(issue_credential(credential_for(k.device), ed.issuer).empty());
    BOOST_CHECK(issue_credential(credential_for(ed.device), k.issuer).empty());
    // Lists may mix (each code is checked in its own issuer's suite): an Ed25519 root naming an
    // SM2 issuer, and an SM2 root naming an Ed25519 issuer.
    crypto::TrustStore ed_roots;
    ed_roots.add({crypto::public_half(ed.root), 0, 0, {}});
    Verifier mixed;
    TB_REQUIRE_OK(mixed.set_trust_list(sign_trust_list({entry(k.issuer)}, kT0, ed.root), ed_roots, kT0));
    TB_CHECK_OK(mixed.verify(printed, kT0));
    Verifier mixed2;
    TB_REQUIRE_OK(mixed2.set_trust_list(sign_trust_list({entry(ed.issuer)}, kT0, k.root), roots, kT0));
    TB_CHECK_OK(mixed2.verify(ed_printed, kT0));
  }
  // A credential whose device x is on no point of the curve (x = p - 1 is not; the check is structural,
  // so it is refused before any signature is looked at).
  {
    const std::string cred = issue_credential(c, k.issuer);
    const std::string x = bytes_of(k.device.public_key).substr(1, 32);
    const auto at = cred.find(x);
    BOOST_REQUIRE(at != std::string::npos);
    std::string bad = cred;
    for (std::size_t i = 0; i < 32; ++i) bad[at + i] = '\xff';
    const auto parsed = parse_credential(bad);
    BOOST_CHECK(!parsed);
    BOOST_CHECK_MESSAGE(parsed.detail().find("no SM2 point") != std::string::npos, parsed.detail());
  }
  // The size target: names up to 12 UTF-8 bytes still fit version 10 at level M, read back by ZXing.
  {
    const std::string text = dynamic_at(k, kT0, credential_for(k.device, "甲乙丙丁戊己庚辛"));
    BOOST_TEST_MESSAGE("sm dynamic code: " << text.size() << " chars, QR version " << qr_version(text) << "-M");
    BOOST_CHECK_LE(text.size(), 311u);
    const auto q = qr_encode(text, QrOptions{QrEcc::M, 1, 40, -1});
    TB_REQUIRE_OK(q);
    BOOST_CHECK_LE(q->version, 10);
    Verifier fresh;
    fresh.trust(entry(k.issuer));
    TB_CHECK_OK(fresh.verify(zxing_read(*q), kT0));
  }
}

BOOST_AUTO_TEST_SUITE_END()
