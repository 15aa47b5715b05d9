#!/usr/bin/env bash
# The configuration files (docs/DEPLOYING.md): `tongban intake serve`, `tongban serve` and the
# kiosk read `key = value` files; the command line overrides them; every mistake is file:line: what
# (exit 2) and nothing starts; --print-config prints the effective settings; the intake says
# READY=1 to systemd once it listens.
set -u
tongban=${1:?path to tongban}; kiosk=${2:?path to tongban-kiosk}; src=${3:?source dir}
work=$(mktemp -d /tmp/tongban-cli-config-XXXXXX)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/intake_serve.sh"
key="$src/assets/demo-keys/intake.key"

conf() { printf '%s\n' "${@:2}" >"$work/$1"; }  # NAME LINE…: writes a config file

# --- tongban intake serve ---------------------------------------------------------------------
conf intake.conf "# the test's intake" "" "db = sqlite:$work/intake.db" "intake-key = $key" "port = 18999" \
  "open-registration = yes" "rate = 7"
check "--print-config: values from the file" 0 "^port = 18999$" \
  "$tongban" intake serve --config "$work/intake.conf" --print-config
check "--print-config: a flag as yes" 0 "^open-registration = yes$" \
  "$tongban" intake serve --config "$work/intake.conf" --print-config
check "--print-config: unset settings commented, with their defaults" 0 "^# connections = 4096$" \
  "$tongban" intake serve --config "$work/intake.conf" --print-config
check "the command line overrides the file" 0 "^port = 18123$" \
  "$tongban" intake serve --config "$work/intake.conf" --port 18123 --print-config
out=$("$tongban" intake serve --config "$work/intake.conf" --port 18123 --print-config)
if grep -q "^port = 18999" <<<"$out"; then fail "the file's port is not printed beside the command line's" "$out"; else ok "one port: the command line's"; fi

conf bad-key.conf "db = sqlite:$work/x.db" "" "prot = 8080"
check "unknown key: file:line" 2 "bad-key.conf:3: unknown key 'prot'" "$tongban" intake serve --config "$work/bad-key.conf"
conf bad-value.conf "port = 80x"
check "bad value: file:line and the option's own words" 2 "bad-value.conf:1: --port must be a whole number from 1 to 65535, got '80x'" \
  "$tongban" intake serve --config "$work/bad-value.conf"
conf bad-real.conf "db = sqlite:$work/x.db" "rate = inf"
check "bad number: file:line" 2 "bad-real.conf:2: --rate must be a number" "$tongban" intake serve --config "$work/bad-real.conf"
conf bad-flag.conf "open-registration = maybe"
check "bad flag value: file:line" 2 "bad-flag.conf:1: open-registration: expected yes or no, got 'maybe'" \
  "$tongban" intake serve --config "$work/bad-flag.conf"
conf bad-line.conf "port 8080"
check "a line without '=': file:line" 2 "bad-line.conf:1: expected 'key = value'" "$tongban" intake serve --config "$work/bad-line.conf"
conf no-value.conf "port ="
check "a key without a value: file:line" 2 "no-value.conf:1: 'port' has no value" "$tongban" intake serve --config "$work/no-value.conf"
conf twice.conf "port = 1" "port = 2"
check "a key set twice: file:line" 2 "twice.conf:2: 'port' is set twice \(first on line 1\)" "$tongban" intake serve --config "$work/twice.conf"
conf meta.conf "config = /etc/passwd"
check "config is not a key in the file" 2 "meta.conf:1: unknown key 'config'" "$tongban" intake serve --config "$work/meta.conf"
check "a named file that does not exist" 2 "$work/none.conf: No such file" "$tongban" intake serve --config "$work/none.conf"
conf no-db.conf "port = 18999"
check "db is still required (file or command line)" 2 "--db URL is missing" "$tongban" intake serve --config "$work/no-db.conf"
check "intake-key is still required" 2 "--intake-key KEY is missing" "$tongban" intake serve --config "$work/no-db.conf" --db "sqlite:$work/y.db"
[ ! -e "$work/x.db" ] && [ ! -e "$work/y.db" ] && ok "nothing was created by a refused start" || fail "a refused start created a database"

# A running intake from its file alone, and its readiness on a systemd notify socket.
port=$(free_port)
conf run.conf "db = sqlite:$work/run.db" "intake-key = $key" "port = $port"
# Three messages: READY=1, then (WatchdogSec=1s as systemd passes it: WATCHDOG_USEC and
# WATCHDOG_PID) two WATCHDOG=1 pings from the running server, about half a second apart.
python3 - "$work/notify.sock" >"$work/notify.out" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(20)
for _ in range(3): print(s.recv(4096).decode())
PY
listener=$!
for _ in $(seq 1 100); do [ -S "$work/notify.sock" ] && break; sleep 0.05; done
bash -c 'export WATCHDOG_PID=$$ WATCHDOG_USEC=1000000 NOTIFY_SOCKET="$1"; exec "$2" intake serve --config "$3"' _ \
  "$work/notify.sock" "$tongban" "$work/run.conf" >"$work/run.log" 2>&1 &
