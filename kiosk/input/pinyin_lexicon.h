#pragma once
// A small pinyin engine over a lexicon of weighted words (the browser kiosk's pinyin: neither
// libgooglepinyin's nor librime's source can be built for WebAssembly here, see docs/BUILDING.md).
// The lexicon is googlepinyin's own Android one as Debian's rime-data-pinyin-simp ships it, cut by
// tools/gen/pinyin_lexicon.py into lines of `词<TAB>ci yu<TAB>weight`, so both builds rank from the
// same data; tests/input/test_pinyin_agreement.cpp measures how far their candidates agree.
//
// What it understands, as the kiosk's keyboard produces it: full pinyin (zhangsan), initials
// (zg, sfz, zh/ch/sh), unfinished syllables (zhon), ' between syllables (xi'an), v for ü (lv, nve).
// Candidates come as googlepinyin gives them: the best sentence for everything typed first, then
// words for the longest run of syllables from the start down to single characters; each says how
// many letters it converts, so the rest can be searched again after it is chosen.
//
// Pure: no I/O; the caller hands in the lexicon's bytes and holds the engine. It keeps no query
// text between calls (what someone types is theirs: app::PersonState holds it).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace tb::kiosk::input {

struct PinyinCandidate {
  std::string text;         // UTF-8
  std::size_t letters = 0;  // how many letters (from the start of the query) it converts
};

class PinyinLexicon {
 public:
  // Reads the generated lexicon; a malformed one is refused with the line and what is wrong.
  static Result<PinyinLexicon, Fault> parse(std::string_view tsv);

  // Candidates for what has been typed (letters a-z and '), best first, at most `max`.
  std::vector<PinyinCandidate> candidates(std::string_view letters, std::size_t max) const;
  // What may follow `history` (its last character): the rest of the lexicon's words that start
  // with it, most frequent first.
  std::vector<std::string> predictions(std::string_view history, std::size_t max) const;

  std::size_t words() const { return words_.size(); }

 private:
  struct Word {
    std::uint32_t text = 0;      // offset into text_
    std::uint8_t text_len = 0;   // bytes
    std::uint8_t syllables = 0;  // 1..kMaxSyllables
    std::uint16_t syllable[4] = {};
    std::uint32_t weight = 0;
    char32_t first = 0;          // its first character (predictions)
  };
  static constexpr std::size_t kMaxSyllables = 4;
  struct Token;
  struct Segmentation;

  std::string_view text_of(const Word& w) const { return std::string_view(text_).substr(w.text, w.text_len); }
  std::vector<Segmentation> segment(std::string_view letters) const;
  Token token_for(std::string_view piece, int* cost) const;
  template <class Visit>
  void words_at(const Segmentation& s, std::size_t from, Visit visit) const;
  void sentence(const Segmentation& s, std::vector<PinyinCandidate>& out) const;

  std::string text_;                           // every word's UTF-8, back to back
  std::vector<Word> words_;                    // by first syllable, then heaviest first
  std::vector<std::string> syllable_names_;    // id → "zhang"
  std::vector<std::uint32_t> bucket_;          // first syllable id → first word; one past the end last
  std::vector<std::uint32_t> by_first_char_;   // word indices by first character, heaviest first
  double log_total_ = 0;                       // log of the sum of weights (sentence scores)
};

}  // namespace tb::kiosk::input
