#!/usr/bin/env bash
# Staff assist (帮办) and the ID-card reader through the real binary (docs/STAFF.md, docs/ID-CARD.md):
# staff credentials issued, verified and revoked (the PIN from a file, never the command line), the
# simulated reader's card files made and checked (an expired card, a wrong check digit, fields too
# long), and a staff station's audit log verified, then refused after each kind of tampering.
# Exit statuses: 0 ok, 1 refused, 2 usage, 3 I/O.
set -u
tongban=${1:?path to tongban}
writer=${2:?path to audit_log_writer}
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for k in issuer root other; do "$tongban" keys new $k --out "$dir" >/dev/null || fail "keys new $k"; done
"$tongban" keys new kiosk --out "$dir" --kind device >/dev/null || fail "keys new kiosk"
"$tongban" keys new kiosk2 --out "$dir" --kind device >/dev/null || fail "keys new kiosk2"

# --- staff credentials ---
printf '246810\n' >"$dir/pin"
check "issue a staff credential" 0 "^credential id [0-9a-f]{32} for staff S001 王\*明, staff key [0-9a-f]{16}, valid until" \
  "$tongban" code issue staff --key "$dir/issuer.key" --staff-id S001 --name 王小明 --unit 连山区政务服务中心 \
  --pin-file "$dir/pin" -o "$dir/staff.txt"
staff=$(cat "$dir/staff.txt")
check "the code is a TBW1 text" 0 "^TBW1:[0-9A-Z $%*+./:-]+$" echo "$staff"
grep -q 246810 "$dir/staff.txt" && fail "the PIN is not in the code"
cred_id=$("$tongban" code issue staff --key "$dir/issuer.key" --staff-id S002 --name 李四 --pin-file "$dir/pin" \
  -o "$dir/staff2.txt" 2>&1 | sed -n 's/^credential id \([0-9a-f]*\) .*/\1/p')
check "staff credential id" 0 "^[0-9a-f]{32}$" echo "$cred_id"
check "verify: staff id, masked name, unit" 0 "^ok staff .*staff=S001 name=王\*明 unit=连山区政务服务中心" \
  "$tongban" code verify "$staff" --trust "$dir/issuer.pub" --scope staff
check "an untrusted issuer" 1 "refused: unknown-issuer" "$tongban" code verify "$staff" --trust "$dir/other.pub"
"$tongban" code trust-list --root "$dir/root.key" --entry "$dir/issuer.pub:staff::" -o "$dir/trust.list" >/dev/null
check "trust list naming staff credentials" 0 "^ok staff" "$tongban" code verify "$staff" --trust-list "$dir/trust.list" --root "$dir/root.pub"
"$tongban" code trust-list --root "$dir/root.key" --entry "$dir/issuer.pub:venue::" -o "$dir/trust-venue.list" >/dev/null
check "an issuer trusted for venues only" 1 "refused: unknown-issuer.*not trusted for staff" \
  "$tongban" code verify "$staff" --trust-list "$dir/trust-venue.list" --root "$dir/root.pub"
check "revoke the second credential" 0 "wrote .*1 credential id" \
  "$tongban" code revoke --key "$dir/issuer.key" --id "$cred_id" -o "$dir/revoked.list"
check "a revoked staff credential is refused" 1 "refused: revoked.*credential $cred_id" \
  "$tongban" code verify "$(cat "$dir/staff2.txt")" --trust "$dir/issuer.pub" --revoked "$dir/revoked.list"
check "... the other one is not" 0 "^ok staff" "$tongban" code verify "$staff" --trust "$dir/issuer.pub" --revoked "$dir/revoked.list"
for weak in 12345 1234567890123 12a456 ''; do
  printf '%s\n' "$weak" >"$dir/weak"
  check "weak PIN '$weak' refused" 1 "--pin-file .*6.*12" \
    "$tongban" code issue staff --key "$dir/issuer.key" --staff-id S003 --name 赵六 --pin-file "$dir/weak" -o "$dir/x.txt"
