#!/usr/bin/env bash
# Assembles the served site from the builds: the mobile shell at /, the web kiosk at /kiosk/.
#   usage: tools/site/assemble.sh NATIVE_BUILD_DIR WASM_BUILD_DIR OUT_DIR [DEPLOYMENT_DIR]
# DEPLOYMENT_DIR holds the deployment's signed data and keys (default NATIVE_BUILD_DIR/assets; the
# demo in the 国密 suite is NATIVE_BUILD_DIR/assets-sm).
# Text and wasm files get a brotli twin (.br) that `tongban serve` sends to browsers that accept it.
# The new site is built beside the old one and swapped in whole: a failed run changes nothing.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
native=${1:?native build dir}; wasm=${2:?wasm build dir}; out=${3:?output dir}; deployment=${4:-$native/assets}
tmp="$out.new"
rm -rf "$tmp"; mkdir -p "$tmp/kiosk"

need() { [ -f "$1" ] || tb_fail "site: $1 is missing (build it first)"; }
for f in "$wasm/wasm/tongban-phone.js" "$wasm/wasm/tongban-phone.wasm" "$wasm/wasm/tongban-phone-sm.js" \
         "$wasm/wasm/tongban-phone-sm.wasm" "$wasm/wasm/tongban-scan.js" "$wasm/wasm/tongban-scan.wasm" "$wasm/kiosk/tongban-kiosk.js" \
         "$wasm/kiosk/tongban-kiosk.wasm" "$wasm/assets/tongban-ui.ttf"; do need "$f"; done

# Mobile shell (phone) at /
cp -r "$TB_ROOT/mobile-shell/." "$tmp/"
# The mini-program's host adapter is bundled into that package (tools/miniprogram/assemble.sh),
# never served to browsers.
rm "$tmp/js/hosts/wechat.js"
# Both phone modules: js/core.js loads tongban-phone-sm only where the deployment's keys are SM2.
cp "$wasm/wasm/tongban-phone.js" "$wasm/wasm/tongban-phone.wasm" "$wasm/wasm/tongban-phone-sm.js" "$wasm/wasm/tongban-phone-sm.wasm" "$tmp/"
# The browser QR reader: zxing-wasm from npm (ZXing-C++ as WebAssembly, reader-only build). Loaded
# by js/scanner.js only when a scan starts, always from this site (never a CDN): the ES module, the
# chunk it imports (../share.js) and the .wasm, in the package's own relative layout.
zx="$TB_ROOT/node_modules/zxing-wasm"
for f in "$zx/dist/es/reader/index.js" "$zx/dist/es/share.js" "$zx/dist/reader/zxing_reader.wasm"; do need "$f"; done
mkdir -p "$tmp/vendor/zxing-wasm/es/reader" "$tmp/vendor/zxing-wasm/reader"
cp "$zx/dist/es/reader/index.js" "$tmp/vendor/zxing-wasm/es/reader/"
cp "$zx/dist/es/share.js" "$tmp/vendor/zxing-wasm/es/"
cp "$zx/dist/reader/zxing_reader.wasm" "$tmp/vendor/zxing-wasm/reader/"
cp "$zx/LICENSE" "$tmp/vendor/zxing-wasm/LICENSE.txt"
# ... and ours beside it: the passes over a camera frame that help a damaged code read (wasm/scan).
cp "$wasm/wasm/tongban-scan.js" "$wasm/wasm/tongban-scan.wasm" "$tmp/"
# Web kiosk at /kiosk/
cp "$TB_ROOT/wasm/kiosk-web/index.html" "$TB_ROOT/wasm/kiosk-web/kiosk.js" "$tmp/kiosk/"
cp "$wasm/kiosk/tongban-kiosk.js" "$wasm/kiosk/tongban-kiosk.wasm" "$wasm/assets/tongban-ui.ttf" "$wasm/assets/tongban-ui.chars.txt" "$tmp/kiosk/"
# ... and its Chinese input engines, fetched by kiosk.js only when an input first needs them: the
# pinyin lexicon, and the handwriting recogniser (zinnia's module) with its model.
for f in "$wasm/assets/pinyin-lexicon.tsv" "$wasm/assets/handwriting-zh_CN.model" "$wasm/wasm/tongban-hand.js" "$wasm/wasm/tongban-hand.wasm"; do
  need "$f"; cp "$f" "$tmp/kiosk/"
done
# Data shared by the phone and the web kiosk, from the native build: the signed guide bundle and
# the issuer key the apps trust (shipped inside the app package, never fetched from elsewhere).
need "$deployment/guides.tbg"; need "$deployment/guide-issuer.pub"; need "$deployment/intake.pub"
need "$deployment/code-trust.tbt"; need "$deployment/code-root.pub"
mkdir -p "$tmp/data"
# ... the intake's key (the phone accepts only receipts it signed), and the city's signed list of
# code issuers with the root key it is checked against (scanning verifies offline).
cp "$deployment/guides.tbg" "$deployment/guide-issuer.pub" "$deployment/intake.pub" \
   "$deployment/code-trust.tbt" "$deployment/code-root.pub" "$tmp/data/"
# The demo resident's wallet (profile + signed e-licences), offered by the phone's 我的 screen.
need "$deployment/demo/hukou.tbe"
mkdir -p "$tmp/data/demo" && cp "$deployment/demo/"* "$tmp/data/demo/"
# What the publisher offers: here just the shipped version (an operator adds deltas: docs/FORMATS.md).
version=$("$native/tools/tongban" guide verify "$tmp/data/guides.tbg" --trust "$tmp/data/guide-issuer.pub" | sed -n 's/.*version \([0-9]*\).*/\1/p')
[ -n "$version" ] || tb_fail "site: the built guide bundle does not verify"
printf '{"version": %s, "bundle": "guides.tbg", "deltas": {}}\n' "$version" > "$tmp/data/updates.json"

# The service worker's precache: the phone's files (not the kiosk's), each with its revision.
bash "$TB_ROOT/tools/site/precache.sh" "$tmp"
find "$tmp" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.ttf' \
  -o -name '*.webmanifest' -o -name '*.json' -o -name '*.tbg' -o -name '*.tbd' -o -name '*.tsv' \) -print0 |
  xargs -0 -n 8 -P 2 brotli -f -q 11 -k
# The handwriting model is 14 MB: quality 9 compresses it nearly as well in a fraction of the time.
brotli -f -q 9 -k "$tmp/kiosk/handwriting-zh_CN.model"
rm -rf "$out.old"
[ -d "$out" ] && mv "$out" "$out.old"
mv "$tmp" "$out"
rm -rf "$out.old"
tb_say "site assembled in $out"
