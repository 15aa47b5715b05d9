#!/usr/bin/env bash
# `tongban code`, through the real binary (docs/CODES.md): keys made with `tongban keys new`, every
# kind issued and verified, a dynamic code shown twice, revocation, a trust list with an unknown
# issuer, garbage, hand-offs, and the exit statuses (0 ok, 1 refused, 2 usage, 3 I/O).
# Codes contain spaces (Base45), so every code is passed quoted.
set -u
tongban=${1:?path to tongban}
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for k in issuer root other; do "$tongban" keys new $k --out "$dir" >/dev/null || fail "keys new $k"; done
"$tongban" keys new phone --out "$dir" --kind device >/dev/null || fail "keys new phone"
"$tongban" keys new dept --out "$dir" --kind seal >/dev/null || fail "keys new dept"
now=$(date +%s)

# --- issue every kind ---
"$tongban" code issue dynamic-credential --key "$dir/issuer.key" --device-pub "$dir/phone.pub" \
  --name 欧阳娜华 --id 11010519900101002X -o "$dir/cred.bin" 2>"$dir/cred.err" || fail "issue dynamic-credential"
check "credential id on stderr" 0 "^credential id [0-9a-f]{32} for 欧\*\*华 110105\*{8}002X" cat "$dir/cred.err"
dyn=$("$tongban" code dynamic --credential "$dir/cred.bin" --device-key "$dir/phone.key" --at "$now" 2>/dev/null)
printed=$("$tongban" code issue printed --key "$dir/issuer.key" --name 张小三 --id 110105199001010021 -o "$dir/printed.txt" 2>"$dir/printed.err")
printed_id=$(sed -n 's/^credential id \([0-9a-f]*\) .*/\1/p' "$dir/printed.err")
venue=$("$tongban" code issue venue --key "$dir/issuer.key" --venue-id V-110105-000123 --name 青禾市长安区政务服务中心 --division 110105 --valid-days 365)
plate=$("$tongban" code issue house-plate --key "$dir/issuer.key" --plate-id HP-0042 --address 文化路88号 --division 110105 \
  --item hukou.move-in --item property.registration)
service=$("$tongban" code issue service --key "$dir/issuer.key" --item hukou.move-in --form)
check "dynamic code text" 0 "^TBD1:[0-9A-Z $%*+./:-]+$" echo "$dyn"
check "printed code text" 0 "^TBP1:" echo "$printed"
check "printed code written with -o" 0 "^TBP1:" cat "$dir/printed.txt"
check "printed credential id" 0 "^[0-9a-f]{32}$" echo "$printed_id"
check "base64 credential on stdout without -o" 0 "^[A-Za-z0-9+/]+=*$" \
  "$tongban" code issue dynamic-credential --key "$dir/issuer.key" --device-pub "$dir/phone.pub" --name 李四 --id 110105199001010021

# --- verify: ok, one line per code, fields per scope ---
check "verify all kinds (staff)" 0 "^ok dynamic .*name=欧\*\*华 id=110105\*{8}002X" \
  "$tongban" code verify "$dyn" "$printed" "$venue" "$plate" "$service" --trust "$dir/issuer.pub" --scope staff --at "$now"
out=$("$tongban" code verify "$dyn" "$printed" "$venue" "$plate" "$service" --trust "$dir/issuer.pub" --scope venue --at "$now")
[ "$(wc -l <<<"$out")" = 5 ] || fail "verify prints one line per code: $out"
grep -q "^ok printed .*name=张\*三" <<<"$out" || fail "venue scope shows the masked name: $out"
grep -q "id=" <<<"$out" && fail "venue scope shows no ID: $out"
grep -q "^ok venue .*venue=V-110105-000123 name=青禾市长安区政务服务中心 division=110105" <<<"$out" || fail "venue fields: $out"
grep -q "^ok house-plate .*items=hukou.move-in,property.registration" <<<"$out" || fail "plate fields: $out"
grep -q "^ok service .*item=hukou.move-in form" <<<"$out" || fail "service fields: $out"
check "gate scope: nothing personal" 0 "^ok printed issuer=[0-9a-f]{16} credential=[0-9a-f]{32} until=" \
  "$tongban" code verify "$printed" --trust "$dir/issuer.pub"
