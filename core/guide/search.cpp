#include "guide/search.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "text/hanzi.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace tb::guide {
namespace {

constexpr float kFieldWeight[4] = {1.0f, 0.8f, 0.5f, 0.3f};
constexpr std::size_t kMaxLatin = 60;          // letters per pinyin term (bit masks are 64 wide)
constexpr std::size_t kMinCandidates = 200;    // exact scoring looks at the best ones by prescore

bool is_letter(char16_t c) { return c >= u'a' && c <= u'z'; }
bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

// Folds UTF-8 into the search alphabet: one UTF-16 unit per character (characters outside the BMP,
// never in catalogue names, become U+FFFD and match nothing).
std::u16string fold16(std::string_view utf8) {
  std::u16string out;
  const std::u32string cps = text::decode_utf8_lossy(utf8);
  out.reserve(cps.size());
  for (char32_t c : cps) {
    c = text::fold_for_search(c);
    out.push_back(c > 0xFFFF ? u'\uFFFD' : static_cast<char16_t>(c));
  }
  return out;
}

// Readings of a character as the matcher sees them: hanzi have up to 3 pinyin syllables; letters
// and digits read as themselves; anything else has none (and stops a pinyin match).
struct Readings {
  int n = 0;
  std::string_view r[3];
  bool literal = false;  // letter/digit reading as itself
};

Readings readings_of(char16_t c) {
  Readings out;
  if (is_letter(c) || is_digit(c)) {
    static char kSelf[128];
    static bool init = [] {
      for (int i = 0; i < 128; ++i) kSelf[i] = static_cast<char>(i);
      return true;
    }();
    (void)init;
    out.n = 1;
    out.r[0] = std::string_view(&kSelf[c], 1);
    out.literal = true;
    return out;
  }
  text::SyllableId ids[3];
  out.n = text::readings(c, ids);
  for (int i = 0; i < out.n; ++i) out.r[i] = text::syllable_text(ids[i]);
  return out;
}

std::uint32_t initials_mask(char16_t c) {
  const Readings rs = readings_of(c);
  std::uint32_t m = 0;
  for (int i = 0; i < rs.n; ++i)
    if (!rs.r[i].empty() && rs.r[i][0] >= 'a' && rs.r[i][0] <= 'z') m |= 1u << (rs.r[i][0] - 'a');
  return m;
}

bool shares_reading(char16_t a, char16_t b) {
  if (a == b) return true;
  const Readings ra = readings_of(a), rb = readings_of(b);
  for (int i = 0; i < ra.n; ++i)
    for (int j = 0; j < rb.n; ++j)
      if (ra.r[i] == rb.r[j]) return true;
  return false;
}

// Is `p` (letters) a prefix of some pinyin syllable?
bool is_syllable_prefix(std::u16string_view p) {
  static const std::vector<std::string> prefixes = [] {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < text::syllable_count(); ++i) {
      const std::string_view s = text::syllable_text(static_cast<text::SyllableId>(i));
      for (std::size_t k = 1; k <= s.size(); ++k) v.emplace_back(s.substr(0, k));
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  std::string s;
  for (char16_t c : p) s.push_back(static_cast<char>(c));
  return std::binary_search(prefixes.begin(), prefixes.end(), s);
}

struct Span {
  int start = -1, length = 0;
  float quality = 0;
};

// Pinyin match of `q` (letters/digits) against the characters of `f` starting at `start`: each
// character consumes a non-empty prefix of one of its readings; the match is contiguous and uses
// all of `q`. Quality: 1.0 when every character consumed a whole syllable (full pinyin), 0.95 when
// each consumed one letter (initials), 0.85 for a mix (shenfz).
Span match_latin_at(std::u16string_view f, std::size_t start, std::u16string_view q) {
  const std::size_t qn = q.size();
  std::uint64_t any = 1, full = 1;  // bit p: p letters of q consumed
  for (std::size_t j = start; j < f.size(); ++j) {
    const Readings rs = readings_of(f[j]);
    if (rs.n == 0) break;
    std::uint64_t next_any = 0, next_full = 0;
    for (std::size_t p = 0; p < qn; ++p) {
      if (!(any >> p & 1)) continue;
      for (int k = 0; k < rs.n; ++k) {
        const std::string_view r = rs.r[k];
        std::size_t l = 0;
        while (l < r.size() && p + l < qn && static_cast<char16_t>(r[l]) == q[p + l]) ++l;
        for (std::size_t m = 1; m <= l; ++m) next_any |= std::uint64_t(1) << (p + m);
        if (l == r.size() && (full >> p & 1)) next_full |= std::uint64_t(1) << (p + l);
      }
    }
    any = next_any;
    full = next_full;
    if (!any) break;
    if (any >> qn & 1) {
      Span s;
      s.start = static_cast<int>(start);
      s.length = static_cast<int>(j - start + 1);
      s.quality = (full >> qn & 1) ? 1.0f : (static_cast<std::size_t>(s.length) == qn ? 0.95f : 0.85f);
      return s;
    }
  }
  return {};
}

Span best_latin_match(std::u16string_view f, std::u16string_view q) {
  Span best;
  const std::uint32_t first = 1u << (q[0] - u'a');
  const bool digit_start = is_digit(q[0]);
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (digit_start ? f[i] != q[0] : !(initials_mask(f[i]) & first)) continue;
    const Span s = match_latin_at(f, i, q);
    if (s.start >= 0 && (s.quality > best.quality || (s.quality == best.quality && s.length < best.length))) best = s;
    if (best.quality >= 1.0f) break;
  }
  return best;
}

// Chinese term against a field: exact substring (1.0); else the share of the term's bigrams found
// (0.75 x share, at least half); else a homophone match, for typos like 身分证 (0.7).
Span match_hanzi(std::u16string_view f, std::u16string_view t, std::vector<Highlight>* marks) {
  Span s;
  const std::size_t pos = f.find(t);
  if (pos != std::u16string_view::npos) {
    s.start = static_cast<int>(pos);
    s.length = static_cast<int>(t.size());
    s.quality = 1.0f;
    if (marks) marks->push_back({static_cast<std::uint16_t>(pos), static_cast<std::uint16_t>(t.size())});
    return s;
  }
  if (t.size() >= 3) {
    int hits = 0, covered = 0;
    std::vector<Highlight> local;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
      const std::size_t p = f.find(t.substr(i, 2));
      if (p == std::u16string_view::npos) continue;
      ++hits;
      local.push_back({static_cast<std::uint16_t>(p), 2});
    }
    const float share = static_cast<float>(hits) / static_cast<float>(t.size() - 1);
    if (share >= 0.5f) {
      for (const auto& h : local) covered += h.length;
      s.start = local.front().start;
      s.length = std::min<int>(covered, static_cast<int>(f.size()));
      s.quality = 0.75f * share;
      if (marks) marks->insert(marks->end(), local.begin(), local.end());
    }
  }
  if (t.size() >= 2 && s.quality < 0.7f) {
    for (std::size_t i = 0; i + t.size() <= f.size(); ++i) {
      bool ok = true;
      for (std::size_t j = 0; j < t.size() && ok; ++j) ok = shares_reading(f[i + j], t[j]);
      if (ok) {
        s.start = static_cast<int>(i);
        s.length = static_cast<int>(t.size());
        s.quality = 0.7f;
        if (marks) {
          marks->clear();
          marks->push_back({static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(t.size())});
        }
        break;
      }
    }
  }
  return s;
}

