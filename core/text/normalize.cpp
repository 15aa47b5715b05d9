#include "text/normalize.h"

#include "text/hanzi.h"
#include "text/utf8.h"

namespace tb::text {

char32_t fold_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
  if (c == 0x3000) return U' ';
  return c;
}

char32_t strip_tone_mark(char32_t c) {
  switch (c) {
    case U'ā': case U'á': case U'ǎ': case U'à': return U'a';
    case U'ē': case U'é': case U'ě': case U'è': return U'e';
    case U'ī': case U'í': case U'ǐ': case U'ì': return U'i';
    case U'ō': case U'ó': case U'ǒ': case U'ò': return U'o';
    case U'ū': case U'ú': case U'ǔ': case U'ù': return U'u';
    case U'ü': case U'ǖ': case U'ǘ': case U'ǚ': case U'ǜ': return U'v';
    case U'ń': case U'ň': case U'ǹ': return U'n';
    default: return c;
  }
}

char32_t fold_for_search(char32_t c) {
  c = fold_width(c);
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c < 0x80) return c;
  c = strip_tone_mark(c);
  return to_simplified(c);
}

std::u32string fold_for_search(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) out.push_back(fold_for_search(c));
  return out;
}

std::string compact_upper(std::string_view utf8) {
  std::string out;
  for (char32_t c : decode_utf8_lossy(utf8)) {
    c = fold_width(c);
    if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'-' || c == U'\u2010' ||
        c == U'\u2013' || c == U'\u2014' || c == U'\u2212' || c == U'\u00A0')
      continue;
    if (c >= U'a' && c <= U'z') c -= 32;
    append_utf8(out, c);
  }
  return out;
}

}  // namespace tb::text
