#include "guide/search.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
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
// and digits read as themselves; anything else has none (and stops a pinyin match). Looked up in a
// table filled once for the whole BMP, because matching asks for them millions of times.
struct Readings {
  std::uint8_t n = 0;
  std::uint16_t id[3] = {0, 0, 0};  // syllable ids; for letters/digits 0x8000 | the character
  std::uint32_t initials = 0;       // bit per first letter of a reading
};

std::string_view reading_text(std::uint16_t id) {
  static char self[128];
  if (id & 0x8000) {
    const int c = id & 0x7F;
    self[c] = static_cast<char>(c);
    return std::string_view(&self[c], 1);
  }
  static const std::vector<std::string_view> syllables = [] {
    std::vector<std::string_view> v;
    for (std::size_t i = 0; i < text::syllable_count(); ++i) v.push_back(text::syllable_text(static_cast<text::SyllableId>(i)));
    return v;
  }();
  return syllables[id];
}

const Readings& readings_of(char16_t c) {
  static const std::vector<Readings> table = [] {
    std::vector<Readings> t(65536);
    for (std::uint32_t ch = 0; ch < 65536; ++ch) {
      Readings& r = t[ch];
      if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
        r.n = 1;
        r.id[0] = static_cast<std::uint16_t>(0x8000 | ch);
        if (ch >= 'a') r.initials = 1u << (ch - 'a');
        continue;
      }
      text::SyllableId ids[3];
      r.n = static_cast<std::uint8_t>(text::readings(static_cast<char32_t>(ch), ids));
      for (int i = 0; i < r.n; ++i) {
        r.id[i] = ids[i];
        const std::string_view sv = text::syllable_text(ids[i]);
        if (!sv.empty() && sv[0] >= 'a' && sv[0] <= 'z') r.initials |= 1u << (sv[0] - 'a');
      }
    }
    return t;
  }();
  return table[c];
}

std::uint32_t initials_mask(char16_t c) { return readings_of(c).initials; }

bool shares_reading(char16_t a, char16_t b) {
  if (a == b) return true;
  const Readings &ra = readings_of(a), &rb = readings_of(b);
  for (int i = 0; i < ra.n; ++i)
    for (int j = 0; j < rb.n; ++j)
      if (ra.id[i] == rb.id[j]) return true;
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

// Can `w` be read as whole pinyin syllables, the last one possibly cut short? ("shenfenzheng",
// "shenfenzh" yes; "shenfenzehng" no.) Typo variants must pass this to be worth searching for.
bool reads_as_pinyin(std::u16string_view w) {
  static const std::vector<std::string> syllables = [] {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < text::syllable_count(); ++i)
      v.emplace_back(text::syllable_text(static_cast<text::SyllableId>(i)));
    std::sort(v.begin(), v.end());
    return v;
  }();
  std::string s;
  for (char16_t c : w) s.push_back(static_cast<char>(c));
  std::vector<char> ok(s.size() + 1, 0);
  ok[0] = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!ok[i]) continue;
    if (is_syllable_prefix(std::u16string_view(w).substr(i))) return true;
    for (std::size_t len = 1; len <= 6 && i + len <= s.size(); ++len)
      if (std::binary_search(syllables.begin(), syllables.end(), s.substr(i, len))) ok[i + len] = 1;
  }
  return ok[s.size()] != 0;
}

