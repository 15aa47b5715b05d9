#!/usr/bin/env bash
# The guide pipeline through the real CLI: keys, build (with file:line errors and no partial
# output), verify (every refusal), diff/apply (deltas), an interrupted update, and search.
set -u
tongban=${1:?path to tongban}; src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-cli-guide-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
check "keys new" 0 "ed25519-sign key issuer" "$tongban" keys new issuer --out "$work"
check "secret key file is private (0600)" 0 "^600$" stat -c %a "$work/issuer.key"
check "keys are never overwritten" 3 "already exists" "$tongban" keys new issuer --out "$work"
check "seal keys" 0 "x25519-seal key dept" "$tongban" keys new dept --out "$work" --kind seal
"$tongban" keys new stranger --out "$work" >/dev/null

check "build the sample catalogue" 0 "wrote .*v1.tbg: [0-9]+ items, [0-9]+ forms, version 100" \
  "$tongban" guide build "$src/assets/guides" -o "$work/v1.tbg" --key "$work/issuer.key" --version 100
check "verify" 0 "^ok: .*version 100" "$tongban" guide verify "$work/v1.tbg" --trust "$work/issuer.pub"
# Nothing trusts the demo key unless told: no --trust and no --demo is refused, even for a bundle
# the demo issuer signed; --demo trusts the demo issuer (and only it).
check "verify without --trust or --demo is refused" 2 "no issuer to trust: give --trust PUB .*or --demo" \
  "$tongban" guide verify "$work/v1.tbg"
check "search without --trust or --demo is refused" 2 "no issuer to trust" "$tongban" guide search "$work/v1.tbg" sfz
"$tongban" guide build "$src/assets/guides" -o "$work/demo.tbg" --key "$src/assets/demo-keys/guide-issuer.key" --version 100 >/dev/null 2>&1
check "--demo trusts the demo issuer" 0 "^ok: .*version 100" "$tongban" guide verify "$work/demo.tbg" --demo
check "--demo trusts nobody else" 1 "unknown-issuer" "$tongban" guide verify "$work/v1.tbg" --demo
check "--demo and --trust together" 2 "--demo and --trust" "$tongban" guide verify "$work/v1.tbg" --demo --trust "$work/issuer.pub"
check "build needs a secret key" 2 "needs a secret signing key" \
  "$tongban" guide build "$src/assets/guides" -o "$work/x.tbg" --key "$work/issuer.pub"
# An empty base64 value in a key file: a clear error naming the line (it once reached libsodium
# with a null pointer).
sed 's/^public: .*/public: /' "$work/issuer.pub" >"$work/empty.pub"
check "a key file with an empty public key" 3 "empty.pub: .*line [0-9]+: public key must be 32 bytes of base64" \
  "$tongban" guide verify "$work/v1.tbg" --trust "$work/empty.pub"

# Department keys in the 国密 suite: --seal-keys DIR takes DIR/<id>.pub over the sources' seal_key
# (an sm2-seal key, 65 bytes, or an x25519 one); anything else is refused, and no bundle written.
mkdir -p "$work/sm-depts" "$work/bad-depts"
"$tongban" keys new gongan --out "$work/sm-depts" --kind seal --suite sm >/dev/null
check "build with --seal-keys (an sm2-seal key)" 0 "wrote .*sm.tbg" \
  "$tongban" guide build "$src/assets/guides" -o "$work/sm.tbg" --key "$work/issuer.key" --version 100 --seal-keys "$work/sm-depts"
"$tongban" keys new gongan --out "$work/bad-depts" --kind sign >/dev/null
check "--seal-keys: a signing key is not a department key" 2 "gongan.pub: needs a sealing key \(x25519-seal or sm2-seal\), this is ed25519-sign" \
  "$tongban" guide build "$src/assets/guides" -o "$work/badkey.tbg" --key "$work/issuer.key" --seal-keys "$work/bad-depts"
