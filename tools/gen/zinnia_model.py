#!/usr/bin/python3
"""Cuts the handwriting model the browser kiosk downloads from Debian's, never by hand.

Source: tegaki-zinnia-simplified-chinese's /usr/share/tegaki/models/zinnia/handwriting-zh_CN.model,
zinnia's binary model of 6,763 characters (GB 2312), 26.8 MB. Kept: the characters the kiosk's font
can draw (its GB 2312 level 1 cut plus the app's own characters, listed in tongban-ui.chars.txt
beside the font): a character the kiosk cannot show is no use to offer, and the model halves
(about 14.6 MB, 7 MB brotli) with the same best candidates for what is kept.

zinnia's format (zinnia 0.06, recognizer.cpp): uint32 magic = DIC_MAGIC_ID ^ file size, uint32
version, uint32 count, then per character: 16 bytes of UTF-8 (NUL-padded), float bias, and
(int32 index, float value) pairs ending with index -1. All little-endian. The magic is recomputed
for the new size from the source's own (magic ^ size gives DIC_MAGIC_ID).
"""
import argparse, os, struct, sys

SOURCE = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"


def fail(msg):
    sys.exit(f"zinnia_model.py: {msg}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default=SOURCE)
    ap.add_argument("--chars", required=True, help="the characters to keep (UTF-8 text; the font's chars list)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not os.path.exists(args.source):
        fail(f"{args.source}: missing (Debian package tegaki-zinnia-simplified-chinese; run tools/bootstrap.sh)")
    keep = set(open(args.chars, encoding="utf-8").read())
    data = open(args.source, "rb").read()
    if len(data) < 12:
        fail(f"{args.source}: too short for a zinnia model")
    magic, version, count = struct.unpack_from("<III", data, 0)
    magic_id = magic ^ len(data)
    at, kept, out = 12, 0, []
    for i in range(count):
        start = at
        if at + 20 > len(data):
            fail(f"{args.source}: character {i} runs past the end")
        char = data[at:at + 16].split(b"\0")[0].decode("utf-8")
        at += 20
        while True:
            if at + 8 > len(data):
                fail(f"{args.source}: character {i} ({char}) has no end of features")
            index, = struct.unpack_from("<i", data, at)
            at += 8
            if index == -1:
                break
        if char in keep:
            out.append(data[start:at])
            kept += 1
    if at != len(data):
        fail(f"{args.source}: {len(data) - at} bytes after the last character")
    body = b"".join(out)
    size = 12 + len(body)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<III", magic_id ^ size, version, kept))
        f.write(body)
    os.replace(tmp, args.out)
    print(f"zinnia model: {kept} of {count} characters, {size} bytes -> {args.out}")


if __name__ == "__main__":
    main()
