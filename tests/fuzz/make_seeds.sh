#!/usr/bin/env bash
# Writes the fuzz targets' seeds (tests/fuzz/seeds/NAME) with the real CLI and the demo keys, the
# same commands the CLI tests run: every code kind, a hand-off, a sealed envelope, the guide bundle,
# the trust and revocation lists, an e-licence, key files, the expressions of the shipped forms and
# phone API requests. Run it after a native build when a format changes, and commit the result:
#   bash tests/fuzz/make_seeds.sh build/native/tools/tongban
set -euo pipefail
tongban=$(realpath "${1:?path to the native tongban}")
cd "$(dirname "$0")/../.."
keys=assets/demo-keys seeds=tests/fuzz/seeds work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$seeds" && mkdir -p "$seeds"/{code_text,envelope,guide_bundle,signed_formats,key_file,expression,phone_api,intake,sources,qr_image}
seed() { cat > "$seeds/$1/$2"; }  # target, file name: stdin is the seed

# Codes (all kinds but the dynamic one are signed by the demo code issuer, as the target trusts).
"$tongban" keys new phone --out "$work" --kind device >/dev/null
"$tongban" code issue dynamic-credential --key $keys/code-issuer.key --device-pub "$work/phone.pub" \
  --name 欧阳娜华 --id 11010519900101002X -o "$work/cred.bin" 2>/dev/null
"$tongban" code dynamic --credential "$work/cred.bin" --device-key "$work/phone.key" --at 1780000000 2>/dev/null | seed code_text dynamic
"$tongban" code issue printed --key $keys/code-issuer.key --name 张小三 --id 110105199001010021 2>/dev/null | seed code_text printed
"$tongban" code issue venue --key $keys/code-issuer.key --venue-id V-110105-000123 --name 青禾市政务服务中心 \
  --division 110105 --valid-days 365 | seed code_text venue
"$tongban" code issue house-plate --key $keys/code-issuer.key --plate-id HP-0042 --address 文化路88号 --division 110105 \
  --item hukou.move-in --item property.registration | seed code_text house-plate
"$tongban" code issue service --key $keys/code-issuer.key --item hukou.move-in --form | seed code_text service
printf '{"item":"hukou.move-in"}' | "$tongban" code handoff encode - 2>/dev/null | head -1 | seed code_text handoff
# The same in the sm suite (国密: frame version 2), by the demo SM2 code issuer.
"$tongban" keys new phone-sm --out "$work" --suite sm --kind device >/dev/null
"$tongban" code issue dynamic-credential --key $keys/sm/code-issuer.key --device-pub "$work/phone-sm.pub" \
  --name 欧阳娜华 --id 11010519900101002X -o "$work/cred-sm.bin" 2>/dev/null
"$tongban" code dynamic --credential "$work/cred-sm.bin" --device-key "$work/phone-sm.key" --at 1780000000 2>/dev/null | seed code_text dynamic-sm
"$tongban" code issue printed --key $keys/sm/code-issuer.key --name 张小三 --id 110105199001010021 2>/dev/null | seed code_text printed-sm
"$tongban" code issue venue --key $keys/sm/code-issuer.key --venue-id V-110105-000123 --name 青禾市政务服务中心 \
  --division 110105 --valid-days 365 | seed code_text venue-sm

# A sealed envelope for gongan (the key the target opens with).
printf '{"child": "小明", "household_head": "张三"}' > "$work/data.json"
head -c 3000 /dev/urandom > "$work/photo.jpg"
"$tongban" seal --data "$work/data.json" --device-key "$work/phone.key" --to $keys/departments/gongan.pub \
  --to $keys/departments/renshe.pub --attach "$work/photo.jpg" -o "$work/app.tbs" >/dev/null
