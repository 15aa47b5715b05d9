#pragma once
// Answers to questions (docs/SEARCH.md, "Questions"): the view-model the phone's and the kiosk's
// search screens draw above their result list. When a question asks about one part of a guide
// (要带什么 → materials) the answer is that section of the best item, quoted from the catalogue
// as the item page shows it, with the item's name and id (a link to the whole item). Nothing is
// composed: every text is the catalogue's own. When nothing fits, it says why and offers the life
// events closest to what was asked.
#include <cstddef>
#include <string>
#include <vector>

#include "guide/views.h"

namespace tb::guide {

inline constexpr std::size_t kMaxQuestionChars = 200;  // longer: refused (TooLong), not searched

enum class Unanswered {
  None,      // answered: `item` (and the section asked about, if any)
  Empty,     // nothing searchable: empty, only punctuation, emoji or control characters
  NoSubject, // only question words (要带什么): what it is about is missing
  TooLong,   // over kMaxQuestionChars characters
  NoMatch,   // nothing in the catalogue fits
};
const char* unanswered_key(Unanswered u);  // "", "empty", "no-subject", "too-long", "no-match"

struct AnswerView {
  std::string query;
  Unanswered unanswered = Unanswered::None;
  proto::Aspect asks = proto::ASPECT_NONE;  // the section quoted below; NONE: the whole item
  ItemSummary item;                         // the best item (its id links to the whole item)
  // The section asked about, quoted from the item (only the one asked about is filled).
  std::vector<MaterialView> materials;
  std::vector<HallView> halls;
  std::vector<std::string> conditions;
  std::vector<StepView> steps;
  std::string time_limit, fee, channels;    // as the item page shows them
  bool online = false;                      // with `channels`: can it be done online
  std::vector<ItemSummary> items;           // every result, best first (item included)
  std::vector<Category> life_events;        // when unanswered: the closest life events
};

AnswerView answer_view(const Guides& g, const std::string& query, std::size_t limit = 20);

}  // namespace tb::guide
