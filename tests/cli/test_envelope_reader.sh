#!/usr/bin/env bash
# docs/ENVELOPE.md is enough to write a reader: an independent JavaScript reader written from it
# (tests/lib/envelope_reader.mjs) opens envelopes sealed by the real CLI, agrees with `tongban open`
# on content and on every refusal (canonical layout and per-part Padmé padding included), computes
# the same padded sizes as the writer, and verifies the intake's receipt (TBR1: code) on its own,
# as `tongban receipt` does; `tongban intake export` gives back the exact bytes submitted.
set -u
tongban=${1:?path to tongban}; src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-cli-envelope-XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
node() { env -u NODE_OPTIONS node "$@"; }
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
depts="$src/assets/demo-keys/departments"

# A device, a two-department application (一件事) with two random attachments of a few hundred
# KiB (several 64 KiB chunks, crossing chunk boundaries at odd offsets).
check "device key" 0 "ed25519-device key dev1" "$tongban" keys new dev1 --out "$work" --kind device
cat > "$work/data.json" <<'EOF'
{"parts": {"gongan": {"child": "小明", "household_head": "张三", "hukou": "青禾市"},
           "renshe": {"child": "小明", "insured": true, "bank": "6222020200112233"}}}
EOF
head -c 300001 /dev/urandom > "$work/photo.jpg"
head -c 199999 /dev/urandom > "$work/birth-certificate.pdf"
printf 'photo.jpg\nbirth-certificate.pdf\n' > "$work/attachments.txt"
check "seal for gongan and renshe" 0 "wrote .*app.tbs: submission [0-9a-f]{32}, 2 parts" \
  "$tongban" seal --data "$work/data.json" --device-key "$work/dev1.key" \
  --to "$depts/gongan.pub" --to "$depts/renshe.pub" --attach "$work/photo.jpg" --attach "$work/birth-certificate.pdf" \
  --form chusheng-yijianshi-merged --item chusheng-yijianshi -o "$work/app.tbs"
# The writer refuses, before sealing, what could never be opened or submitted.
check "seal: two parts for one department are refused" 1 "two parts for department 'gongan'" \
  "$tongban" seal --data "$work/data.json" --device-key "$work/dev1.key" \
  --to "$depts/gongan.pub" --to "$depts/gongan.pub" -o "$work/dup.tbs"
check "seal --max-bytes: a plan over the limit is refused before sealing" 1 "too large to submit" \
  "$tongban" seal --data "$work/data.json" --device-key "$work/dev1.key" \
  --to "$depts/gongan.pub" --to "$depts/renshe.pub" --attach "$work/photo.jpg" --max-bytes 100000 -o "$work/big.tbs"
check "seal --max-bytes: nothing written" 0 "^absent$" bash -c "test -e '$work/big.tbs' && echo present || echo absent"
check "seal --max-bytes: not a number of bytes" 2 "max-bytes must be" \
  "$tongban" seal --data "$work/data.json" --device-key "$work/dev1.key" --to "$depts/gongan.pub" --max-bytes 12x -o "$work/x.tbs"
check "seal --max-bytes: a plan within the limit is sealed" 0 "wrote .*fits.tbs" \
  "$tongban" seal --data "$work/data.json" --device-key "$work/dev1.key" \
  --to "$depts/gongan.pub" --to "$depts/renshe.pub" --attach "$work/photo.jpg" --max-bytes 400000 -o "$work/fits.tbs"
for d in gongan renshe; do
  "$tongban" open "$work/app.tbs" --key "$depts/$d.key" --out "$work/open-$d" > "$work/open-$d.json" 2>"$work/open-$d.err"
  check "tongban open ($d)" 0 "\"department\": \"$d\"" cat "$work/open-$d.json"
done

# An envelope file over protobuf's 2^31 - 1 byte limit (no reader can take it) is refused by its
# size before it is read: a sparse 2 GiB file, no disk used; peak memory (GNU time, KiB) stays small.
truncate -s 2147483648 "$work/huge.tbs"
check "tongban open: a 2 GiB file is refused by its size (exit 1, too-large)" 1 "refused: too-large .*2147483648 bytes" \
  "$tongban" open "$work/huge.tbs" --key "$depts/gongan.key"
