#include "guide/search.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "guide/term_match.h"
#include "text/hanzi.h"

// Querying the index (docs/SEARCH.md): the query parsed into terms, candidate texts from the
// postings, exact scoring of the best of them, item scores, typo variants, highlights. Building the
// index is search_index.cpp; matching one term against one text, term_match.cpp.
namespace tb::guide {
namespace {

constexpr float kFieldWeight[4] = {1.0f, 0.8f, 0.5f, 0.3f};
constexpr float kRewritten = 0.95f;  // everyday words replaced by the official word
constexpr float kCut = 0.9f;         // a question cut into the catalogue's words
// Items enough for one term: once this many matched it, texts scoring lower are not looked at.
constexpr std::size_t kEnoughItems = 64;

}  // namespace

// Everyday words replaced by the official word (身份证丢了 → 身份证补领).
std::u16string SearchIndex::rewrite(const std::u16string& folded) const {
  std::u16string q = folded;
  for (const auto& [word, means] : rewrites_) {
    for (std::size_t p = q.find(word); p != std::u16string::npos; p = q.find(word, p + means.size()))
      q.replace(p, word.size(), means);
  }
  return q;
}
std::vector<SearchIndex::Term> SearchIndex::parse_query(const std::u16string& q) const {
  std::vector<Term> terms;
  bool last_was_latin_then_space = false;
  for (std::size_t i = 0; i < q.size();) {
    const char16_t c = q[i];
    if (is_letter(c)) {
      std::u16string run;
      while (i < q.size() && (is_letter(q[i]) || q[i] == u'\'' || (is_digit(q[i]) && !run.empty()))) {
        // Digits 1-5 right after letters are tone numbers (shen1fen4): dropped; apostrophes too.
        if (is_letter(q[i])) run.push_back(q[i]);
        ++i;
      }
      if (run.size() > kMaxLatin) run.resize(kMaxLatin);
      // Pinyin typed with spaces ("shen fen zheng") is one term.
      if (last_was_latin_then_space && !terms.empty() && terms.back().latin &&
          terms.back().text.size() + run.size() <= kMaxLatin)
        terms.back().text += run;
      else
        terms.push_back({true, run});
      last_was_latin_then_space = false;
      while (i < q.size() && q[i] == u' ') ++i, last_was_latin_then_space = true;
      continue;
    }
    last_was_latin_then_space = false;
    if (text::is_hanzi(c) || is_digit(c)) {
      std::u16string run;
      const bool digits = is_digit(c);
      while (i < q.size() && (digits ? is_digit(q[i]) : text::is_hanzi(q[i]))) run.push_back(q[i++]);
      if (run.size() > 32) run.resize(32);
      terms.push_back({false, run});
      continue;
    }
    ++i;  // separators: spaces, punctuation
  }
  if (terms.size() > 6) terms.resize(6);
  return terms;
}

std::uint32_t SearchIndex::next_epoch() const {
  if (++epoch_ == 0) {  // wrapped: clear the stamps once every 4 billion uses
    std::fill(text_stamp_.begin(), text_stamp_.end(), 0);
    std::fill(doc_stamp_.begin(), doc_stamp_.end(), 0);
    std::fill(doc_term_stamp_.begin(), doc_term_stamp_.end(), 0);
    epoch_ = 1;
  }
  return epoch_;
}

void SearchIndex::candidate_texts(const Term& t, bool bodies, std::vector<std::uint32_t>& out) const {
  out.clear();
  next_epoch();
  auto touch = [&](std::uint32_t ti, float add) {
    if (text_stamp_[ti] != epoch_) {
      text_stamp_[ti] = epoch_;
      text_acc_[ti] = 0;
      out.push_back(ti);
    }
    text_acc_[ti] += add;
  };
  if (t.latin && bodies) return;  // pinyin is matched against short texts only
  if (t.latin) {
    const int a = t.text[0] - u'a';
    // One letter: every text with a character of that initial.
    if (t.text.size() == 1) {
      for (std::uint32_t p = initial_offsets_[a]; p < initial_offsets_[a + 1]; ++p) touch(initial_postings_[p], 1);
      return;
    }
    // A lone syllable or the start of one ("zheng", "zhe"): it means that syllable — or two whole
    // syllables read together (xian as xi'an) — never a run of initials (z-h-e-n-g).
    if (is_syllable_prefix(t.text)) {
      for (std::uint32_t k : keys_of_syllables_starting(t.text))
        for (std::uint32_t p = reading_offsets_[k]; p < reading_offsets_[k + 1]; ++p) touch(reading_postings_[p], 1);
      for (std::size_t k = 1; k + 1 < t.text.size(); ++k) {
        const std::u16string_view w(t.text);
        if (!is_syllable(w.substr(0, k)) || !is_syllable(w.substr(k))) continue;
        const int key = a * 26 + (t.text[k] - u'a');
        for (std::uint32_t p = pair_offsets_[key]; p < pair_offsets_[key + 1]; ++p) touch(pair_postings_[p], 1);
      }
      return;
    }
    // Long terms: read them as syllables greedily (shen|fen|zheng, s|f|z, shen|f|z) and keep the
    // texts that have every neighbouring pair of those initials: a small candidate set. If that
    // reading was wrong (nothing found), fall back to the wide set below.
    const std::vector<std::size_t> cuts = greedy_syllable_starts(t.text);
    if (cuts.size() >= 3) {
      std::vector<std::uint32_t> inter;
      for (std::size_t j = 0; j + 1 < cuts.size(); ++j) {
        const int key = (t.text[cuts[j]] - u'a') * 26 + (t.text[cuts[j + 1]] - u'a');
        const auto* b = pair_postings_.data() + pair_offsets_[key];
        const auto* e = pair_postings_.data() + pair_offsets_[key + 1];
        if (j == 0) {
          inter.assign(b, e);
        } else {
          std::vector<std::uint32_t> next;
          std::set_intersection(inter.begin(), inter.end(), b, e, std::back_inserter(next));
          inter.swap(next);
        }
        if (inter.empty()) break;
      }
      if (!inter.empty()) {
        for (std::uint32_t ti : inter) touch(ti, 0);
        return;
      }
    }
    if (t.guessed) return;
    // Every reading of the term as syllable prefixes (shen|f…, s|h…, she|n…): a match covers two
    // neighbouring characters whose initials are the first letter and the letter after the first
    // prefix, and, unless the rest is one prefix, the next two as well. The texts with those pairs
    // are a superset of the pinyin matches, far smaller than the texts with the first pair alone.
    const std::u16string_view w(t.text);
    auto pair_list = [&](char16_t x, char16_t y) {
      const int key = (x - u'a') * 26 + (y - u'a');
      return std::make_pair(pair_postings_.data() + pair_offsets_[key], pair_postings_.data() + pair_offsets_[key + 1]);
    };
    std::vector<std::uint32_t> both;
    for (std::size_t k1 = 1; k1 < w.size() && k1 <= 6; ++k1) {
      if (!is_syllable_prefix(w.substr(0, k1))) continue;
      const auto first = pair_list(w[0], w[k1]);
      if (is_syllable_prefix(w.substr(k1))) {
        for (const auto* p = first.first; p < first.second; ++p) touch(*p, 0);
        continue;
      }
      for (std::size_t k2 = k1 + 1; k2 < w.size() && k2 <= k1 + 6; ++k2) {
        if (!is_syllable_prefix(w.substr(k1, k2 - k1))) continue;
        const auto second = pair_list(w[k1], w[k2]);
        both.clear();
        std::set_intersection(first.first, first.second, second.first, second.second, std::back_inserter(both));
        for (std::uint32_t ti : both) touch(ti, 0);
      }
    }
    return;
  }
  // Chinese (or digits): texts holding enough of the term's distinct characters.
  std::u16string chars = t.text;
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
  const auto& offsets = bodies ? body_char_offsets_ : char_offsets_;
  const auto& postings = bodies ? body_char_postings_ : char_postings_;
  for (char16_t ch : chars) {
    const std::uint16_t k = dense_of_char_[ch];
    if (!k) continue;
    for (std::uint32_t p = offsets[k]; p < offsets[k + 1]; ++p) touch(postings[p], 1);
  }
  const float need = chars.size() <= 2 ? static_cast<float>(chars.size()) : 0.5f * static_cast<float>(chars.size());
  out.erase(std::remove_if(out.begin(), out.end(), [&](std::uint32_t ti) { return text_acc_[ti] < need; }), out.end());
  // Long bodies are the costliest to match and weigh least: keep those sharing the most characters.
  constexpr std::size_t kMaxBodies = 300;
  if (bodies && out.size() > kMaxBodies) {
    std::vector<std::uint32_t> b;
    for (std::uint32_t ti : out)
      if (texts_[ti].kind == Field::Body) b.push_back(ti);
    std::nth_element(b.begin(), b.begin() + kMaxBodies, b.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return text_acc_[x] > text_acc_[y]; });
    const float cut = text_acc_[b[kMaxBodies]];
    std::size_t kept_at_cut = 0;
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](std::uint32_t ti) {
                               if (texts_[ti].kind != Field::Body) return false;
                               if (text_acc_[ti] > cut) return false;
                               return text_acc_[ti] < cut || ++kept_at_cut > kMaxBodies / 4;
                             }),
              out.end());
  }
}