void append_field(SearchIndex::Doc& d, Field kind, const std::string& utf8) {
  if (utf8.empty()) return;
  if (kind == Field::Synonym) {  // each everyday name on its own, so a whole-name match can be seen
    d.fields.push_back({kind, fold16(utf8), true});
    return;
  }
  for (auto& f : d.fields) {
    if (f.kind == kind) {  // one text per kind; entries separated so matches don't run across
      f.text.push_back(u'\u3000');
      f.text += fold16(utf8);
      return;
    }
  }
  d.fields.push_back({kind, fold16(utf8)});
}

// Postings in compressed-row form, built in two passes (count, then fill) without hashing.
struct CsrBuilder {
  std::vector<std::uint32_t> counts;
  explicit CsrBuilder(std::size_t keys) : counts(keys + 1, 0) {}
  void finish_counts(std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& postings) {
    offsets.assign(counts.size(), 0);
    std::uint32_t sum = 0;
    for (std::size_t k = 0; k + 1 < counts.size(); ++k) {
      offsets[k] = sum;
      sum += counts[k];
    }
    offsets.back() = sum;
    postings.assign(sum, 0);
    counts.assign(counts.size(), 0);  // reused as fill cursors
  }
  void put(std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& postings, std::size_t key,
           std::uint32_t value) {
    postings[offsets[key] + counts[key]++] = value;
  }
};

}  // namespace

