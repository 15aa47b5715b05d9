#pragma once
// How one query term matches one searchable text (docs/SEARCH.md), for the search index
// (guide/search.h): pinyin typed in full, as initials or mixed (shenfenzheng, sfz, shenfz) against
// the readings of Chinese characters, and Chinese terms against characters (substring, shared
// bigrams, homophones for typos like 身分证). Texts are in the search alphabet: folded UTF-16, one
// unit per character.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tb::guide {

// Where a term matched in a text, in code points (the item's name, for highlighting).
struct Highlight {
  std::uint16_t start;
  std::uint16_t length;
};

// A match: where, and how good (0 = none, 1 = exact).
struct Span {
  int start = -1, length = 0;
  float quality = 0;
};

constexpr std::size_t kMaxLatin = 60;  // letters per pinyin term (the matcher's bit masks are 64 wide)

inline bool is_letter(char16_t c) { return c >= u'a' && c <= u'z'; }
inline bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

// Folds UTF-8 into the search alphabet (lower-case, Simplified, half-width); characters outside the
// BMP, never in catalogue names, become U+FFFD and match nothing.
std::u16string fold16(std::string_view utf8);

// Bit per first letter of the character's readings (a = bit 0); letters are their own initial.
std::uint32_t initials_mask(char16_t c);
// Is `p` (letters) a prefix of some pinyin syllable?
bool is_syllable_prefix(std::u16string_view p);
// Keys for postings by reading: one per pinyin syllable, then one per letter read as itself.
std::size_t reading_key_count();
// The keys of a character's readings (at most 3; digits and other characters have none).
int reading_keys(char16_t c, std::uint32_t out[3]);
// The reading keys a character needs for a lone syllable prefix `p` ("zheng", "zhe") to match it
// whole: the syllables beginning with `p`, and the letter p[0] read as itself.
std::vector<std::uint32_t> keys_of_syllables_starting(std::u16string_view p);
// Is `p` (letters) one whole pinyin syllable?
bool is_syllable(std::u16string_view p);
// Where syllables start when `w` is read greedily as the longest syllables (letters that start no
// syllable stand alone, as initials do): "shenfenzheng" → 0,4,7; "sfz" → 0,1,2.
std::vector<std::size_t> greedy_syllable_starts(std::u16string_view w);
// The spellings one common slip away from `w` (a letter dropped, doubled or swapped; z/zh, n/ng,
// l/n, h/f, a vowel left out) that still read as pinyin, sorted, without `w` itself.
std::vector<std::u16string> pinyin_typo_variants(const std::u16string& w);

// Best pinyin match of `q` (letters/digits, at most kMaxLatin) anywhere in `f`. Quality: 1.0 when
// every character consumed a whole syllable (full pinyin), 0.95 when each consumed one letter
// (initials), 0.85 for a mix (shenfz).
Span best_latin_match(std::u16string_view f, std::u16string_view q);
// Chinese term against a text: exact substring (1.0); else the share of the term's bigrams found
// (0.75 x share, at least half); else a homophone match (0.7). Appends what matched to `marks`.
Span match_hanzi(std::u16string_view f, std::u16string_view t, std::vector<Highlight>* marks);

}  // namespace tb::guide
