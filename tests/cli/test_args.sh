#!/usr/bin/env bash
# How `tongban` reads its command line, through the real binary: every command and group answers
# -h/--help with its usage and a description of each option and argument; `--opt=value` works like
# `--opt value`; numbers are strict (refused naming the option and the value, exit 2, before the
# command does anything: `serve --port 18087x` never listens); unknown options, unknown commands and
# missing required options are refused by name.
set -u
tongban=${1:?path to tongban}
tmp=$(mktemp -d /tmp/tongban-cli-args-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"

# ---- -h on every command and group -------------------------------------------------------------------
# Every command, found by walking the "commands:" lists of the help pages; the walk must find exactly
# these (a command missing from its group's help, or a help page that does not list its group's
# commands, fails here).
expected="audit audit/verify check code code/dynamic code/handoff code/handoff/decode code/handoff/encode code/issue
code/issue/dynamic-credential code/issue/house-plate code/issue/printed code/issue/service code/issue/staff code/issue/venue
code/render code/revoke code/scan code/sheet code/trust-list code/verify elicence elicence/issue elicence/verify
guide guide/apply guide/build guide/diff guide/search guide/verify idcard idcard/check idcard/make intake intake/accept intake/count
intake/export intake/fleet intake/list intake/register-device intake/remind intake/return intake/serve intake/status keys keys/new open receipt seal
serve submit version"
# The command names listed under "commands:" in a help page.
listed() { awk '/^commands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }'; }
# Entries of the "arguments:" and "options:" lists without a description (on their line, from column
# 31, or on the next line, indented 30).
undescribed() {
  awk '/^(arguments|options):$/ { on = 1; next } /^$/ || /^[a-z]/ { on = 0 }
       on && /^  [^ ]/ { if (pending) print pending; pending = (length($0) > 30 && substr($0, 31) ~ /[^ ]/) ? "" : $0; next }
       on && pending && /^ {30}[^ ]/ { pending = ""; next }
       END { if (pending) print pending }'
}
walk() {  # PATH (words joined with /)
  local path=$1 words out sub
  words=${path//\// }
  out=$("$tongban" $words -h 2>&1)
  for sub in $(listed <<<"$out"); do
    echo "${path:+$path/}$sub"
    walk "${path:+$path/}$sub"
  done
}
found=$(walk "" | sort | tr '\n' ' ')
want=$(tr ' ' '\n' <<<"$expected" | sed '/^$/d' | sort | tr '\n' ' ')
if [ "$found" = "$want" ]; then ok "every command and group is listed in its parent's help ($(wc -w <<<"$found") of them)"
else fail "the commands found by walking the help pages" "want: $want"$'\n'"got:  $found"; fi

for path in "" $expected; do
  words=${path//\// }
  for flag in -h --help; do
    out=$("$tongban" $words $flag 2>"$tmp/err"); status=$?
    name="tongban${words:+ $words} $flag"
    if [ "$status" != 0 ] || ! grep -q "^usage: tongban${words:+ $words}\( \|$\)" <<<"$out" || [ -s "$tmp/err" ]; then
      fail "$name: exit 0 with its usage on stdout (status $status)" "$out$(cat "$tmp/err")"
    elif ! grep -qE -- "^  -h,--help +print this help" <<<"$out"; then
      fail "$name: lists -h" "$out"
    elif [ -n "$(undescribed <<<"$out")" ]; then
      fail "$name: an option or argument without a description" "$(undescribed <<<"$out")"
    elif [ "$flag" = -h ]; then
      ok "$name: usage, every option described"
    fi
  done
done
check "-h describes each option (code render --scale)" 0 "--scale N +pixels per module" "$tongban" code render -h
check "-h after other arguments still helps" 0 "^usage: tongban keys new NAME --out DIR" "$tongban" keys new x --kind seal -h

# ---- unknown options, commands and arguments; missing ones --------------------------------------------
for path in $expected; do
  words=${path//\// }
  if "$tongban" $words -h | grep -q '^commands:$'; then
    check "tongban $words frob: unknown, by name" 2 "^tongban $words: unknown [A-Za-z]+ 'frob'" "$tongban" $words frob
    check "tongban $words alone: missing its command, and the list" 2 "^tongban $words: missing [A-Z]+" "$tongban" $words
  else
    check "tongban $words --no-such-option: refused by name" 2 "^tongban $words: unknown option '--no-such-option'$" \
      "$tongban" $words --no-such-option
  fi
done
check "an unknown option with =value: named without the value" 2 "unknown option '--nope'$" "$tongban" version --nope=1
check "an unknown top-level option" 2 "^tongban: unknown option '--nope'" "$tongban" --nope
check "an argument a command does not take" 2 "unexpected argument 'extra'" "$tongban" version extra
check "a required option missing, named with its value's name" 2 "^tongban keys new: --out DIR is missing" "$tongban" keys new k
check "a required argument missing" 2 "^tongban code scan: IMAGE is missing" "$tongban" code scan
check "an option without its value" 2 "^tongban keys new: --out" "$tongban" keys new k --out
check "a word that is another command is an argument here" 0 "ed25519-sign key version" "$tongban" keys new version --out "$tmp"
check "-- ends the options: '-x' as a value" 1 "\(name\." "$tongban" check name -- -x

# ---- --opt=value works like --opt value ---------------------------------------------------------------
check "--today=DATE" 0 "^320106202606013070$" "$tongban" check id 320106202606013070 --today=2026-06-01
check "--today=DATE is the same option as --today DATE" 1 "晚于今天" "$tongban" check id 320106202606013070 --today=2026-05-31
check "--out=DIR --kind=device" 0 "ed25519-device key eq" "$tongban" keys new eq --out="$tmp" --kind=device
check "... wrote the files there" 0 "eq.key" ls "$tmp"
check "--scale=N --ecc=LEVEL" 0 "QR version [0-9]+-H, .*, [0-9]+x[0-9]+ px" \
  "$tongban" code render "TBV1:ABC" -o "$tmp/eq.png" --scale=2 --ecc=h
check "-oFILE (a short option with its value attached)" 0 "eq2.png: QR version" "$tongban" code render "TBV1:ABC" -o"$tmp/eq2.png"

# ---- strict numbers: refused naming the option and the value, exit 2, before anything runs -----------
mkdir -p "$tmp/site" && echo '<!doctype html><title>t</title>' >"$tmp/site/index.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$tongban" serve --site "$tmp/site" --port "${port}x" >"$tmp/serve.out" 2>&1 &
pid=$!
listened=no
for _ in $(seq 1 20); do  # 2 s: ample for a server that starts to answer
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && { listened=yes; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill "$pid" 2>/dev/null; wait "$pid"; status=$?
out=$(cat "$tmp/serve.out")
if [ "$status" = 2 ] && grep -q -- "--port must be a whole number from 1 to 65535, got '${port}x'" <<<"$out"; then
  ok "serve --port ${port}x: refused, exit 2, naming --port and the value"
else
  fail "serve --port ${port}x: exit $status (want 2)" "$out"
fi
if [ "$listened" = yes ]; then fail "serve --port ${port}x listened on $port"; else ok "serve --port ${port}x never listened on $port"; fi
for bad in -1 0 70000 99999999999999999999 " 8080" 8080.0 0x1F90 1e3; do
  check "serve --port '$bad'" 2 "--port must be a whole number from 1 to 65535, got '$bad'" timeout 10 "$tongban" serve --site "$tmp/site" --port "$bad"
done
check "serve --port=-1" 2 "--port must be .*, got '-1'" timeout 10 "$tongban" serve --site "$tmp/site" --port=-1
check "guide search --limit abc (before the bundle is read)" 2 "^tongban guide search: --limit must be a whole number from 1 to [0-9]+, got 'abc'" \
  "$tongban" guide search "$tmp/no-such.tbg" sfz --limit abc
check "intake list --limit abc" 2 "--limit must be a whole number .*, got 'abc'" \
  "$tongban" intake list --db "sqlite:$tmp/intake.db" --department gongan --limit abc
check "intake list --limit 0" 2 "--limit must be a whole number from 1 to 100000, got '0'" \
  "$tongban" intake list --db "sqlite:$tmp/intake.db" --department gongan --limit 0
check "code render --scale 3x" 2 "--scale must be a whole number from 1 to 100, got '3x'" "$tongban" code render x -o "$tmp/x.png" --scale 3x
check "code dynamic --window 1e2" 2 "--window must be a whole number from 1 to 3600, got '1e2'" \
  "$tongban" code dynamic --credential "$tmp/c" --device-key "$tmp/k" --window 1e2
check "code verify --at 12x" 2 "--at must be a whole number .*, got '12x'" "$tongban" code verify x --trust "$tmp/p" --at 12x
check "code issue printed --valid-days -5" 2 "--valid-days must be a whole number from 1 to 36500, got '-5'" \
  "$tongban" code issue printed --key "$tmp/k" --name 张三 --id 110105199001010021 --valid-days -5
check "seal --max-bytes 0x1000" 2 "--max-bytes must be a whole number from 4096 to [0-9]+, got '0x1000'" \
  "$tongban" seal --data "$tmp/d" --device-key "$tmp/k" --to "$tmp/p" -o "$tmp/e" --max-bytes 0x1000
check "submit --piece 2k" 2 "--piece must be a whole number from 1024 to 67108864, got '2k'" "$tongban" submit "$tmp/e" --intake http://127.0.0.1:1 --piece 2k
check "intake serve --rate inf" 2 "--rate must be a number from 0.001 to 1000000000, got 'inf'" \
  timeout 10 "$tongban" intake serve --db "sqlite:$tmp/intake.db" --intake-key "$tmp/k" --rate inf
check "intake serve --upload-hours 1h" 2 "--upload-hours must be a number from 1 to 8760, got '1h'" \
  timeout 10 "$tongban" intake serve --db "sqlite:$tmp/intake.db" --intake-key "$tmp/k" --upload-hours 1h
check "a word from a fixed set" 2 "--kind must be sign, device or seal, got 'rsa'" "$tongban" keys new k --out "$tmp" --kind rsa
check "intake register-device --kind" 2 "--kind must be kiosk or phone, got 'tablet'" \
  "$tongban" intake register-device --db "sqlite:$tmp/intake.db" --kind tablet "$tmp/eq.pub"
finish cli.args
