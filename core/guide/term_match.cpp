#include "guide/term_match.h"

#include <algorithm>
#include <array>

#include "text/hanzi.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace tb::guide {

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

namespace {

// Readings of a character as the matcher sees them: hanzi have up to 3 pinyin syllables; letters
// and digits read as themselves; anything else has none (and stops a pinyin match). Looked up in a
// table filled once for the whole BMP, because matching asks for them millions of times.
struct Readings {
  std::uint8_t n = 0;
  std::uint16_t id[3] = {0, 0, 0};  // syllable ids; for letters/digits 0x8000 | the character
  std::uint32_t initials = 0;       // bit per first letter of a reading
};

// Every ASCII character as itself, for letters and digits that read as themselves.
constexpr std::array<char, 128> kAscii = [] {
  std::array<char, 128> a{};
  for (std::size_t c = 0; c < a.size(); ++c) a[c] = static_cast<char>(c);
  return a;
}();

std::string_view reading_text(std::uint16_t id) {
  if (id & 0x8000) return std::string_view(&kAscii[id & 0x7F], 1);
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

bool shares_reading(char16_t a, char16_t b) {
  if (a == b) return true;
  const Readings &ra = readings_of(a), &rb = readings_of(b);
  for (int i = 0; i < ra.n; ++i)
    for (int j = 0; j < rb.n; ++j)
      if (ra.id[i] == rb.id[j]) return true;
  return false;
}

}  // namespace

std::uint32_t initials_mask(char16_t c) { return readings_of(c).initials; }

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

std::size_t reading_key_count() { return text::syllable_count() + 26; }

int reading_keys(char16_t c, std::uint32_t out[3]) {
  const Readings& r = readings_of(c);
  int n = 0;
  for (int i = 0; i < r.n; ++i) {
    const std::uint16_t id = r.id[i];
    if (!(id & 0x8000)) out[n++] = id;
    else if (is_letter(static_cast<char16_t>(id & 0x7F))) out[n++] = static_cast<std::uint32_t>(text::syllable_count() + ((id & 0x7F) - 'a'));
  }
  return n;
}

std::vector<std::uint32_t> keys_of_syllables_starting(std::u16string_view p) {
  std::vector<std::uint32_t> keys;
  if (p.empty() || !is_letter(p[0])) return keys;
  for (std::size_t i = 0; i < text::syllable_count(); ++i) {
    const std::string_view s = text::syllable_text(static_cast<text::SyllableId>(i));
    if (s.size() < p.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < p.size() && same; ++k) same = s[k] == static_cast<char>(p[k]);
    if (same) keys.push_back(static_cast<std::uint32_t>(i));
  }
  keys.push_back(static_cast<std::uint32_t>(text::syllable_count() + (p[0] - u'a')));
  return keys;
}

bool is_syllable(std::u16string_view p) {
  std::string s;
  for (char16_t c : p) s.push_back(static_cast<char>(c));
  return text::find_syllable(s) >= 0;
}

namespace {

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

}  // namespace

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

std::vector<std::u16string> pinyin_typo_variants(const std::u16string& w) {
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
  variants.erase(std::remove_if(variants.begin(), variants.end(),
                                [&](const std::u16string& v) { return v == w || v.empty() || !is_letter(v[0]) || !reads_as_pinyin(v); }),
                 variants.end());
  return variants;
}

namespace {

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

}  // namespace

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
    // Counted without keeping the places: this runs for thousands of texts per question, and the
    // places are wanted only for highlights (marks), once the share is known to be enough.
    // Stops as soon as the bigrams left cannot make half: most texts share none.
    const std::size_t bigrams = t.size() - 1, needed = (bigrams + 1) / 2;
    std::size_t hits = 0;
    std::size_t first = std::u16string_view::npos;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
      if (hits + (bigrams - i) < needed) break;
      const std::size_t p = f.find(t.substr(i, 2));
      if (p == std::u16string_view::npos) continue;
      if (!hits++) first = p;
    }
    const float share = static_cast<float>(hits) / static_cast<float>(bigrams);
    if (hits >= needed) {
      s.start = static_cast<int>(first);
      s.length = std::min<int>(static_cast<int>(2 * hits), static_cast<int>(f.size()));
      s.quality = 0.75f * share;
      if (marks)
        for (std::size_t i = 0; i + 1 < t.size(); ++i) {
          const std::size_t p = f.find(t.substr(i, 2));
          if (p != std::u16string_view::npos) marks->push_back({static_cast<std::uint16_t>(p), 2});
        }
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

}  // namespace tb::guide