const char* field_name(Field f) {
  switch (f) {
    case Field::Name: return "name";
    case Field::Synonym: return "synonym";
    case Field::Material: return "material";
    case Field::Body: return "body";
  }
  return "";
}

void SearchIndex::build(const proto::Catalogue& c) {
  docs_.clear();
  docs_.reserve(c.items_size());
  std::unordered_map<std::string, std::string> department_names;
  for (const auto& d : c.departments()) department_names[d.id()] = d.name();
  for (const auto& it : c.items()) {
    Doc d;
    append_field(d, Field::Name, it.name());
    d.name_length = static_cast<std::uint16_t>(d.fields.empty() ? 0 : d.fields[0].text.size());
    for (const auto& s : it.synonyms()) append_field(d, Field::Synonym, s);
    // Tags are keywords (a 一件事 is tagged with its parts): searchable like synonyms, but a tag
    // alone never says "this is the item you mean".
    for (const auto& s : it.tags()) {
      append_field(d, Field::Synonym, s);
      d.fields.back().whole_entry = false;
    }
    for (const auto& m : it.materials()) append_field(d, Field::Material, m.name());
    append_field(d, Field::Body, department_names[it.department()]);
    append_field(d, Field::Body, it.summary());
    for (const auto& s : it.conditions()) append_field(d, Field::Body, s);
    append_field(d, Field::Body, it.result());
    for (const auto& q : it.faq()) append_field(d, Field::Body, q.q());
    docs_.push_back(std::move(d));
  }
  rewrites_.clear();
  for (const auto& qs : c.query_synonyms())
    for (const auto& w : qs.words()) rewrites_.emplace_back(fold16(w), fold16(qs.means()));
  // Longer words first, so "身份证丢了" style phrases win over their parts.
  std::sort(rewrites_.begin(), rewrites_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  // Dense ids for the characters that occur.
  dense_of_char_.assign(65536, 0);
  std::uint16_t next_dense = 1;
  for (const auto& d : docs_)
    for (const auto& f : d.fields)
      for (char16_t ch : f.text)
        if (!dense_of_char_[ch] && next_dense < 65535) dense_of_char_[ch] = next_dense++;

  // Character postings: one entry per (doc, field, character).
  {
    CsrBuilder b(next_dense);
    std::vector<std::uint32_t> seen(next_dense, 0xFFFFFFFFu);
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(seen.begin(), seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t di = 0; di < docs_.size(); ++di)
        for (const auto& f : docs_[di].fields) {
          const std::uint32_t entry = di << 2 | static_cast<std::uint32_t>(f.kind);
          for (char16_t ch : f.text) {
            const std::uint16_t k = dense_of_char_[ch];
            if (seen[k] == entry) continue;
            seen[k] = entry;
            if (pass == 0) ++b.counts[k];
            else b.put(char_offsets_, char_postings_, k, entry);
          }
        }
      if (pass == 0) b.finish_counts(char_offsets_, char_postings_);
    }
  }
  // Initial-letter pairs (name, synonym, material) and single initials (name).
  {
    CsrBuilder pairs(26 * 26), singles(26);
    std::vector<std::uint32_t> pair_seen(26 * 26, 0xFFFFFFFFu), single_seen(26, 0xFFFFFFFFu);
    std::vector<std::uint32_t> masks;
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(pair_seen.begin(), pair_seen.end(), 0xFFFFFFFFu);
      std::fill(single_seen.begin(), single_seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t di = 0; di < docs_.size(); ++di)
        for (const auto& f : docs_[di].fields) {
          if (f.kind == Field::Body) continue;
          const std::uint32_t entry = di << 2 | static_cast<std::uint32_t>(f.kind);
          masks.resize(f.text.size());
          for (std::size_t i = 0; i < f.text.size(); ++i) masks[i] = initials_mask(f.text[i]);
          for (std::size_t i = 0; i < f.text.size(); ++i) {
            for (std::uint32_t a = masks[i]; a; a &= a - 1) {
              const int ia = __builtin_ctz(a);
              if (f.kind == Field::Name && single_seen[ia] != entry) {
                single_seen[ia] = entry;
                if (pass == 0) ++singles.counts[ia];
                else singles.put(initial_offsets_, initial_postings_, ia, entry);
              }
              if (i + 1 >= f.text.size()) continue;
              for (std::uint32_t b = masks[i + 1]; b; b &= b - 1) {
                const int key = ia * 26 + __builtin_ctz(b);
                if (pair_seen[key] == entry) continue;
                pair_seen[key] = entry;
                if (pass == 0) ++pairs.counts[key];
                else pairs.put(pair_offsets_, pair_postings_, key, entry);
              }
            }
          }
        }
      if (pass == 0) {
        pairs.finish_counts(pair_offsets_, pair_postings_);
        singles.finish_counts(initial_offsets_, initial_postings_);
      }
    }
  }
  prescore_.assign(docs_.size(), 0.0f);
  stamp_.assign(docs_.size(), 0);
  epoch_ = 0;
}

