#!/usr/bin/env bash
# HTTPS: `tongban intake serve` and `tongban serve` speak real TLS with a certificate and key from
# the command line or the configuration file. A throwaway certificate authority made by
# tools/tls/local-ca.sh (what tools/run.sh uses) signs the server's certificate for 127.0.0.1; a
# client that trusts that CA talks to it, a client that trusts another CA refuses it, and a
# plain-HTTP client gets nothing. A missing or
# mismatched certificate stops the server before it listens, saying which file.
set -u
tongban=${1:?path to tongban}; src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-cli-tls-XXXXXX)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/intake_serve.sh"
command -v openssl >/dev/null || { echo "FAIL openssl is missing (tools/deps/debian-packages.txt)"; exit 1; }

# The city's CA and the server's certificate, made as tools/run.sh makes them; a stranger's CA.
bash "$src/tools/tls/local-ca.sh" "$work/city" city && bash "$src/tools/tls/local-ca.sh" "$work/stranger" stranger \
  && ok "two throwaway CAs (tools/tls/local-ca.sh), a server certificate for 127.0.0.1 signed by the city CA" \
  || fail "tools/tls/local-ca.sh" "see $work/*/openssl.log"
cp "$work/city/ca.pem" "$work/city-ca.pem"; cp "$work/city/ca.key" "$work/city-ca.key"; cp "$work/stranger/ca.pem" "$work/stranger-ca.pem"
cp "$work/city/server.pem" "$work/city/server.key" "$work/"
check "the certificate names 127.0.0.1 and localhost" 0 "IP Address:127.0.0.1, DNS:localhost" \
  openssl x509 -noout -ext subjectAltName -in "$work/server.pem"

key="$src/assets/demo-keys/intake.key"
port=$(free_port)
printf 'db = sqlite:%s\nintake-key = %s\nport = %s\ntls-cert = %s\ntls-key = %s\n' "$work/intake.db" "$key" "$port" \
  "$work/server.pem" "$work/server.key" >"$work/intake.conf"
"$tongban" intake serve --config "$work/intake.conf" >"$work/intake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q "https://" "$work/intake.log" && break; sleep 0.05; done
check "intake serve says https" 0 "intake API at https://127.0.0.1:$port/api/v1/" cat "$work/intake.log"
check "a client trusting the city CA: TLS, health ok" 0 "^ok$" \
  curl -sS --cacert "$work/city-ca.pem" "https://127.0.0.1:$port/api/v1/health"
check "... over TLS 1.2 or 1.3 (said by openssl s_client)" 0 "New, TLSv1\.[23], Cipher is" \
  bash -c "openssl s_client -connect 127.0.0.1:$port -CAfile '$work/city-ca.pem' -verify_return_error </dev/null 2>&1"
check "a client trusting another CA refuses the certificate" 60 "certificate" \
  curl -sS --cacert "$work/stranger-ca.pem" "https://127.0.0.1:$port/api/v1/health"
check "openssl s_client with another CA: verification fails" 1 "verify error|unable to get local issuer" \
  bash -c "openssl s_client -connect 127.0.0.1:$port -CAfile '$work/stranger-ca.pem' -verify_return_error </dev/null 2>&1"
out=$(curl -sS -m 5 "http://127.0.0.1:$port/api/v1/health" 2>&1); status=$?
[ "$status" != 0 ] && ! grep -q "^ok$" <<<"$out" && ok "plain HTTP to the TLS port gets no answer (curl status $status)" \
  || fail "plain HTTP was answered: $status" "$out"
check "... and the server still serves TLS after it" 0 "^ok$" curl -sS --cacert "$work/city-ca.pem" "https://127.0.0.1:$port/api/v1/health"
# A real submission over TLS: the CLI's client checks the certificate against the city CA.
check "device key" 0 "ed25519-device key dev" "$tongban" keys new dev --out "$work" --kind device
echo '{"parts": {"gongan": {"a": "b"}}}' >"$work/data.json"
check "seal" 0 "wrote" "$tongban" seal --data "$work/data.json" --device-key "$work/dev.key" \
  --to "$src/assets/demo-keys/departments/gongan.pub" -o "$work/e.tbs"
check "register" 0 "registered" "$tongban" intake register-device --db "sqlite:$work/intake.db" "$work/dev.pub"
check "submit over https: a verified receipt" 0 "^TBR1:" \
  env SSL_CERT_FILE="$work/city-ca.pem" "$tongban" submit "$work/e.tbs" --intake "https://127.0.0.1:$port" --trust "$src/assets/demo-keys/intake.pub"

# `tongban serve` too, from the command line.
mkdir -p "$work/site" && echo '<!doctype html><title>t</title>' >"$work/site/index.html"
sport=$(free_port)
"$tongban" serve --site "$work/site" --port "$sport" --tls-cert "$work/server.pem" --tls-key "$work/server.key" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q "https://" "$work/serve.log" && break; sleep 0.05; done
check "serve over TLS: the site" 0 "<title>t</title>" curl -sS --cacert "$work/city-ca.pem" "https://127.0.0.1:$sport/"

# Bad certificates stop the server before it listens, naming the file.
check "a missing certificate" 3 "$work/none.pem: not a usable certificate chain" \
  "$tongban" serve --site "$work/site" --port "$(free_port)" --tls-cert "$work/none.pem" --tls-key "$work/server.key"
check "a key that is not the certificate's" 3 "city-ca.key: not a usable private key for .*server.pem .*key values mismatch" \
  "$tongban" serve --site "$work/site" --port "$(free_port)" --tls-cert "$work/server.pem" --tls-key "$work/city-ca.key"
check "a certificate without its key" 2 "--tls-cert and --tls-key go together" \
  "$tongban" serve --site "$work/site" --port "$(free_port)" --tls-cert "$work/server.pem"
check "garbage as the certificate" 3 "garbage.pem: not a usable certificate chain" \
  bash -c "echo nonsense > '$work/garbage.pem'; '$tongban' serve --site '$work/site' --port $(free_port) --tls-cert '$work/garbage.pem' --tls-key '$work/server.key'"
finish cli.tls