check "a dynamic code shown twice" 1 "refused: replayed" "$tongban" code verify "$dyn" "$dyn" --trust "$dir/issuer.pub" --at "$now"
check "a dynamic code 5 minutes later" 1 "refused: expired.*screenshot" "$tongban" code verify "$dyn" --trust "$dir/issuer.pub" --at $((now + 300))
check "codes from stdin" 0 "^ok venue" bash -c "printf '%s\n' \"\$1\" | \"\$0\" code verify - --trust \"\$2\"" "$tongban" "$venue" "$dir/issuer.pub"
check "--accept venue only" 1 "refused: wrong-kind" "$tongban" code verify "$printed" --trust "$dir/issuer.pub" --accept venue

# --- revocation ---
check "revoke" 0 "wrote .*1 credential id" "$tongban" code revoke --key "$dir/issuer.key" --id "$printed_id" -o "$dir/revoked.list"
check "revoked printed code refused" 1 "refused: revoked.*credential $printed_id" \
  "$tongban" code verify "$printed" --trust "$dir/issuer.pub" --revoked "$dir/revoked.list"
check "revocation leaves others" 0 "^ok venue" "$tongban" code verify "$venue" --trust "$dir/issuer.pub" --revoked "$dir/revoked.list"
printf '# revoked today\n%s\n\n%s  # the phone\n' "$printed_id" "$(sed -n 's/^credential id \([0-9a-f]*\) .*/\1/p' "$dir/cred.err")" >"$dir/ids.txt"
check "revoke from a file" 0 "2 credential ids" "$tongban" code revoke --key "$dir/issuer.key" --ids-file "$dir/ids.txt" -o "$dir/revoked2.list" --fingerprint-bits 16
dyn2=$("$tongban" code dynamic --credential "$dir/cred.bin" --device-key "$dir/phone.key" 2>/dev/null)
check "revoked dynamic code refused" 1 "refused: revoked" "$tongban" code verify "$dyn2" --trust "$dir/issuer.pub" --revoked "$dir/revoked2.list"
"$tongban" code revoke --key "$dir/other.key" --id 00ff -o "$dir/other-revoked.list" >/dev/null
check "revocation list by an untrusted key" 1 "--revoked .*refused: unknown-issuer.*revocation list" \
  "$tongban" code verify "$printed" --trust "$dir/issuer.pub" --revoked "$dir/other-revoked.list"
printf '00zz\n' >"$dir/bad-ids.txt"
check "bad id in a file names the line" 2 "bad-ids.txt:1: '00zz' is not a credential id" \
  "$tongban" code revoke --key "$dir/issuer.key" --ids-file "$dir/bad-ids.txt" -o "$dir/x.list"

# --- trust lists ---
check "trust list" 0 "wrote .*2 trusted keys, signed by" \
  "$tongban" code trust-list --root "$dir/root.key" --entry "$dir/issuer.pub:all::" --entry "$dir/other.pub:venue:$now:" -o "$dir/trust.list"
check "verify with the trust list" 0 "^ok printed" "$tongban" code verify "$printed" --trust-list "$dir/trust.list" --root "$dir/root.pub"
other_printed=$("$tongban" code issue printed --key "$dir/other.key" --name 李四 --id 110105199001010021 2>/dev/null)
other_venue=$("$tongban" code issue venue --key "$dir/other.key" --venue-id V2 --name 社区服务站 --division 110105)
check "a key trusted for venues only" 1 "refused: unknown-issuer.*not trusted for printed codes" \
  "$tongban" code verify "$other_printed" --trust-list "$dir/trust.list" --root "$dir/root.pub"
check "... its venue codes are fine" 0 "^ok venue" "$tongban" code verify "$other_venue" --trust-list "$dir/trust.list" --root "$dir/root.pub"
"$tongban" code trust-list --root "$dir/root.key" --entry "$dir/other.pub:all::" -o "$dir/trust-other.list" >/dev/null
check "trust list without the issuer: unknown issuer" 1 "refused: unknown-issuer.*not in the trust list" \
  "$tongban" code verify "$printed" --trust-list "$dir/trust-other.list" --root "$dir/root.pub"
check "trust list signed by another root" 1 "--trust-list .*refused: unknown-issuer.*trust list" \
  "$tongban" code verify "$printed" --trust-list "$dir/trust.list" --root "$dir/other.pub"
check "rotation: the old key ended" 1 "refused: unknown-issuer.*not trusted at this time" bash -c \
  "\"\$0\" code trust-list --root \"\$1/root.key\" --entry \"\$1/issuer.pub:all::$((now - 3600))\" -o \"\$1/t2.list\" >/dev/null && \"\$0\" code verify \"\$2\" --trust-list \"\$1/t2.list\" --root \"\$1/root.pub\"" \
  "$tongban" "$dir" "$printed"