/usr/bin/time -f %M -o "$work/huge.rss" "$tongban" open "$work/huge.tbs" --key "$depts/gongan.key" >/dev/null 2>&1
check "tongban open: ... without reading it (peak memory under 256 MiB)" 0 "^small$" \
  bash -c "[ \$(tail -1 '$work/huge.rss') -lt 262144 ] && echo small || echo \"\$(tail -1 '$work/huge.rss') KiB\""
check "tongban submit: the same refusal before reading it" 1 "too-large .*2147483648 bytes" \
  "$tongban" submit "$work/huge.tbs" --intake http://127.0.0.1:9
rm -f "$work/huge.tbs"

# A receipt from a real intake: register the device, serve on a free port, submit.
db="sqlite:$work/intake.db"
check "register the device" 0 "registered kiosk device" "$tongban" intake register-device --db "$db" "$work/dev1.pub"
for attempt in 1 2 3; do
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  "$tongban" intake serve --db "$db" --intake-key "$src/assets/demo-keys/intake.key" --port "$port" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
done
if [ -z "$server_pid" ]; then
  echo "FAIL intake server did not start:"; sed 's/^/     /' "$work/server.log"; fails=$((fails + 1))
else
  echo "ok   intake server on 127.0.0.1:$port"
fi
check "submit: stored, receipt verified by the CLI" 0 "^TBR1:" \
  "$tongban" submit "$work/app.tbs" --intake "http://127.0.0.1:$port" --trust "$src/assets/demo-keys/intake.pub"
"$tongban" submit "$work/app.tbs" --intake "http://127.0.0.1:$port" | grep '^TBR1:' > "$work/receipt.txt"
check "submit again: the same receipt" 0 "already stored" \
  "$tongban" submit "$work/app.tbs" --intake "http://127.0.0.1:$port"
if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=; fi

# The receipt code checked as a clerk would, and the stored envelope exported for a department.
code=$(cat "$work/receipt.txt")
id=$(node -e "console.log(JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).submission_id)" "$work/open-gongan.json")
"$tongban" receipt "$code" --trust "$src/assets/demo-keys/intake.pub" --envelope "$work/app.tbs" > "$work/receipt-cli.json" 2>&1
check "tongban receipt --envelope: verified" 0 "\"verified\": true" cat "$work/receipt-cli.json"
check "tongban receipt: the submission id" 0 "\"submission_id\": \"$id\"" cat "$work/receipt-cli.json"
check "tongban receipt without --envelope: verified" 0 "\"verified\": true" \
  "$tongban" receipt "$code" --trust "$src/assets/demo-keys/intake.pub"
check "tongban receipt with another envelope: refused" 1 "does not verify: .*不属于" \
  "$tongban" receipt "$code" --trust "$src/assets/demo-keys/intake.pub" --envelope "$work/fits.tbs"
check "tongban receipt with another key: refused" 1 "does not verify" \
  "$tongban" receipt "$code" --trust "$src/assets/demo-keys/guide-issuer.pub"
check "tongban receipt: not a receipt code" 1 "not a receipt code" \
  "$tongban" receipt "hello" --trust "$src/assets/demo-keys/intake.pub"
check "tongban intake export" 0 "wrote .*exported.tbs: submission $id" \
  "$tongban" intake export --db "$db" "$id" -o "$work/exported.tbs"
check "tongban intake export: the exact bytes submitted" 0 "" cmp "$work/exported.tbs" "$work/app.tbs"
check "tongban intake export: an unknown submission" 1 "no submission" \
  "$tongban" intake export --db "$db" 00000000000000000000000000000000 -o "$work/none.tbs"

# The independent reader, compared with all of the above.
node --test-reporter=spec "$src/tests/cli/envelope_reader_check.mjs" "$work" "$tongban" "$src"; status=$?
if [ $status -eq 0 ]; then echo "ok   the JavaScript reader agrees"; else echo "FAIL the JavaScript reader (exit $status)"; fails=$((fails + 1)); fi

finish cli.envelope_reader