done
[ -e "$dir/x.txt" ] && fail "no credential written for a weak PIN"
check "without --pin-file" 2 "--pin-file" "$tongban" code issue staff --key "$dir/issuer.key" --staff-id S003 --name 赵六
check "a PIN file that is not there" 3 "--pin-file .*nothere" \
  "$tongban" code issue staff --key "$dir/issuer.key" --staff-id S003 --name 赵六 --pin-file "$dir/nothere"
check "a bad --credential-id" 2 "--credential-id must be 1..64 bytes of hex" \
  "$tongban" code issue staff --key "$dir/issuer.key" --staff-id S003 --name 赵六 --pin-file "$dir/pin" --credential-id zz

# --- ID-card files for the simulated reader ---
# make_card OUT [--option value]…: 张丽华's card, with the options given instead of hers.
make_card() {
  local out=$1; shift
  declare -A f=([--name]=张丽华 [--sex]=2 [--ethnicity]=汉族 [--birth]=19880315 [--address]=辽宁省葫芦岛市连山区兴工街道文化路88号
                [--id]=211402198803151242 [--authority]=葫芦岛市公安局连山分局 [--valid-from]=20200301 [--valid-until]=20400301)
  local extra=()
  while [ $# -gt 0 ]; do
    if [ -n "${f[$1]+x}" ]; then f[$1]=$2; else extra+=("$1" "$2"); fi
    shift 2
  done
  local args=()
  for k in "${!f[@]}"; do args+=("$k" "${f[$k]}"); done
  "$tongban" idcard make "${args[@]}" "${extra[@]}" -o "$out"
}
check "make a card" 0 "wrote .*card.bin \(256 bytes of WZ text\)" make_card "$dir/card.bin"
[ "$(stat -c %s "$dir/card.bin")" = 256 ] || fail "a card without a photo is 256 bytes"
check "... its text is UCS-2LE" 0 "张丽华" bash -c "head -c 30 '$dir/card.bin' | iconv -f UCS-2LE -t UTF-8"
check "check it" 0 "^ok 张\*华 211402\*{8}1242 valid 2020年3月1日 to 2040年3月1日, photo none \(0 bytes\)" \
  "$tongban" idcard check "$dir/card.bin" --today 20261203
head -c 1024 /dev/urandom >"$dir/photo.wlt"
check "a card with a photo" 0 "and the photo" make_card "$dir/card-photo.bin" --valid-until 长期 --photo "$dir/photo.wlt"
check "... long-term, WLT photo" 0 "to 长期, photo wlt \(1024 bytes\)" "$tongban" idcard check "$dir/card-photo.bin" --today 20261203
check "ethnicity by code" 0 "wrote" make_card "$dir/card-hui.bin" --ethnicity 03
make_card "$dir/expired.bin" --valid-until 20250301 >/dev/null || fail "an expired card can be made"
check "an expired card is refused with the date" 1 "expired.bin: 张\*华 .*证件已于2025年3月1日过期" \
  "$tongban" idcard check "$dir/expired.bin" --today 20261203
check "... and not before it expired" 0 "^ok" "$tongban" idcard check "$dir/expired.bin" --today 20250301
make_card "$dir/badnum.bin" --id 211402198803151243 >/dev/null || fail "a card with a wrong check digit can be made"
check "a wrong check digit" 1 "badnum.bin: .*身份证号码" "$tongban" idcard check "$dir/badnum.bin" --today 20261203
make_card "$dir/badsex.bin" --sex 1 >/dev/null || fail "a card whose sex disagrees with its number can be made"
check "sex against the number" 1 "badsex.bin: .*性别" "$tongban" idcard check "$dir/badsex.bin" --today 20261203
check "a name too long for its field" 2 "name|姓名" make_card "$dir/long.bin" --name 一二三四五六七八九十一二三四五六
[ -e "$dir/long.bin" ] && fail "no card written for a name too long"
check "an unknown ethnicity" 2 "--ethnicity '火星族'" make_card "$dir/x.bin" --ethnicity 火星族
head -c 100 /dev/urandom >"$dir/short.bin"
check "not a card" 1 "short.bin: " "$tongban" idcard check "$dir/short.bin"
check "no such card file" 3 "nothere.bin" "$tongban" idcard check "$dir/nothere.bin"

# --- the audit log ---
log="$dir/audit.log"
"$writer" "$dir/kiosk.key" "$log" sign-in:staff=S001,credential=00ff,mode=station card-read:outcome=ok,fields=6 \
  submitted:submission=ab12,assisted=S001 sign-out:staff=S001,reason=idle || fail "write the audit log"
check "the log verifies" 0 "^ok 4 entries, device [0-9a-f]{16}, last link [0-9a-f]{64}" "$tongban" audit verify "$log" --device-pub "$dir/kiosk.pub"
check "... one line per entry" 0 "^2 .* card-read outcome=ok fields=6" "$tongban" audit verify "$log" --device-pub "$dir/kiosk.pub"
grep -q "王\|张丽华\|211402" "$log" && fail "nothing personal in the log"
head1=$("$tongban" audit verify "$log" --device-pub "$dir/kiosk.pub" | sed -n 's/.*last link //p')
"$writer" "$dir/kiosk.key" "$log" sign-in:staff=S002,credential=01,mode=station || fail "append to the log"
check "appended: 5 entries, a new last link" 0 "^ok 5 entries" "$tongban" audit verify "$log" --device-pub "$dir/kiosk.pub"
head2=$("$tongban" audit verify "$log" --device-pub "$dir/kiosk.pub" | sed -n 's/.*last link //p')
[ -n "$head1" ] && [ "$head1" != "$head2" ] || fail "the last link moves on with each entry: $head1 $head2"
check "another device's key" 1 "refused: .*line 1" "$tongban" audit verify "$log" --device-pub "$dir/kiosk2.pub"
# An entry changed: one character of its Base64 flipped.
python3 - "$log" "$dir/changed.log" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().splitlines()
raw = bytearray(base64.b64decode(lines[2]))
i = raw.find(b"fields")
raw[i + len("fields") + 2] ^= 1   # the count the card read gave: a changed value, still a valid record
lines[2] = base64.b64encode(bytes(raw)).decode()
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
check "an entry changed" 1 "changed.log: refused: .*line 3.*signature" "$tongban" audit verify "$dir/changed.log" --device-pub "$dir/kiosk.pub"
sed '2d' "$log" >"$dir/removed.log"
check "an entry removed" 1 "removed.log: refused: .*line 2" "$tongban" audit verify "$dir/removed.log" --device-pub "$dir/kiosk.pub"
{ sed -n 1p "$log"; sed -n 3p "$log"; sed -n 2p "$log"; sed -n '4,$p' "$log"; } >"$dir/moved.log"
check "entries swapped" 1 "moved.log: refused: .*line 2" "$tongban" audit verify "$dir/moved.log" --device-pub "$dir/kiosk.pub"
{ sed -n '1,2p' "$log"; sed -n '2p' "$log"; sed -n '3,$p' "$log"; } >"$dir/dup.log"
check "an entry repeated" 1 "dup.log: refused: .*line 3" "$tongban" audit verify "$dir/dup.log" --device-pub "$dir/kiosk.pub"
{ cat "$log"; echo 'not base64 at all!'; } >"$dir/garbage.log"
check "a line that is not a record" 1 "garbage.log: refused: .*line 6" "$tongban" audit verify "$dir/garbage.log" --device-pub "$dir/kiosk.pub"
head -n 3 "$log" >"$dir/cut.log"
check "cut at the end: valid, but its last link differs" 0 "^ok 3 entries" "$tongban" audit verify "$dir/cut.log" --device-pub "$dir/kiosk.pub"
"$tongban" audit verify "$dir/cut.log" --device-pub "$dir/kiosk.pub" | grep -q "$head2" && fail "a cut log shows another last link"
"$tongban" keys new dept --out "$dir" --kind seal >/dev/null || fail "keys new dept"
check "a sealing key instead of a device key" 2 "--device-pub" "$tongban" audit verify "$log" --device-pub "$dir/dept.pub"
check "no such log" 3 "nothere.log" "$tongban" audit verify "$dir/nothere.log" --device-pub "$dir/kiosk.pub"

finish cli.staff
