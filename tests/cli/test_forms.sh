#!/usr/bin/env bash
# Form sources through the real CLI: the sample forms build; broken ones fail with file:line
# errors (unknown field, type error, calculation cycle, missing material, a choice list that is not
# there or on the wrong type, bad 一件事 merge) and no
# bundle is written; e-licences issue and verify.
set -u
tongban=${1:?path to tongban}; src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-cli-forms-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
key=$src/assets/demo-keys/guide-issuer.key

out=$("$tongban" guide build "$src/assets/guides" --forms "$src/assets/forms" -o "$work/good.tbg" --key "$key" 2>&1)
grep -qE "[0-9]+ forms" <<<"$out" && ok "sample forms build" || { fail "sample forms build"; echo "$out"; }

cp -r "$src/assets/forms" "$work/forms"
f="$work/forms/sfz-buling-form.yaml"
python3 - "$f" <<'PY'
import sys, re
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
# an expression naming a field that does not exist, and a calculation comparing text with a number
s = s.replace("pages:", "pages:\n  - id: broken\n    title: 测试\n    fields:\n      - id: a\n        type: number\n        label: A\n        calculate: b + 1\n      - id: b\n        type: number\n        label: B\n        calculate: a + 1\n      - id: c\n        type: text\n        label: C\n        relevant: nosuchfield > 3\n      - id: d\n        type: attachment\n        label: D\n        material: no-such-material\n      - id: e\n        type: frob\n        label: E\n      - id: g\n        type: single_choice\n        label: G\n        choices_from: no-such-list\n      - id: h\n        type: text\n        label: H\n        choices_from: ethnicity", 1)
open(p, 'w', encoding='utf-8').write(s)
PY
out=$("$tongban" guide build "$src/assets/guides" --forms "$work/forms" -o "$work/bad.tbg" --key "$key" 2>&1); status=$?
for want in "sfz-buling-form.yaml:[0-9]+: .*circle" "sfz-buling-form.yaml:[0-9]+: field 'c', relevant: unknown field 'nosuchfield'" \
            "sfz-buling-form.yaml:[0-9]+: field 'd': item 'sfz-buling' has no material 'no-such-material'" \
            "sfz-buling-form.yaml:[0-9]+: unknown field type 'frob'" "sfz-buling-form.yaml:[0-9]+: choices_from 'no-such-list': no list .*lists/no-such-list.yaml" \
            "sfz-buling-form.yaml:[0-9]+: .*'choices_from' is for single_choice and multi_choice fields" "no bundle written"; do
  if [ "$status" = 1 ] && grep -qE -- "$want" <<<"$out"; then ok "error: $want"; else fail "missing error: $want (status $status)"; echo "$out" | head -20; fi
done
[ -e "$work/bad.tbg" ] && fail "bundle written despite errors" || ok "no bundle written"

# e-licences: issue, verify, refuse another person's and a forged one
"$tongban" keys new zz --out "$work" >/dev/null
"$tongban" elicence issue --type hukou --holder-id 211402198803151234 --holder-name 张丽华 --field address=文化路1号 \
  --key "$work/zz.key" -o "$work/h.tbe" >/dev/null || fail "elicence issue"
"$tongban" elicence verify "$work/h.tbe" --trust "$work/zz.pub" --holder-id 211402198803151234 >/dev/null && ok "elicence verifies" || fail "elicence verify"
out=$("$tongban" elicence verify "$work/h.tbe" --trust "$work/zz.pub" --holder-id 110105194912310029 2>&1)
grep -q "不是本人的电子证照" <<<"$out" && ok "someone else's e-licence refused" || fail "holder check: $out"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[30]^=1; open(sys.argv[1],'wb').write(b)" "$work/h.tbe"
"$tongban" elicence verify "$work/h.tbe" --trust "$work/zz.pub" >/dev/null 2>&1 && fail "forged e-licence accepted" || ok "forged e-licence refused"
finish cli.forms