std::size_t SearchIndex::memory_bytes() const {
  std::size_t n = sizeof(*this);
  for (const auto& d : docs_) {
    n += sizeof(Doc) + d.fields.capacity() * sizeof(FieldText);
    for (const auto& f : d.fields) n += f.text.capacity() * sizeof(char16_t);
  }
  n += dense_of_char_.capacity() * 2;
  n += (char_offsets_.capacity() + char_postings_.capacity() + pair_offsets_.capacity() + pair_postings_.capacity() +
        initial_offsets_.capacity() + initial_postings_.capacity() + stamp_.capacity()) * 4;
  n += prescore_.capacity() * sizeof(float);
  for (const auto& r : rewrites_) n += (r.first.capacity() + r.second.capacity()) * 2;
  return n;
}

std::u16string SearchIndex::fold_query(std::string_view query) const { return fold16(query); }

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

void SearchIndex::collect(const std::vector<Term>& terms, std::vector<std::uint32_t>& touched) const {
  if (++epoch_ == 0) {  // wrapped: clear stamps once every 4 billion queries
    std::fill(stamp_.begin(), stamp_.end(), 0);
    epoch_ = 1;
  }
  auto add = [&](std::uint32_t doc, float w) {
    if (stamp_[doc] != epoch_) {
      stamp_[doc] = epoch_;
      prescore_[doc] = 0;
      touched.push_back(doc);
    }
    prescore_[doc] += w;
  };
  // Each term adds at most 1 per doc: its best field weight (Chinese terms: per character share).
  std::vector<std::pair<std::uint32_t, float>> best;  // (doc, weight) for the current term
  auto flush = [&](float scale) {
    std::sort(best.begin(), best.end());
    for (std::size_t i = 0; i < best.size();) {
      float w = 0;
      const std::uint32_t doc = best[i].first;
      for (; i < best.size() && best[i].first == doc; ++i) w = std::max(w, best[i].second);
      add(doc, w * scale);
    }
    best.clear();
  };
  auto from_postings = [&](const std::vector<std::uint32_t>& offsets, const std::vector<std::uint32_t>& postings,
                           std::size_t key) {
    for (std::uint32_t p = offsets[key]; p < offsets[key + 1]; ++p)
      best.emplace_back(postings[p] >> 2, kFieldWeight[postings[p] & 3]);
  };
  for (const auto& t : terms) {
    if (!t.latin) {
      std::u16string chars = t.text;
      std::sort(chars.begin(), chars.end());
      chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
      for (char16_t ch : chars) {
        const std::uint16_t k = dense_of_char_[ch];
        if (k) from_postings(char_offsets_, char_postings_, k);
        flush(1.0f / static_cast<float>(chars.size()));
      }
      continue;
    }
    const int a = t.text[0] - u'a';
    if (t.text.size() == 1) {
      from_postings(initial_offsets_, initial_postings_, a);
    } else {
      for (std::size_t k = 1; k < t.text.size() && k <= 6; ++k) {
        if (!is_syllable_prefix(std::u16string_view(t.text).substr(0, k))) continue;
        from_postings(pair_offsets_, pair_postings_, a * 26 + (t.text[k] - u'a'));
      }
    }
    flush(1.0f);
  }
}

