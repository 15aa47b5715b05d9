#!/usr/bin/python3
"""Generates core's hanzi tables from Debian's data packages, never by hand.

  readings: rime-data-luna-pinyin (luna_pinyin.dict.yaml: character, toneless pinyin, weight);
            unicode-data's Unihan kMandarin for characters luna does not list.
  T->S:     unicode-data's Unihan kSimplifiedVariant.

Output: one C++ file with constant arrays (see core/text/hanzi.h for the lookup API).
Covers the CJK Unified Ideographs block U+4E00..U+9FFF, where every character of the
catalogue, forms and everyday queries lives.
"""
import argparse, bz2, re, sys

LUNA = "/usr/share/rime-data/luna_pinyin.dict.yaml"
UNIHAN_READINGS = "/usr/share/unicode/Unihan_Readings.txt.bz2"
UNIHAN_VARIANTS = "/usr/share/unicode/Unihan_Variants.txt.bz2"
FIRST, LAST = 0x4E00, 0x9FFF
MIN_WEIGHT = 0.03    # a reading used in under 3 % of a character's occurrences is noise for search
MAX_READINGS = 3

TONED = {}
for plain, marks in {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "v": "ǖǘǚǜü"}.items():
    for m in marks:
        TONED[m] = plain

def strip_tone(p):
    return "".join(TONED.get(ch, ch) for ch in p.lower())

def fail(msg):
    sys.exit(f"hanzi_tables.py: {msg}")

def rime_rows(path, package):
    """The tab-separated columns of each entry of a rime dictionary (the lines after its "..." header)."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        fail(f"{path}: {e} (Debian package {package})")
    with f:
        in_body = False
        for line in f:
            line = line.rstrip("\n")
            if line == "...":
                in_body = True
                continue
            if in_body and line and not line.startswith("#"):
                yield line.split("\t")

def load_luna():
    readings = {}
    for cols in rime_rows(LUNA, "rime-data-luna-pinyin"):
        if len(cols) < 2 or len(cols[0]) != 1:
            continue
        cp = ord(cols[0])
        if not FIRST <= cp <= LAST:
            continue
        syl = cols[1].strip()
        if not re.fullmatch(r"[a-z]+", syl):
            continue
        weight = None
        if len(cols) >= 3 and cols[2].endswith("%"):
            weight = float(cols[2][:-1]) / 100.0
        readings.setdefault(cp, []).append((syl, weight))
    return readings

def load_unihan(path, field):
    out = {}
    try:
        f = bz2.open(path, "rt", encoding="utf-8")
    except OSError as e:
        fail(f"{path}: {e} (Debian package unicode-data)")
    for line in f:
        if line.startswith("#") or "\t" not in line:
            continue
        cp, key, value = line.rstrip("\n").split("\t", 2)
        if key == field:
            out[int(cp[2:], 16)] = value
    return out

def character_readings(luna, mandarin):
    """Each character's toneless readings, most used first (at most MAX_READINGS). Shared with
    spoken_tables.py, so speech reads a character the way search indexes it."""
    per_char = {}
    for cp in range(FIRST, LAST + 1):
        chosen = []
        if cp in luna:
            entries = luna[cp]
            known = [w for _, w in entries if w is not None]
            for syl, w in sorted(entries, key=lambda e: -(e[1] if e[1] is not None else 1.0)):
                if w is not None and w < MIN_WEIGHT and known:
                    continue
                if syl not in chosen:
                    chosen.append(syl)
        # Unihan's customary reading always counts: luna's weights come from mixed Traditional and
        # Simplified text and can bury a Simplified character's everyday reading (积: "ji 0%").
        if cp in mandarin:
            customary = strip_tone(mandarin[cp].split()[0])
            if customary not in chosen:
                chosen.append(customary)
        if chosen:
            per_char[cp] = chosen[:MAX_READINGS]

    return per_char

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    luna = load_luna()
    mandarin = load_unihan(UNIHAN_READINGS, "kMandarin")
    simp = load_unihan(UNIHAN_VARIANTS, "kSimplifiedVariant")
    per_char = character_readings(luna, mandarin)

    syllables = sorted({s for rs in per_char.values() for s in rs})
    if len(syllables) < 380:
        fail(f"only {len(syllables)} syllables found; data packages look incomplete")
    sid = {s: i for i, s in enumerate(syllables)}

    primary = [0] * (LAST - FIRST + 1)
    extra = []
    for cp, rs in per_char.items():
        primary[cp - FIRST] = sid[rs[0]] + 1
        for r in rs[1:]:
            extra.append((cp - FIRST, sid[r]))
    extra.sort()

    t2s = []
    for cp, value in simp.items():
        targets = [int(v[2:].split("<")[0], 16) for v in value.split()]
        if cp > 0xFFFF or not targets or targets[0] == cp or targets[0] > 0xFFFF:
            continue
        t2s.append((cp, targets[0]))
    t2s.sort()

    def rows(values, per_line=24):
        values = list(values)
        return ",\n".join(",".join(str(v) for v in values[i:i + per_line])
                          for i in range(0, len(values), per_line))

    with open(args.out, "w", encoding="utf-8") as out:
        out.write("// GENERATED by tools/gen/hanzi_tables.py from Debian's rime-data-luna-pinyin and\n")
        out.write("// unicode-data (Unihan). Do not edit; see core/text/hanzi.h.\n")
        out.write("#include <cstdint>\n#include <cstddef>\n\nnamespace tb::text::tables {\n")
        out.write(f"extern const char* const kSyllables[] = {{{','.join(chr(34) + s + chr(34) for s in syllables)}}};\n")
        out.write(f"extern const std::size_t kSyllableCount = {len(syllables)};\n")
        out.write(f"extern const char32_t kFirstHanzi = {FIRST};\nextern const char32_t kLastHanzi = {LAST};\n")
        out.write(f"extern const std::uint16_t kPrimaryReading[] = {{\n{rows(primary)}}};\n")
        out.write(f"extern const std::uint16_t kExtraReadings[][2] = {{\n{rows(('{%d,%d}' % e for e in extra), 12)}}};\n")
        out.write(f"extern const std::size_t kExtraReadingCount = {len(extra)};\n")
        out.write(f"extern const std::uint16_t kTraditionalToSimplified[][2] = {{\n{rows(('{%d,%d}' % e for e in t2s), 12)}}};\n")
        out.write(f"extern const std::size_t kTraditionalCount = {len(t2s)};\n")
        out.write("}  // namespace tb::text::tables\n")
    print(f"hanzi tables: {len(per_char)} characters, {len(syllables)} syllables, "
          f"{len(extra)} extra readings, {len(t2s)} traditional forms")

if __name__ == "__main__":
    main()