float SearchIndex::score_text(std::uint32_t ti, const Term& t) const {
  const Text& x = texts_[ti];
  if (t.latin && (x.kind == Field::Body || (t.text.size() == 1 && x.kind != Field::Name))) return 0;
  const Span s = t.latin ? best_latin_match(x.s, t.text) : match_hanzi(x.s, t.text, nullptr);
  if (s.start < 0 || s.quality <= 0) return 0;
  float score = s.quality * kFieldWeight[static_cast<int>(x.kind)];
  // The query is exactly one of the item's everyday names (退休金, 生孩子): nearly as good as
  // its official name.
  if (x.whole_entry && s.start == 0 && static_cast<std::size_t>(s.length) == x.s.size()) score = s.quality * 0.95f;
  if (x.kind == Field::Name) {
    // A query that is most of the name beats one that is a small part of a long name
    // (结婚登记 above 结婚登记证明开具); a match at the start of the name is a little better.
    const float coverage = std::min(1.0f, static_cast<float>(s.length) / std::max<float>(1, x.s.size()));
    score *= 0.7f + 0.3f * coverage;
    if (s.start == 0) score += 0.05f;
  }
  return score;
}

// The most a text could score for the term, known without matching: an exact match needs every
// distinct character of a Chinese term (candidate_texts counted them in text_acc_); without one a
// Chinese term scores at most 0.75 (shared bigrams) or 0.7 (homophones). Mirrors score_text.
float SearchIndex::score_bound(std::uint32_t ti, const Term& t, std::size_t distinct_chars) const {
  const Text& x = texts_[ti];
  const bool exact = t.latin || text_acc_[ti] >= static_cast<float>(distinct_chars);
  const float quality = exact ? 1.0f : 0.75f;
  // A match spans at most one character per letter, the term's characters, or its bigrams.
  const std::size_t span = exact ? t.text.size() : 2 * (t.text.size() - 1);
  switch (x.kind) {
    case Field::Name:
      return quality * (0.7f + 0.3f * std::min(1.0f, static_cast<float>(span) / std::max<float>(1, x.s.size()))) + 0.05f;
    case Field::Synonym: return quality * (x.whole_entry ? 0.95f : kFieldWeight[1]);
    default: return quality * kFieldWeight[static_cast<int>(x.kind)];
  }
}