seed envelope app.tbs < "$work/app.tbs"
# The intake: the first byte picks the handler (fuzz_intake.cpp).
{ printf '\x00'; cat "$work/app.tbs"; } | seed intake submission
{ printf '\x01{"public_key": "%s", "kind": "phone"}' "$(sed -n 's/^public: //p' "$work/phone.pub")"; } | seed intake registration
# Uploads and status (3 a piece, 4 progress, 5 completion, 2 status; then the id's index, 1 = signed
# by the target's device, the offset as 4 bytes little-endian, the body).
{ printf '\x03\x01\x01\x00\x00\x00\x00'; cat "$work/app.tbs"; } | seed intake upload-put
{ printf '\x03\x01\x01\x00\x04\x00\x00'; head -c 512 "$work/app.tbs"; } | seed intake upload-put-later
printf '\x03\x02\x00\x00\x00\x00\x00forged' | seed intake upload-put-forged
printf '\x04\x01\x01\x00\x00\x00\x00' | seed intake upload-get
printf '\x05\x01\x01\x00\x00\x00\x00' | seed intake upload-complete
printf '\x02\x01\x01\x00\x00\x00\x00' | seed intake status
printf '\x08\x00\x01\x00\x00\x00\x00{"app_version": "0.1.0", "bundle_version": 1796487808, "queued": 2, "last_update": 1796400000, "free_disk_bytes": 1073741824}' | seed intake heartbeat
printf '\x08\x00\x00\x00\x00\x00\x00{"app_version": "0.1.0"}' | seed intake heartbeat-forged

# Form and guide sources: the first byte picks the file (fuzz_sources.cpp: 0 a form, 1 a guide item,
# 2 the catalogue), the rest is a shipped one.
for f in assets/forms/*.yaml; do { printf '\x00'; cat "$f"; } | seed sources "form-$(basename "$f" .yaml)"; done
for f in assets/guides/items/{shebaoka-shenling,sfz-buling,bdc-diya}.yaml; do { printf '\x01'; cat "$f"; } | seed sources "item-$(basename "$f" .yaml)"; done
{ printf '\x02'; cat assets/guides/catalogue.yaml; } | seed sources catalogue

# The demo guide bundle (signed by the demo guide issuer).
seed guide_bundle guides.tbg < build/native/assets/guides.tbg

# Signed formats: the first byte picks the reader (fuzz_signed_formats.cpp: 0 trust list,
# 1 revocation list, 2 e-licence).
{ printf '\x00'; cat build/native/assets/code-trust.tbt; } | seed signed_formats trust-list
"$tongban" code revoke --key $keys/code-issuer.key --id 00ff00ff00ff00ff00ff00ff00ff00ff -o "$work/revoked.list" >/dev/null
{ printf '\x01'; cat "$work/revoked.list"; } | seed signed_formats revocation-list
{ printf '\x02'; cat build/native/assets/demo/hukou.tbe; } | seed signed_formats e-licence

# Key files: every kind, public and secret.
for k in code-issuer.pub guide-issuer.key intake.pub departments/gongan.key departments/gongan.pub; do
  seed key_file "$(echo "$k" | tr / -)" < "$keys/$k"
done

# The expressions of the shipped forms (relevant, constraint, calculate, filters).
grep -rhoE "^\s*(relevant|constraint|calculate|filter|prefill_when): .+" assets/forms | sed -E 's/^\s*[a-z_]+: //' |
  sort -u | head -200 | while IFS= read -r e; do printf '%s' "$e" | seed expression "$(printf '%s' "$e" | sha1sum | cut -c1-12)"; done

# Phone API requests without memory pointers (fuzz_phone_api.cpp).
n=0
for r in '{"op":"version"}' '{"op":"home","elderly":true}' '{"op":"mask","kind":"mobile","value":"13800138000"}' \
         '{"op":"guide.search","query":"生孩子"}' '{"op":"scan.decide","text":"TBS1:ABC","now":1780000000}' \
         '{"op":"form.open","item":"hukou.move-in"}' '{"op":"divisions.children","code":"110000"}' '{"op":"nope"}'; do
  n=$((n + 1)); printf '%s' "$r" | seed phone_api "request-$n"
done
# Images of codes (fuzz.qr_image): a printed code as PNG and JPEG (first byte even: a file), and
# as a camera frame (odd: two bytes of width, then grey pixels).
"$tongban" code issue printed --key $keys/code-issuer.key --name 张小三 --id 110105199001010021 2>/dev/null >"$work/printed.txt"
"$tongban" code render "$(cat "$work/printed.txt")" -o "$work/printed.png" --scale 2 >/dev/null
{ printf '\x00'; cat "$work/printed.png"; } | seed qr_image printed-png
convert "$work/printed.png" -quality 80 "$work/printed.jpg"
{ printf '\x02'; cat "$work/printed.jpg"; } | seed qr_image printed-jpeg
w=$(identify -format %w "$work/printed.png")
{ printf '\x01'; printf "\\x$(printf %02x $(((w - 1) >> 8)))\\x$(printf %02x $(((w - 1) & 255)))"; convert "$work/printed.png" -depth 8 gray:-; } | seed qr_image printed-frame
echo "seeds written: $(find "$seeds" -type f | wc -l) files in $seeds"
