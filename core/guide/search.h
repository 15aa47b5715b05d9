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
#include <string>
#include <string_view>
#include <vector>

#include "proto/guide.pb.h"

namespace tb::guide {

enum class Field : std::uint8_t { Name = 0, Synonym = 1, Material = 2, Body = 3 };
const char* field_name(Field f);

struct Highlight {
  std::uint16_t start;   // in code points of the item's name
  std::uint16_t length;
};

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

class SearchIndex {
 public:
  void build(const proto::Catalogue& catalogue);
  std::vector<Hit> search(std::string_view query, const SearchOptions& options = {}) const;
  std::size_t memory_bytes() const;
  std::size_t size() const { return docs_.size(); }

  struct FieldText {
    Field kind;
    std::u16string text;  // folded for search (lower-case, Simplified, half-width)
    bool whole_entry = false;  // one everyday name: matching all of it is nearly a name match
  };
  struct Doc {
    std::vector<FieldText> fields;  // Name first
    std::uint16_t name_length;
  };

 private:
  struct Term {
    bool latin;             // pinyin / letters / digits; otherwise Chinese characters
    std::u16string text;
  };
  struct Scored {
    float score;
    Field field;
    std::vector<Highlight> highlights;
  };
  std::u16string fold_query(std::string_view query) const;
  std::u16string rewrite(const std::u16string& folded) const;
  std::vector<Term> parse_query(const std::u16string& folded) const;
  void collect(const std::vector<Term>& terms, std::vector<std::uint32_t>& candidates) const;
  bool score_doc(std::uint32_t doc, const std::vector<Term>& terms, Scored* out) const;
  std::vector<Hit> run(const std::vector<Term>& terms, float factor) const;

  std::vector<Doc> docs_;
  // Character postings: for dense char id c, entries [char_offsets_[c], char_offsets_[c+1]) of
  // char_postings_, each (doc << 2 | field), sorted, one per (doc, field).
  std::vector<std::uint16_t> dense_of_char_;  // 65536 entries; 0 = character absent
  std::vector<std::uint32_t> char_offsets_;
  std::vector<std::uint32_t> char_postings_;
  // Initial-letter pairs over name, synonym and material fields: key a*26+b (a, b: the first
  // letters of any reading of two neighbouring characters); and single initials over names.
  std::vector<std::uint32_t> pair_offsets_;
  std::vector<std::uint32_t> pair_postings_;
  std::vector<std::uint32_t> initial_offsets_;
  std::vector<std::uint32_t> initial_postings_;
  // Everyday words → official word, folded.
  std::vector<std::pair<std::u16string, std::u16string>> rewrites_;
  mutable std::vector<float> prescore_;        // scratch, one per doc
  mutable std::vector<std::uint32_t> stamp_;   // scratch, one per doc
  mutable std::uint32_t epoch_ = 0;
};

}  // namespace tb::guide