check "trust list: bad kind" 2 "unknown kind 'passport'" "$tongban" code trust-list --root "$dir/root.key" --entry "$dir/issuer.pub:passport::" -o "$dir/t3.list"
check "trust list: bad entry" 2 "expected ISSUER.pub:KINDS:FROM:UNTIL" "$tongban" code trust-list --root "$dir/root.key" --entry "$dir/issuer.pub" -o "$dir/t3.list"

# --- garbage and tampering ---
check "garbage" 1 "refused: malformed.*prefix" "$tongban" code verify "hello world" --trust "$dir/issuer.pub"
check "bad Base45" 1 "refused: malformed.*Base45" "$tongban" code verify "TBP1:abc" --trust "$dir/issuer.pub"
check "truncated" 1 "refused: malformed" "$tongban" code verify "${printed:0:100}" --trust "$dir/issuer.pub"
last=${printed: -1}; [ "$last" = "0" ] && repl=1 || repl=0
check "one character changed" 1 "refused: (bad-signature|malformed)" "$tongban" code verify "${printed:0:-1}$repl" --trust "$dir/issuer.pub"
check "unknown issuer (--trust)" 1 "refused: unknown-issuer" "$tongban" code verify "$other_printed" --trust "$dir/issuer.pub"
check "any refused: exit 1, ok lines still printed" 1 "^ok venue" "$tongban" code verify "$venue" garbage --trust "$dir/issuer.pub"

