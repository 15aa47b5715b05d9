#!/usr/bin/python3
"""Cuts the kiosk's UI font from a CJK font in Debian's font packages.

The subset covers GB 2312 level 1 (the 3,755 most used hanzi, enumerated from the GB 2312 codec
itself rather than typed in), ASCII, the CJK punctuation people see on forms, and every character
that appears in the given text files (the app's strings, the guide catalogue, the forms), so that
nothing the kiosk shows falls back to a box.

Needs Debian's python3-fonttools: run with /usr/bin/python3, not a pyenv python.
"""
import argparse, os, pathlib, sys

PUNCT = "，。、；：？！“”‘’（）《》【】—…·～￥％＋－×÷℃·「」『』〔〕〈〉　①②③④⑤⑥⑦⑧⑨⑩"

def gb2312_level1():
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # row 55 ends at 0xF9
    return chars

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--font", required=True)
    ap.add_argument("--font-number", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chars-out", help="also write the covered characters, one line, UTF-8")
    ap.add_argument("text_files", nargs="*")
    args = ap.parse_args()
    try:
        from fontTools import subset
    except ImportError:
        sys.exit("subset_font.py: fontTools missing: install Debian's python3-fonttools and run with /usr/bin/python3")
    if not os.path.exists(args.font):
        sys.exit(f"subset_font.py: {args.font}: no such font (Debian package fonts-wqy-microhei)")

    level1 = gb2312_level1()
    if len(level1) != 3755:
        sys.exit(f"subset_font.py: GB 2312 level 1 should have 3755 characters, got {len(level1)}")
    chars = set(level1) | {chr(c) for c in range(0x20, 0x7F)} | set(PUNCT)
    for path in args.text_files:
        text = pathlib.Path(path).read_text(encoding="utf-8", errors="replace")
        chars |= {ch for ch in text if ord(ch) >= 0x80 and ch.isprintable()}

    options = subset.Options()
    options.font_number = args.font_number
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    font = subset.load_font(args.font, options)
    cmap = font.getBestCmap()
    missing = sorted(ch for ch in chars if ord(ch) not in cmap and ord(ch) > 0x7F)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    tmp = args.out + ".tmp"
    subset.save_font(font, tmp, options)
    os.replace(tmp, args.out)  # never leave a half-written font behind
    covered = sorted(ch for ch in chars if ord(ch) in cmap)
    if args.chars_out:
        pathlib.Path(args.chars_out).write_text("".join(covered), encoding="utf-8")
    print(f"font subset: {len(covered)} characters, {os.path.getsize(args.out) // 1024} KB"
          + (f"; not in the source font: {''.join(missing[:20])}" if missing else ""))

if __name__ == "__main__":
    main()
