// Real-name sign-in: ID tokens signed here with libsodium as a provider would (EdDSA over
// "header.payload"), then verified — and every way a token can be wrong, refused with its reason.
// The end-to-end run against a real provider (oidc-provider) is tests/web/phone_signin.test.mjs.
#include <sodium.h>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "identity/id_token.h"
#include "test_entropy.h"

using namespace tb::identity;
using nlohmann::json;

namespace {

std::string b64u(std::string_view s) { return tb::crypto::to_base64url(reinterpret_cast<const unsigned char*>(s.data()), s.size()); }

struct Provider {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  std::string kid;
  Provider(std::string k, int seed) : kid(std::move(k)) {
    const auto s = tb::test::seed_of(seed);
    crypto_sign_seed_keypair(pk, sk, s.data());
  }
  std::string jwks() const {
    return json{{"keys", json::array({json{{"kty", "RSA"}, {"kid", "rsa-1"}, {"n", "AQAB"}, {"e", "AQAB"}},
                                      json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"kid", kid},
                                           {"x", b64u({reinterpret_cast<const char*>(pk), sizeof pk})}}})}}
        .dump();
  }
  std::string sign(const json& header, const json& claims) const {
    const std::string part = b64u(header.dump()) + "." + b64u(claims.dump());
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(part.data()), part.size(), sk);
    return part + "." + b64u({reinterpret_cast<const char*>(sig), sizeof sig});
  }
};

const std::int64_t kNow = 1'800'000'000;
const tb::crypto::Bytes kDevice(32, 0x42), kOtherDevice(32, 0x43);

json good_claims() {
  return {{"iss", "https://id.example.gov.cn"}, {"aud", "tongban-phone"}, {"sub", "p-123"}, {"iat", kNow - 10},
          {"exp", kNow + 590}, {"nonce", device_nonce(kDevice)}, {"name", "张丽华"}, {"id_number", "211402198803151234"}};
}
const json kHeader = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", "k1"}};

IdTokenPolicy policy_for(const Provider& p) {
  IdTokenPolicy pol;
  pol.issuer = "https://id.example.gov.cn";
  pol.audience = "tongban-phone";
  auto keys = parse_jwks(p.jwks());
  BOOST_REQUIRE_MESSAGE(keys, keys.describe());
  pol.keys = *keys;
  pol.now = kNow;
  pol.nonce = device_nonce(kDevice);
  return pol;
}

