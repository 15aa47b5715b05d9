#!/usr/bin/env bash
# Heartbeats and `tongban intake fleet` (issue 16: a county sees which village kiosk is stale or
# offline), through the real binary on loopback, with requests signed from docs/INTAKE.md alone
# (tests/lib/intake_request.mjs):
#   1. a registered kiosk's heartbeat is kept (204, no body) and listed as ok with what it sent; a
#      kiosk that never sent one is listed as never; --json says the same;
#   2. a second heartbeat replaces the first (one line per device, the new values);
#   3. stale: a heartbeat older than --stale-hours (judged --at a later moment), listed first;
#   4. who may send one: unsigned, forged and stale signatures 401, an unregistered device 403 (as
#      its submission would be), never listed;
#   5. bad bodies: 400 naming the field (unknown, missing, twice, wrong type, too long, negative,
#      too large, not JSON, not an object), more than 1024 bytes 413; none of them changes what
#      is kept, and the intake's log holds no body.
#   test_intake_fleet.sh TONGBAN SOURCE_DIR
set -u
tongban=${1:?path to tongban}
src=${2:?source dir}
lib="$src/tests/lib"
work=$(mktemp -d /tmp/tongban-intake-fleet-XXXXXX)
source "$lib/intake_serve.sh"  # cleanup of $work and $pids, free_port, start_intake, stop, ok/fail/check/finish

# heartbeat KEY BODY: POSTs BODY (text) signed by KEY; sets $status and $body. Extra options for the
# signing script go in $sign_opts.
heartbeat() {
  local key=$1
  printf '%s' "$2" >"$work/heartbeat.json"
  node "$lib/intake_request.mjs" ${key:+--key "$key"} ${sign_opts:-} POST "$url" "$work/heartbeat.json" >"$work/answer"
  status=$(head -1 "$work/answer")
  body=$(tail -n +2 "$work/answer")
}
# A heartbeat's body with one field changed: hb FIELD=JSON_VALUE… (the rest as a kiosk sends them).
hb() {
  python3 - "$@" <<'EOF'
import json, sys
b = {"app_version": "1.4.0", "bundle_version": 20260301, "queued": 3, "last_update": 1767225600, "free_disk_bytes": 5123456789}
for a in sys.argv[1:]:
    name, _, value = a.partition("=")
    if value == "DELETE": b.pop(name)
    else: b[name] = json.loads(value)
print(json.dumps(b, separators=(",", ":")), end="")
EOF
}
fleet() { "$tongban" intake fleet --db "sqlite:$db" "$@"; }
line_of() { grep "^$1	" <<<"$2"; }  # the fleet line of key id $1 in listing $2

keys="$work/keys"
mkdir -p "$keys"
for k in kiosk quiet stranger; do "$tongban" keys new "$k" --out "$keys" --kind device >/dev/null || fail "keys new $k"; done
kiosk_id=$(sed -n 's/^id: //p' "$keys/kiosk.pub")
quiet_id=$(sed -n 's/^id: //p' "$keys/quiet.pub")
stranger_id=$(sed -n 's/^id: //p' "$keys/stranger.pub")
db="$work/intake.db"
for k in kiosk quiet; do "$tongban" intake register-device --db "sqlite:$db" "$keys/$k.pub" >/dev/null || fail "register $k"; done
port=$(free_port)
start_intake fleet "$port" "$db"
url="http://127.0.0.1:$port/api/v1/heartbeat"

# ---------------------------------------------------------------------------------------------------
echo "== 1. a heartbeat is kept; a kiosk that never sent one is 'never'"
out=$(fleet)
[ "$(line_of "$kiosk_id" "$out")" = "$kiosk_id	kiosk	never	-	-	-	-	-	-" ] && [ -n "$(line_of "$quiet_id" "$out")" ] \
  && ok "before any heartbeat both registered kiosks are listed as never" || fail "fleet before heartbeats" "$out"
before=$(date +%s)
heartbeat "$keys/kiosk.key" "$(hb)"
after=$(date +%s)
[ "$status" = 204 ] && [ -z "$body" ] && ok "a registered kiosk's heartbeat: 204, no body" || fail "heartbeat: $status '$body'"
out=$(fleet)
line=$(line_of "$kiosk_id" "$out")
IFS=$'\t' read -r id kind state seen app bundle queued free updated <<<"$line"
seen_s=$(date -u -d "$seen" +%s 2>/dev/null || echo 0)
[ "$kind $state $app $bundle $queued $free $updated" = "kiosk ok 1.4.0 20260301 3 5123 MB 2026-01-01T00:00:00Z" ] \
  && ok "fleet lists it as ok with what it sent: '$line'" || fail "the kiosk's fleet line" "$out"
