#!/usr/bin/env bash
# Quick start #1: installs what is missing, builds both targets, and runs the whole product locally
# on embedded defaults: the local server (mobile shell, web kiosk) on 127.0.0.1, and the native
# kiosk when a display is present. Ctrl-C stops everything.
#   --suite sm     the same product as a city on the national-cryptography (国密) suite runs it:
#                  every key SM2 (guides, codes, e-licences, intake receipts, departments, devices),
#                  SM3 digests, SM4-GCM data (assets/demo-keys/sm; docs/FORMATS.md "The `sm` suite")
#   TB_PORT=8080   port of the local server (HTTP on loopback); TB_PORT+1 speaks HTTPS with a
#                  certificate from a CA of this machine only (tools/tls/local-ca.sh)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
suite=ed25519
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=${2:-}; shift 2 || tb_fail "run: --suite needs ed25519 or sm" ;;
    --suite=*) suite=${1#--suite=}; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) tb_fail "run: unknown argument '$1' (tools/run.sh [--suite ed25519|sm])" ;;
  esac
done
# One deployment's keys, signed data and site; its own data folder (devices register per suite).
case $suite in
  ed25519) keys=assets/demo-keys; site=build/site; deployment=build/native/assets; data="${TB_DATA:-$TB_CACHE/run-data}" ;;
  sm) keys=assets/demo-keys/sm; site=build/site-sm; deployment=build/native/assets-sm; data="${TB_DATA:-$TB_CACHE/run-data}-sm" ;;
  *) tb_fail "run: --suite is ed25519 or sm, not '$suite'" ;;
esac
bash tools/bootstrap.sh
bash tools/build.sh
port=${TB_PORT:-8080}
mkdir -p "$data"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# The intake runs in the same server on embedded SQLite (WAL), signing receipts with the demo intake
# key; devices register themselves (a city registers its kiosks and ties phones to login instead).
# --code-issuer: the demo credential desk that gives the demo resident's phone its personal code.
build/native/tools/tongban serve --site "$site" --port "$port" \
  --db "sqlite:$data/intake.db" --intake-key "$keys/intake.key" --open-registration \
  --code-issuer "$keys/code-issuer.key" &
pids+=($!)
sleep 0.5
kill -0 "${pids[0]}" 2>/dev/null || tb_fail "run: the local server did not start (is port $port in use? set TB_PORT)"
# The same product over HTTPS, as a city serves it: a second server on the same site and intake
# database (SQLite in WAL mode takes several processes), with a certificate from a local CA.
tls_port=$((port + 1))
bash tools/tls/local-ca.sh "$data/tls" demo
build/native/tools/tongban serve --site "$site" --port "$tls_port" --tls-cert "$data/tls/server.pem" --tls-key "$data/tls/server.key" \
  --db "sqlite:$data/intake.db" --intake-key "$keys/intake.key" --open-registration \
  --code-issuer "$keys/code-issuer.key" &
pids+=($!)

if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
  # Transparent huge pages for glibc's large blocks: sealing a big attachment faults its buffer in
  # 2 MiB at a time instead of 4 KiB (PERFORMANCE.md, submission); packaging/systemd's unit does the
  # same. The kiosk trusts the demo deployment's keys and shows its signed bundle (--keys, --assets).
  GLIBC_TUNABLES=glibc.malloc.hugetlb=1 build/native/kiosk/tongban-kiosk --keys "$deployment" --assets "$deployment" \
    --data "$data/kiosk" --intake "http://127.0.0.1:$port" &
  pids+=($!)
  kiosk_note="native kiosk: running in a window on $DISPLAY"
else
  kiosk_note="native kiosk: not started (no display; run build/native/kiosk/tongban-kiosk on a screen)"
fi
cat <<MSG

  tongban is running on embedded defaults (demo keys, sample guides, SQLite), suite $suite:
    residents' phone (H5 shell):  http://127.0.0.1:$port/
    village kiosk in a browser:   http://127.0.0.1:$port/kiosk/
    $kiosk_note

  For operators:
    intake API:     http://127.0.0.1:$port/api/v1/  (SQLite in $data/intake.db)
    over HTTPS:     https://127.0.0.1:$tls_port/  (trust $data/tls/ca.pem, a CA of this machine only:
                    curl --cacert $data/tls/ca.pem https://127.0.0.1:$tls_port/api/v1/health)
    what arrived:   build/native/tools/tongban intake list --db sqlite:$data/intake.db --department gongan
    open one:       build/native/tools/tongban open ENVELOPE --key $keys/departments/gongan.key
    the CLI:        build/native/tools/tongban --help
  Ctrl-C stops it.

MSG
wait "${pids[0]}"