if [ -e "$work/badkey.tbg" ]; then echo "FAIL a bundle was written with a bad department key"; fails=$((fails + 1)); else echo "ok   no bundle with a bad department key"; fi
# An SM2 seal_key in the sources that is not on the curve: file:line, no bundle.
cp -r "$src/assets/guides" "$work/offcurve"
python3 - "$work/offcurve/catalogue.yaml" <<'PY'
import base64, re, sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
bad = base64.b64encode(b'\x04' + b'\x01' * 64).decode()
open(p, 'w', encoding='utf-8').write(re.sub(r'seal_key: \S+', 'seal_key: ' + bad, s, count=1))
PY
check "an SM2 seal_key off the curve" 1 "catalogue.yaml:[0-9]+: seal_key is not a point on the SM2 curve" \
  "$tongban" guide build "$work/offcurve" -o "$work/offcurve.tbg" --key "$work/issuer.key"

# Malformed sources: every problem as file:line, and no bundle written.
cp -r "$src/assets/guides" "$work/bad"
item="$work/bad/items/sfz-buling.yaml"
sed -i 's/^department: gongan/department: nowhere/' "$item"
sed -i 's/^updated: .*/updated: 2025-02-30/' "$item"
printf 'colour: blue\n' >> "$item"
printf 'id: [unclosed\n' > "$work/bad/items/broken.yaml"
out=$("$tongban" guide build "$work/bad" -o "$work/bad.tbg" --key "$work/issuer.key" 2>&1); status=$?
for want in "sfz-buling.yaml:[0-9]+: department 'nowhere' is not in catalogue.yaml" \
            "sfz-buling.yaml:[0-9]+: 'updated' must be a real date" \
            "sfz-buling.yaml:[0-9]+: item: unknown key 'colour'" \
            "broken.yaml:[0-9]+: YAML syntax" "no bundle written"; do
  if [ "$status" = 1 ] && grep -qE -- "$want" <<<"$out"; then echo "ok   build error: $want"
  else echo "FAIL build error missing: $want (status $status)"; echo "$out" | head -20; fails=$((fails + 1)); fi
done
if [ -e "$work/bad.tbg" ]; then echo "FAIL a bundle was written despite errors"; fails=$((fails + 1)); else echo "ok   no bundle written"; fi

# Required lists missing altogether (not empty): a clear file:line error each, no abort (yaml-cpp
# throws on a missing key read carelessly), no bundle.
cp -r "$src/assets/guides" "$work/gaps"
cp -r "$src/assets/forms" "$work/gaps-forms"
python3 - "$work/gaps" "$work/gaps-forms" <<'PY'
import re, sys
guides, forms = sys.argv[1:3]
def edit(path, f):
    s = open(path, encoding='utf-8').read()
    t = f(s)
    assert t != s, path
    open(path, 'w', encoding='utf-8').write(t)
# a form without pages; a page without fields (its 'fields:' key and list replaced by nothing)
edit(forms + '/sfz-buling-form.yaml', lambda s: s[:s.index('pages:')])
def drop_fields(s):
    i = s.index('    fields:')
    j = s.index('\n  - id:', i)
    return s[:i] + s[j + 1:]
edit(forms + '/shebaoka-shenling-form.yaml', drop_fields)
# a scenario without questions; a question without options
edit(guides + '/items/chusheng-luohu.yaml', lambda s: re.sub(r'(?ms)^  questions:\n(?:    .*?\n|\s*\n)*', '', s, count=1))
def drop_options(s):
    i = s.index('      options:')
    j = s.index('\n    - id:', i)
    return s[:i] + s[j + 1:]
edit(guides + '/items/ruxue-yijianshi.yaml', drop_options)
PY
# (items first: the forms are checked once the items are sound)
out=$("$tongban" guide build "$work/gaps" -o "$work/gaps.tbg" --key "$work/issuer.key" 2>&1); status=$?
out2=$("$tongban" guide build "$src/assets/guides" --forms "$work/gaps-forms" -o "$work/gaps.tbg" --key "$work/issuer.key" 2>&1)
status2=$?
for want in "chusheng-luohu.yaml:[0-9]+: scenario: 'questions' must be a non-empty list" \
            "ruxue-yijianshi.yaml:[0-9]+: question '[a-z-]+' needs at least two options" "no bundle written" \
            "2:sfz-buling-form.yaml:[0-9]+: 'pages' must be a non-empty list" \
            "2:shebaoka-shenling-form.yaml:[0-9]+: page '[a-z-]+' needs a non-empty 'fields' list" "2:no bundle written"; do
  got=$out st=$status
  [ "${want:0:2}" = 2: ] && want=${want:2} got=$out2 st=$status2
  if [ "$st" = 1 ] && grep -qE -- "$want" <<<"$got"; then ok "missing list: $want"
  else fail "missing list not reported: $want (status $st)" "$got"; fi
