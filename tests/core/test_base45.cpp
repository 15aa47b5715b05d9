// Base45 (RFC 9285): the RFC's own examples, random round trips, and every way decoding must refuse.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

#include "code/base45.h"
#include "code/qr.h"

using namespace tb::code;

namespace {

std::string must_decode(const std::string& text) {
  const auto r = base45_decode(text);
  BOOST_REQUIRE_MESSAGE(r.has_value(), "decode of \"" << text << "\" failed: " << r.describe());
  return *r;
}

// Decoding must fail, and the message must mention `what` and "offset <offset>".
void must_refuse(const std::string& text, const std::string& what, std::size_t offset) {
  const auto r = base45_decode(text);
  BOOST_CHECK_MESSAGE(!r.has_value(), "\"" << text << "\" should be refused");
  BOOST_CHECK(r.reason() == tb::Fault::Malformed);
  const std::string& error = r.detail();
  BOOST_CHECK_MESSAGE(error.find(what) != std::string::npos, "error for \"" << text << "\" lacks '" << what << "': " << error);
  const std::string at = "offset " + std::to_string(offset);
  BOOST_CHECK_MESSAGE(error.find(at) != std::string::npos, "error for \"" << text << "\" lacks '" << at << "': " << error);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(base45)

BOOST_AUTO_TEST_CASE(rfc_examples) {
  // RFC 9285 sections 4.3 and 4.4.
  const std::pair<std::string, std::string> examples[] = {
      {"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"}, {"ietf!", "QED8WEX0"}};
  for (const auto& [bytes, text] : examples) {
    BOOST_CHECK_EQUAL(base45_encode(bytes), text);
    BOOST_CHECK_EQUAL(must_decode(text), bytes);
  }
}

BOOST_AUTO_TEST_CASE(empty_and_edges) {
  BOOST_CHECK_EQUAL(base45_encode(""), "");
  BOOST_CHECK_EQUAL(must_decode(""), "");
  // Extremes of each group: 0x0000 -> "000", 0xFFFF -> "FGW" (65535 = 15 + 16*45 + 32*2025),
  // single 0x00 -> "00", single 0xFF -> "U5" (255 = 30 + 5*45).
  BOOST_CHECK_EQUAL(base45_encode(std::string(2, '\0')), "000");
  BOOST_CHECK_EQUAL(base45_encode("\xFF\xFF"), "FGW");
  BOOST_CHECK_EQUAL(base45_encode(std::string(1, '\0')), "00");
  BOOST_CHECK_EQUAL(base45_encode("\xFF"), "U5");
  BOOST_CHECK_EQUAL(must_decode("FGW"), "\xFF\xFF");
  BOOST_CHECK_EQUAL(must_decode("U5"), "\xFF");
  BOOST_CHECK_EQUAL(must_decode("000"), std::string(2, '\0'));
  // Every byte value alone and every byte value in both positions of a pair.
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    BOOST_REQUIRE_EQUAL(must_decode(base45_encode(one)), one);
    for (int b = 0; b < 256; b += 17) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      BOOST_REQUIRE_EQUAL(must_decode(base45_encode(two)), two);
    }
  }
}

BOOST_AUTO_TEST_CASE(output_is_qr_alphanumeric) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::string text = base45_encode(all);
  BOOST_CHECK_EQUAL(text.size(), 384u);
  BOOST_CHECK(qr_mode(text) == QrMode::Alphanumeric);
}

BOOST_AUTO_TEST_CASE(random_round_trips) {
  std::mt19937 rng(45);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t len = 0; len <= 300; ++len) {
    for (int rep = 0; rep < 4; ++rep) {
      std::string bytes(len, '\0');
      for (auto& c : bytes) c = static_cast<char>(byte(rng));
      const std::string text = base45_encode(bytes);
      BOOST_REQUIRE_EQUAL(text.size(), len / 2 * 3 + (len % 2) * 2);
      BOOST_REQUIRE_EQUAL(must_decode(text), bytes);
    }
  }
}

BOOST_AUTO_TEST_CASE(refuses_characters_outside_the_alphabet) {
  must_refuse("bB8", "invalid character 'b'", 0);  // lower case is not in the table
  must_refuse("BB8a", "invalid character 'a'", 3);
  must_refuse("%69 VD92EX=", "invalid character '='", 10);
  must_refuse(std::string("BB\0", 3), "byte 0x00", 2);
  must_refuse("BB8\n", "byte 0x0A", 3);  // scanners append CR/LF; the caller must strip it
  must_refuse("BB\t", "byte 0x09", 2);
  must_refuse("BB\xC3\xA9", "byte 0xC3", 2);  // UTF-8
  must_refuse("QED8WEX_", "invalid character '_'", 7);
  // Every byte outside the 45 characters is refused in every position of a group.
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  for (int c = 0; c < 256; ++c) {
    if (alphabet.find(static_cast<char>(c)) != std::string::npos) continue;
    for (std::size_t pos = 0; pos < 3; ++pos) {
      std::string text = "000";
      text[pos] = static_cast<char>(c);
      const auto r = base45_decode(text);
      BOOST_REQUIRE(!r.has_value());
      BOOST_REQUIRE(r.detail().find("offset " + std::to_string(pos)) != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(refuses_dangling_character) {
  must_refuse("B", "dangling single character", 0);
  must_refuse("BB8B", "dangling single character", 3);
  must_refuse("UJCLQE7W581AB", "dangling single character", 12);
  for (std::size_t len = 1; len < 40; len += 3) must_refuse(std::string(len, '0'), "dangling", len - 1);
}

BOOST_AUTO_TEST_CASE(refuses_triplets_over_65535) {
  // "GGW" = 16 + 16*45 + 32*2025 = 65536, the smallest invalid triplet; ":::" = 44*(1+45+2025) = 91124.
  must_refuse("GGW", "has value 65536", 0);
  must_refuse(":::", "has value 91124", 0);
  must_refuse("BB8GGW", "has value 65536", 3);
  must_refuse("BB8:::U5", "more than 65535", 3);
  must_refuse("0X:", "more than 65535", 0);  // 0 + 33*45 + 44*2025 = 90585
  // Exhaustive over all 45^3 triplets: valid exactly when the value is <= 65535.
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  int valid = 0;
  for (int c = 0; c < 45; ++c)
    for (int d = 0; d < 45; ++d)
      for (int e = 0; e < 45; ++e) {
        const std::string t{alphabet[c], alphabet[d], alphabet[e]};
        const bool ok = base45_decode(t).has_value();
        BOOST_REQUIRE_EQUAL(ok, c + d * 45 + e * 2025 <= 65535);
        valid += ok;
      }
  BOOST_CHECK_EQUAL(valid, 65536);
}

BOOST_AUTO_TEST_CASE(refuses_pairs_over_255) {
  // "16" = 1 + 6*45 = 271; "V5" = 31 + 5*45 = 256, the smallest invalid pair; "::" = 44*46 = 2024.
  must_refuse("V5", "has value 256", 0);
  must_refuse("16", "has value 271", 0);
  must_refuse("::", "more than 255", 0);
  must_refuse("BB8V5", "final 2-character group", 3);
  int valid = 0;
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  for (int c = 0; c < 45; ++c)
    for (int d = 0; d < 45; ++d) {
      const bool ok = base45_decode(std::string{alphabet[c], alphabet[d]}).has_value();
      BOOST_REQUIRE_EQUAL(ok, c + d * 45 <= 255);
      valid += ok;
    }
  BOOST_CHECK_EQUAL(valid, 256);
}

BOOST_AUTO_TEST_SUITE_END()
