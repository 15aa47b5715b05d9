#include "input/pinyin_lexicon.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "text/utf8.h"

namespace tb::kiosk::input {
namespace {

constexpr std::size_t kMaxSyllableTypes = 512;
constexpr std::size_t kMaxSyllableLetters = 6;  // zhuang, shuang, chuang
// Segmentation costs (tenths): a whole syllable is cheapest, so "xian" is 先 before 西安 and
// "zhangsan" splits as zhang|san; an initial (z, zh) or an unfinished syllable (zhon) costs more.
constexpr int kCostSyllable = 10, kCostInitial = 15, kCostPrefix = 18;
constexpr std::size_t kMaxSegmentations = 4;

bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

// What a person types for ü (v), as the lexicon spells it: lve → lue, nve → nue, jv → ju …
std::string lexicon_spelling(std::string_view s) {
  std::string out(s);
  if (out == "lve" || out == "nve") out[1] = 'u';
  else if (out.size() >= 2 && out[1] == 'v' && std::string_view("jqxy").find(out[0]) != std::string_view::npos) out[1] = 'u';
  return out;
}

Fault fail_line(std::size_t line, const std::string& what, std::string* detail) {
  *detail = "pinyin lexicon line " + std::to_string(line) + ": " + what;
  return Fault::Malformed;
}

}  // namespace

struct PinyinLexicon::Token {
  std::size_t begin = 0, end = 0;      // letters [begin, end) of the query
  std::vector<std::uint16_t> ids;       // the syllables it may be
  std::bitset<kMaxSyllableTypes> match;  // the same, for testing
};

struct PinyinLexicon::Segmentation {
  std::vector<Token> tokens;
  std::size_t consumed = 0;  // letters covered (the last token's end, and a ' after it)
};

Result<PinyinLexicon, Fault> PinyinLexicon::parse(std::string_view tsv) {
  struct Raw {
    std::string text;
    std::vector<std::string> syllables;
    std::uint32_t weight;
  };
  std::vector<Raw> raw;
  std::set<std::string> names;
  std::string detail;
  std::size_t line_no = 0;
  for (std::size_t at = 0; at < tsv.size();) {
    const std::size_t nl = std::min(tsv.find('\n', at), tsv.size());
    const std::string_view line = tsv.substr(at, nl - at);
    at = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t t1 = line.find('\t'), t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return {fail_line(line_no, "expected word<TAB>pinyin<TAB>weight", &detail), detail};
    Raw r;
    r.text = std::string(line.substr(0, t1));
    const auto cps = text::decode_utf8(r.text);
    if (!cps || cps->empty() || cps->size() > kMaxSyllables)
      return {fail_line(line_no, "the word must be 1 to 4 characters of valid UTF-8", &detail), detail};
    const std::string_view spelled = line.substr(t1 + 1, t2 - t1 - 1);
    for (std::size_t s = 0; s <= spelled.size();) {
      const std::size_t sp = std::min(spelled.find(' ', s), spelled.size());
      const std::string_view syl = spelled.substr(s, sp - s);
      if (syl.empty() || syl.size() > kMaxSyllableLetters || !std::all_of(syl.begin(), syl.end(), is_letter))
        return {fail_line(line_no, "a syllable must be 1 to 6 letters a-z", &detail), detail};
      r.syllables.emplace_back(syl);
      s = sp + 1;
    }
    if (r.syllables.size() != cps->size())
      return {fail_line(line_no, "one syllable per character is needed", &detail), detail};
    const std::string_view w = line.substr(t2 + 1);
    if (w.empty() || w.size() > 9 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return {fail_line(line_no, "the weight must be a whole number below 10^9", &detail), detail};
    r.weight = static_cast<std::uint32_t>(std::stoul(std::string(w)));
    names.insert(r.syllables.begin(), r.syllables.end());
    raw.push_back(std::move(r));
  }
  if (raw.empty()) return {Fault::Malformed, "pinyin lexicon: no words"};
  if (names.size() > kMaxSyllableTypes) return {Fault::TooLarge, "pinyin lexicon: more than 512 distinct syllables"};

  PinyinLexicon lex;
  lex.syllable_names_.assign(names.begin(), names.end());
  std::map<std::string, std::uint16_t> id;
  for (std::size_t i = 0; i < lex.syllable_names_.size(); ++i) id[lex.syllable_names_[i]] = static_cast<std::uint16_t>(i);
  double total = 0;
  lex.words_.reserve(raw.size());
  for (auto& r : raw) {
    Word w;
    w.text = static_cast<std::uint32_t>(lex.text_.size());
    w.text_len = static_cast<std::uint8_t>(r.text.size());
    w.syllables = static_cast<std::uint8_t>(r.syllables.size());
    for (std::size_t i = 0; i < r.syllables.size(); ++i) w.syllable[i] = id[r.syllables[i]];
    w.weight = r.weight;
    w.first = text::decode_utf8_lossy(r.text)[0];
    lex.text_ += r.text;
    total += r.weight + 1.0;
    lex.words_.push_back(w);
  }
  lex.log_total_ = std::log(total);
  std::stable_sort(lex.words_.begin(), lex.words_.end(), [](const Word& a, const Word& b) {
    return a.syllable[0] != b.syllable[0] ? a.syllable[0] < b.syllable[0] : a.weight > b.weight;
  });
  lex.bucket_.assign(lex.syllable_names_.size() + 1, 0);
  for (std::size_t s = 0, i = 0; s <= lex.syllable_names_.size(); ++s) {
    while (i < lex.words_.size() && lex.words_[i].syllable[0] < s) ++i;
    lex.bucket_[s] = static_cast<std::uint32_t>(i);
  }
  for (std::uint32_t i = 0; i < lex.words_.size(); ++i)
    if (lex.words_[i].syllables >= 2) lex.by_first_char_.push_back(i);
  std::stable_sort(lex.by_first_char_.begin(), lex.by_first_char_.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Word &x = lex.words_[a], &y = lex.words_[b];
    return x.first != y.first ? x.first < y.first : x.weight > y.weight;
  });
  return lex;
}

// The ways `piece` (letters only) can be one token: a whole syllable, an initial or an unfinished
// syllable. Empty when no syllable starts with it.
// `piece` (letters only) as one token: a whole syllable (only itself, not the longer syllables it
// begins), an initial (z, zh) or an unfinished syllable (zhon). Cost 0: no syllable starts with it.
PinyinLexicon::Token PinyinLexicon::token_for(std::string_view piece, int* cost) const {
  Token t;
  *cost = 0;
  const std::string spelled = lexicon_spelling(piece);
  // m, n, ng and hm (呒, 嗯) are syllables of the lexicon that nobody types as such (rime's
  // pinyin_simp erases them too): typed, they are initials.
  const bool erased = spelled == "m" || spelled == "n" || spelled == "ng" || spelled == "hm";
  const auto lo = std::lower_bound(syllable_names_.begin(), syllable_names_.end(), spelled);
  if (!erased && lo != syllable_names_.end() && *lo == spelled) {
    t.ids.push_back(static_cast<std::uint16_t>(lo - syllable_names_.begin()));
    *cost = kCostSyllable;
  } else {
    for (auto it = lo; it != syllable_names_.end() && it->compare(0, spelled.size(), spelled) == 0; ++it)
      t.ids.push_back(static_cast<std::uint16_t>(it - syllable_names_.begin()));
    const bool initial = piece.size() == 1 || piece == "zh" || piece == "ch" || piece == "sh" || erased;
    if (!t.ids.empty()) *cost = initial ? kCostInitial : kCostPrefix;
  }
  for (std::uint16_t id : t.ids) t.match.set(id);
  return t;
}

// The cheapest ways to cut the letters into tokens (ties kept, at most kMaxSegmentations). When
// the end cannot be reached (letters no syllable starts with), up to the furthest reachable point.
std::vector<PinyinLexicon::Segmentation> PinyinLexicon::segment(std::string_view q) const {
  const std::size_t n = q.size();
  constexpr int kUnreached = std::numeric_limits<int>::max();
  struct Step {
    std::size_t from;
    Token token;
  };
  std::vector<int> cost(n + 1, kUnreached);
  std::vector<std::vector<Step>> back(n + 1);  // every cheapest way to arrive by a token
  cost[0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (cost[i] == kUnreached) continue;
    if (q[i] == '\'') {  // a separator: free, and no token spans it
      cost[i + 1] = std::min(cost[i + 1], cost[i]);
      continue;
    }
    for (std::size_t len = 1; len <= kMaxSyllableLetters && i + len <= n; ++len) {
      const std::string_view piece = q.substr(i, len);
      if (!is_letter(piece.back())) break;
      int c = 0;
      Token t = token_for(piece, &c);
      if (c == 0) continue;
      c += cost[i];
      t.begin = i, t.end = i + len;
      if (c < cost[i + len]) cost[i + len] = c, back[i + len].clear();
      if (c == cost[i + len]) back[i + len].push_back({i, std::move(t)});
    }
  }
  std::size_t end = n;
  while (end > 0 && (cost[end] == kUnreached || back[end].empty())) --end;
  std::vector<Segmentation> out;
  std::vector<const Token*> path;
  const auto walk = [&](auto&& self, std::size_t at) -> void {
    if (out.size() >= kMaxSegmentations) return;
    while (at > 0 && q[at - 1] == '\'') --at;
    if (at == 0) {
      Segmentation s;
      for (auto it = path.rbegin(); it != path.rend(); ++it) s.tokens.push_back(**it);
      out.push_back(std::move(s));
      return;
    }
    for (const Step& st : back[at]) {
      path.push_back(&st.token);
      self(self, st.from);
      path.pop_back();
    }
  };
  if (end > 0) walk(walk, end);
  std::size_t consumed = end;
  while (consumed < n && q[consumed] == '\'') ++consumed;
  for (auto& s : out) s.consumed = consumed;
  return out;
}

// Every word that matches the tokens starting at `from`: visit(word, syllables).
template <class Visit>
void PinyinLexicon::words_at(const Segmentation& s, std::size_t from, Visit visit) const {
  const std::size_t left = s.tokens.size() - from;
  for (const std::uint16_t syl : s.tokens[from].ids) {
    for (std::uint32_t i = bucket_[syl]; i < bucket_[syl + 1]; ++i) {
      const Word& w = words_[i];
      if (w.syllables > left) continue;
      bool ok = true;
      for (std::size_t k = 1; k < w.syllables && ok; ++k) ok = s.tokens[from + k].match.test(w.syllable[k]);
      if (ok) visit(w);
    }
  }
}

// The best sentence for all the tokens: the most probable chain of words (unigram weights).
void PinyinLexicon::sentence(const Segmentation& s, std::vector<PinyinCandidate>& out) const {
  const std::size_t n = s.tokens.size();
  const double none = -std::numeric_limits<double>::infinity();
  std::vector<double> best(n + 1, none);
  std::vector<const Word*> via(n + 1, nullptr);
  best[0] = 0;
  for (std::size_t from = 0; from < n; ++from) {
    if (best[from] == none) continue;
    words_at(s, from, [&](const Word& w) {
      const double score = best[from] + std::log(w.weight + 1.0) - log_total_;
      if (score > best[from + w.syllables]) best[from + w.syllables] = score, via[from + w.syllables] = &w;
    });
  }
  if (best[n] == none) return;
  std::vector<const Word*> chain;
  for (std::size_t at = n; at > 0; at -= via[at]->syllables) chain.push_back(via[at]);
  PinyinCandidate c;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) c.text += text_of(**it);
  c.letters = s.consumed;
  out.push_back(std::move(c));
}

