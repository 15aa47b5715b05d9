#!/usr/bin/env bash
# The intake against a stranger on the internet (docs/SECURITY.md), through the real binary on
# loopback, each check one finding of issue 14:
#   1. memory: chunked request bodies (which carry no length up front) of hundreds of MiB, alone
#      and six at once, are refused (413/503) while the intake's peak memory stays bounded;
#   2. connections: 500 idle or slow ("slow loris") connections from one address do not stop the
#      intake answering a health check within 1 s or storing a submission; one address gets at
#      most --connections-per-ip;
#   3. uploads belong to the device that signs them: unsigned, forged, stale or foreign requests
#      are refused and leave the device's upload untouched, another device's pieces under the same
#      id are its own;
#   5. anonymous requests cannot take upload space;
#   6. the upload folder: a symbolic link, a folder others can use or one that cannot be created
#      is refused at start; PostgreSQL needs --uploads;
#   9. a 429 on /complete keeps the assembled upload (the device retries); open registration is
#      signed and rate-limited per address; the demo credential desk signs only for demo residents.
#   test_intake_hostile.sh TONGBAN SOURCE_DIR
set -u
tongban=${1:?path to tongban}
src=${2:?source dir}
lib="$src/tests/lib"
work=$(mktemp -d /tmp/tongban-intake-hostile-XXXXXX)
source "$lib/intake_serve.sh"  # cleanup of $work and $pids, free_port, start_intake, stop
peak_mib() { awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$1/status"; }
# signed KEY METHOD URL [BODY]: a device's request (tests/lib/intake_request.mjs, from docs/INTAKE.md);
# sets $status and $body. Extra options for the script go in $sign_opts.
signed() {
  local key=$1; shift
  node "$lib/intake_request.mjs" ${key:+--key "$key"} ${sign_opts:-} "$@" >"$work/answer"
  status=$(head -1 "$work/answer")
  body=$(tail -n +2 "$work/answer" | tr -d '\0' | head -c 300)
}

keys="$work/keys"
mkdir -p "$keys"
for k in dev other stranger; do "$tongban" keys new "$k" --out "$keys" --kind device >/dev/null || fail "keys new $k"; done
dept="$src/assets/demo-keys/departments/gongan.pub"
echo '{"applicant":"张丽华","reason":"测试"}' >"$work/data.json"
sealit() {  # DEVICE OUT [extra…]
  local dev=$1 out=$2; shift 2
  "$tongban" seal --data "$work/data.json" --device-key "$keys/$dev.key" --to "$dept" -o "$out" "$@" >/dev/null || fail "seal $out"
}

# ---------------------------------------------------------------------------------------------------
echo "== 1. chunked bodies cannot exhaust memory"
db1="$work/one.db"
port1=$(free_port)
"$tongban" intake register-device --db "sqlite:$db1" "$keys/dev.pub" >/dev/null || fail "register dev"
start_intake one "$port1" "$db1" --max-bytes 16777216 --body-memory 64
base=$(peak_mib "$intake_pid")
# A chunked body has no Content-Length: the limit has to hold while it streams in.
chunked() {  # MiB PATH: sends MiB zero bytes chunked; prints the status
  head -c "$(($1 << 20))" /dev/zero | curl -s -o "$work/chunked.body" -w '%{http_code}' -X "${3:-POST}" \
    -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/octet-stream' --data-binary @- "http://127.0.0.1:$port1$2"
}
st=$(chunked 800 /api/v1/submissions)
peak=$(peak_mib "$intake_pid")
[ "$st" = 413 ] || [ "$st" = 503 ] && ok "an 800 MiB chunked POST: $st '$(head -1 "$work/chunked.body")'" || fail "800 MiB chunked POST: status $st"
[ "$peak" -lt $((base + 80)) ] && ok "…the intake's peak memory went from $base MiB to $peak MiB" \
  || fail "an 800 MiB chunked body raised the intake's peak memory from $base MiB to $peak MiB"
senders=()
for i in 1 2 3 4 5 6; do chunked 120 /api/v1/submissions >"$work/six.$i" & senders+=($!); done
wait "${senders[@]}"
statuses=$(sort "$work"/six.* | uniq -c | tr -s ' \n' ' ')
peak=$(peak_mib "$intake_pid")
! grep -qvE '^(413|503)$' "$work"/six.* && ok "six 120 MiB chunked POSTs at once:$statuses" || fail "six chunked POSTs:$statuses"
[ "$peak" -lt $((base + 160)) ] && ok "…peak memory $peak MiB (--body-memory 64)" || fail "six chunked bodies: peak memory $peak MiB (base $base)"
# Still serving: a good envelope is stored.
sealit dev "$work/good1.tbs"
st=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$work/good1.tbs" "http://127.0.0.1:$port1/api/v1/submissions")
[ "$st" = 201 ] && ok "…and a submission afterwards is stored (201)" || fail "submission after the chunked bodies: $st"
stop "$intake_pid"

# ---------------------------------------------------------------------------------------------------
echo "== 2. idle and slow connections do not starve the others"
db2="$work/two.db"
port2=$(free_port)
"$tongban" intake register-device --db "sqlite:$db2" "$keys/dev.pub" >/dev/null || fail "register dev"
start_intake two "$port2" "$db2" --connections-per-ip 0
python3 "$lib/hold_connections.py" --target "127.0.0.1:$port2" --from 127.0.0.2 --idle 440 --slow 60 --seconds 8 \
  --ready "$work/held2" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/held2" ] && break; sleep 0.05; done
read -r held closed <"$work/held2"
[ "$held" = 500 ] && ok "500 connections held open by 127.0.0.2 (440 idle, 60 sending a byte every 0.5 s)" \
  || fail "the intake took $held of 500 connections ($closed closed at once) with --connections-per-ip 0"
t=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "http://127.0.0.1:$port2/api/v1/health")
python3 -c "import sys; s, t = sys.argv[1], float(sys.argv[2]); sys.exit(0 if s == '200' and t < 1 else 1)" $t \
  && ok "…a health check from 127.0.0.1 answers meanwhile: ${t#* } s" || fail "health check under 500 connections: $t"
