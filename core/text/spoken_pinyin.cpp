#include "text/spoken_pinyin.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "text/hanzi.h"
#include "text/utf8.h"

namespace tb::text {
namespace spoken {
struct Word {
  const char* text;
  std::uint32_t first;
};
extern const char* const kToned[];
extern const std::size_t kTonedCount;
extern const std::uint16_t kCharReading[];
extern const Word kWords[];
extern const std::size_t kWordCount;
extern const std::uint16_t kWordReadings[];
extern const std::size_t kLongestWord;
}  // namespace spoken

namespace {

constexpr char32_t kFirst = 0x4E00;

// Readings of the word of rime's lexicon spelled exactly by cps[at, at+n), or nullptr.
const std::uint16_t* word_readings(const std::u32string& cps, std::size_t at, std::size_t n) {
  const std::string key = encode_utf8(std::u32string_view(cps).substr(at, n));
  const spoken::Word* begin = spoken::kWords;
  const spoken::Word* end = begin + spoken::kWordCount;
  const auto* it = std::lower_bound(begin, end, key, [](const spoken::Word& w, const std::string& k) { return std::strcmp(w.text, k.c_str()) < 0; });
  return it != end && key == it->text ? spoken::kWordReadings + it->first : nullptr;
}

// Chinese punctuation as the ASCII an engine pauses at ("" for none).
const char* pause_for(char32_t c) {
  switch (c) {
    case U'，': case U'、': case U'（': case U'）': case U'“': case U'”': case U'《': case U'》': return ",";
    case U'。': case U'！': case U'？': case U'；': case U'…': return ".";
    case U'：': return ":";
    default: return nullptr;
  }
}

}  // namespace

std::string to_toned_pinyin(std::string_view utf8) {
  const std::u32string cps = decode_utf8_lossy(utf8);
  // One toned syllable per character first (index into kToned; 0: not a hanzi with a reading).
  std::vector<std::uint16_t> syl(cps.size(), 0);
  for (std::size_t i = 0; i < cps.size();) {
    std::size_t taken = 0;
    for (std::size_t n = std::min(spoken::kLongestWord, cps.size() - i); n >= 2 && !taken; --n) {
      bool all_hanzi = true;
      for (std::size_t k = 0; k < n && all_hanzi; ++k) all_hanzi = is_hanzi(cps[i + k]);
      if (!all_hanzi) continue;
      if (const std::uint16_t* r = word_readings(cps, i, n)) {
        for (std::size_t k = 0; k < n; ++k) syl[i + k] = static_cast<std::uint16_t>(r[k] + 1);
        taken = n;
      }
    }
    if (!taken) {
      if (is_hanzi(cps[i])) syl[i] = spoken::kCharReading[cps[i] - kFirst];
      taken = 1;
    }
    i += taken;
  }
  std::string out;
  bool spaced = true;  // the output ends in a space (or is empty)
  auto separate = [&] {
    if (!spaced) out += ' ';
    spaced = true;
  };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (syl[i]) {
      std::string_view s = spoken::kToned[syl[i] - 1];
      separate();
      // 不 rises before a falling tone: 不是 bu2 shi4, 不要 bu2 yao4.
      if (cps[i] == U'不' && s == "bu4" && i + 1 < cps.size() && syl[i + 1]) {
        const std::string_view next = spoken::kToned[syl[i + 1] - 1];
        if (!next.empty() && next.back() == '4') s = "bu2";
      }
      out += s;
      spaced = false;
      continue;
    }
    if (const char* p = pause_for(cps[i])) {
      out += p;
      out += ' ';
      spaced = true;
      continue;
    }
    if (cps[i] == U' ' || cps[i] == U'\n' || cps[i] == U'\t' || cps[i] == U'\u3000') {
      separate();
      continue;
    }
    // Other text (Latin, digits, ASCII punctuation) stays as it is, apart from the syllables.
    if (i > 0 && syl[i - 1]) separate();
    append_utf8(out, cps[i]);
    spaced = false;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace tb::text
