#!/usr/bin/env bash
# `tongban code render|scan|sheet` through the real binary and the real decoder (ZXing-cpp): codes
# rendered to PNG and SVG read back to the same text; the public QR sample photos read at a
# reasonable rate; broken images refused with a clear message (no crash); a print sheet of 20 issued
# printed codes (随身码) whose codes all read back from the 300 dpi PNG and still verify.
#   test_code_media.sh TONGBAN SOURCE_DIR [SAMPLES_DIR]
set -u
tongban=${1:?path to tongban}
root=${2:?source dir}
samples=${3:-$root/../shared/data/qr-samples}
py=/usr/bin/python3   # Debian's python (the first python3 on PATH may be a separate one)
tmp=$(mktemp -d /tmp/tongban-code-media-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
# stdout of a command must be exactly the expected text (and the command exit 0)
same() {  # description, expected stdout, command...
  local what=$1 want=$2; shift 2
  local out status
  out=$("$@" 2>"$tmp/stderr"); status=$?
  if [ "$status" != 0 ] || [ "$out" != "$want" ]; then
    fail "$what: status $status" "want: $want"$'\n'"got:  $out"$'\n'"stderr: $(cat "$tmp/stderr")"
  else
    ok "$what"
  fi
}

# ---- render → scan round trips ---------------------------------------------------------------------
check "code render --help" 0 "usage: tongban code render TEXT -o FILE.png\|FILE.svg" "$tongban" code render --help
check "code scan --help documents the output" 0 "with several, it is \`IMAGE: TEXT\`" "$tongban" code scan --help
check "code sheet --help" 0 "A4 at 300 dpi" "$tongban" code sheet --help

service='TBS1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B'
check "render a service code to PNG" 0 "version [0-9]+-M" "$tongban" code render "$service" -o "$tmp/service.png"
if [ "$(head -c 8 "$tmp/service.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then ok "the PNG is a PNG"; else fail "the PNG is a PNG"; fi
same "scan the PNG back: the same text" "$service" "$tongban" code scan "$tmp/service.png"

chinese='青禾市政务服务中心 · 一窗受理 https://tongban.example.gov.cn/s/QH01'
check "render UTF-8 text, ECC H, scale 3" 0 "version [0-9]+-H" "$tongban" code render "$chinese" -o "$tmp/zh.png" --ecc H --scale 3
same "scan UTF-8 text back" "$chinese" "$tongban" code scan "$tmp/zh.png"
check "render with ECC L at scale 1" 0 "-L," "$tongban" code render "TBV1:ABC123" -o "$tmp/tiny.png" --ecc L --scale 1
same "scale 1 (1 px per module) reads back" "TBV1:ABC123" "$tongban" code scan "$tmp/tiny.png"
check "render a line break" 0 "" "$tongban" code render $'line one\nline two\\end' -o "$tmp/nl.png"
same "scan escapes the line break and backslash (one line per code)" 'line one\nline two\\end' "$tongban" code scan "$tmp/nl.png"

check "render to SVG" 0 "\.svg: QR version" "$tongban" code render "$service" -o "$tmp/service.svg" --scale 5
check "the SVG is an SVG with its size" 0 '^<svg width="[0-9]+" height="[0-9]+" xmlns="http://www.w3.org/2000/svg" viewBox' head -c 200 "$tmp/service.svg"
# Rasterise the SVG's path (runs of dark modules) to a PGM, then read that with the real decoder.
"$py" - "$tmp/service.svg" "$tmp/service-svg.pgm" <<'EOF'
import re, sys
svg = open(sys.argv[1]).read()
n = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
s = 6
px = bytearray([255]) * (n * s * n * s)
for x, y, run in re.findall(r'M(\d+) (\d+)h(\d+)v1h-\d+z', svg):
    x, y, run = int(x), int(y), int(run)
    for yy in range(y * s, (y + 1) * s):
        px[yy * n * s + x * s:yy * n * s + (x + run) * s] = bytes(run * s)
open(sys.argv[2], 'wb').write(b'P5 %d %d 255\n' % (n * s, n * s) + px)
EOF
same "scan the SVG (rasterised) back: the same text" "$service" "$tongban" code scan "$tmp/service-svg.pgm"

check "render: -o missing" 2 "-o FILE.png\|FILE.svg is missing" "$tongban" code render "x"
check "render: neither .png nor .svg" 2 "must name a .png or .svg" "$tongban" code render "x" -o "$tmp/x.gif"
check "render: bad --ecc" 2 "--ecc must be L, M, Q or H" "$tongban" code render "x" -o "$tmp/x.png" --ecc X
check "render: bad --scale" 2 "--scale must be" "$tongban" code render "x" -o "$tmp/x.png" --scale 0
check "render: too long for any QR version" 1 "." "$tongban" code render "$(head -c 9000 /dev/zero | tr '\0' 'a')" -o "$tmp/x.png"
check "render: unwritable output" 3 "." "$tongban" code render "x" -o "$tmp/no/such/dir/x.png"

# ---- scan: several images, errors ------------------------------------------------------------------
check "scan two images: each line prefixed with its image" 0 "zh.png: 青禾市" "$tongban" code scan "$tmp/service.png" "$tmp/zh.png"
out=$("$tongban" code scan "$tmp/service.png" "$tmp/zh.png" 2>&1)
if [ "$out" = "$tmp/service.png: $service"$'\n'"$tmp/zh.png: $chinese" ]; then ok "scan two images: exact lines"; else fail "scan two images: exact lines" "$out"; fi
head -c 4096 /dev/urandom >"$tmp/garbage.png"
check "garbage file: clear error, exit 3" 3 "garbage.png: cannot read image: not a PNG or JPEG image" "$tongban" code scan "$tmp/garbage.png"
head -c 100 "$tmp/service.png" >"$tmp/truncated.png"
check "truncated PNG: clear error, exit 3" 3 "truncated.png: cannot read image: " "$tongban" code scan "$tmp/truncated.png"
# A small file that declares 400 megapixels: refused before decoding, so memory stays small.
python3 - "$tmp/huge.png" <<'PY'
import struct, sys, zlib
w = h = 20000
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
z = zlib.compressobj(9)
idat = b''.join(z.compress(b'\0' * (w + 1)) for _ in range(h)) + z.flush()
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
                              + chunk(b'IDAT', idat) + chunk(b'IEND', b''))
PY
check "a $(($(stat -c %s "$tmp/huge.png") / 1024)) KB PNG of 20000×20000 pixels: refused, exit 3" 3 "huge.png: cannot read image: .*more than 40 megapixels" \
  "$tongban" code scan "$tmp/huge.png"
peak=$(/usr/bin/time -f %M "$tongban" code scan "$tmp/huge.png" 2>&1 >/dev/null | tail -1)
[ "$peak" -lt 102400 ] && ok "…using $((peak / 1024)) MB at most" || fail "scanning the 400-megapixel PNG took $((peak / 1024)) MB"
: >"$tmp/empty.png"
check "empty file: clear error" 3 "empty.png: cannot read image: empty file" "$tongban" code scan "$tmp/empty.png"
check "missing file: clear error" 3 "nope.png: cannot read image: No such file or directory" "$tongban" code scan "$tmp/nope.png"
check "a directory: clear error" 3 "cannot read image: is a directory" "$tongban" code scan "$tmp"
convert -size 320x240 xc:white -fill black -draw "rectangle 40,40 120,120" "$tmp/blank.png"
check "an image without a code: exit 1" 1 "blank.png: no code found" "$tongban" code scan "$tmp/blank.png"
check "mixed: the good image still prints, worst status wins (3)" 3 "service.png: TBS1:" "$tongban" code scan "$tmp/service.png" "$tmp/blank.png" "$tmp/garbage.png"
check "no image: usage error" 2 "IMAGE is missing" "$tongban" code scan
convert "$tmp/zh.png" -quality 85 "$tmp/zh.jpg"
same "JPEG input" "$chinese" "$tongban" code scan "$tmp/zh.jpg"

# ---- the public sample photos -----------------------------------------------------------------------
if [ -d "$samples" ]; then
  result=$("$py" - "$tongban" "$samples" <<'EOF'
import glob, os, subprocess, sys
tongban, root = sys.argv[1], sys.argv[2]
def esc(t):
    out = []
    for ch in t:
        c = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif c < 0x20 or c == 0x7f: out.append('\\x%02X' % c)
        else: out.append(ch)
    return ''.join(out)
total = good = crashed = 0
for img in sorted(glob.glob(os.path.join(root, '*', '*'))):
    if not img.lower().endswith(('.png', '.jpg', '.jpeg')): continue
    txt = os.path.splitext(img)[0] + '.txt'
    if not os.path.exists(txt): continue
    want = open(txt, 'rb').read().decode('utf-8', 'replace')
    r = subprocess.run([tongban, 'code', 'scan', img], capture_output=True)
    total += 1
    if r.returncode not in (0, 1): crashed += 1
    if esc(want) in r.stdout.decode('utf-8', 'replace').split('\n'): good += 1
print(total, good, crashed)
EOF
)
  read -r total good crashed <<<"$result"
  if [ "${total:-0}" -gt 100 ] && [ "$crashed" = 0 ] && [ $((good * 100)) -ge $((total * 85)) ]; then
    ok "public sample photos: $good of $total read exactly (>= 85 %), none crashed"
  else
    fail "public sample photos: $good of $total read exactly, $crashed failed to run (want >= 85 %, none)" "$result"
  fi
else
  echo "skip public sample photos: $samples not found"
fi

# ---- print sheet of issued printed codes -----------------------------------------------------------
key="$root/assets/demo-keys/code-issuer.key"
names=(张三丰 李四 王小明 赵华 欧阳娜娜 钱多 孙丽 周杰 吴杰伦 郑好 冯梦龙 陈伟 褚遂良 卫青 蒋红 沈从文 韩梅梅 杨过 朱自清 秦岚)
: >"$tmp/codes.tsv"
issued_ok=1
for i in "${!names[@]}"; do
  id=$(printf '1101051990%02d%02d%03d' $((i % 12 + 1)) $((i + 1)) $((i * 7 % 1000)))
  # the check character of a GB 11643 number
  id="$id$("$py" -c "import sys; n=sys.argv[1]; w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; print('10X98765432'[sum(int(a)*b for a,b in zip(n,w))%11])" "$id")"
  text=$("$tongban" code issue printed --key "$key" --name "${names[$i]}" --id "$id" 2>/dev/null) || { issued_ok=0; break; }
  label="${names[$i]:0:1}*${names[$i]: -1}"
  printf '%s\t%s\n' "$text" "$label" >>"$tmp/codes.tsv"
done
if [ "$issued_ok" = 1 ] && [ "$(wc -l <"$tmp/codes.tsv")" = 20 ]; then ok "issued 20 printed codes"; else fail "issued 20 printed codes" "$(cat "$tmp/codes.tsv")"; fi
cut -f1 "$tmp/codes.tsv" | sort >"$tmp/want.txt"

out=$("$tongban" code sheet --codes "$tmp/codes.tsv" -o "$tmp/sheet.png" --title '青禾市 随身码 · 打印页' 2>&1); status=$?
if [ "$status" = 0 ] && grep -q "20 codes, 20 per page" <<<"$out" && ! grep -q "warning" <<<"$out" && [ -f "$tmp/sheet.png" ]; then
  ok "sheet of 20 codes with Chinese labels and a title, every glyph found"
else
  fail "sheet of 20 codes (status $status)" "$out"
fi
size=$("$py" -c "
import struct, sys
d = open(sys.argv[1], 'rb').read()
w, h = struct.unpack('>II', d[16:24])
i = d.find(b'pHYs')
ppm = struct.unpack('>I', d[i + 4:i + 8])[0] if i > 0 else 0
print(w, h, round(ppm * 0.0254))" "$tmp/sheet.png")
if [ "$size" = "2480 3508 300" ]; then ok "the sheet is A4 at 300 dpi (2480x3508, pHYs 300 dpi)"; else fail "the sheet is A4 at 300 dpi" "$size"; fi
"$tongban" code scan "$tmp/sheet.png" >"$tmp/found.txt" 2>"$tmp/scan.err"; status=$?
sort "$tmp/found.txt" >"$tmp/found-sorted.txt"
if [ "$status" = 0 ] && cmp -s "$tmp/want.txt" "$tmp/found-sorted.txt"; then
  ok "every one of the 20 codes on the sheet reads back from the PNG"
else
  fail "every one of the 20 codes on the sheet reads back (status $status, $(wc -l <"$tmp/found.txt") read)" "$(diff "$tmp/want.txt" "$tmp/found-sorted.txt"; cat "$tmp/scan.err")"
fi
check "the codes read from the sheet verify (printed, demo issuer)" 0 "ok printed" \
  bash -c "\"$tongban\" code verify - --trust \"$root/assets/demo-keys/code-issuer.pub\" <\"$tmp/found.txt\""

# Several pages: 20 codes, 3 per row at ECC H.
check "sheet over several pages" 0 "sheet3-2\.png" "$tongban" code sheet --codes "$tmp/codes.tsv" -o "$tmp/sheet3.png" --per-row 3 --ecc H
"$tongban" code scan "$tmp"/sheet3-*.png 2>/dev/null | sed 's/^[^:]*\.png: //' | sort >"$tmp/found3.txt"
if [ "$(wc -l <"$tmp/found3.txt")" = 20 ] && cmp -s "$tmp/want.txt" "$tmp/found3.txt"; then ok "every code on every page reads back"; else fail "every code on every page reads back" "$(diff "$tmp/want.txt" "$tmp/found3.txt")"; fi
check "sheet with 8 per row still prints and reads" 0 "" bash -c "\"$tongban\" code sheet --codes \"$tmp/codes.tsv\" -o \"$tmp/s8.png\" --per-row 8 >/dev/null 2>&1 && [ \$(\"$tongban\" code scan \"$tmp\"/s8*.png 2>/dev/null | wc -l) = 20 ]"

printf '# comment only\n\n' >"$tmp/none.tsv"
check "sheet: no codes in the file" 1 "has no codes" "$tongban" code sheet --codes "$tmp/none.tsv" -o "$tmp/n.png"
check "sheet: --codes missing" 2 "--codes FILE is missing" "$tongban" code sheet -o "$tmp/n.png"
check "sheet: codes file missing" 3 "nope.tsv" "$tongban" code sheet --codes "$tmp/nope.tsv" -o "$tmp/n.png"
check "sheet: a bad font" 3 "not a TrueType" "$tongban" code sheet --codes "$tmp/codes.tsv" -o "$tmp/n.png" --font "$tmp/garbage.png"
check "sheet: bad --per-row" 2 "--per-row must be" "$tongban" code sheet --codes "$tmp/codes.tsv" -o "$tmp/n.png" --per-row 9

finish cli.code_media
