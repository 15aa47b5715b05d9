#pragma once
// Search the way people type (docs/SEARCH.md): Simplified or Traditional characters; full pinyin
// with or without spaces or tones (shenfenzheng, shen fen zheng, shēnfènzhèng); initials (sfz);
// mixed (shebao卡, shenfz); partial words; everyday words (生孩子, 身份证丢了) through the items'
// synonyms and the catalogue's query synonyms; small typos (homophones 身分证, a dropped or swapped
// letter, z/zh-style confusions). Ranked name > synonyms > materials > body, with highlights.
//
// The index is built on the device from the catalogue (no pinyin shipped in bundles): character
// postings for Chinese terms, initial-letter-pair postings for pinyin terms, then exact scoring of
// the best candidates.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "guide/question.h"
#include "guide/term_match.h"  // Highlight
#include "proto/guide.pb.h"

namespace tb::guide {

enum class Field : std::uint8_t { Name = 0, Synonym = 1, Material = 2, Body = 3 };
const char* field_name(Field f);

struct Hit {
  std::uint32_t item;    // index into the catalogue's items
  float score;
  Field field;           // where the best match was
  std::vector<Highlight> highlights;  // within the name (empty when the name did not match)
};

struct SearchOptions {
  std::size_t limit = 20;
  bool fuzzy = true;     // try typo variants when exact matching finds little
};

// A query read as a question (guide/question.h) and what its subject found.
struct Asked {
  proto::Aspect aspect = proto::ASPECT_NONE;
  bool has_subject = false;  // something searchable was left once the question's words were out
  std::vector<Hit> hits;
};

class SearchIndex {
 public:
  // `head`: the catalogue's departments and search words; the items one at a time (`item(i)`, a
  // reference valid until the next call; each asked for once, in order), so the whole parsed
  // catalogue is never needed at once.
  void build(const proto::Catalogue& head, std::size_t count,
             const std::function<const proto::ServiceItem&(std::size_t)>& item);
  void build(const proto::Catalogue& whole) {
    build(whole, static_cast<std::size_t>(whole.items_size()),
          [&](std::size_t i) -> const proto::ServiceItem& { return whole.items(static_cast<int>(i)); });
  }
  Asked ask(std::string_view query, const SearchOptions& options = {}) const;
  std::vector<Hit> search(std::string_view query, const SearchOptions& options = {}) const {
    return ask(query, options).hits;
  }
  std::size_t memory_bytes() const;
  std::size_t size() const { return doc_name_.size(); }

  // One distinct searchable text. Items share many (materials like 居民身份证, synonyms, tags),
  // so texts are stored and matched once and their scores spread to every item that has them.
  struct Text {
    std::u16string s;          // folded for search (lower-case, Simplified, half-width)
    Field kind;
    bool whole_entry = false;  // one everyday name: matching all of it is nearly a name match
  };

 private:
  struct Term {
    bool latin;             // pinyin / letters / digits; otherwise Chinese characters
    std::u16string text;
    // A guessed spelling (a typo variant): only worth scoring when its syllable reading finds
    // texts; the wide letter-pair fallback would walk most of a big catalogue for every guess.
    bool guessed = false;
  };
  std::u16string rewrite(const std::u16string& folded) const;
  std::vector<Term> parse_query(const std::u16string& folded) const;
  // Pinyin typed in another order than the name's (tqgjj, the initials of 提取公积金, for
  // 公积金提取): each long pinyin term cut in two at a syllable, the halves searched as two terms.
  void run_reordered(const std::vector<Term>& terms, std::vector<Hit>& out) const;
  // Scores every item for the terms; appends hits (item, score, field) scaled by `factor`.
  // `every_term`: only items that matched every term.
  void run(const std::vector<Term>& terms, float factor, std::vector<Hit>& out, bool every_term = false) const;
  // Texts worth scoring for a term: short texts (names, synonyms, materials), or item bodies.
  void candidate_texts(const Term& t, bool bodies, std::vector<std::uint32_t>& out) const;
  float score_text(std::uint32_t text, const Term& t) const;
  float score_bound(std::uint32_t text, const Term& t, std::size_t distinct_chars) const;
  void score_until_floor(const Term& t, std::vector<std::uint32_t>& texts, std::size_t term_docs,
                         std::uint32_t term_epoch, std::vector<std::pair<float, std::uint32_t>>& scored) const;
  float floor_of(const std::vector<std::pair<float, std::uint32_t>>& scored, std::size_t term_docs,
                 std::uint32_t term_epoch) const;
  std::vector<Highlight> highlights(std::uint32_t doc, const std::vector<Term>& terms) const;

  std::vector<Text> texts_;
  std::vector<std::uint32_t> text_doc_offsets_, text_docs_;  // text → items (CSR)
  std::vector<std::uint32_t> doc_name_;                      // item → its name text
  // Character postings: dense char id → text ids (CSR, sorted), short texts and bodies apart, so a
  // query that short texts answer well never walks the (long) body lists.
  std::vector<std::uint16_t> dense_of_char_;  // 65536 entries; 0 = character absent
  std::vector<std::uint32_t> char_offsets_, char_postings_;
  std::vector<std::uint32_t> body_char_offsets_, body_char_postings_;
  // Initial-letter pairs over name, synonym and material texts: key a*26+b (the first letters of
  // any readings of two neighbouring characters); single initials over the same texts.
  std::vector<std::uint32_t> pair_offsets_, pair_postings_;
  std::vector<std::uint32_t> initial_offsets_, initial_postings_;
  // Readings (term_match.h's reading keys: syllables, letters as themselves) → short texts, so a
  // lone syllable (zheng) walks the texts that have it, not every text with a z-initial character.
  std::vector<std::uint32_t> reading_offsets_, reading_postings_;
  // Everyday words → official word, folded.
  std::vector<std::pair<std::u16string, std::u16string>> rewrites_;
  QuestionReader questions_;
  // Scratch for one query (the index is used from one thread).
  mutable std::vector<float> text_acc_, doc_term_, doc_total_;
  mutable std::vector<std::uint32_t> text_stamp_, doc_stamp_, doc_term_stamp_;
  mutable std::vector<std::uint8_t> doc_matched_, doc_field_;
  mutable std::vector<std::uint32_t> doc_hit_;  // ask(): where an item's one hit is in the list (doc_stamp_ says since when)
  mutable std::vector<float> doc_best_;
  mutable std::vector<std::uint32_t> probe_stamp_;  // items counted while looking for the floor
  mutable std::uint32_t probe_epoch_ = 0;
  mutable std::uint32_t epoch_ = 0;
  // What one term scored (both passes of run(): short texts, then bodies), kept for the rest of one
  // ask(): its runs (as typed, rewritten, cut at words, typo variants) share most terms, and a
  // term's scored texts depend on nothing but the term (see run()). Cleared at each ask().
  struct ScoredTerm {
    std::u16string text;
    bool latin, guessed, bodies;
    std::vector<std::pair<float, std::uint32_t>> scored;
  };
  mutable std::vector<ScoredTerm> scored_terms_;
  // A fresh stamp for the epoch arrays (cleared once every 4 billion uses).
  std::uint32_t next_epoch() const;
};

}  // namespace tb::guide