pids+=($!)
wait "$listener"
check "READY=1 on the notify socket once it listens" 0 "READY=1" head -n 1 "$work/notify.out"
check "the watchdog pinged from the running server (WatchdogSec=)" 0 "^WATCHDOG=1$" sed -n 2,3p "$work/notify.out"
check "... and it answers on the file's port" 0 "^ok$" curl -sf "http://127.0.0.1:$port/api/v1/health"

# --- tongban serve --------------------------------------------------------------------------
mkdir -p "$work/site" && echo '<!doctype html>' >"$work/site/index.html"
conf serve.conf "site = $work/site" "bind = 127.0.0.1"
check "serve: site from the file" 0 "^site = $work/site$" "$tongban" serve --config "$work/serve.conf" --print-config
conf serve-bad.conf "site = $work/site" "db-file = x"
check "serve: unknown key" 2 "serve-bad.conf:2: unknown key 'db-file'" "$tongban" serve --config "$work/serve-bad.conf"

# --- tongban-kiosk --------------------------------------------------------------------------
conf kiosk.conf "# a hall kiosk" "intake = https://intake.example.gov.cn" "screen-inches = 32" "portrait = yes" \
  "keys = $work/keys" "printer-paper = 80"
check "kiosk --print-config: values from the file" 0 "^intake = https://intake.example.gov.cn$" \
  "$kiosk" --config "$work/kiosk.conf" --print-config
check "kiosk: a flag from the file" 0 "^portrait = yes$" "$kiosk" --config "$work/kiosk.conf" --print-config
check "kiosk: portrait from the file sizes the window" 0 "^size = 1080x1920$" "$kiosk" --config "$work/kiosk.conf" --print-config
check "kiosk: the command line overrides the file" 0 "^screen-inches = 21.5$" \
  "$kiosk" --config "$work/kiosk.conf" --screen-inches 21.5 --print-config
check "kiosk: keys from the file" 0 "^keys = $work/keys$" "$kiosk" --config "$work/kiosk.conf" --print-config
check "kiosk: without --demo it trusts the system's keys, not the demo's" 0 "^keys = /.*etc/tongban/keys$" \
  "$kiosk" --print-config
check "kiosk: --demo trusts the demo keys shipped with it" 0 "^demo = yes$" "$kiosk" --demo --print-config
demo_keys=$("$kiosk" --demo --print-config | sed -n 's/^keys = //p')
[ -f "$demo_keys/guide-issuer.pub" ] && ok "kiosk: --demo's keys folder has the demo issuer key" || fail "kiosk --demo keys: '$demo_keys'"
assets=$("$kiosk" --print-config | sed -n 's/^assets = //p')
[ -f "$assets/tongban-ui.ttf" ] && ok "kiosk: its assets are found from where the binary is" || fail "kiosk assets: '$assets'"
conf kiosk-bad.conf "intake = https://x" "screen-inches = big"
check "kiosk: bad value: file:line" 2 "kiosk-bad.conf:2: --screen-inches: expected a diagonal from 7 to 100 inches, got 'big'" \
  "$kiosk" --config "$work/kiosk-bad.conf"
conf kiosk-unknown.conf "fulscreen = yes"
check "kiosk: unknown key: file:line" 2 "kiosk-unknown.conf:1: unknown key 'fulscreen'" "$kiosk" --config "$work/kiosk-unknown.conf"
conf kiosk-flag.conf "staff = si"
check "kiosk: bad flag value" 2 "kiosk-flag.conf:1: staff: expected yes or no, got 'si'" "$kiosk" --config "$work/kiosk-flag.conf"
conf kiosk-updates.conf "updates = http://updates.example.gov.cn/data/"
check "kiosk: a plain-http publisher beyond this machine is refused" 2 \
  "kiosk-updates.conf:1: --updates: plain http:// only to this machine" "$kiosk" --config "$work/kiosk-updates.conf"
check "kiosk: updates and how often, from the command line" 0 "^update-every = 120$" \
  "$kiosk" --updates https://guides.example.gov.cn/data/ --update-every 120 --print-config
check "kiosk: update-every of 0 is refused" 2 "--update-every: expected seconds from 1 to 604800" "$kiosk" --update-every 0
conf kiosk-line.conf "[kiosk]"
check "kiosk: not key = value" 2 "kiosk-line.conf:1: expected 'key = value'" "$kiosk" --config "$work/kiosk-line.conf"
check "kiosk: a named file that does not exist" 2 "$work/none.conf: No such file" "$kiosk" --config "$work/none.conf"
check "kiosk: --config without a file" 2 "--config needs a value" "$kiosk" --config
# Devices refuse plain HTTP except to this machine.
check "kiosk: plain http:// to another machine is refused" 2 "--intake: plain http:// only to this machine" \
  "$kiosk" --intake http://10.0.0.5:8080 --print-config
check "kiosk: ... also when the name only starts like loopback" 2 "plain http:// only to this machine" \
  "$kiosk" --intake http://localhost.example.com/ --print-config
check "kiosk: plain http:// to loopback is fine" 0 "^intake = http://127.0.0.1:9$" "$kiosk" --intake http://127.0.0.1:9 --print-config
check "kiosk: https:// anywhere" 0 "^intake = https://10.0.0.5$" "$kiosk" --intake https://10.0.0.5 --print-config
finish cli.config
