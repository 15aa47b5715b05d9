// A device's signed request to the intake (core/seal/request_signature.h, docs/INTAKE.md): what it
// binds (method, target, time, body, key) and every refusal; and base64 at its edge (an empty
// value, which once reached libsodium as a null pointer).
#include <boost/test/unit_test.hpp>

#include "crypto/keys.h"
#include "seal/request_signature.h"

using namespace tb;
using seal::RequestError;

namespace {

crypto::KeyPair device(unsigned char b, crypto::KeyKind kind = crypto::KeyKind::Device) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(kind, "dev", s);
}

int verify(const seal::RequestSignature& h, const crypto::KeyPair& k, std::string_view method, std::string_view target,
           std::string_view body, std::int64_t now) {
  return int(seal::verify_request(h, k.public_key, method, target, body, now, 600).reason());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_signature)

BOOST_AUTO_TEST_CASE(binds_method_target_time_body_and_key) {
  const auto k = device(1), other = device(2);
  const std::string target = "/api/v1/uploads/0123456789abcdef0123456789abcdef?offset=0";
  const auto h = seal::sign_request(k, "PUT", target, 1'700'000'000, "piece");
  BOOST_TEST(h.device == k.id.hex());
  BOOST_TEST(h.time == "1700000000");
  BOOST_TEST(verify(h, k, "PUT", target, "piece", 1'700'000'000) == int(RequestError::None));
  // A proxy may mount the API under a prefix: the target is signed from "/api/" on.
  BOOST_TEST(verify(h, k, "PUT", "/intake" + target, "piece", 1'700'000'000) == int(RequestError::None));
  BOOST_TEST(verify(h, k, "POST", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
  BOOST_TEST(verify(h, k, "PUT", "/api/v1/uploads/0123456789abcdef0123456789abcdef?offset=5", "piece", 1'700'000'000) ==
             int(RequestError::BadSignature));
  BOOST_TEST(verify(h, k, "PUT", target, "piecE", 1'700'000'000) == int(RequestError::BadSignature));
  // Another key presenting the headers: not the device's key.
  BOOST_TEST(verify(h, other, "PUT", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
  // Signed by another key in this device's name.
  auto forged = seal::sign_request(other, "PUT", target, 1'700'000'000, "piece");
  forged.device = h.device;
  BOOST_TEST(verify(forged, k, "PUT", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
}

BOOST_AUTO_TEST_CASE(time_window_and_malformed_headers) {
  const auto k = device(3);
  const auto h = seal::sign_request(k, "GET", "/api/v1/health", 1'000'000, "");
  BOOST_TEST(verify(h, k, "GET", "/api/v1/health", "", 1'000'600) == int(RequestError::None));
  BOOST_TEST(verify(h, k, "GET", "/api/v1/health", "", 1'000'601) == int(RequestError::Stale));
  BOOST_TEST(verify(h, k, "GET", "/api/v1/health", "", 999'399) == int(RequestError::Stale));
  auto bad = h;
  bad.signature.clear();
  BOOST_TEST(verify(bad, k, "GET", "/api/v1/health", "", 1'000'000) == int(RequestError::Unsigned));
  for (const char* t : {"01000000", "-1000000", "1e6", "10000000000000", " 1000000"}) {
    bad = h;
    bad.time = t;
    BOOST_TEST(verify(bad, k, "GET", "/api/v1/health", "", 1'000'000) == int(RequestError::Malformed), t);
  }
  bad = h;
  bad.device = "ABCDEF0123456789";  // upper case is not how a key id is written
  BOOST_TEST(verify(bad, k, "GET", "/api/v1/health", "", 1'000'000) == int(RequestError::Malformed));
  bad = h;
  bad.signature = "AAAA";
  BOOST_TEST(verify(bad, k, "GET", "/api/v1/health", "", 1'000'000) == int(RequestError::Malformed));
  bad = h;
  bad.signature = "not base64!";
  BOOST_TEST(verify(bad, k, "GET", "/api/v1/health", "", 1'000'000) == int(RequestError::Malformed));
}

BOOST_AUTO_TEST_CASE(empty_base64_decodes_to_nothing) {
  const auto empty = crypto::from_base64("");
  BOOST_REQUIRE(empty);
  BOOST_TEST(empty->empty());
  BOOST_TEST(!crypto::from_base64("="));
  const auto one = crypto::from_base64("AA==");
  BOOST_REQUIRE(one);
  BOOST_TEST(one->size() == 1u);
}

// A device with an SM2 key (the 国密 suite) signs with SM2 over the sm message (its own domain,
// SM3 of the body); the same binding holds, and neither suite's signature passes for the other's.
BOOST_AUTO_TEST_CASE(sm2_device_keys) {
  const auto k = device(5, crypto::KeyKind::Sm2Device), other = device(6, crypto::KeyKind::Sm2Device), ed = device(5);
  const std::string target = "/api/v1/uploads/0123456789abcdef0123456789abcdef?offset=0";
  const auto h = seal::sign_request(k, "PUT", target, 1'700'000'000, "piece");
  BOOST_TEST(h.device == k.id.hex());
  BOOST_TEST(verify(h, k, "PUT", target, "piece", 1'700'000'000) == int(RequestError::None));
  BOOST_TEST(verify(h, k, "PUT", target, "piecE", 1'700'000'000) == int(RequestError::BadSignature));
  BOOST_TEST(verify(h, k, "POST", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
  BOOST_TEST(verify(h, other, "PUT", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
  BOOST_TEST(seal::request_message("PUT", target, "1", "piece", true) != seal::request_message("PUT", target, "1", "piece"));
  // An Ed25519 signature presented for the SM2 key's id: refused.
  auto forged = seal::sign_request(ed, "PUT", target, 1'700'000'000, "piece");
  forged.device = h.device;
  BOOST_TEST(verify(forged, k, "PUT", target, "piece", 1'700'000'000) == int(RequestError::BadSignature));
}

BOOST_AUTO_TEST_SUITE_END()
