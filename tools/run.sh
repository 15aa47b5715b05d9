#!/usr/bin/env bash
# Quick start #1: installs what is missing, builds both targets, and runs the whole product locally
# on embedded defaults: the local server (mobile shell, web kiosk) on 127.0.0.1, and the native
# kiosk when a display is present. Ctrl-C stops everything.
#   --suite sm     the same product as a city on the national-cryptography (国密) suite runs it:
#                  every key SM2 (guides, codes, e-licences, intake receipts, departments, devices),
#                  SM3 digests, SM4-GCM data (assets/demo-keys/sm; docs/FORMATS.md "The `sm` suite")
#   TB_PORT=8080   port of the local server (HTTP on loopback); TB_PORT+1 speaks HTTPS with a
#                  certificate from a CA of this machine only (tools/tls/local-ca.sh); TB_PORT+2 is
#                  the demo identity provider (real-name sign-in)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
suite=ed25519
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=${2:-}; shift 2 || tb_fail "run: --suite needs ed25519 or sm" ;;
    --suite=*) suite=${1#--suite=}; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
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

tls_port=$((port + 1))
idp_port=$((port + 2))
# The city's unified identity platform (统一身份认证), played by a real OpenID Connect provider from
# npm (tools/idp/demo-idp.mjs) that knows only the demo resident: real-name sign-in on the phone.
mkdir -p "$data/idp"
node tools/idp/demo-idp.mjs --port "$idp_port" --key "$data/idp/signing-key.json" --jwks-out "$data/idp/jwks.json" \
  --redirect "http://127.0.0.1:$port/" --redirect "https://127.0.0.1:$tls_port/" \
  --redirect "http://127.0.0.1:$port/signin-return.html" --redirect "https://127.0.0.1:$tls_port/signin-return.html" --resident "$site/data/demo/profile.json" &
pids+=($!)
idp_up() { curl -fsS -o /dev/null "http://127.0.0.1:$idp_port/.well-known/openid-configuration" 2>/dev/null; }
for _ in $(seq 100); do idp_up && break; sleep 0.1; done
idp_up || tb_fail "run: the demo identity provider did not start (is port $idp_port in use? set TB_PORT)"
# The intake runs in the same server on embedded SQLite (WAL), signing receipts with the demo intake
# key; devices register themselves (a city registers its kiosks and ties phones to login instead).
# --code-issuer: the credential desk that gives a signed-in resident's phone its personal code
# (--signin-*: the ID tokens of the provider above; --demo-resident: the demo identity too).
# --push-key: notices (办件提醒) as Web Push to the browsers' own push services, signed with a VAPID
# key made once for this machine (a browser offline from its push service says it cannot turn them on).
if [ ! -f "$data/push/vapid.pem" ]; then
  mkdir -p "$data/push" && chmod 700 "$data/push"
  (umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$data/push/vapid.pem")
fi
desk=(--push-key "$data/push/vapid.pem" --code-issuer "$keys/code-issuer.key" --signin-issuer "http://127.0.0.1:$idp_port" --signin-client-id tongban-phone
      --signin-jwks "$data/idp/jwks.json" --demo-resident "$site/data/demo/profile.json")
build/native/tools/tongban serve --site "$site" --port "$port" \
  --db "sqlite:$data/intake.db" --intake-key "$keys/intake.key" --open-registration "${desk[@]}" &
pids+=($!)
server=$!
sleep 0.5
kill -0 "$server" 2>/dev/null || tb_fail "run: the local server did not start (is port $port in use? set TB_PORT)"
# The same product over HTTPS, as a city serves it: a second server on the same site and intake
# database (SQLite in WAL mode takes several processes), with a certificate from a local CA.
bash tools/tls/local-ca.sh "$data/tls" demo
build/native/tools/tongban serve --site "$site" --port "$tls_port" --tls-cert "$data/tls/server.pem" --tls-key "$data/tls/server.key" \
  --db "sqlite:$data/intake.db" --intake-key "$keys/intake.key" --open-registration "${desk[@]}" &
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
    real-name sign-in (我的 → 统一身份认证登录): the demo 统一身份认证 at http://127.0.0.1:$idp_port,
                    mobile 13800138000, one-time code 246810 (a fictional resident)

  For operators:
    intake API:     http://127.0.0.1:$port/api/v1/  (SQLite in $data/intake.db)
    over HTTPS:     https://127.0.0.1:$tls_port/  (trust $data/tls/ca.pem, a CA of this machine only:
                    curl --cacert $data/tls/ca.pem https://127.0.0.1:$tls_port/api/v1/health)
    what arrived:   build/native/tools/tongban intake list --db sqlite:$data/intake.db --department gongan
    open one:       build/native/tools/tongban open ENVELOPE --key $keys/departments/gongan.key
    the CLI:        build/native/tools/tongban --help
  Ctrl-C stops it.

MSG
wait "$server"