sealit dev "$work/good2.tbs"
t=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' --data-binary "@$work/good2.tbs" "http://127.0.0.1:$port2/api/v1/submissions")
[ "${t%% *}" = 201 ] && ok "…and a submission is stored meanwhile: ${t#* } s" || fail "submission under 500 connections: $t"
stop "$intake_pid"
port2=$(free_port)
start_intake two "$port2" "$db2" --connections-per-ip 100
python3 "$lib/hold_connections.py" --target "127.0.0.1:$port2" --from 127.0.0.2 --idle 150 --seconds 2 --ready "$work/held2b" &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/held2b" ] && break; sleep 0.05; done
read -r held closed <"$work/held2b"
[ "$held" = 100 ] && [ "$closed" = 50 ] && ok "--connections-per-ip 100: 150 from one address, 100 taken, 50 closed at once" \
  || fail "per-address limit: $held taken, $closed closed"
t=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "http://127.0.0.1:$port2/api/v1/health")
[ "${t%% *}" = 200 ] && ok "…another address is served: ${t#* } s" || fail "health from another address: $t"
stop "$intake_pid"

# ---------------------------------------------------------------------------------------------------
echo "== 3, 5, 9. uploads belong to the device that signs them"
db3="$work/three.db"
port3=$(free_port)
for k in dev other; do "$tongban" intake register-device --db "sqlite:$db3" "$keys/$k.pub" >/dev/null || fail "register $k"; done
head -c 200000 /dev/urandom >"$work/scan.pdf"
sealit dev "$work/large.tbs" --attach "$work/scan.pdf"
sealit dev "$work/small.tbs"
id=$(python3 "$lib/intake_check.py" submission-id "$work/large.tbs")
dev_id=$(sed -n 's/^id: //p' "$keys/dev.pub")
other_id=$(sed -n 's/^id: //p' "$keys/other.pub")
start_intake three "$port3" "$db3" --rate 0.25
up="http://127.0.0.1:$port3/api/v1/uploads/$id"
parts() { find "$db3.uploads" -name '*.part' | wc -l; }
signed "" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 401 ] && grep -q "unsigned" <<<"$body" && ok "an unsigned PUT: 401 '${body%%$'\n'*}'" || fail "unsigned PUT: $status $body"
sign_opts="--as $dev_id" signed "$keys/stranger.key" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 401 ] && grep -q "bad-signature" <<<"$body" && ok "signed by another key in the device's name: 401 '${body%%$'\n'*}'" \
  || fail "forged PUT: $status $body"