void expect_refused(const std::string& token, const IdTokenPolicy& pol, IdTokenError want, const char* what) {
  const auto r = verify_id_token(token, pol);
  BOOST_TEST_CONTEXT(what) {
    BOOST_TEST(!r);
    BOOST_TEST(reason_key(r.reason()) == reason_key(want));
    BOOST_TEST(std::string(reason_text(r.reason())).size() > 0);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_token)

BOOST_AUTO_TEST_CASE(a_token_signed_for_this_device_gives_the_real_name) {
  const Provider p("k1", 1);
  const auto pol = policy_for(p);
  BOOST_TEST(pol.keys.size() == 1u);  // the RSA key is skipped, not an error
  const std::string token = p.sign(kHeader, good_claims());
  const auto r = verify_id_token(token, pol);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(r->name == "张丽华");
  BOOST_TEST(r->id_number == "211402198803151234");
  BOOST_TEST(r->subject == "p-123");
  BOOST_TEST(r->expires_at == kNow + 590);
  BOOST_TEST(r->token_id.size() == 43u);  // SHA-256, base64url
  // aud as a list naming this desk alone, or with azp when there are several.
  auto claims = good_claims();
  claims["aud"] = json::array({"tongban-phone"});
  BOOST_TEST(bool(verify_id_token(p.sign(kHeader, claims), pol)));
  claims["aud"] = json::array({"tongban-phone", "other-app"});
  expect_refused(p.sign(kHeader, claims), pol, IdTokenError::WrongAudience, "several audiences, no azp");
  claims["azp"] = "tongban-phone";
  BOOST_TEST(bool(verify_id_token(p.sign(kHeader, claims), pol)));
}

BOOST_AUTO_TEST_CASE(every_wrong_token_is_refused_with_its_reason) {
  const Provider p("k1", 1), stranger("k1", 2);
  const auto pol = policy_for(p);
  auto with = [&](const char* key, json value) {
    auto c = good_claims();
    if (value.is_null()) c.erase(key);
    else c[key] = std::move(value);
    return p.sign(kHeader, c);
  };
  expect_refused(with("exp", kNow - 61), pol, IdTokenError::Expired, "expired beyond the skew");
  BOOST_TEST(bool(verify_id_token(with("exp", kNow - 59), pol)));  // within the skew: a phone's clock
  expect_refused(with("iat", kNow + 300), pol, IdTokenError::NotYetValid, "issued in the future");
  expect_refused(with("aud", "another-app"), pol, IdTokenError::WrongAudience, "another audience");
  expect_refused(with("iss", "https://evil.example"), pol, IdTokenError::WrongIssuer, "another issuer");
  expect_refused(with("nonce", device_nonce(kOtherDevice)), pol, IdTokenError::WrongNonce, "signed for another device key");
  expect_refused(with("nonce", nullptr), pol, IdTokenError::WrongNonce, "no nonce");
  expect_refused(with("id_number", nullptr), pol, IdTokenError::NoRealName, "no resident ID");
  expect_refused(with("name", ""), pol, IdTokenError::NoRealName, "an empty name");
  expect_refused(with("exp", "soon"), pol, IdTokenError::Malformed, "exp not a number");
  expect_refused(with("sub", nullptr), pol, IdTokenError::Malformed, "no sub");
  // Forged: signed by a key that is not pinned under that kid; or the payload changed after signing.
  expect_refused(stranger.sign(kHeader, good_claims()), pol, IdTokenError::BadSignature, "signed by a stranger");
  const std::string token = p.sign(kHeader, good_claims());
  const auto d1 = token.find('.'), d2 = token.rfind('.');
  auto changed = good_claims();
  changed["name"] = "李四";
  expect_refused(token.substr(0, d1 + 1) + b64u(changed.dump()) + token.substr(d2), pol, IdTokenError::BadSignature,
                 "payload changed");
  // Keys and algorithms: only EdDSA, only a pinned kid.
  expect_refused(p.sign({{"alg", "none"}, {"kid", "k1"}}, good_claims()), pol, IdTokenError::UnknownKey, "alg none");
  expect_refused(p.sign({{"alg", "HS256"}, {"kid", "k1"}}, good_claims()), pol, IdTokenError::UnknownKey, "alg HS256");
  expect_refused(p.sign({{"alg", "EdDSA"}, {"kid", "k9"}}, good_claims()), pol, IdTokenError::UnknownKey, "unknown kid");
  expect_refused(p.sign({{"alg", "EdDSA"}}, good_claims()), pol, IdTokenError::UnknownKey, "no kid");
  // Malformed: parts, base64url (padding, other alphabets), JSON, size.
  expect_refused("", pol, IdTokenError::Malformed, "empty");
  expect_refused("a.b", pol, IdTokenError::Malformed, "two parts");
  expect_refused(token + ".x", pol, IdTokenError::Malformed, "four parts");
  expect_refused(token + "=", pol, IdTokenError::Malformed, "padding");
  expect_refused(token.substr(0, d2) + ".+/" + token.substr(d2 + 3), pol, IdTokenError::Malformed, "standard base64 alphabet");
  expect_refused(b64u("[1]") + token.substr(d1), pol, IdTokenError::Malformed, "header not an object");
  expect_refused(std::string(20000, 'a'), pol, IdTokenError::Malformed, "very long");
  expect_refused(token.substr(0, d2 + 1) + b64u("short"), pol, IdTokenError::BadSignature, "a short signature");
}

BOOST_AUTO_TEST_CASE(jwks_files_that_cannot_be_pinned_say_why) {
  BOOST_TEST(!parse_jwks("not json"));
  BOOST_TEST(!parse_jwks("{}"));
  BOOST_TEST(!parse_jwks(R"({"keys": []})"));
  BOOST_TEST(!parse_jwks(R"({"keys": [{"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB"}]})"));
  const auto no_kid = parse_jwks(R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})");
  BOOST_TEST(!no_kid);
  BOOST_TEST(no_kid.detail().find("keys[0]") != std::string::npos);
  const auto private_key = parse_jwks(
      R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "a", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}]})");
  BOOST_TEST(!private_key);
  BOOST_TEST(private_key.detail().find("private") != std::string::npos);
  BOOST_TEST(!parse_jwks(R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "a", "x": "short"}]})"));
}

BOOST_AUTO_TEST_CASE(the_device_nonce_is_the_keys_own) {
  BOOST_TEST(device_nonce(kDevice) == device_nonce(kDevice));
  BOOST_TEST(device_nonce(kDevice) != device_nonce(kOtherDevice));
  BOOST_TEST(device_nonce(kDevice).size() == 43u);
  const auto back = tb::crypto::from_base64url(b64u("\x01\x02\xff"));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((*back == tb::crypto::Bytes{0x01, 0x02, 0xff}));
  BOOST_TEST(!tb::crypto::from_base64url("AQ="));  // padding
  BOOST_TEST(!tb::crypto::from_base64url("AR"));   // non-zero leftover bits: not canonical
}

// RFC 7636 Appendix B's example: the challenge the provider will hold the verifier to.
BOOST_AUTO_TEST_CASE(the_pkce_challenge_is_rfc_7636s) {
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  BOOST_TEST(pkce_verifier_valid(verifier));
  BOOST_TEST(pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  BOOST_TEST(!pkce_verifier_valid(verifier.substr(0, 42)));      // too short to be unguessable
  BOOST_TEST(!pkce_verifier_valid(std::string(129, 'a')));       // longer than the RFC allows
  BOOST_TEST(!pkce_verifier_valid(verifier.substr(0, 42) + "+"));  // not unreserved
}

BOOST_AUTO_TEST_SUITE_END()