// Where syllables start when `w` is read greedily as the longest syllables (letters that start no
// syllable stand alone, as initials do): "shenfenzheng" → 0,4,7; "sfz" → 0,1,2.
std::vector<std::size_t> greedy_syllable_starts(std::u16string_view w) {
  std::vector<std::size_t> starts;
  std::string s;
  for (char16_t c : w) s.push_back(static_cast<char>(c));
  for (std::size_t i = 0; i < s.size();) {
    starts.push_back(i);
    std::size_t best = 1;
    for (std::size_t len = std::min<std::size_t>(6, s.size() - i); len >= 2; --len)
      if (text::find_syllable(s.substr(i, len)) >= 0) {
        best = len;
        break;
      }
    i += best;
  }
  return starts;
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
    const Readings& rs = readings_of(f[j]);
    if (rs.n == 0) break;
    std::uint64_t next_any = 0, next_full = 0;
    for (std::size_t p = 0; p < qn; ++p) {
      if (!(any >> p & 1)) continue;
      for (int k = 0; k < rs.n; ++k) {
        const std::string_view r = reading_text(rs.id[k]);
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
  if (t.size() >= 2 && s.quality < 0.7f && f.size() <= 64) {  // homophones: short texts only
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
  texts_.clear();
  doc_name_.clear();
  std::unordered_map<std::u16string, std::uint32_t> text_id;  // key: kind char + text
  std::vector<std::vector<std::uint32_t>> doc_texts(c.items_size());
  auto add = [&](std::uint32_t doc, Field kind, std::u16string folded, bool whole_entry) {
    if (folded.empty()) return std::uint32_t(0xFFFFFFFFu);
    std::u16string key(1, static_cast<char16_t>(u'0' + static_cast<int>(kind) * 2 + whole_entry));
    key += folded;
    auto [it, fresh] = text_id.emplace(std::move(key), static_cast<std::uint32_t>(texts_.size()));
    if (fresh) texts_.push_back({std::move(folded), kind, whole_entry});
    doc_texts[doc].push_back(it->second);
    return it->second;
  };
  std::unordered_map<std::string, std::string> department_names;
  for (const auto& d : c.departments()) department_names[d.id()] = d.name();
  for (int di = 0; di < c.items_size(); ++di) {
    const auto& it = c.items(di);
    const auto doc = static_cast<std::uint32_t>(di);
    doc_name_.push_back(add(doc, Field::Name, fold16(it.name()), false));
    for (const auto& s : it.synonyms()) add(doc, Field::Synonym, fold16(s), true);
    // Tags are keywords (a 一件事 is tagged with its parts): searchable like synonyms, but a tag
    // alone never says "this is the item you mean".
    for (const auto& s : it.tags()) add(doc, Field::Synonym, fold16(s), false);
    for (const auto& m : it.materials()) add(doc, Field::Material, fold16(m.name()), false);
    // The body: one text per item, its parts separated so matches do not run across them.
    std::u16string body = fold16(department_names[it.department()]);
    auto part = [&](const std::string& p) {
      if (p.empty()) return;
      body.push_back(u'\u3000');
      body += fold16(p);
    };
    part(it.summary());
    for (const auto& s : it.conditions()) part(s);
    part(it.result());
    for (const auto& q : it.faq()) part(q.q());
    add(doc, Field::Body, std::move(body), false);
  }
  if (doc_name_.size() != static_cast<std::size_t>(c.items_size())) doc_name_.resize(c.items_size(), 0);
  // text → items
  {
    CsrBuilder b(texts_.size());
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint32_t d = 0; d < doc_texts.size(); ++d) {
        std::sort(doc_texts[d].begin(), doc_texts[d].end());
        doc_texts[d].erase(std::unique(doc_texts[d].begin(), doc_texts[d].end()), doc_texts[d].end());
        for (std::uint32_t t : doc_texts[d]) {
          if (pass == 0) ++b.counts[t];
          else b.put(text_doc_offsets_, text_docs_, t, d);
        }
      }
      if (pass == 0) b.finish_counts(text_doc_offsets_, text_docs_);
    }
  }
  rewrites_.clear();
  for (const auto& qs : c.query_synonyms())
    for (const auto& w : qs.words()) rewrites_.emplace_back(fold16(w), fold16(qs.means()));
  // Longer words first, so "身份证丢了" style phrases win over their parts.
  std::sort(rewrites_.begin(), rewrites_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  // Dense ids for the characters that occur.
  dense_of_char_.assign(65536, 0);
  std::uint16_t next_dense = 1;
  for (const auto& t : texts_)
    for (char16_t ch : t.s)
      if (!dense_of_char_[ch] && next_dense < 65535) dense_of_char_[ch] = next_dense++;
  // Character postings: one entry per (character, text), short texts and bodies apart.
  for (int bodies = 0; bodies < 2; ++bodies) {
    auto& offsets = bodies ? body_char_offsets_ : char_offsets_;
    auto& postings = bodies ? body_char_postings_ : char_postings_;
    CsrBuilder b(next_dense);
    std::vector<std::uint32_t> seen(next_dense, 0xFFFFFFFFu);
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(seen.begin(), seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t ti = 0; ti < texts_.size(); ++ti) {
        if ((texts_[ti].kind == Field::Body) != (bodies == 1)) continue;
        for (char16_t ch : texts_[ti].s) {
          const std::uint16_t k = dense_of_char_[ch];
          if (seen[k] == ti) continue;
          seen[k] = ti;
          if (pass == 0) ++b.counts[k];
          else b.put(offsets, postings, k, ti);
        }
      }
      if (pass == 0) b.finish_counts(offsets, postings);
    }
  }
  // Initial-letter pairs (names, synonyms, materials) and single initials (names).
  {
    CsrBuilder pairs(26 * 26), singles(26);
    std::vector<std::uint32_t> pair_seen(26 * 26, 0xFFFFFFFFu), single_seen(26, 0xFFFFFFFFu);
    std::vector<std::uint32_t> masks;
    for (int pass = 0; pass < 2; ++pass) {
      std::fill(pair_seen.begin(), pair_seen.end(), 0xFFFFFFFFu);
      std::fill(single_seen.begin(), single_seen.end(), 0xFFFFFFFFu);
      for (std::uint32_t ti = 0; ti < texts_.size(); ++ti) {
        const Text& x = texts_[ti];
        if (x.kind == Field::Body) continue;
        masks.resize(x.s.size());
        for (std::size_t i = 0; i < x.s.size(); ++i) masks[i] = initials_mask(x.s[i]);
        for (std::size_t i = 0; i < x.s.size(); ++i) {
          for (std::uint32_t a = masks[i]; a; a &= a - 1) {
            const int ia = __builtin_ctz(a);
            if (single_seen[ia] != ti) {
              single_seen[ia] = ti;
              if (pass == 0) ++singles.counts[ia];
              else singles.put(initial_offsets_, initial_postings_, ia, ti);
            }
            if (i + 1 >= x.s.size()) continue;
            for (std::uint32_t b = masks[i + 1]; b; b &= b - 1) {
              const int key = ia * 26 + __builtin_ctz(b);
              if (pair_seen[key] == ti) continue;
              pair_seen[key] = ti;
              if (pass == 0) ++pairs.counts[key];
              else pairs.put(pair_offsets_, pair_postings_, key, ti);
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
  const std::size_t docs = doc_name_.size();
  text_acc_.assign(texts_.size(), 0.0f);
  text_stamp_.assign(texts_.size(), 0);
  doc_term_.assign(docs, 0.0f);
  doc_total_.assign(docs, 0.0f);
  doc_best_.assign(docs, 0.0f);
  doc_stamp_.assign(docs, 0);
  doc_term_stamp_.assign(docs, 0);
  doc_matched_.assign(docs, 0);
  doc_field_.assign(docs, 0);
  epoch_ = 0;
}

std::size_t SearchIndex::memory_bytes() const {
  std::size_t n = sizeof(*this) + texts_.capacity() * sizeof(Text);
  for (const auto& t : texts_) n += t.s.capacity() * sizeof(char16_t);
  auto v32 = [](const std::vector<std::uint32_t>& v) { return v.capacity() * 4; };
  n += v32(body_char_offsets_) + v32(body_char_postings_);
  n += v32(text_doc_offsets_) + v32(text_docs_) + v32(doc_name_) + v32(char_offsets_) + v32(char_postings_) +
       v32(pair_offsets_) + v32(pair_postings_) + v32(initial_offsets_) + v32(initial_postings_) + v32(text_stamp_) +
       v32(doc_stamp_) + v32(doc_term_stamp_);
  n += dense_of_char_.capacity() * 2 + (text_acc_.capacity() + doc_term_.capacity() + doc_total_.capacity() +
                                        doc_best_.capacity()) * sizeof(float);
  n += doc_matched_.capacity() + doc_field_.capacity();
  for (const auto& r : rewrites_) n += (r.first.capacity() + r.second.capacity()) * 2;
  return n;
}

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

void SearchIndex::candidate_texts(const Term& t, bool bodies, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (++epoch_ == 0) {  // wrapped: clear the stamps once every 4 billion uses
    std::fill(text_stamp_.begin(), text_stamp_.end(), 0);
    std::fill(doc_stamp_.begin(), doc_stamp_.end(), 0);
    std::fill(doc_term_stamp_.begin(), doc_term_stamp_.end(), 0);
    epoch_ = 1;
  }
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
    // One syllable or less ("z", "zheng"): it can end a text, so no pair needs to follow it.
    if (t.text.size() == 1 || is_syllable_prefix(t.text)) {
      for (std::uint32_t p = initial_offsets_[a]; p < initial_offsets_[a + 1]; ++p) touch(initial_postings_[p], 1);
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
    // Texts where two neighbouring characters start with the query's first letter and with the
    // letter after any syllable prefix of it ("shen|f…", "s|f…"): a superset of pinyin matches.
    for (std::size_t k = 1; k < t.text.size() && k <= 6; ++k) {
      if (!is_syllable_prefix(std::u16string_view(t.text).substr(0, k))) continue;
      const int key = a * 26 + (t.text[k] - u'a');
      for (std::uint32_t p = pair_offsets_[key]; p < pair_offsets_[key + 1]; ++p) touch(pair_postings_[p], 0);
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

void SearchIndex::run(const std::vector<Term>& terms, float factor, std::vector<Hit>& out) const {
  if (terms.empty() || doc_name_.empty()) return;
  constexpr std::size_t kEnoughItems = 64;
  std::vector<std::uint32_t> texts, touched_docs;
  std::vector<std::pair<float, std::uint32_t>> scored;
  const std::uint32_t query_epoch = epoch_ + 1;  // docs touched by any term of this run
  for (std::size_t ti = 0; ti < terms.size(); ++ti) {
    std::size_t term_docs = 0;
    std::uint32_t term_epoch = 0;
    // Short texts first; item bodies (weight 0.3) only when short texts found few items, since a
    // body match cannot lift an item above the many that matched by name, synonym or material.
    for (int bodies = 0; bodies < 2; ++bodies) {
      if (bodies && (terms[ti].latin || term_docs >= 40)) break;
      candidate_texts(terms[ti], bodies == 1, texts);
      if (!bodies) term_epoch = epoch_;
      // Best texts first; once enough items matched this term, texts scoring lower than those
      // cannot change the top of the list (materials like 居民身份证 are shared by thousands).
      scored.clear();
      for (std::uint32_t x : texts) {
        const float score = score_text(x, terms[ti]);
        if (score > 0) scored.emplace_back(score, x);
      }
      std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      float floor = -1;
      for (const auto& [score, x] : scored) {
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
          }
          if (score > doc_term_[d]) {
            doc_total_[d] += score - doc_term_[d];
            doc_term_[d] = score;
          }
          if (score > doc_best_[d]) {
            doc_best_[d] = score;
            doc_field_[d] = static_cast<std::uint8_t>(texts_[x].kind);
          }
        }
      }
    }
  }
  // Stamps of this run must stay above query_epoch for the next run's comparisons.
  for (std::uint32_t d : touched_docs) doc_stamp_[d] = epoch_;
  const float n = static_cast<float>(terms.size());
  for (std::uint32_t d : touched_docs) {
    float score = doc_total_[d] / n;
    if (doc_matched_[d] < terms.size()) score *= 0.6f;  // partial matches rank below full ones
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

std::vector<Hit> SearchIndex::search(std::string_view query, const SearchOptions& options) const {
  const std::u16string folded = fold16(query);
  const std::vector<Term> terms = parse_query(folded);
  std::vector<Hit> hits;
  run(terms, 1.0f, hits);
  // Everyday words: the query as typed and as the official word both count (养老金 is in some
  // names; 丢了 never is), the rewritten one a little less.
  const std::u16string rewritten = rewrite(folded);
  std::vector<Term> rewritten_terms;
  if (rewritten != folded) {
    rewritten_terms = parse_query(rewritten);
    run(rewritten_terms, 0.95f, hits);
  }
  auto strong = [&] {
    int n = 0;
    for (const auto& h : hits) n += h.score >= 0.6f;
    return n;
  };
  // Typos in pinyin: when exact matching finds little that is convincing, try the query with one
  // edit people commonly make (a letter dropped, missing, doubled or swapped; z/zh, n/ng, l/n, h/f).
  std::vector<std::pair<std::size_t, std::u16string>> used_variants;
  if (options.fuzzy && (strong() == 0 || hits.size() < 3)) {
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
      auto vowel = [](char16_t v) { return v == u'a' || v == u'e' || v == u'i' || v == u'o' || v == u'u' || v == u'v'; };
      for (std::size_t i = 0; i < w.size(); ++i) {
        const char16_t c = w[i];
        if ((c == u'z' || c == u'c' || c == u's') && (i + 1 >= w.size() || w[i + 1] != u'h'))
          variants.push_back(w.substr(0, i + 1) + u"h" + w.substr(i + 1));
        if (c == u'n' && (i + 1 >= w.size() || w[i + 1] != u'g')) variants.push_back(w.substr(0, i + 1) + u"g" + w.substr(i + 1));
        // A vowel left out between two consonants (zhng → zheng): pinyin has no such clusters
        // except zh/ch/sh/ng.
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
        if (v == w || v.empty() || !is_letter(v[0]) || !reads_as_pinyin(v)) continue;
        std::vector<Term> vt = terms;
        vt[ti].text = v;
        run(vt, 0.8f, hits);
      }
    }
  }
  // One hit per item (its best reading of the query), best first; ties: the shorter name.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.item != b.item ? a.item < b.item : a.score > b.score;
  });
  hits.erase(std::unique(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.item == b.item; }), hits.end());
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
  return hits;
}

}  // namespace tb::guide