[[ $seen =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] && [ "$seen_s" -ge "$before" ] && [ "$seen_s" -le "$after" ] \
  && ok "…last seen: when the intake received it, in UTC ($seen)" || fail "last seen '$seen' not within $before..$after"
[ "$(line_of "$quiet_id" "$out")" = "$quiet_id	kiosk	never	-	-	-	-	-	-" ] \
  && ok "the kiosk that sent none: never" || fail "the quiet kiosk's line" "$out"
[ "$(head -1 <<<"$out" | cut -f1)" = "$quiet_id" ] && ok "…listed before the one that is ok" || fail "never is not listed first" "$out"
json_check() {  # PYTHON_EXPRESSION on `d` (the fleet's JSON by device id): prints "yes" when true
  fleet --json "$@" >"$work/fleet.json" || { echo "fleet --json failed"; return; }
  python3 -c "
import json, sys
d = {x['device']: x for x in json.load(open('$work/fleet.json'))}
print('yes' if ($json_expr) else 'no: ' + json.dumps(d))"
}
json_expr="d['$kiosk_id']['status'] == 'ok' and d['$kiosk_id']['app_version'] == '1.4.0' and d['$kiosk_id']['bundle_version'] == 20260301
  and d['$kiosk_id']['queued'] == 3 and d['$kiosk_id']['free_disk_bytes'] == 5123456789 and d['$kiosk_id']['last_update'] == 1767225600
  and $before <= d['$kiosk_id']['last_seen'] <= $after and d['$kiosk_id']['kind'] == 'kiosk'
  and d['$quiet_id']['status'] == 'never' and d['$quiet_id']['last_seen'] is None and d['$quiet_id']['queued'] is None and len(d) == 2"
r=$(json_check)
[ "$r" = yes ] && ok "fleet --json: the same, times as Unix seconds, nulls for the kiosk never heard from" || fail "fleet --json" "$r"

# ---------------------------------------------------------------------------------------------------
echo "== 2. a second heartbeat replaces the first"
heartbeat "$keys/kiosk.key" "$(hb app_version='"1.5.0-rc1"' bundle_version=20260315 queued=0 last_update=0 free_disk_bytes=999999)"
[ "$status" = 204 ] || fail "second heartbeat: $status '$body'"
out=$(fleet)
[ "$(grep -c "^$kiosk_id	" <<<"$out")" = 1 ] \
  && [ "$(line_of "$kiosk_id" "$out" | cut -f2,3,5-)" = "kiosk	ok	1.5.0-rc1	20260315	0	0 MB	never" ] \
  && ok "one line for the kiosk, with the second one's values (last update 0: never)" || fail "after the second heartbeat" "$out"

# ---------------------------------------------------------------------------------------------------
echo "== 3. stale: silent for longer than --stale-hours"
now=$(date +%s)
out=$(fleet --at $((now + 25 * 3600)))
[ "$(line_of "$kiosk_id" "$out" | cut -f3)" = stale ] && [ "$(head -1 <<<"$out" | cut -f1)" = "$kiosk_id" ] \
  && ok "25 hours later it is stale (default 24), listed first, before never" || fail "fleet 25 h later" "$out"
out=$(fleet --at $((now + 25 * 3600)) --stale-hours 48)
[ "$(line_of "$kiosk_id" "$out" | cut -f3)" = ok ] && ok "…but not with --stale-hours 48" || fail "--stale-hours 48" "$out"
out=$(fleet --at $((now + 3 * 3600)) --stale-hours 2)
[ "$(line_of "$kiosk_id" "$out" | cut -f3)" = stale ] && ok "--stale-hours 2, 3 hours later: stale" || fail "--stale-hours 2" "$out"
json_expr="d['$kiosk_id']['status'] == 'stale' and d['$quiet_id']['status'] == 'never'"
r=$(json_check --at $((now + 25 * 3600)))
[ "$r" = yes ] && ok "fleet --json says stale too" || fail "fleet --json stale" "$r"
out=$(fleet --kind phone)
[ -z "$out" ] && ok "--kind phone: no kiosk listed" || fail "--kind phone" "$out"
check "--stale-hours 0 is refused" 2 "--stale-hours must be a whole number from 1" fleet --stale-hours 0

# ---------------------------------------------------------------------------------------------------
echo "== 4. only a registered device, by its own signature"
good=$(hb)
heartbeat "$keys/stranger.key" "$good"
[ "$status" = 403 ] && [ "$body" = "unknown device $stranger_id (设备未登记)" ] \
  && ok "an unregistered device: 403 '$body' (as its submission is)" || fail "unregistered heartbeat: $status '$body'"
heartbeat "" "$good"
[ "$status" = 401 ] && grep -q unsigned <<<"$body" && ok "unsigned: 401" || fail "unsigned heartbeat: $status '$body'"
sign_opts="--as $quiet_id" heartbeat "$keys/stranger.key" "$good"
[ "$status" = 401 ] && grep -q bad-signature <<<"$body" && ok "another key signing in the quiet kiosk's name: 401 bad-signature" \
  || fail "forged heartbeat: $status '$body'"
sign_opts="--time $((now - 3600))" heartbeat "$keys/quiet.key" "$good"
[ "$status" = 401 ] && grep -q stale <<<"$body" && ok "the quiet kiosk's own signature from an hour ago (a replay): 401" \
  || fail "replayed heartbeat: $status '$body'"
out=$(fleet)
[ "$(line_of "$quiet_id" "$out" | cut -f3)" = never ] && [ -z "$(line_of "$stranger_id" "$out")" ] \
  && ok "…the quiet kiosk is still never, the stranger not listed" || fail "fleet after refused heartbeats" "$out"

# ---------------------------------------------------------------------------------------------------
echo "== 5. bad bodies: 400 naming the field"
refused() {  # what, expected status, expected text (grep -F), body
  heartbeat "$keys/kiosk.key" "$4"
  [ "$status" = "$2" ] && grep -qF -- "$3" <<<"$body" && ok "$1: $status '$body'" || fail "$1: $status '$body' (want $2, '$3')"
}
refused "an unknown field" 400 "unknown field 'location'" "$(hb location='"村委会"')"
refused "a missing field" 400 "missing field 'queued'" "$(hb queued=DELETE)"
refused "a field given twice" 400 "field 'queued' is given twice" '{"app_version":"1","bundle_version":1,"queued":1,"queued":2,"last_update":0,"free_disk_bytes":1}'
refused "a number as a string" 400 "field 'queued' must be a whole number from 0 to 1000000" "$(hb queued='"3"')"
refused "a fraction" 400 "field 'bundle_version' must be a whole number" "$(hb bundle_version=1.5)"
refused "a version that is a number" 400 "field 'app_version' must be a string of 1 to 32" "$(hb app_version=140)"
refused "a 33-byte app_version" 400 "field 'app_version' must be a string of 1 to 32" "$(hb app_version="\"$(printf 'v%.0s' $(seq 33))\"")"
refused "a version with a line break" 400 "field 'app_version'" "$(hb app_version='"1.4\n0"')"
refused "a negative free_disk_bytes" 400 "field 'free_disk_bytes' must be a whole number from 0" "$(hb free_disk_bytes=-1)"
refused "a negative last_update" 400 "field 'last_update' must be a whole number from 0" "$(hb last_update=-5)"
refused "queued above 1000000" 400 "field 'queued' must be a whole number from 0 to 1000000" "$(hb queued=1000001)"
refused "not JSON" 400 "the body is not JSON" 'queued=3'
refused "an array" 400 "the body must be a JSON object" '[1,2,3]'
refused "an empty body" 400 "the body is not JSON" ''
pad=$(printf 'x%.0s' $(seq 1100))
refused "more than 1024 bytes" 413 "too large" "{\"app_version\":\"1\",\"pad\":\"$pad\"}"
out=$(fleet)
[ "$(line_of "$kiosk_id" "$out" | cut -f5-7)" = "1.5.0-rc1	20260315	0" ] \
  && ok "…none of them changed the kept heartbeat" || fail "fleet after bad bodies" "$out"
heartbeat "$keys/kiosk.key" "$(hb app_version='"v9.9.9-last"' queued=1000000 free_disk_bytes=0 last_update=0)"
[ "$status" = 204 ] && ok "the bounds themselves are accepted (queued 1000000, free disk 0)" || fail "bounds: $status '$body'"
stop "$intake_pid"
grep -q 'access POST "/api/v1/heartbeat" 204' "$work/fleet.log" && ok "the intake's access log has the heartbeats" \
  || fail "no heartbeat in the access log" "$(cat "$work/fleet.log")"
! grep -qE 'app_version|1\.5\.0-rc1|v9\.9\.9|5123456789|村委会' "$work/fleet.log" && ok "…and nothing of their bodies" \
  || fail "a heartbeat's body is in the intake's log" "$(cat "$work/fleet.log")"

finish cli.intake_fleet