# --- hand-off ---
head -c 3000 /dev/urandom >"$dir/payload"
"$tongban" code handoff encode "$dir/payload" >"$dir/parts" 2>/dev/null || fail "handoff encode"
mapfile -t parts <"$dir/parts"
[ "${#parts[@]}" -ge 2 ] || fail "a 3000-byte hand-off takes several parts (${#parts[@]})"
for p in "${parts[@]}"; do [ ${#p} -le 400 ] || fail "part longer than 400 characters"; done
mapfile -t reversed < <(tac "$dir/parts")
"$tongban" code handoff decode "${reversed[@]}" -o "$dir/payload.out" 2>/dev/null && cmp -s "$dir/payload" "$dir/payload.out" \
  && echo "ok   handoff decode, parts in reverse" || fail "handoff decode, parts in reverse"
bad=("${parts[@]}"); p=${bad[1]}; c=${p:30:1}; [ "$c" = "0" ] && r=1 || r=0; bad[1]="${p:0:30}$r${p:31}"
check "tampered part" 1 "refused: (tampered .*does not authenticate|malformed .*Base45)" "$tongban" code handoff decode "${bad[@]}"
check "missing part" 1 "refused: incomplete .*: have $((${#parts[@]} - 1)) of ${#parts[@]} parts" "$tongban" code handoff decode "${parts[@]:1}"
check "handoff: not a part" 1 "not a hand-off part" "$tongban" code handoff decode "$printed"

# --- batch issue of printed codes (随身码) from a residents' list, and revoking a lost card ---
python3 - "$dir" <<'PY'
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def rid(i):  # a valid resident ID number (GB 11643 check character)
    body = "110105%04d%02d%02d%03d" % (1950 + i % 60, 1 + i % 12, 1 + i % 28, i % 1000)
    return body + "10X98765432"[sum(int(a) * w for a, w in zip(body, W)) % 11]
d = sys.argv[1]
with open(f"{d}/people.tsv", "w") as f:
    f.write("# 青禾市随身码 第一批\n" + "".join(f"{n}\t{rid(i)}\n" for i, n in enumerate(["欧阳娜华", "张三", "李小四"] * 10)))
with open(f"{d}/people-bad.csv", "w") as f:
    f.write(f"王五,{rid(1)}\n赵六,{rid(2)[:-1]}{'0' if rid(2)[-1] != '0' else '1'}\n,{rid(3)}\n王五,{rid(1)}\n")
with open(f"{d}/holder.txt", "w") as f:
    f.write(rid(4))
PY
check "batch: every bad line named, nothing issued" 1 "people-bad.csv:2: ID number: the check character does not match.*" \
  "$tongban" code issue printed --key "$dir/issuer.key" --batch "$dir/people-bad.csv" -o "$dir/batch.tsv" --register "$dir/register.tsv"
out=$("$tongban" code issue printed --key "$dir/issuer.key" --batch "$dir/people-bad.csv" -o "$dir/batch.tsv" --register "$dir/register.tsv" 2>&1)
grep -q "people-bad.csv:3: name: missing" <<<"$out" && grep -q "people-bad.csv:4: ID number: the same person is listed twice" <<<"$out" \
  && ! grep -qE "1101|王五" <<<"$out" && echo "ok   batch: problems name the line, never the person" || fail "batch problems: $out"
[ ! -e "$dir/batch.tsv" ] && [ ! -e "$dir/register.tsv" ] && echo "ok   batch: no partial output" || fail "batch wrote output despite problems"
check "batch of 30" 0 "^issued 30 printed codes" \
  "$tongban" code issue printed --key "$dir/issuer.key" --batch "$dir/people.tsv" -o "$dir/batch.tsv" --register "$dir/register.tsv"
[ "$(grep -c '^TBP1:' "$dir/batch.tsv")" = 30 ] && echo "ok   batch: 30 codes" || fail "batch: not 30 codes"
! grep -qE "110105(19|20)[0-9]{9}[0-9X]|欧阳|张三" "$dir/batch.tsv" "$dir/register.tsv" && echo "ok   batch: no names or ID numbers in the outputs" || fail "batch outputs hold personal data"
check "batch: labels masked" 0 "	欧\*\*华$" head -2 "$dir/batch.tsv"
mapfile -t batch_codes < <(grep '^TBP1:' "$dir/batch.tsv" | cut -f1)
out=$("$tongban" code verify "${batch_codes[@]}" --trust "$dir/issuer.pub" --scope staff --at "$now")
[ "$(grep -c '^ok printed ' <<<"$out")" = 30 ] && echo "ok   batch: all 30 verify" || fail "batch verify: $out"
check "batch: the holder's card is found and revoked" 0 "--holder-id #1: 1 printed code" \
  "$tongban" code revoke --key "$dir/issuer.key" --register "$dir/register.tsv" --holder-id "$(cat "$dir/holder.txt")" -o "$dir/lost.tbl"
check "batch: the revoked card is refused" 1 "refused: revoked" \
  "$tongban" code verify "${batch_codes[4]}" --trust "$dir/issuer.pub" --revoked "$dir/lost.tbl" --at "$now"
check "batch: the next card still verifies" 0 "^ok printed" \
  "$tongban" code verify "${batch_codes[5]}" --trust "$dir/issuer.pub" --revoked "$dir/lost.tbl" --at "$now"
check "batch: another issuer's key cannot find the holder" 1 "no printed code for this person" \
  "$tongban" code revoke --key "$dir/other.key" --register "$dir/register.tsv" --holder-id "$(cat "$dir/holder.txt")" -o "$dir/x.tbl"
check "batch: a second batch appends to the register" 0 "register .* \(appended\)" \
  "$tongban" code issue printed --key "$dir/issuer.key" --batch "$dir/people.tsv" -o "$dir/batch2.tsv" --register "$dir/register.tsv"
[ "$(grep -vc '^#' "$dir/register.tsv")" = 60 ] && echo "ok   batch: register holds both batches" || fail "register lines"
check "batch: needs -o and --register" 2 "needs -o CODES.tsv and --register" \
  "$tongban" code issue printed --key "$dir/issuer.key" --batch "$dir/people.tsv"

# --- the 国密 suite: SM2 keys issue every kind, an SM2 root signs the trust list, an SM2 issuer revokes ---
for k in sm-issuer sm-root; do "$tongban" keys new $k --out "$dir" --suite sm >/dev/null || fail "keys new $k --suite sm"; done
"$tongban" keys new sm-phone --out "$dir" --suite sm --kind device >/dev/null || fail "keys new sm-phone"
"$tongban" code issue dynamic-credential --key "$dir/sm-issuer.key" --device-pub "$dir/sm-phone.pub" \
  --name 欧阳娜华 --id 11010519900101002X -o "$dir/sm-cred.bin" 2>"$dir/sm-cred.err" || fail "issue an sm dynamic-credential"
sm_dyn=$("$tongban" code dynamic --credential "$dir/sm-cred.bin" --device-key "$dir/sm-phone.key" --at "$now" 2>/dev/null)
sm_printed=$("$tongban" code issue printed --key "$dir/sm-issuer.key" --name 张小三 --id 110105199001010021 2>"$dir/sm-printed.err")
sm_venue=$("$tongban" code issue venue --key "$dir/sm-issuer.key" --venue-id V-1 --name 便民服务站 --division 110105 --valid-days 30)
"$tongban" code trust-list --root "$dir/sm-root.key" --entry "$dir/sm-issuer.pub:all::" --entry "$dir/issuer.pub:all::" \
  -o "$dir/sm-trust.list" >/dev/null || fail "an sm trust list"
check "sm codes verify through an sm trust list" 0 "^ok dynamic .*name=欧\*\*华" \
  "$tongban" code verify "$sm_dyn" "$sm_printed" "$sm_venue" "$printed" --trust-list "$dir/sm-trust.list" --root "$dir/sm-root.pub" --scope staff --at "$now"
check "... all four of them" 0 "^4$" bash -c "\"\$0\" code verify \"\$1\" \"\$2\" \"\$3\" \"\$4\" --trust-list \"\$5/sm-trust.list\" --root \"\$5/sm-root.pub\" --at $now | grep -c '^ok '" \
  "$tongban" "$sm_dyn" "$sm_printed" "$sm_venue" "$printed" "$dir"
check "an sm code's suite nibble rewritten" 1 "refused: bad-signature.*rewritten suite" \
  "$tongban" code verify "TBP1:$(python3 -c "
import sys
A='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ \$%*+-./:'
t=sys.argv[1][5:]
b=bytearray()
for i in range(0,len(t),3):
    c=t[i:i+3]; n=sum(A.index(ch)*45**j for j,ch in enumerate(c))
    b+= n.to_bytes(2,'big') if len(c)==3 else bytes([n])
b[0]=(b[0]&15)|16
o=''
for i in range(0,len(b)-1,2):
    n=b[i]*256+b[i+1]; o+=A[n%45]+A[n//45%45]+A[n//2025]
if len(b)%2: o+=A[b[-1]%45]+A[b[-1]//45]
print(o)" "$sm_printed")" --trust "$dir/sm-issuer.pub"
check "an Ed25519 device under an sm issuer" 2 "must be an SM2 key with an even y" \
  "$tongban" code issue dynamic-credential --key "$dir/sm-issuer.key" --device-pub "$dir/phone.pub" --name 李四 --id 110105199001010021
sm_printed_id=$(sed -n 's/^credential id \([0-9a-f]*\) .*/\1/p' "$dir/sm-printed.err")
"$tongban" code revoke --key "$dir/sm-issuer.key" --id "$sm_printed_id" -o "$dir/sm-revoked.list" >/dev/null || fail "revoke with an SM2 key"
check "revoked by an SM2 issuer's list" 1 "refused: revoked" \
  "$tongban" code verify "$sm_printed" --trust "$dir/sm-issuer.pub" --revoked "$dir/sm-revoked.list"

# --- usage and I/O ---
check "code --help" 0 "usage: tongban code COMMAND" "$tongban" code --help
check "--help lists code" 0 "code +一码通城" "$tongban" --help
check "no command" 2 "missing COMMAND" "$tongban" code
check "unknown command" 2 "unknown COMMAND 'frob'" "$tongban" code frob
check "unknown kind" 2 "unknown KIND 'passport'" "$tongban" code issue passport --key "$dir/issuer.key"
check "missing field" 2 "issue venue needs --venue-id" "$tongban" code issue venue --key "$dir/issuer.key"
check "unknown option" 2 "unknown option '--nope'" "$tongban" code verify "$venue" --nope
check "verify without trust" 2 "either --trust-list" "$tongban" code verify "$venue"
check "bad scope" 2 "--scope must be gate, venue or staff" "$tongban" code verify "$venue" --trust "$dir/issuer.pub" --scope all
check "a public key cannot issue" 2 "without its secret" "$tongban" code issue service --key "$dir/issuer.pub" --item x
check "a seal key cannot issue" 2 "this is x25519-seal" "$tongban" code issue service --key "$dir/dept.key" --item x
check "missing key file" 3 "--key .*nope.key: No such file" "$tongban" code issue service --key "$dir/nope.key" --item x
check "missing trust list" 3 "nope.list" "$tongban" code verify "$venue" --trust-list "$dir/nope.list" --root "$dir/root.pub"
check "unwritable output" 3 "/nonexistent/" "$tongban" code issue service --key "$dir/issuer.key" --item x -o /nonexistent/x.txt
check "dynamic with the wrong device" 1 "not the one this credential binds" \
  "$tongban" code dynamic --credential "$dir/cred.bin" --device-key "$dir/other.key"
check "dynamic from a base64 credential" 0 "^TBD1:" bash -c \
  "\"\$0\" code issue dynamic-credential --key \"\$1/issuer.key\" --device-pub \"\$1/phone.pub\" --name 王五 --id 110105199001010021 2>/dev/null >\"\$1/cred.b64\" && \"\$0\" code dynamic --credential \"\$1/cred.b64\" --device-key \"\$1/phone.key\" 2>/dev/null" \
  "$tongban" "$dir"
finish cli.codes
