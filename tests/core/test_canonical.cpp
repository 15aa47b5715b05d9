// One canonical encoding for every signed format (core/proto/canonical.h, docs/FORMATS.md): the
// strict walk itself, then each signed format's reader refusing genuine bytes repeated, a 5-byte
// tag and the like, which protobuf alone accepts.
#include <boost/test/unit_test.hpp>

#include <sodium.h>

#include "code/codes.h"
#include "crypto/sign.h"
#include "form/elicence.h"
#include "guide/bundle.h"
#include "proto/canonical.h"
#include "proto/code.pb.h"
#include "proto/envelope.pb.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "fixed_keys.h"
#include "status_checks.h"
#include "test_entropy.h"

using namespace tb;

namespace {

std::string varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) out.push_back(static_cast<char>((v & 0x7f) | 0x80)), v >>= 7;
  out.push_back(static_cast<char>(v));
  return out;
}
std::string len_field(std::uint32_t number, const std::string& bytes) { return varint(number << 3 | 2) + varint(bytes.size()) + bytes; }

// A genuine signed receipt's bytes (a Signed document with every field present).
std::string genuine_signed(const crypto::KeyPair& intake) {
  proto::Receipt r;
  r.set_submission_id(std::string(16, 's'));
  r.set_received_at(1780000000);
  r.set_envelope_digest(std::string(32, 'd'));
  r.set_intake("tongban-intake");
  r.add_departments("gongan");
  r.add_departments("renshe");
  r.set_kind("application");
  return seal::sign_receipt(r, intake);
}

// check_canonical on a Signed document, expecting a refusal whose detail contains `has`.
void refused(const std::string& bytes, const std::string& has) {
  tb::test::check_fails_with(proto::check_canonical(bytes, proto::wire_schema<proto::Signed>()), has);
  proto::Signed doc;
  BOOST_CHECK(!proto::parse_canonical(doc, bytes));
}

// The position just after field `number`'s tag in a message whose tags are one byte.
std::size_t after_tag(const std::string& bytes, unsigned char tag) { return bytes.find(static_cast<char>(tag)) + 1; }
}  // namespace

BOOST_AUTO_TEST_SUITE(canonical)

BOOST_AUTO_TEST_CASE(the_writers_bytes_pass_and_parse) {
  const auto intake = test::fixed_key(crypto::KeyKind::Sign, 7, "intake");
  const std::string s = genuine_signed(intake);
  TB_CHECK_OK(proto::check_canonical(s, proto::wire_schema<proto::Signed>()));
  proto::Signed doc;
  TB_REQUIRE_OK(proto::parse_canonical(doc, s));
  BOOST_TEST(doc.format() == seal::kReceiptFormat);
  proto::Receipt r;
  TB_CHECK_OK(proto::parse_canonical(r, doc.body()));
  // The empty message is the empty string.
  TB_CHECK_OK(proto::check_canonical("", proto::wire_schema<proto::Receipt>()));
}

