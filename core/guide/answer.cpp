#include "guide/answer.h"

#include <algorithm>
#include <map>

#include "text/hanzi.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace tb::guide {
namespace {

// Below this score the best item is a guess, not an answer (a single shared character, a body
// mention): the question is treated as unanswered and life events are offered instead.
constexpr float kFits = 0.3f;
constexpr std::size_t kLifeEvents = 4;

bool searchable(char32_t c) {
  c = text::fold_for_search(c);
  return text::is_hanzi(c) || (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9');
}

// The life events of the items that came closest, weighted by their scores; without any, the
// life events with the most items (where most people's business is).
std::vector<Category> closest_life_events(const Guides& g, const std::vector<Hit>& hits) {
  std::map<std::string, float> weight;
  for (std::size_t i = 0; i < hits.size() && i < 10; ++i)
    if (const auto it = g.item_at(static_cast<int>(hits[i].item)))
      for (const auto& e : it->life_events()) weight[e] += hits[i].score;
  const GuideHomeView home = home_view(g);
  std::vector<Category> events = home.life_events;
  std::stable_sort(events.begin(), events.end(), [&](const Category& a, const Category& b) {
    const float wa = weight.count(a.id) ? weight[a.id] : 0, wb = weight.count(b.id) ? weight[b.id] : 0;
    return wa != wb ? wa > wb : a.count > b.count;
  });
  if (events.size() > kLifeEvents) events.resize(kLifeEvents);
  return events;
}

// Copies the section asked about from the item page's view-model: the same words, nothing added.
void quote_section(const ItemDetailView& d, AnswerView& a) {
  switch (a.asks) {
    case proto::ASPECT_MATERIALS: a.materials = d.materials; break;
    case proto::ASPECT_PLACE: a.halls = d.halls; break;
    case proto::ASPECT_TIME: a.time_limit = d.time_limit; break;
    case proto::ASPECT_FEE: a.fee = d.fee; break;
    case proto::ASPECT_ONLINE: a.channels = d.channels; break;
    case proto::ASPECT_CONDITIONS: a.conditions = d.conditions; break;
    case proto::ASPECT_STEPS: a.steps = d.steps; break;
    default: break;
  }
}

}  // namespace

const char* unanswered_key(Unanswered u) {
  switch (u) {
    case Unanswered::None: return "";
    case Unanswered::Empty: return "empty";
    case Unanswered::NoSubject: return "no-subject";
    case Unanswered::TooLong: return "too-long";
    case Unanswered::NoMatch: return "no-match";
  }
  return "";
}

AnswerView answer_view(const Guides& g, const std::string& query, std::size_t limit) {
  AnswerView a;
  a.query = query;
  const std::u32string cps = text::decode_utf8_lossy(query);
  if (cps.size() > kMaxQuestionChars) {
    a.unanswered = Unanswered::TooLong;
    a.life_events = closest_life_events(g, {});
    return a;
  }
  if (std::none_of(cps.begin(), cps.end(), searchable)) {
    a.unanswered = Unanswered::Empty;
    a.life_events = closest_life_events(g, {});
    return a;
  }
  const Asked asked = g.ask(query, std::max<std::size_t>(limit, 1));
  for (const auto& h : asked.hits) {
    ItemSummary s = summary_of(g, static_cast<int>(h.item));
    s.highlights = h.highlights;
    s.score = h.score;
    a.items.push_back(std::move(s));
  }
  if (!asked.has_subject || asked.hits.empty() || asked.hits.front().score < kFits) {
    a.unanswered = asked.has_subject ? Unanswered::NoMatch : Unanswered::NoSubject;
    a.life_events = closest_life_events(g, asked.hits);
    return a;
  }
  a.item = a.items.front();
  a.asks = asked.aspect;
  if (a.asks != proto::ASPECT_NONE) quote_section(detail_view(g, a.item.id), a);
  a.online = a.item.online;
  return a;
}

}  // namespace tb::guide
