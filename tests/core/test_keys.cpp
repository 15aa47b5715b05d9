#include <boost/test/unit_test.hpp>

#include "crypto/keys.h"
#include "crypto/sign.h"
#include "status_checks.h"
#include "test_entropy.h"

using namespace tb::crypto;
using tb::test::seed_of;

BOOST_AUTO_TEST_SUITE(keys)

BOOST_AUTO_TEST_CASE(key_files_round_trip_for_every_kind) {
  for (KeyKind kind : {KeyKind::Sign, KeyKind::Device, KeyKind::Seal}) {
    const KeyPair k = keypair_from_seed(kind, "test", seed_of(7));
    auto parsed = parse_key_file(format_key_file(k));
    TB_REQUIRE_OK(parsed);
    BOOST_REQUIRE(parsed->pair);
    BOOST_CHECK(parsed->pair->secret_key == k.secret_key);  // not printed: a secret
    BOOST_TEST(parsed->pub.id.hex() == k.id.hex());
    auto pub = parse_key_file(format_public_key_file(public_half(k)));
    BOOST_REQUIRE(pub);
    BOOST_TEST(!pub->pair);
    BOOST_TEST(int(pub->pub.kind) == int(kind));
  }
}

BOOST_AUTO_TEST_CASE(damaged_key_files_are_refused_with_the_line) {
  const KeyPair k = keypair_from_seed(KeyKind::Sign, "x", seed_of(1));
  const KeyPair other = keypair_from_seed(KeyKind::Sign, "y", seed_of(2));
  std::string text = format_key_file(k);
  auto expect = [&](const std::string& t, const std::string& want) {
    const auto parsed = parse_key_file(t);
    BOOST_TEST(!parsed);
    BOOST_TEST(parsed.detail().find(want) != std::string::npos, "error '" << parsed.describe() << "' should contain '" << want << "'");
  };
  expect("", "not a tongban key file");
  expect("hello", "line 1: expected 'key: value'");
  std::string bad_id = text;
  bad_id.replace(bad_id.find("id: ") + 4, 16, "0000000000000000");
  expect(bad_id, "line 5: id does not match the public key");
  std::string swapped = text;
  const std::string other_secret = format_key_file(other);
  swapped.replace(swapped.find("secret: "), std::string::npos, other_secret.substr(other_secret.find("secret: ")));
  expect(swapped, "line 7: secret key does not match the public key");
  expect("tongban-key: 2\n", "unsupported key file version '2'");
  expect("tongban-key: 1\nkind: rsa\n", "line 2: unknown key kind 'rsa'");
  expect(text + "color: blue\n", "line 8: unknown field 'color'");
  // Each field once: a second public key (another reader might take it) is refused, not ignored.
  const std::string other_public = format_public_key_file(public_half(other));
  expect(text + other_public.substr(other_public.find("public: ")), "line 8: field 'public' given twice");
  expect(text + "name: y\n", "line 8: field 'name' given twice");
  expect("tongban-key: 1\ntongban-key: 1\n", "line 2: field 'tongban-key' given twice");
}

BOOST_AUTO_TEST_CASE(signatures_refuse_each_way_of_going_wrong) {
  const KeyPair issuer = keypair_from_seed(KeyKind::Sign, "issuer", seed_of(3));
  const KeyPair stranger = keypair_from_seed(KeyKind::Sign, "stranger", seed_of(4));
  TrustStore trust;
  trust.add({public_half(issuer), 100, 200, {"tongban.test"}});
  const auto doc = sign_document("tongban.test", 1, "hello", issuer);
  BOOST_TEST(bool(verify_document(doc, "tongban.test", 1, trust, 150)));
  auto err = [&](const tb::proto::Signed& d, const char* format, std::int64_t at) {
    return int(verify_document(d, format, 1, trust, at).reason());
  };
  BOOST_TEST(err(doc, "tongban.other", 150) == int(SignError::WrongFormat));
  BOOST_TEST(err(doc, "tongban.test", 250) == int(SignError::IssuerNotAllowed));
  auto tampered = doc;
  tampered.set_body("hellO");
  BOOST_TEST(err(tampered, "tongban.test", 150) == int(SignError::BadSignature));
  auto unsigned_doc = doc;
  unsigned_doc.clear_signature();
  BOOST_TEST(err(unsigned_doc, "tongban.test", 150) == int(SignError::Unsigned));
  BOOST_TEST(err(sign_document("tongban.test", 1, "hello", stranger), "tongban.test", 150) == int(SignError::UnknownIssuer));
  BOOST_TEST(err(sign_document("tongban.test", 2, "hello", issuer), "tongban.test", 150) == int(SignError::UnsupportedVersion));
  auto suite = doc;
  suite.set_suite("sm2-v1");
  BOOST_TEST(err(suite, "tongban.test", 150) == int(SignError::UnknownSuite));
  // A signature for one format cannot be relabelled as another (domain separation).
  TrustStore any;
  any.add({public_half(issuer), 0, 0, {}});
  auto relabelled = doc;
  relabelled.set_format("tongban.other");
  BOOST_TEST(int(verify_document(relabelled, "tongban.other", 1, any, 0).reason()) == int(SignError::BadSignature));
}

BOOST_AUTO_TEST_SUITE_END()