BOOST_AUTO_TEST_CASE(what_the_writer_never_writes_is_refused_with_what_and_where) {
  const auto intake = test::fixed_key(crypto::KeyKind::Sign, 7, "intake");
  const std::string s = genuine_signed(intake);
  // Genuine bytes repeated: protobuf merges them into the same document.
  refused(s + s, "tb.proto.Signed field 1 (format) after field 6 (out of order) at byte " + std::to_string(s.size()));
  // A field repeated in place.
  {
    const std::string fmt = len_field(1, seal::kReceiptFormat);
    BOOST_REQUIRE(s.rfind(fmt, 0) == 0);
    refused(fmt + s, "field 1 (format) written twice at byte " + std::to_string(fmt.size()));
  }
  // A field tag above 2^32 whose low 32 bits are field 1's: protobuf read it as field 1.
  refused(std::string("\x8a\x80\x80\x80\x10", 5) + s.substr(1), "field tag above 2^32 at byte 0");
  // Field 1's tag in 5 bytes (not the shortest form).
  refused(std::string("\x8a\x80\x80\x80\x00", 5) + s.substr(1), "field tag: a varint not in its shortest form at byte 0");
  // Tag 0, an unknown field, a group, wire types 6/7, trailing bytes.
  refused(std::string(1, '\0') + s, "field number 0 at byte 0");
  refused(s + len_field(7, "x"), "unknown field 7 (wire type 2) at byte " + std::to_string(s.size()));
  refused(s + std::string("\xfa\xff\xff\xff\x0f\x00", 6), "unknown field 536870911");
  refused(std::string("\x0b", 1) + s, "field 1 (format) of wire type 3 (written as 2) at byte 0");
  refused(std::string("\x0e", 1) + s, "field 1 (format) of wire type 6");
  refused(s + "\xff", "field tag: a varint runs past the end at byte " + std::to_string(s.size()));
  // A length not in its shortest form (field 1's, 15 = 0x0f written as 0x8f 0x00).
  {
    std::string overlong = s;
    overlong.replace(1, 1, std::string("\x8f\x00", 2));
    refused(overlong, "field 1 (format): a varint not in its shortest form at byte 1");
  }
  // A length past the end.
  refused(s.substr(0, s.size() - 1), "its length runs past the end");
  // Default values written: format_version 0, an empty suite.
  {
    std::string v0 = s;
    const std::size_t at = after_tag(v0, 0x10);  // format_version's tag
    v0[at] = '\0';
    refused(v0, "field 2 (format_version) written with its default value (0 or empty) at byte " + std::to_string(at - 1));
  }
  // A 32-bit field holding more: format_version 2^32 + 1 (protobuf keeps 1).
  {
    std::string big = s;
    const std::size_t at = after_tag(big, 0x10);
    big.replace(at, 1, varint((std::uint64_t{1} << 32) + 1));
    refused(big, "field 2 (format_version): a 32-bit field holds more than 32 bits");
  }
}

BOOST_AUTO_TEST_CASE(nested_packed_and_map_fields) {
  // A problem inside a nested message names the innermost message and field.
  proto::GuideBundle b;
  b.mutable_manifest()->set_format("tongban.guide.manifest");
  b.mutable_manifest()->set_format_version(1);
  b.set_body("body");
  const std::string good = b.SerializeAsString();
  TB_CHECK_OK(proto::check_canonical(good, proto::wire_schema<proto::GuideBundle>()));
  std::string bad = good;
  bad.insert(2, len_field(9, "x"));  // inside the manifest: an unknown field first
  bad[1] = static_cast<char>(bad[1] + 3);
  tb::test::check_fails_with(proto::check_canonical(bad, proto::wire_schema<proto::GuideBundle>()),
                             "tb.proto.Signed unknown field 9 (wire type 2) at byte 2");
  // An empty message field is written (it is present), and is fine.
  proto::GuideBundle empty_manifest;
  empty_manifest.mutable_manifest();
  TB_CHECK_OK(proto::check_canonical(empty_manifest.SerializeAsString(), proto::wire_schema<proto::GuideBundle>()));

  // Packed repeated numbers: one record; two records or an empty one are refused.
  proto::TrustEntry e;
  e.set_public_key(std::string(32, 'k'));
  e.add_kinds(proto::CODE_KIND_PRINTED);
  e.add_kinds(proto::CODE_KIND_VENUE);
  const std::string entry = e.SerializeAsString();
  TB_CHECK_OK(proto::check_canonical(entry, proto::wire_schema<proto::TrustEntry>()));
  const std::string kinds = std::string("\x1a\x02\x02\x03", 4);
  BOOST_REQUIRE(entry.find(kinds) != std::string::npos);
  std::string twice = entry;
  twice.replace(twice.find(kinds), kinds.size(), std::string("\x1a\x01\x02\x1a\x01\x03", 6));
  tb::test::check_fails_with(proto::check_canonical(twice, proto::wire_schema<proto::TrustEntry>()), "field 3 (kinds) written twice");
  std::string unpacked = entry;
  unpacked.replace(unpacked.find(kinds), kinds.size(), std::string("\x18\x02", 2));
  tb::test::check_fails_with(proto::check_canonical(unpacked, proto::wire_schema<proto::TrustEntry>()),
                             "field 3 (kinds) of wire type 0 (written as 2)");
  std::string none = entry;
  none.replace(none.find(kinds), kinds.size(), std::string("\x1a\x00", 2));
  tb::test::check_fails_with(proto::check_canonical(none, proto::wire_schema<proto::TrustEntry>()), "an empty packed record");

  // Map entries: in increasing key order, key and value both written (serialize_canonical).
  proto::ELicence l;
  for (const char* k : {"zhu", "address", "spouse_name", "ming"}) (*l.mutable_fields())[k] = std::string("v-") + k;
  const std::string sorted = proto::serialize_canonical(l);
  TB_CHECK_OK(proto::check_canonical(sorted, proto::wire_schema<proto::ELicence>()));
  const std::string a = len_field(5, len_field(1, "a") + len_field(2, "1")), z = len_field(5, len_field(1, "z") + len_field(2, "2"));
  TB_CHECK_OK(proto::check_canonical(a + z, proto::wire_schema<proto::ELicence>()));
  tb::test::check_fails_with(proto::check_canonical(z + a, proto::wire_schema<proto::ELicence>()), "map keys not in increasing order");
  tb::test::check_fails_with(proto::check_canonical(a + a, proto::wire_schema<proto::ELicence>()), "map keys not in increasing order");
  tb::test::check_fails_with(proto::check_canonical(len_field(5, len_field(1, "a")), proto::wire_schema<proto::ELicence>()),
                             "map entry without its key or value");
}