sign_opts="--time $(( $(date +%s) - 3600 ))" signed "$keys/dev.key" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 401 ] && grep -q "stale" <<<"$body" && ok "the device's own signature from an hour ago (a replay): 401" \
  || fail "stale PUT: $status $body"
signed "$keys/stranger.key" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 403 ] && ok "signed by an unregistered key: 403 '${body%%$'\n'*}'" || fail "unregistered PUT: $status $body"
for i in $(seq 1 20); do
  curl -s -o /dev/null -X PUT --data-binary "@$work/large.tbs" "$up?offset=$((i * 1000))"
done
[ "$(parts)" = 0 ] && ok "20 anonymous PUTs later the upload folder holds no piece (anonymous requests take no space)" \
  || fail "pieces after refused PUTs: $(ls "$db3.uploads")"
# Another registered device sends the device's envelope (seen on the wire) under the same id: its
# pieces are its own, the device's upload is untouched, and completing it is refused.
signed "$keys/other.key" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 200 ] && ok "another device's PUT under the same id: its own upload (200)" || fail "other device's PUT: $status $body"
signed "$keys/dev.key" GET "$up"
[ "$status" = 200 ] && grep -q '"received":0' <<<"$body" && ok "…the device's own upload still holds 0 bytes" || fail "device's upload: $status $body"
signed "$keys/dev.key" PUT "$up?offset=0" "$work/large.tbs"
[ "$status" = 200 ] && ok "the device uploads its envelope" || fail "device PUT: $status $body"
signed "" POST "$up/complete"
[ "$status" = 401 ] && ok "an unsigned /complete: 401" || fail "unsigned complete: $status $body"
signed "$keys/other.key" POST "$up/complete"
[ "$status" = 400 ] && grep -q "上传内容与办件不符" <<<"$body" && ok "the other device completing it: 400 '${body%%$'\n'*}'" \
  || fail "other device's complete: $status $body"
# --rate 0.25: a burst of one, then one every 4 s. The small envelope takes it; /complete gets 429
# and the assembled upload stays for the retry.
st=$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$work/small.tbs" "http://127.0.0.1:$port3/api/v1/submissions")
[ "$st" = 201 ] || fail "small submission: $st"
signed "$keys/dev.key" POST "$up/complete"
[ "$status" = 429 ] && [ -e "$db3.uploads/$dev_id-$id.part" ] && ok "/complete while rate-limited: 429, the assembled upload kept" \
  || fail "complete under the rate limit: $status $body; $(ls "$db3.uploads")"
sleep 4.2
signed "$keys/dev.key" POST "$up/complete"
[ "$status" = 201 ] && [ ! -e "$db3.uploads/$dev_id-$id.part" ] && ok "…the retry 4 s later: stored (201), upload removed" \
  || fail "complete retry: $status $body"
stop "$intake_pid"

# ---------------------------------------------------------------------------------------------------
echo "== 6. the upload folder is private"
key=(--intake-key "$src/assets/demo-keys/intake.key" --port "$(free_port)")
mkdir -p "$work/elsewhere"
ln -s "$work/elsewhere" "$work/six.db.uploads"
check "an upload folder that is a symbolic link: refused" 3 "symbolic link" \
  "$tongban" intake serve --db "sqlite:$work/six.db" "${key[@]}"
