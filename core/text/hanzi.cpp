#include "text/hanzi.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace tb::text {
namespace tables {
extern const char* const kSyllables[];
extern const std::size_t kSyllableCount;
extern const char32_t kFirstHanzi;
extern const char32_t kLastHanzi;
extern const std::uint16_t kPrimaryReading[];
extern const std::uint16_t kExtraReadings[][2];
extern const std::size_t kExtraReadingCount;
extern const std::uint16_t kTraditionalToSimplified[][2];
extern const std::size_t kTraditionalCount;
}  // namespace tables

bool is_hanzi(char32_t c) { return c >= tables::kFirstHanzi && c <= tables::kLastHanzi; }

int readings(char32_t c, SyllableId out[3]) {
  if (!is_hanzi(c)) return 0;
  const auto offset = static_cast<std::uint16_t>(c - tables::kFirstHanzi);
  const std::uint16_t primary = tables::kPrimaryReading[offset];
  if (primary == 0) return 0;
  int n = 0;
  out[n++] = static_cast<SyllableId>(primary - 1);
  const auto* begin = tables::kExtraReadings;
  const auto* end = begin + tables::kExtraReadingCount;
  auto it = std::lower_bound(begin, end, offset,
                             [](const std::uint16_t(&e)[2], std::uint16_t v) { return e[0] < v; });
  for (; it != end && (*it)[0] == offset && n < 3; ++it) out[n++] = (*it)[1];
  return n;
}

std::string_view syllable_text(SyllableId id) {
  return id < tables::kSyllableCount ? tables::kSyllables[id] : std::string_view{};
}

std::size_t syllable_count() { return tables::kSyllableCount; }

int find_syllable(std::string_view s) {
  const char* const* begin = tables::kSyllables;
  const char* const* end = begin + tables::kSyllableCount;
  auto it = std::lower_bound(begin, end, s, [](const char* a, std::string_view b) { return std::string_view(a) < b; });
  return (it != end && std::string_view(*it) == s) ? static_cast<int>(it - begin) : -1;
}

char32_t to_simplified(char32_t c) {
  if (c > 0xFFFF) return c;
  // A flat table, filled once: search folds every character of a catalogue through here.
  static const std::vector<std::uint16_t> table = [] {
    std::vector<std::uint16_t> t(65536);
    for (std::uint32_t i = 0; i < 65536; ++i) t[i] = static_cast<std::uint16_t>(i);
    for (std::size_t i = 0; i < tables::kTraditionalCount; ++i)
      t[tables::kTraditionalToSimplified[i][0]] = tables::kTraditionalToSimplified[i][1];
    return t;
  }();
  return table[c];
}

}  // namespace tb::text