// ---- Every signed format's reader: genuine bytes repeated, and the like, are refused ------------

BOOST_AUTO_TEST_CASE(receipts) {
  const auto intake = test::fixed_key(crypto::KeyKind::Sign, 7, "intake");
  crypto::TrustStore trust;
  trust.add({crypto::public_half(intake), 0, 0, {seal::kReceiptFormat}});
  const std::string s = genuine_signed(intake);
  TB_REQUIRE_OK(seal::verify_receipt(s, trust, ""));
  tb::test::check_fails_with(seal::verify_receipt(s + s, trust, ""), "out of order");
  // A receipt body whose `intake` (field 4) is written with a 5-byte tag, signed for real.
  proto::Receipt r;
  r.set_submission_id(std::string(16, 's'));
  std::string body = r.SerializeAsString() + std::string("\xa2\x80\x80\x80\x10", 5) + varint(5) + "other";
  const std::string signed_body = crypto::sign_document(seal::kReceiptFormat, 1, body, intake).SerializeAsString();
  tb::test::check_fails_with(seal::verify_receipt(signed_body, trust, ""), "tb.proto.Receipt field tag above 2^32");
}

BOOST_AUTO_TEST_CASE(guide_bundles_and_deltas) {
  const auto issuer = test::fixed_key(crypto::KeyKind::Sign, 1, "guides");
  crypto::TrustStore trust;
  trust.add({crypto::public_half(issuer), 0, 0, {}});
  proto::Catalogue c;
  c.set_city("青禾市");
  c.add_items()->set_id("item-1");
  const std::string b1 = guide::build_bundle(c, 1, 1000, issuer);
  c.add_items()->set_id("item-2");
  const std::string b2 = guide::build_bundle(c, 2, 2000, issuer);
  const auto one = guide::open_bundle(b1, trust, nullptr);
  TB_REQUIRE_OK(one);
  tb::test::check_fails_with(guide::open_bundle(b1 + b1, trust, nullptr), "not a guide bundle (.tbg): tb.proto.GuideBundle field 1");
  const auto delta = guide::build_delta(b1, b2, trust, issuer);
  TB_REQUIRE_OK(delta);
  TB_CHECK_OK(guide::apply_delta(one, *delta, trust));
  tb::test::check_fails_with(guide::apply_delta(one, *delta + *delta, trust), "not a guide delta (.tbd): tb.proto.GuideDelta field 1 (delta) written twice");
}

