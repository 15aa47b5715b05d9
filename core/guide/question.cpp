#include "guide/question.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "guide/term_match.h"
#include "text/hanzi.h"

namespace tb::guide {
namespace {

constexpr char16_t kGap = u'\u3000';
constexpr std::size_t kMaxRead = 256;      // characters of a query read as a question (terms are capped anyway)
constexpr std::size_t kMaxSpellings = 8;   // pinyin spellings kept per word (polyphones multiply them)
constexpr std::size_t kMaxPinyinWords = 4; // space-separated pinyin words read as one phrase

// The toneless pinyin spellings of a word in characters, most used reading first; none when a
// character has no reading. A one-character word is spelled with its most used reading only: its
// rarer ones are often other words (还 hai, but huan is 换).
std::vector<std::u16string> spellings(const std::u16string& word) {
  std::vector<std::u16string> out{u""};
  for (char16_t c : word) {
    text::SyllableId ids[3];
    int n = text::readings(c, ids);
    if (n == 0) return {};
    if (word.size() == 1) n = 1;
    std::vector<std::u16string> next;
    for (const auto& prefix : out)
      for (int k = 0; k < n && next.size() < kMaxSpellings; ++k) {
        std::u16string s = prefix;
        for (char ch : text::syllable_text(ids[k])) s.push_back(static_cast<char16_t>(ch));
        next.push_back(std::move(s));
      }
    out.swap(next);
  }
  return out;
}

}  // namespace

const char* aspect_key(proto::Aspect a) {
  switch (a) {
    case proto::ASPECT_MATERIALS: return "materials";
    case proto::ASPECT_PLACE: return "place";
    case proto::ASPECT_TIME: return "time";
    case proto::ASPECT_FEE: return "fee";
    case proto::ASPECT_ONLINE: return "online";
    case proto::ASPECT_CONDITIONS: return "conditions";
    case proto::ASPECT_STEPS: return "steps";
    default: return "";
  }
}

void QuestionReader::build(const proto::Catalogue& c, const std::vector<std::string>& item_words) {
  phrases_.clear();
  protecting_.clear();
  pinyin_.clear();
  longest_phrase_ = longest_protecting_ = 0;
  auto grammar = [&](const std::string& utf8, proto::Aspect aspect) {
    std::u16string w = fold16(utf8);
    if (w.empty()) return;
    longest_phrase_ = std::max(longest_phrase_, w.size());
    for (auto& p : spellings(w)) pinyin_.emplace(std::move(p), Word{true, aspect, w});
    phrases_.emplace(std::move(w), Word{true, aspect, {}});
  };
  auto protecting = [&](const std::string& utf8) {
    std::u16string w = fold16(utf8);
    if (w.size() < 2) return;
    longest_protecting_ = std::max(longest_protecting_, w.size());
    protecting_.insert(std::move(w));
  };
  // Everyday words first: where a spelling is both, the everyday word wins (it carries meaning).
  for (const auto& qs : c.query_synonyms())
    for (const auto& w : qs.words()) {
      protecting(w);
      const std::u16string f = fold16(w);
      for (auto& p : spellings(f)) pinyin_.emplace(std::move(p), Word{false, proto::ASPECT_NONE, f});
    }
  for (const auto& w : item_words) protecting(w);
  for (const auto& f : c.question_forms())
    for (const auto& w : f.words()) grammar(w, f.asks());
  for (const auto& w : c.filler_words()) grammar(w, proto::ASPECT_NONE);
}

Question QuestionReader::read(const std::u16string& folded) const {
  Question out;
  const std::u16string q = folded.substr(0, kMaxRead);
  const std::size_t n = q.size();
  // Where everyday words stand: a grammar phrase that overlaps one without containing it all
  // stays (结婚证怎么办 is a name people use; 带什么证件 still goes although 证件 is a tag).
  std::vector<std::pair<std::size_t, std::size_t>> kept;
  for (std::size_t i = 0; i < n && longest_protecting_; ++i)
    for (std::size_t len = std::min(longest_protecting_, n - i); len >= 2; --len)
      if (protecting_.count(q.substr(i, len))) kept.emplace_back(i, i + len);
  auto removable = [&](std::size_t b, std::size_t e) {
    for (const auto& [s, t] : kept)
      if (s < e && b < t && (s < b || t > e)) return false;
    return true;
  };
  std::u16string& s = out.subject;
  auto gap = [&] {
    if (!s.empty() && s.back() != kGap) s.push_back(kGap);
  };
  auto asked = [&](proto::Aspect a) {
    if (out.aspect == proto::ASPECT_NONE) out.aspect = a;
  };
  for (std::size_t i = 0; i < n;) {
    if (is_letter(q[i])) {
      // Space-separated pinyin words; a run of up to four read as one phrase when it spells one.
      std::vector<std::pair<std::size_t, std::size_t>> words;
      std::vector<std::u16string> keys;
      for (std::size_t j = i;;) {
        const std::size_t b = j;
        std::u16string key;
        while (j < n && (is_letter(q[j]) || is_digit(q[j]) || q[j] == u'\'')) {
          if (is_letter(q[j])) key.push_back(q[j]);
          ++j;
        }
        words.emplace_back(b, j);
        keys.push_back(std::move(key));
        std::size_t k = j;
        while (k < n && q[k] == u' ') ++k;
        if (k >= n || !is_letter(q[k])) break;
        j = k;
      }
      for (std::size_t w = 0; w < words.size();) {
        const Word* found = nullptr;
        std::size_t used = 0;
        std::u16string key;
        for (std::size_t m = 0; m < kMaxPinyinWords && w + m < words.size(); ++m) {
          key += keys[w + m];
          if (auto it = pinyin_.find(key); it != pinyin_.end()) found = &it->second, used = m + 1;
        }
        if (!found) {
          // As typed, with the space before it: spaced pinyin (shen fen zheng) stays one term.
          if (w > 0 && !s.empty() && s.back() != kGap) s.push_back(u' ');
          s.append(q, words[w].first, words[w].second - words[w].first);
          ++w;
          continue;
        }
        if (found->grammar) {
          asked(found->aspect);
          gap();
        } else {
          gap();
          s += found->hanzi;
          gap();
        }
        w += used;
      }
      i = words.back().second;
      continue;
    }
    if (text::is_hanzi(q[i])) {
      const Word* found = nullptr;
      std::size_t len = std::min(longest_phrase_, n - i);
      for (; len >= 1; --len) {
        auto it = phrases_.find(q.substr(i, len));
        if (it != phrases_.end() && removable(i, i + len)) {
          found = &it->second;
          break;
        }
      }
      if (found) {
        asked(found->aspect);
        if (len > 1 || found->aspect != proto::ASPECT_NONE) gap();
        i += len;
        continue;
      }
    }
    s.push_back(q[i++]);
  }
  while (!s.empty() && s.back() == kGap) s.pop_back();
  const std::u16string cut = cut_words(s);
  if (cut != s) out.words = cut;
  return out;
}

std::u16string QuestionReader::cut_words(const std::u16string& subject) const {
  std::u16string out;
  auto gap = [&] {
    if (!out.empty() && out.back() != kGap) out.push_back(kGap);
  };
  const std::size_t n = subject.size();
  for (std::size_t i = 0; i < n;) {
    std::size_t len = 0;
    if (text::is_hanzi(subject[i]))
      for (len = std::min(longest_protecting_, n - i); len >= 2; --len)
        if (protecting_.count(subject.substr(i, len))) break;
    if (len >= 2) {
      gap();
      out.append(subject, i, len);
      gap();
      i += len;
    } else {
      out.push_back(subject[i++]);
    }
  }
  while (!out.empty() && out.back() == kGap) out.pop_back();
  return out;
}

std::size_t QuestionReader::memory_bytes() const {
  std::size_t n = 0;
  for (const auto& [k, w] : phrases_) n += (k.capacity() + w.hanzi.capacity()) * 2 + sizeof(Word) + 32;
  for (const auto& k : protecting_) n += k.capacity() * 2 + 32;
  for (const auto& [k, w] : pinyin_) n += (k.capacity() + w.hanzi.capacity()) * 2 + sizeof(Word) + 32;
  return n;
}

}  // namespace tb::guide