// Scores the candidate texts best bound first, stopping once the texts left cannot reach the
// floor run() would set (the score at which kEnoughItems items have matched the term): the texts
// not scored would all fall below it, so run() sees the same texts above the floor as if every
// candidate had been scored. A common term (登记, shen) then matches a few hundred texts, not
// thousands. Leaves `scored` sorted best first.
void SearchIndex::score_until_floor(const Term& t, std::vector<std::uint32_t>& texts, std::size_t term_docs,
                                    std::uint32_t term_epoch, std::vector<std::pair<float, std::uint32_t>>& scored) const {
  std::size_t distinct_chars = 0;
  if (!t.latin) {
    std::u16string chars = t.text;
    std::sort(chars.begin(), chars.end());
    distinct_chars = static_cast<std::size_t>(std::unique(chars.begin(), chars.end()) - chars.begin());
  }
  std::vector<std::pair<float, std::uint32_t>> bounded;
  bounded.reserve(texts.size());
  for (std::uint32_t x : texts) bounded.emplace_back(score_bound(x, t, distinct_chars), x);
  std::sort(bounded.begin(), bounded.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  auto best_first = [](const auto& a, const auto& b) { return a.first > b.first; };
  scored.clear();
  // The floor only rises as texts are added, so one found earlier is safe to stop on; it is looked
  // for again each time the scored texts have doubled.
  float floor = -1;
  std::size_t next_look = kEnoughItems;
  for (std::size_t i = 0; i < bounded.size();) {
    const float bound = bounded[i].first;
    for (; i < bounded.size() && bounded[i].first == bound; ++i) {
      const float score = score_text(bounded[i].second, t);
      if (score > 0) scored.emplace_back(score, bounded[i].second);
    }
    if (i == bounded.size()) break;
    if (scored.size() >= next_look) {
      std::sort(scored.begin(), scored.end(), best_first);
      floor = floor_of(scored, term_docs, term_epoch);
      next_look = 2 * scored.size();
    }
    if (bounded[i].first < floor) break;
  }
  std::sort(scored.begin(), scored.end(), best_first);
}

// The floor run() would set walking `scored` (best first) with `term_docs` items already matched:
// the score of the first text reached after kEnoughItems items; -1 while fewer have matched.
float SearchIndex::floor_of(const std::vector<std::pair<float, std::uint32_t>>& scored, std::size_t term_docs,
                            std::uint32_t term_epoch) const {
  if (++probe_epoch_ == 0) {
    std::fill(probe_stamp_.begin(), probe_stamp_.end(), 0);
    probe_epoch_ = 1;
  }
  for (const auto& [score, x] : scored) {
    if (term_docs >= kEnoughItems) return score;
    for (std::uint32_t p = text_doc_offsets_[x]; p < text_doc_offsets_[x + 1]; ++p) {
      const std::uint32_t d = text_docs_[p];
      if (doc_term_stamp_[d] == term_epoch || probe_stamp_[d] == probe_epoch_) continue;
      probe_stamp_[d] = probe_epoch_;
      ++term_docs;
    }
  }
  return -1;
}

void SearchIndex::run(const std::vector<Term>& terms, float factor, std::vector<Hit>& out, bool every_term) const {
  if (terms.empty() || doc_name_.empty()) return;
  std::vector<std::uint32_t> texts, touched_docs, term_list;
  std::vector<std::pair<float, std::uint32_t>> scored;
  const std::uint32_t query_epoch = epoch_ + 1;  // docs touched by any term of this run
  // A term's weight in an item's score: the fewer items it matched, the more it says about which
  // one is meant (inverse document frequency), so 领发票 counts more than 公司 in 公司怎么领发票.
  // A term nothing matched weighs as little as the commonest; an item missing a term loses its
  // weight's share of the score.
  const float items = static_cast<float>(doc_name_.size());
  float weights = 0;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    std::size_t term_docs = 0;
    term_list.clear();
    std::uint32_t term_epoch = 0;
    // Short texts first; item bodies (weight 0.3) only when short texts found few items, since a
    // body match cannot lift an item above the many that matched by name, synonym or material.
    for (int bodies = 0; bodies < 2; ++bodies) {
      if (bodies && (terms[ti].latin || term_docs >= 40)) break;
      // Best texts first; once enough items matched this term, texts scoring lower than those
      // cannot change the top of the list (materials like 居民身份证 are shared by thousands).
      // What that scores depends on the term alone: term_docs and the items stamped with
      // term_epoch come from this term's own first pass. So a term seen earlier in this ask()
      // takes its scored texts from then.
      const Term& t = terms[ti];
      const auto seen = std::find_if(scored_terms_.begin(), scored_terms_.end(), [&](const ScoredTerm& c) {
        return c.bodies == (bodies == 1) && c.latin == t.latin && c.guessed == t.guessed && c.text == t.text;
      });
      const std::vector<std::pair<float, std::uint32_t>>* this_term = nullptr;
      if (seen != scored_terms_.end()) {
        if (!bodies) term_epoch = next_epoch();
        this_term = &seen->scored;
      } else {
        candidate_texts(t, bodies == 1, texts);
        if (!bodies) term_epoch = epoch_;
        score_until_floor(t, texts, term_docs, term_epoch, scored);
        scored_terms_.push_back({t.text, t.latin, t.guessed, bodies == 1, std::move(scored)});
        scored.clear();
        this_term = &scored_terms_.back().scored;
      }
      float floor = -1;
      for (const auto& [score, x] : *this_term) {
        if (score < floor) break;
        if (floor < 0 && term_docs >= kEnoughItems) floor = score;
        for (std::uint32_t p = text_doc_offsets_[x]; p < text_doc_offsets_[x + 1]; ++p) {
          const std::uint32_t d = text_docs_[p];
          if (doc_stamp_[d] < query_epoch) {  // first time this run sees the item
            doc_stamp_[d] = query_epoch;
            doc_total_[d] = 0;
            doc_matched_[d] = 0;
            doc_best_[d] = 0;
            touched_docs.push_back(d);
          }
          if (doc_term_stamp_[d] != term_epoch) {
            doc_term_stamp_[d] = term_epoch;
            doc_term_[d] = 0;
            ++doc_matched_[d];
            ++term_docs;
            term_list.push_back(d);
          }
          doc_term_[d] = std::max(doc_term_[d], score);
          if (score > doc_best_[d]) {
            doc_best_[d] = score;
            doc_field_[d] = static_cast<std::uint8_t>(texts_[x].kind);
          }
        }
      }
    }
    const float weight = term_docs ? 1.0f + std::log(items / static_cast<float>(std::min<std::size_t>(term_docs, doc_name_.size()))) : 1.0f;
    weights += weight;
    for (std::uint32_t d : term_list) doc_total_[d] += weight * doc_term_[d];
  }
  // Stamps of this run must stay above query_epoch for the next run's comparisons.
  for (std::uint32_t d : touched_docs) doc_stamp_[d] = epoch_;
  for (std::uint32_t d : touched_docs) {
    if (every_term && doc_matched_[d] < terms.size()) continue;
    float score = doc_total_[d] / weights;
    out.push_back({d, score * factor, static_cast<Field>(doc_field_[d]), {}});
  }
}