std::vector<PinyinCandidate> PinyinLexicon::candidates(std::string_view letters, std::size_t max) const {
  std::vector<PinyinCandidate> out;
  const std::vector<Segmentation> segs = segment(letters);
  if (segs.empty() || max == 0) return out;
  if (segs[0].tokens.size() >= 2) sentence(segs[0], out);
  // Words from the start, longest run of letters first, then the heaviest.
  struct Found {
    const Word* word;
    std::size_t letters;
  };
  std::vector<Found> found;
  for (const auto& s : segs)
    words_at(s, 0, [&](const Word& w) {
      const Token& last = s.tokens[w.syllables - 1];
      std::size_t used = last.end;
      if (w.syllables == s.tokens.size()) used = s.consumed;
      else if (used < letters.size() && letters[used] == '\'') ++used;
      found.push_back({&w, used});
    });
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.letters != b.letters ? a.letters > b.letters : a.word->weight > b.word->weight;
  });
  // Copies, not views into `out`: its strings move (short ones with their bytes) when it grows.
  std::set<std::pair<std::string, std::size_t>> seen;
  for (const auto& c : out) seen.insert({c.text, c.letters});
  for (const Found& f : found) {
    if (out.size() >= max) break;
    const std::string_view t = text_of(*f.word);
    if (!seen.insert({std::string(t), f.letters}).second) continue;
    out.push_back({std::string(t), f.letters});
  }
  if (out.size() > max) out.resize(max);
  return out;
}

std::vector<std::string> PinyinLexicon::predictions(std::string_view history, std::size_t max) const {
  std::vector<std::string> out;
  const std::u32string h = text::decode_utf8_lossy(history);
  if (h.empty()) return out;
  std::set<std::string> seen;
  // The last two characters first (a word they begin continues them best), then the last one.
  for (std::size_t take = std::min<std::size_t>(2, h.size()); take >= 1 && out.size() < max; --take) {
    const std::string prefix = text::encode_utf8(h.substr(h.size() - take));
    const char32_t first = h[h.size() - take];
    auto lo = std::lower_bound(by_first_char_.begin(), by_first_char_.end(), first,
                               [&](std::uint32_t i, char32_t c) { return words_[i].first < c; });
    for (auto it = lo; it != by_first_char_.end() && words_[*it].first == first && out.size() < max; ++it) {
      const std::string_view t = text_of(words_[*it]);
      if (t.size() <= prefix.size() || t.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest(t.substr(prefix.size()));
      if (seen.insert(rest).second) out.push_back(std::move(rest));
    }
  }
  return out;
}

}  // namespace tb::kiosk::input
