#pragma once
// UTF-8 <-> code points. Malformed bytes never throw or crash: decode() reports where they are.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tb::text {

struct DecodeError {
  std::size_t byte_offset;  // where the first malformed sequence starts
};

// Decodes strictly (no overlongs, no surrogates, nothing above U+10FFFF).
std::optional<std::u32string> decode_utf8(std::string_view s, DecodeError* error = nullptr);
// Decodes leniently: each malformed byte becomes U+FFFD. For display and search of untrusted text.
std::u32string decode_utf8_lossy(std::string_view s);
void append_utf8(std::string& out, char32_t c);
std::string encode_utf8(std::u32string_view s);
// Number of code points (not bytes) in valid UTF-8; used for length limits people understand.
std::size_t count_code_points(std::string_view s);

}  // namespace tb::text