bool SearchIndex::score_doc(std::uint32_t di, const std::vector<Term>& terms, Scored* out) const {
  const Doc& d = docs_[di];
  float total = 0;
  int matched_terms = 0;
  Field best_field = Field::Body;
  float best_term = -1;
  std::vector<Highlight> marks;
  for (const auto& t : terms) {
    float term_best = 0;
    Field term_field = Field::Body;
    std::vector<Highlight> term_marks;
    for (const auto& f : d.fields) {
      if (t.latin && (f.kind == Field::Body || (t.text.size() == 1 && f.kind != Field::Name))) continue;
      std::vector<Highlight> local;
      Span s = t.latin ? best_latin_match(f.text, t.text) : match_hanzi(f.text, t.text, &local);
      if (s.start < 0 || s.quality <= 0) continue;
      if (t.latin) local.push_back({static_cast<std::uint16_t>(s.start), static_cast<std::uint16_t>(s.length)});
      float score = s.quality * kFieldWeight[static_cast<int>(f.kind)];
      // The query is exactly one of the item's everyday names (退休金, 生孩子): nearly as good as
      // its official name.
      if (f.whole_entry && s.start == 0 && static_cast<std::size_t>(s.length) == f.text.size()) score = s.quality * 0.95f;
      if (f.kind == Field::Name) {
        // A query that is most of the name beats one that is a small part of a long name
        // (结婚登记 above 结婚登记证明开具); a match at the start of the name is a little better.
        const float coverage = std::min(1.0f, static_cast<float>(s.length) / std::max<float>(1, d.name_length));
        score *= 0.7f + 0.3f * coverage;
        if (s.start == 0) score += 0.05f;
      }
      if (score > term_best) {
        term_best = score;
        term_field = f.kind;
        term_marks = f.kind == Field::Name ? local : std::vector<Highlight>{};
      }
    }
    if (term_best > 0) {
      ++matched_terms;
      total += term_best;
      marks.insert(marks.end(), term_marks.begin(), term_marks.end());
      if (term_best > best_term) best_term = term_best, best_field = term_field;
    }
  }
  if (matched_terms == 0) return false;
  if (matched_terms < static_cast<int>(terms.size())) total *= 0.6f;  // partial matches rank below full ones
  out->score = total / static_cast<float>(terms.size());
  out->field = best_field;
  std::sort(marks.begin(), marks.end(), [](const Highlight& a, const Highlight& b) { return a.start < b.start; });
  out->highlights.clear();
  for (const auto& m : marks) {  // merge overlapping marks
    if (!out->highlights.empty() && m.start <= out->highlights.back().start + out->highlights.back().length) {
      auto& last = out->highlights.back();
      last.length = static_cast<std::uint16_t>(std::max(last.start + last.length, m.start + m.length) - last.start);
    } else {
      out->highlights.push_back(m);
    }
  }
  return true;
}

std::vector<Hit> SearchIndex::run(const std::vector<Term>& terms, float factor) const {
  std::vector<Hit> hits;
  if (terms.empty() || docs_.empty()) return hits;
  std::vector<std::uint32_t> touched;
  collect(terms, touched);
  const std::size_t keep = std::min(touched.size(), kMinCandidates);
  std::partial_sort(touched.begin(), touched.begin() + keep, touched.end(),
                    [&](std::uint32_t a, std::uint32_t b) { return prescore_[a] > prescore_[b]; });
  touched.resize(keep);
  Scored s;
  for (std::uint32_t di : touched)
    if (score_doc(di, terms, &s)) hits.push_back({di, s.score * factor, s.field, s.highlights});
  return hits;
}

