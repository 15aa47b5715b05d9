#pragma once
// What people really type, folded to one form: full-width IME digits and letters, ideographic
// spaces, upper/lower case, tone marks, Traditional characters.
#include <string>
#include <string_view>

namespace tb::text {

// Full-width ASCII (U+FF01..U+FF5E) -> ASCII; ideographic space (U+3000) -> ' '.
char32_t fold_width(char32_t c);
// Tone-marked vowels -> plain (ā -> a; ü and its toned forms -> v, the way pinyin IMEs spell it).
char32_t strip_tone_mark(char32_t c);
// For search: fold_width, ASCII lower-case, tone marks stripped, Traditional -> Simplified.
char32_t fold_for_search(char32_t c);
std::u32string fold_for_search(std::u32string_view s);
// For identity fields: width folded, all whitespace and dashes removed, letters upper-cased.
std::string compact_upper(std::string_view utf8);

}  // namespace tb::text
