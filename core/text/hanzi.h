#pragma once
// Pinyin readings and Traditional->Simplified forms of hanzi, from tables generated at build
// time out of Debian's data packages (tools/gen/hanzi_tables.py).
#include <cstdint>
#include <string_view>

namespace tb::text {

using SyllableId = std::uint16_t;

bool is_hanzi(char32_t c);  // CJK Unified Ideographs U+4E00..U+9FFF (the tables' range)
// Up to 3 toneless readings, most used first (ü written v: 绿 -> "lv"). Returns how many.
int readings(char32_t c, SyllableId out[3]);
std::string_view syllable_text(SyllableId id);
std::size_t syllable_count();
// The syllable exactly matching `s` (lower-case, toneless), or -1.
int find_syllable(std::string_view s);
// Simplified form of a Traditional character (證 -> 证); other characters unchanged.
char32_t to_simplified(char32_t c);

}  // namespace tb::text