std::vector<Highlight> SearchIndex::highlights(std::uint32_t doc, const std::vector<Term>& terms) const {
  std::vector<Highlight> marks;
  const std::u16string& name = texts_[doc_name_[doc]].s;
  for (const auto& t : terms) {
    if (t.latin) {
      const Span s = best_latin_match(name, t.text);
      if (s.start >= 0) marks.push_back({static_cast<std::uint16_t>(s.start), static_cast<std::uint16_t>(s.length)});
    } else {
      match_hanzi(name, t.text, &marks);
    }
  }
  std::sort(marks.begin(), marks.end(), [](const Highlight& a, const Highlight& b) { return a.start < b.start; });
  std::vector<Highlight> merged;
  for (const auto& m : marks) {
    if (!merged.empty() && m.start <= merged.back().start + merged.back().length) {
      auto& last = merged.back();
      last.length = static_cast<std::uint16_t>(std::max(last.start + last.length, m.start + m.length) - last.start);
    } else {
      merged.push_back(m);
    }
  }
  return merged;
}

void SearchIndex::run_reordered(const std::vector<Term>& terms, std::vector<Hit>& out) const {
  constexpr std::size_t kMaxCuts = 6;
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    const std::u16string& w = terms[ti].text;
    if (!terms[ti].latin || w.size() < 4) continue;
    const std::vector<std::size_t> starts = greedy_syllable_starts(w);
    for (std::size_t k = 1; k < starts.size() && k <= kMaxCuts; ++k) {
      if (starts[k] < 2 || w.size() - starts[k] < 2) continue;  // a lone letter matches too much
      std::vector<Term> cut = terms;
      cut[ti].text = w.substr(0, starts[k]);
      cut.insert(cut.begin() + static_cast<std::ptrdiff_t>(ti) + 1, Term{true, w.substr(starts[k])});
      // Both halves must match: one half alone is a short run of letters that matches by chance.
      run(cut, 0.85f, out, true);
    }
  }
}