mkdir -m 755 "$work/open-uploads"
check "an upload folder others can use: refused" 3 "must be 700" \
  "$tongban" intake serve --db "sqlite:$work/six2.db" --uploads "$work/open-uploads" "${key[@]}"
check "an upload folder that cannot be created: refused" 3 "cannot create the upload folder" \
  "$tongban" intake serve --db "sqlite:$work/six3.db" --uploads "$work/missing/parent/uploads" "${key[@]}"
check "PostgreSQL without --uploads: refused (no shared default under /tmp)" 2 "--uploads DIR is required" \
  "$tongban" intake serve --db "postgresql://nobody@127.0.0.1:1/none" "${key[@]}"

# ---------------------------------------------------------------------------------------------------
echo "== 9. open registration is signed and limited; the demo credential desk"
db9="$work/nine.db"
port9=$(free_port)
start_intake nine "$port9" "$db9" --open-registration --registrations-per-hour 4 \
  --code-issuer "$src/assets/demo-keys/code-issuer.key" --demo-resident "$src/assets/demo-wallet/profile.json"
reg_body() { printf '{"public_key":"%s","kind":"phone"}' "$(sed -n 's/^public: //p' "$keys/$1.pub")" >"$work/reg.json"; }
st=$(curl -s -o "$work/cred" -w '%{http_code}' --data '{"public_key":"","kind":"phone"}' "http://127.0.0.1:$port9/api/v1/devices")
[ "$st" = 400 ] && ok "an empty base64 key in a registration: 400 '$(head -1 "$work/cred")'" || fail "empty key registration: $st"
reg_body dev
signed "" POST "http://127.0.0.1:$port9/api/v1/devices" "$work/reg.json"
[ "$status" = 401 ] && ok "an unsigned registration: 401" || fail "unsigned registration: $status $body"
reg_body stranger
signed "$keys/dev.key" POST "http://127.0.0.1:$port9/api/v1/devices" "$work/reg.json"
[ "$status" = 401 ] && ok "registering a key signed by another: 401" || fail "registration of another's key: $status $body"
n201=0; n429=0
for i in 1 2 3 4 5; do
  "$tongban" keys new "r$i" --out "$keys" --kind device >/dev/null
  reg_body "r$i"
  signed "$keys/r$i.key" POST "http://127.0.0.1:$port9/api/v1/devices" "$work/reg.json"
  case $status in 201) n201=$((n201 + 1)) ;; 429) n429=$((n429 + 1)); last=$body ;; esac
done
[ $n201 = 1 ] && [ $n429 = 4 ] && grep -q "登记过于频繁" <<<"$last" \
  && ok "--registrations-per-hour 4: 3 refused above, then 5 registrations from one address, $n201 stored, $n429 refused with 429" \
  || fail "registration limit: $n201 stored, $n429 refused (the three refused above took three)"
pub=$(sed -n 's/^public: //p' "$keys/dev.pub")
cred() {
  curl -s -o "$work/cred" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"public_key\":\"$pub\",\"name\":\"$1\",\"id\":\"$2\"}" "http://127.0.0.1:$port9/api/v1/codes/credential"
}
st=$(cred 张丽华 211402198803151234)
[ "$st" = 201 ] && ok "the credential desk signs for the demo resident (201)" || fail "demo resident credential: $st $(cat "$work/cred")"
st=$(cred 王小明 110101199003077777)
[ "$st" = 403 ] && grep -q "只为示范居民发个人码" "$work/cred" && ok "…and refuses anyone else: 403 '$(head -1 "$work/cred")'" \
  || fail "credential for a stranger: $st $(cat "$work/cred")"
st=$(curl -s -o "$work/cred" -w '%{http_code}' --data '{"public_key":12,"name":["x"],"id":{}}' \
  "http://127.0.0.1:$port9/api/v1/codes/credential")
[ "$st" = 400 ] && ok "fields of the wrong JSON type: 400 '$(head -1 "$work/cred")'" || fail "wrong JSON types: $st"
stop "$intake_pid"

finish cli.intake_hostile