done
[ -e "$work/gaps.tbg" ] && fail "a bundle was written despite missing lists" || ok "no bundle written"

# A new version with one changed item; the delta carries only the change.
cp -r "$src/assets/guides" "$work/v2src"
sed -i 's/^fee: .*/fee: 工本费40元（2026年起）/' "$work/v2src/items/sfz-buling.yaml"
"$tongban" guide build "$work/v2src" -o "$work/v2.tbg" --key "$work/issuer.key" --version 200 >/dev/null
check "diff" 0 "wrote .*v1-v2.tbd" "$tongban" guide diff "$work/v1.tbg" "$work/v2.tbg" -o "$work/v1-v2.tbd" --key "$work/issuer.key"
delta_size=$(stat -c %s "$work/v1-v2.tbd"); bundle_size=$(stat -c %s "$work/v2.tbg")
# Issue 16's target: a kiosk update of a changed item transfers under 5 % of the whole bundle.
if [ $((delta_size * 20)) -lt "$bundle_size" ]; then echo "ok   delta is under 5 % ($delta_size of $bundle_size bytes)"
else echo "FAIL delta too big ($delta_size of $bundle_size bytes)"; fails=$((fails + 1)); fi
cp "$work/v1.tbg" "$work/installed.tbg"
check "apply the delta" 0 "version 100 -> 200" "$tongban" guide apply "$work/installed.tbg" "$work/v1-v2.tbd" -o "$work/installed.tbg" --trust "$work/issuer.pub"
check "result equals the published bundle" 0 "" cmp "$work/installed.tbg" "$work/v2.tbg"
check "replayed delta: wrong base" 1 "wrong-base" "$tongban" guide apply "$work/installed.tbg" "$work/v1-v2.tbd" -o "$work/installed.tbg" --trust "$work/issuer.pub"
check "rollback refused" 1 "rolled-back" "$tongban" guide verify "$work/v1.tbg" --installed "$work/v2.tbg" --trust "$work/issuer.pub"
check "foreign issuer refused" 1 "unknown-issuer" "$tongban" guide verify "$work/v1.tbg" --trust "$work/stranger.pub"
head -c 3000 "$work/v1.tbg" > "$work/truncated.tbg"
check "truncated bundle refused" 1 "refused: (malformed|tampered)" "$tongban" guide verify "$work/truncated.tbg" --trust "$work/issuer.pub"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[len(b)//2]^=1; open(sys.argv[2],'wb').write(b)" "$work/v1.tbg" "$work/flipped.tbg"
check "tampered bundle refused" 1 "refused: (tampered|malformed|bad-signature)" "$tongban" guide verify "$work/flipped.tbg" --trust "$work/issuer.pub"
check "a delta is not a bundle" 1 "wrong-format" "$tongban" guide verify "$work/v1-v2.tbd" --trust "$work/issuer.pub"

# Interrupted update: the process dies after writing the new data but before the rename. The
# installed bundle must still be the old, valid one.
cp "$work/v1.tbg" "$work/device.tbg"
TB_FAULT=before-rename "$tongban" guide apply "$work/device.tbg" "$work/v1-v2.tbd" -o "$work/device.tbg" --trust "$work/issuer.pub" >/dev/null 2>&1
check "interrupted update leaves the old bundle in place" 0 "" cmp "$work/device.tbg" "$work/v1.tbg"
check "... and it still verifies" 0 "version 100" "$tongban" guide verify "$work/device.tbg" --trust "$work/issuer.pub"

check "search: ranked lines (id, name, score)" 0 "^sfz-buling	居民身份证补领	[0-9.]+$" "$tongban" guide search "$work/v1.tbg" sfz --trust "$work/issuer.pub" --limit 1
check "search --json has highlights" 0 '"highlights"' "$tongban" guide search "$work/v1.tbg" 身份证丢了 --json --trust "$work/issuer.pub"
check "search of a refused bundle" 1 "unknown-issuer" "$tongban" guide search "$work/v1.tbg" sfz --trust "$work/stranger.pub"
finish cli.guide
