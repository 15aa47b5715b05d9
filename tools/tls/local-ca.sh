#!/usr/bin/env bash
# A certificate authority of this machine only, and a server certificate it signs for 127.0.0.1 and
# localhost: HTTPS for the demo (tools/run.sh) and the tests, never for a deployment (a city uses
# its own certificates: docs/DEPLOYING.md). Writes DIR/ca.pem, ca.key, server.pem, server.key;
# keeps them while they are valid for another day, so running it again changes nothing.
#   usage: tools/tls/local-ca.sh DIR [NAME]     (NAME goes into the CA's common name)
set -euo pipefail
dir=${1:?folder for the certificates}; name=${2:-local}
mkdir -p "$dir" && chmod 700 "$dir"
command -v openssl >/dev/null || { echo "local-ca: openssl is missing (tools/deps/debian-packages.txt)" >&2; exit 3; }
if [ -f "$dir/server.pem" ] && openssl x509 -checkend 86400 -noout -in "$dir/server.pem" >/dev/null 2>&1; then exit 0; fi
log="$dir/openssl.log"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
(
  umask 077
  openssl req -x509 "${ec[@]}" -days 30 -subj "/CN=tongban $name CA (this machine only)" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem"
  openssl req "${ec[@]}" -subj "/CN=127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.csr"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 30 \
    -extfile "$dir/server.ext" -out "$dir/server.pem"
) >"$log" 2>&1 || { echo "local-ca: openssl failed: $(cat "$log")" >&2; exit 3; }
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
