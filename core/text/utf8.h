#pragma once
// UTF-8 <-> code points. Malformed bytes never throw or crash: decode_utf8() says where they are.
#include <cstddef>
#include <string>
#include <string_view>

#include "result.h"

namespace tb::text {

// Decodes strictly (no overlongs, no surrogates, nothing above U+10FFFF). Fails with
// Fault::Malformed and the detail "byte N": where the first malformed sequence starts, counted from 1.
Result<std::u32string, Fault> decode_utf8(std::string_view s);
// Decodes leniently: each malformed byte becomes U+FFFD. For display and search of untrusted text.
std::u32string decode_utf8_lossy(std::string_view s);
void append_utf8(std::string& out, char32_t c);
std::string encode_utf8(std::u32string_view s);
// Number of code points (not bytes) in valid UTF-8; used for length limits people understand.
std::size_t count_code_points(std::string_view s);

}  // namespace tb::text