BOOST_AUTO_TEST_CASE(trust_and_revocation_lists) {
  const auto root = test::fixed_key(crypto::KeyKind::Sign, 5, "root");
  const auto issuer = test::fixed_key(crypto::KeyKind::Sign, 1, "issuer");
  crypto::TrustStore roots;
  roots.add({crypto::public_half(root), 0, 0, {}});
  const std::string list = code::sign_trust_list({{crypto::public_half(issuer), {code::Kind::Printed}, 0, 0}}, 1000, root);
  code::Verifier v;
  TB_REQUIRE_OK(v.set_trust_list(list, roots, 2000));
  code::Verifier w;
  tb::test::check_fails_with(w.set_trust_list(list + list, roots, 2000), "trust list: tb.proto.Signed field 1 (format) after field 6");
  const std::array<unsigned char, 16> seed{};
  const auto filter = code::revocation_build({}, seed);
  TB_REQUIRE_OK(filter);
  const std::string revoked = code::sign_revocation_list(*filter, 1500, issuer);
  TB_CHECK_OK(v.set_revocation_list(revoked, 2000));
  tb::test::check_fails_with(v.set_revocation_list(revoked + revoked, 2000), "revocation list: tb.proto.Signed field 1 (format) after field 6");
}

BOOST_AUTO_TEST_CASE(e_licences) {
  const auto issuer = test::fixed_key(crypto::KeyKind::Sign, 3, "licences");
  crypto::TrustStore trust;
  trust.add({crypto::public_half(issuer), 0, 0, {form::kELicenceFormat}});
  proto::ELicence l;
  l.set_type("hukou");
  l.set_holder_id("110105199001011234");
  for (const char* k : {"zhu", "address", "spouse_name", "ming", "relation"}) (*l.mutable_fields())[k] = std::string("v-") + k;
  const std::string s = form::sign_elicence(l, issuer);
  TB_REQUIRE_OK(form::verify_elicence(s, trust, 1000, ""));
  tb::test::check_fails_with(form::verify_elicence(s + s, trust, 1000, ""), "out of order");
}

BOOST_AUTO_TEST_CASE(envelope_headers_and_part_contents) {
  // The device signs a header with a 5-byte tag whose low 32 bits say field 5 (form): protobuf read
  // it as the form, another reader as an unknown field. Signed, yet refused.
  const auto device = test::fixed_key(crypto::KeyKind::Device, 1, "kiosk-1");
  const auto dept = test::fixed_key(crypto::KeyKind::Seal, 2, "gongan");
  crypto::HandedEntropy entropy{test::random_bytes(777)};
  seal::SealPlan plan;
  plan.created_at = 1750000000;
  plan.parts.push_back({"gongan", crypto::public_half(dept), R"({"a":1})", {}});
  seal::EnvelopeBuilder b;
  TB_REQUIRE_OK(b.begin(plan, device, entropy));
  const auto env = b.finish();
  TB_REQUIRE_OK(env);
  TB_REQUIRE_OK(seal::open_envelope(*env, dept, 1 << 30));
  proto::Envelope e;
  BOOST_REQUIRE(e.ParseFromString(*env));
  const std::string header = e.header() + std::string("\xaa\x80\x80\x80\x10", 5) + varint(5) + "other";
  const std::string m = "tongban-envelope-v1" + std::string(1, '\0') + header;
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(&sig[0]), nullptr, reinterpret_cast<const unsigned char*>(m.data()),
                       m.size(), device.secret_key.data());
  e.set_header(header);
  e.set_signature(sig);
  tb::test::check_fails_with(seal::inspect_envelope(e.SerializeAsString(), 1 << 30),
                             "header does not parse: tb.proto.EnvelopeHeader field tag above 2^32");
  // The outer envelope repeated: the same submission under another digest.
  tb::test::check_fails_with(seal::inspect_envelope(*env + *env, 1 << 30),
                             "not in canonical form: tb.proto.Envelope field 1 (header) after field 3");
}

BOOST_AUTO_TEST_SUITE_END()
