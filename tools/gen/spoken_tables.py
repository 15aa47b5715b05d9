#!/usr/bin/python3
"""Generates the tables core/text/spoken_pinyin.cpp reads hanzi aloud with, from Debian's data.

  a character's reading: its first reading in core's hanzi tables (hanzi_tables.character_readings,
            rime-data-luna-pinyin with Unihan kMandarin), so speech and search agree;
  tones:    unicode-data's Unihan kHanyuPinlu (readings with their frequency in modern text), then
            kMandarin, kXHC1983 and kHanyuPinyin: the tone of that syllable for that character;
  words:    rime-data-pinyin-simp (pinyin_simp.dict.yaml: the Android Pinyin IME lexicon, words with
            toneless pinyin and weights): every word that reads a character other than alone, or
            holds a character with several readings, with its most used reading, so 银行 reads
            yin2 hang2, 行长 hang2 zhang3 and 还款 huan2 kuan3.

Output: one C++ file with constant arrays (see core/text/spoken_pinyin.h).
"""
import argparse, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hanzi_tables as ht  # noqa: E402  (same folder: the readings search uses)

WORDS = "/usr/share/rime-data/pinyin_simp.dict.yaml"
MAX_WORD = 6

TONE_OF_MARK = {}
for tone, marks in enumerate(("āēīōūǖ", "áéíóúǘ", "ǎěǐǒǔǚ", "àèìòùǜ"), start=1):
    for m in marks:
        TONE_OF_MARK[m] = tone


def fail(msg):
    sys.exit(f"spoken_tables.py: {msg}")


def tone_of(toned):
    for ch in toned:
        if ch in TONE_OF_MARK:
            return TONE_OF_MARK[ch]
    return 5  # no mark: the neutral tone (了 le, 的 de)


def toned_readings(unihan):
    """cp -> [(toneless syllable, tone, weight)], best first, from the Unihan fields in order."""
    out = {}
    pinlu, mandarin, xhc, hanyu = unihan
    for cp in range(ht.FIRST, ht.LAST + 1):
        found = []
        if cp in pinlu:  # "xíng(2943) háng(218)"
            for m in re.finditer(r"(\S+?)\((\d+)\)", pinlu[cp]):
                found.append((ht.strip_tone(m.group(1)), tone_of(m.group(1)), int(m.group(2)) + 1_000_000))
        for rank, field in enumerate((mandarin, xhc, hanyu)):
            if cp not in field:
                continue
            values = re.findall(r"[^\s:,.0-9]+", field[cp])  # drop kXHC/kHanyuPinyin's page numbers
            for i, v in enumerate(values):
                found.append((ht.strip_tone(v), tone_of(v), 1000 - rank * 100 - i))
        if found:
            out[cp] = sorted(found, key=lambda r: -r[2])
    return out


def tone_for(readings, cp, syllable):
    for syl, tone, _ in readings.get(cp, ()):
        if syl == syllable:
            return tone
    return 5


def load_words():
    best = {}
    for cols in ht.rime_rows(WORDS, "rime-data-pinyin-simp"):
        if len(cols) < 3 or not 2 <= len(cols[0]) <= MAX_WORD:
            continue
        syllables = cols[1].split()
        if len(syllables) != len(cols[0]) or not all(ht.FIRST <= ord(c) <= ht.LAST for c in cols[0]):
            continue
        if not all(re.fullmatch(r"[a-z]+", s) for s in syllables):
            continue
        weight = int(cols[2]) if cols[2].isdigit() else 0
        if cols[0] not in best or best[cols[0]][1] < weight:
            best[cols[0]] = (syllables, weight)
    if len(best) < 20000:
        fail(f"only {len(best)} words in {WORDS}; the data package looks incomplete")
    return {w: s for w, (s, _) in best.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    per_char = ht.character_readings(ht.load_luna(), ht.load_unihan(ht.UNIHAN_READINGS, "kMandarin"))
    unihan = tuple(ht.load_unihan(ht.UNIHAN_READINGS, f) for f in ("kHanyuPinlu", "kMandarin", "kXHC1983", "kHanyuPinyin"))
    tones = toned_readings(unihan)

    char_reading = {cp: f"{rs[0]}{tone_for(tones, cp, rs[0])}" for cp, rs in per_char.items()}
    words = []
    for word, syllables in load_words().items():
        # Kept: words where a character is read other than alone (还款 huan), and words holding a
        # character with several readings, so that 发行 is matched before 行长 in 发行长期.
        differs = any(per_char.get(ord(c), [""])[0] != s for c, s in zip(word, syllables))
        if not differs and not any(len(per_char.get(ord(c), ())) > 1 for c in word):
            continue
        words.append((word.encode("utf-8"), [f"{s}{tone_for(tones, ord(c), s)}" for c, s in zip(word, syllables)]))
    words.sort()

    toned = sorted(set(char_reading.values()) | {s for _, rs in words for s in rs})
    index = {s: i for i, s in enumerate(toned)}
    readings = [0] * (ht.LAST - ht.FIRST + 1)
    for cp, s in char_reading.items():
        readings[cp - ht.FIRST] = index[s] + 1
    word_readings, word_rows = [], []
    for text, rs in words:
        word_rows.append((text.decode("utf-8"), len(word_readings)))
        word_readings.extend(index[s] for s in rs)

    def rows(values, per_line=24):
        values = list(values)
        return ",\n".join(",".join(str(v) for v in values[i:i + per_line]) for i in range(0, len(values), per_line))

    with open(args.out, "w", encoding="utf-8") as out:
        out.write("// GENERATED by tools/gen/spoken_tables.py from Debian's rime-data-luna-pinyin,\n")
        out.write("// rime-data-pinyin-simp and unicode-data (Unihan). Do not edit; see core/text/spoken_pinyin.h.\n")
        out.write("#include <cstddef>\n#include <cstdint>\n\nnamespace tb::text::spoken {\n")
        out.write("struct Word {\n  const char* text;\n  std::uint32_t first;\n};\n")
        out.write(f"extern const char* const kToned[] = {{{','.join(chr(34) + s + chr(34) for s in toned)}}};\n")
        out.write(f"extern const std::size_t kTonedCount = {len(toned)};\n")
        out.write(f"extern const std::uint16_t kCharReading[] = {{\n{rows(readings)}}};\n")
        out.write("extern const Word kWords[] = {\n" +
                  ",\n".join('{"%s",%d}' % (w, first) for w, first in word_rows) + "};\n")
        out.write(f"extern const std::size_t kWordCount = {len(word_rows)};\n")
        out.write(f"extern const std::uint16_t kWordReadings[] = {{\n{rows(word_readings)}}};\n")
        out.write(f"extern const std::size_t kLongestWord = {MAX_WORD};\n")
        out.write("}  // namespace tb::text::spoken\n")
    print(f"spoken tables: {len(char_reading)} characters, {len(toned)} toned syllables, {len(words)} words")


if __name__ == "__main__":
    main()
