// Base45, written from RFC 9285 sections 4 (encoding), 4.2 (the 45-character table) and 6
// (decoding, including which inputs are invalid).
#include "code/base45.h"

#include <cstdint>
#include <cstdio>

namespace tb::code {
namespace {

// RFC 9285 section 4.2, values 0..44 in order.
constexpr char kAlphabet[46] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

// Character -> value, or -1 for characters outside the table.
struct DecodeTable {
  std::int8_t value[256];
  constexpr DecodeTable() : value() {
    for (int i = 0; i < 256; ++i) value[i] = -1;
    for (int i = 0; i < 45; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
};
constexpr DecodeTable kDecode;

std::string describe_char(unsigned char c) {
  char buf[32];
  if (c >= 0x21 && c < 0x7f)
    std::snprintf(buf, sizeof buf, "'%c' (0x%02X)", c, c);
  else
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

}  // namespace

std::string base45_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() / 2 * 3 + (bytes.size() % 2) * 2);
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned n = static_cast<unsigned char>(bytes[i]) * 256u + static_cast<unsigned char>(bytes[i + 1]);
    out += kAlphabet[n % 45];
    n /= 45;
    out += kAlphabet[n % 45];
    out += kAlphabet[n / 45];  // n <= 65535 / 45 = 1456, so n / 45 <= 32
  }
  if (i < bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]);
    out += kAlphabet[n % 45];
    out += kAlphabet[n / 45];  // <= 5
  }
  return out;
}

Result<std::string, Fault> base45_decode(std::string_view text) {
  // Alphabet first, so a stray character is reported where it is even if the length is also wrong.
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kDecode.value[c] < 0)
      return {Fault::Malformed, "Base45: invalid character " + describe_char(c) + " at offset " + std::to_string(i) +
                                    " (allowed: 0-9 A-Z space $ % * + - . / :)"};
  }
  if (text.size() % 3 == 1)
    return {Fault::Malformed, "Base45: dangling single character at offset " + std::to_string(text.size() - 1) +
                                  " (length " + std::to_string(text.size()) +
                                  " leaves 1 character after the last full group)"};
  std::string out;
  out.reserve(text.size() / 3 * 2 + (text.size() % 3 == 2 ? 1 : 0));
  auto v = [&](std::size_t i) { return static_cast<std::uint32_t>(kDecode.value[static_cast<unsigned char>(text[i])]); };
  std::size_t i = 0;
  for (; i + 3 <= text.size(); i += 3) {
    const std::uint32_t n = v(i) + v(i + 1) * 45 + v(i + 2) * 45 * 45;
    if (n > 0xFFFF)
      return {Fault::Malformed, "Base45: 3-character group at offset " + std::to_string(i) + " (\"" +
                                    std::string(text.substr(i, 3)) + "\") has value " + std::to_string(n) +
                                    ", more than 65535"};
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  }
  if (i < text.size()) {  // exactly two characters remain
    const std::uint32_t n = v(i) + v(i + 1) * 45;
    if (n > 0xFF)
      return {Fault::Malformed, "Base45: final 2-character group at offset " + std::to_string(i) + " (\"" +
                                    std::string(text.substr(i, 2)) + "\") has value " + std::to_string(n) +
                                    ", more than 255"};
    out += static_cast<char>(n);
  }
  return out;
}

}  // namespace tb::code
