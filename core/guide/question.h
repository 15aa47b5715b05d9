#pragma once
// Reading a query as a question (docs/SEARCH.md, "Questions"): what part of a guide it asks about
// (要带什么 → materials, 在哪里办 → place, 多少钱 → fee …) and its subject, with the words that only
// carry the question (请问, 我想, 怎么办, 吗) taken out, so they never outweigh the subject
// (生小孩要办什么 is searched as 生小孩). Everything comes from the catalogue: its question forms and
// filler words, and its everyday words, which protect what they contain (身份证丢了 keeps its 了,
// 结婚证怎么办 is one of an item's names). Pinyin typed with spaces (shebaoka zenme ban) is read
// with the same words' readings.
#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "proto/guide.pb.h"

namespace tb::guide {

// Stable English keys ("materials", "place", …; "" for ASPECT_NONE) for the phone API and tests.
const char* aspect_key(proto::Aspect a);

struct Question {
  proto::Aspect aspect = proto::ASPECT_NONE;  // the first part asked about; NONE: the whole item
  // The folded query with question words and filler taken out (each gap one U+3000, so the pieces
  // around it stay apart; a one-character filler closes up instead: 生了孩子 → 生孩子) and whole
  // pinyin words of everyday words written in characters.
  std::u16string subject;
  // The subject cut at the catalogue's own words (its everyday words, items' synonyms and tags),
  // for questions whose words come in another order or with others between them than in any one
  // text (提取公积金买房 → 提取 公积金 买房); empty when that cuts nothing.
  std::u16string words;
};

class QuestionReader {
 public:
  // `item_words`: every item's synonyms and tags (the index collects them in its pass over the items).
  void build(const proto::Catalogue& head, const std::vector<std::string>& item_words);
  // `folded`: the query in the search alphabet (fold16).
  Question read(const std::u16string& folded) const;
  std::size_t memory_bytes() const;

 private:
  std::u16string cut_words(const std::u16string& subject) const;
  // A grammar phrase (question form or filler) or an everyday word, by its folded characters or
  // by the pinyin of its characters (several spellings for polyphones).
  struct Word {
    bool grammar;          // taken out; otherwise an everyday word (kept, or written in characters)
    proto::Aspect aspect;  // for question forms
    std::u16string hanzi;
  };
  std::unordered_map<std::u16string, Word> phrases_;     // grammar phrases by their characters
  std::unordered_set<std::u16string> protecting_;        // everyday words: grammar inside them stays
  std::unordered_map<std::u16string, Word> pinyin_;      // grammar and everyday words by pinyin
  std::size_t longest_phrase_ = 0, longest_protecting_ = 0;
};

}  // namespace tb::guide
