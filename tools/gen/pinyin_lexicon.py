#!/usr/bin/python3
"""Generates the browser kiosk's pinyin lexicon from Debian's rime-data-pinyin-simp, never by hand.

Source: /usr/share/rime-data/pinyin_simp.dict.yaml (Apache-2.0), googlepinyin's own Android
Pinyin IME lexicon as text: 65,123 lines of `word<TAB>pin yin<TAB>weight`, 1 to 4 characters each,
the same words and weights libgooglepinyin's dict_pinyin.dat was built from, so the browser's
engine (kiosk/input/pinyin_lexicon.cpp) ranks like the native kiosk's libgooglepinyin.

Output: the same lines without the YAML header, checked (one syllable a character, syllables of
letters, whole-number weights), in the source's order (grouped by pinyin: brotli packs it to about
a third). The web kiosk fetches it only when a text field's pinyin keyboard first opens; it is
never compiled into the kiosk module.
"""
import argparse, os, sys

SOURCE = "/usr/share/rime-data/pinyin_simp.dict.yaml"


def fail(msg):
    sys.exit(f"pinyin_lexicon.py: {msg}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default=SOURCE)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not os.path.exists(args.source):
        fail(f"{args.source}: missing (Debian package rime-data-pinyin-simp; run tools/bootstrap.sh)")
    lines, in_body = [], False
    with open(args.source, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not in_body:
                in_body = line == "..."  # the end of the YAML header
                continue
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != 3:
                fail(f"{args.source}:{n}: expected word<TAB>pinyin<TAB>weight")
            word, spelled, weight = cells
            syllables = spelled.split(" ")
            if len(syllables) != len(word) or not all(s.isascii() and s.isalpha() and s.islower() for s in syllables):
                fail(f"{args.source}:{n}: one lower-case syllable per character is needed")
            if not weight.isdigit():
                fail(f"{args.source}:{n}: the weight must be a whole number")
            lines.append(f"{word}\t{spelled}\t{int(weight)}")
    if len(lines) < 60000:
        fail(f"{args.source}: only {len(lines)} words (expected googlepinyin's ~65,000)")
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# tongban pinyin lexicon: googlepinyin's Android lexicon from Debian's rime-data-pinyin-simp (Apache-2.0)\n")
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, args.out)
    print(f"pinyin lexicon: {len(lines)} words -> {args.out}")


if __name__ == "__main__":
    main()