std::vector<Hit> SearchIndex::search(std::string_view query, const SearchOptions& options) const {
  const std::u16string folded = fold_query(query);
  const std::vector<Term> terms = parse_query(folded);
  std::vector<Hit> hits = run(terms, 1.0f);
  std::unordered_map<std::uint32_t, std::size_t> at;
  for (std::size_t i = 0; i < hits.size(); ++i) at[hits[i].item] = i;
  auto merge = [&](std::vector<Hit>&& more) {
    for (auto& h : more) {
      auto it = at.find(h.item);
      if (it == at.end()) {
        at[h.item] = hits.size();
        hits.push_back(std::move(h));
      } else if (h.score > hits[it->second].score) {
        hits[it->second] = std::move(h);
      }
    }
  };
  // Everyday words: the query as typed and as the official word both count (养老金 is in some
  // names; 丢了 never is), the rewritten one a little less.
  const std::u16string rewritten = rewrite(folded);
  if (rewritten != folded) merge(run(parse_query(rewritten), 0.95f));
  auto strong = [&] {
    int n = 0;
    for (const auto& h : hits) n += h.score >= 0.75f;
    return n;
  };
  // Typos in pinyin: when exact matching finds little that is convincing, try the query with one
  // edit people commonly make (a letter dropped, missing, doubled or swapped; z/zh, n/ng, l/n, h/f).
  if (options.fuzzy && strong() < 3) {
    for (std::size_t ti = 0; ti < terms.size(); ++ti) {
      const std::u16string& w = terms[ti].text;
      if (!terms[ti].latin || w.size() < 3) continue;
      std::vector<std::u16string> variants;
      for (std::size_t i = 0; i < w.size(); ++i) variants.push_back(w.substr(0, i) + w.substr(i + 1));
      for (std::size_t i = 0; i + 1 < w.size(); ++i) {
        std::u16string v = w;
        std::swap(v[i], v[i + 1]);
        variants.push_back(v);
      }
      for (std::size_t i = 0; i < w.size(); ++i) {
        const char16_t c = w[i];
        if ((c == u'z' || c == u'c' || c == u's') && (i + 1 >= w.size() || w[i + 1] != u'h'))
          variants.push_back(w.substr(0, i + 1) + u"h" + w.substr(i + 1));
        if (c == u'n' && (i + 1 >= w.size() || w[i + 1] != u'g')) variants.push_back(w.substr(0, i + 1) + u"g" + w.substr(i + 1));
        // A vowel left out between two consonants (zhng → zheng): pinyin never has such clusters
        // except zh/ch/sh/ng.
        auto vowel = [](char16_t v) { return v == u'a' || v == u'e' || v == u'i' || v == u'o' || v == u'u' || v == u'v'; };
        if (i + 1 < w.size() && !vowel(c) && !vowel(w[i + 1]) && !(w[i + 1] == u'h' && (c == u'z' || c == u'c' || c == u's')) &&
            !(c == u'n' && w[i + 1] == u'g'))
          for (char16_t v : {u'a', u'e', u'i', u'o', u'u'}) variants.push_back(w.substr(0, i + 1) + v + w.substr(i + 1));
        const char16_t swaps[][2] = {{u'l', u'n'}, {u'n', u'l'}, {u'f', u'h'}, {u'h', u'f'}, {u'r', u'l'}};
        for (const auto& sw : swaps)
          if (c == sw[0]) {
            std::u16string v = w;
            v[i] = sw[1];
            variants.push_back(v);
          }
      }
      std::sort(variants.begin(), variants.end());
      variants.erase(std::unique(variants.begin(), variants.end()), variants.end());
      for (const auto& v : variants) {
        if (v == w || v.empty() || !is_letter(v[0])) continue;
        std::vector<Term> vt = terms;
        vt[ti].text = v;
        merge(run(vt, 0.8f));
      }
    }
  }
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (docs_[a.item].name_length != docs_[b.item].name_length) return docs_[a.item].name_length < docs_[b.item].name_length;
    return a.item < b.item;
  });
  if (hits.size() > options.limit) hits.resize(options.limit);
  return hits;
}

}  // namespace tb::guide