Asked SearchIndex::ask(std::string_view query, const SearchOptions& options) const {
  Asked asked;
  scored_terms_.clear();
  const Question question = questions_.read(fold16(query));
  asked.aspect = question.aspect;
  const std::u16string& folded = question.subject;
  const std::vector<Term> terms = parse_query(folded);
  asked.has_subject = !terms.empty();
  std::vector<Hit>& hits = asked.hits;
  run(terms, 1.0f, hits);
  // Everyday words: the query as typed and as the official word both count (养老金 is in some
  // names; 丢了 never is), the rewritten one a little less.
  const std::u16string rewritten = rewrite(folded);
  std::vector<Term> rewritten_terms;
  if (rewritten != folded) {
    rewritten_terms = parse_query(rewritten);
    run(rewritten_terms, kRewritten, hits);
  }
  // The subject cut at the catalogue's words, as typed and rewritten: a little less again, since
  // the words no longer have to stand together.
  if (!question.words.empty()) {
    run(parse_query(question.words), kCut, hits);
    const std::u16string cut_rewritten = rewrite(question.words);
    if (cut_rewritten != question.words) run(parse_query(cut_rewritten), kCut * kRewritten, hits);
  }
  auto strong = [&] {
    int n = 0;
    for (const auto& h : hits) n += h.score >= 0.6f;
    return n;
  };
  // Typos in pinyin: when exact matching finds little that is convincing, try the query with one
  // edit people commonly make (a letter dropped, missing, doubled or swapped; z/zh, n/ng, l/n, h/f).
  if (options.fuzzy && (strong() == 0 || hits.size() < 3)) {
    for (std::size_t ti = 0; ti < terms.size(); ++ti) {
      const std::u16string& w = terms[ti].text;
      if (!terms[ti].latin || w.size() < 3) continue;
      for (const auto& v : pinyin_typo_variants(w)) {
        std::vector<Term> vt = terms;
        vt[ti].text = v;
        vt[ti].guessed = true;
        run(vt, 0.8f, hits);
      }
    }
  }
  // Pinyin typed in another order (tqgjj for 公积金提取): only when no spelling found anything
  // convincing, since cutting a term in two makes short, common halves.
  if (strong() == 0) run_reordered(rewritten_terms.empty() ? terms : rewritten_terms, hits);
  // One hit per item (its best reading of the query; of equal ones the first run's), in one pass
  // with the items' stamps (a fresh epoch: nothing to clear): the runs above can leave tens of
  // thousands of hits on a large catalogue, and sorting them all by item was a large share of a
  // slow question's time.
  const std::uint32_t seen = next_epoch();
  std::size_t unique_hits = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::uint32_t d = hits[i].item;
    if (doc_stamp_[d] != seen) {
      doc_stamp_[d] = seen;
      doc_hit_[d] = static_cast<std::uint32_t>(unique_hits);
      if (unique_hits != i) hits[unique_hits] = std::move(hits[i]);
      ++unique_hits;
    } else if (hits[i].score > hits[doc_hit_[d]].score) {
      hits[doc_hit_[d]] = std::move(hits[i]);
    }
  }
  hits.resize(unique_hits);
  // Best first; ties: the shorter name.
  auto better = [&](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    const std::size_t la = texts_[doc_name_[a.item]].s.size(), lb = texts_[doc_name_[b.item]].s.size();
    if (la != lb) return la < lb;
    return a.item < b.item;
  };
  const std::size_t keep = std::min(hits.size(), options.limit);
  std::partial_sort(hits.begin(), hits.begin() + keep, hits.end(), better);
  hits.resize(keep);
  for (auto& h : hits) {
    h.highlights = highlights(h.item, terms);
    if (h.highlights.empty() && !rewritten_terms.empty()) h.highlights = highlights(h.item, rewritten_terms);
  }
  return asked;
}

}  // namespace tb::guide
