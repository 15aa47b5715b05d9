#!/usr/bin/env bash
# The operator CLI's basics, through the real binary: help, version, usage errors.
set -u
tongban=${1:?path to tongban}
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
check "--help lists commands" 0 "version +print the version" "$tongban" --help
check "no command: usage, exit 2" 2 "usage: tongban COMMAND" "$tongban"
check "version" 0 "^tongban [0-9]+\.[0-9]+\.[0-9]+ \(native; libsodium 1\.0\.18\)" "$tongban" version
check "unknown command" 2 "unknown command 'frobnicate'" "$tongban" frobnicate
check "serve without a site" 2 "has no index.html" "$tongban" serve --site /nonexistent
check "serve with a bad option" 2 "unknown option '--nope'" "$tongban" serve --nope

# The static site's caching: every file carries an ETag and Cache-Control: no-cache; a client that
# holds the current version gets 304 without a body; a changed file gets a new ETag and its bytes.
work=$(mktemp -d /tmp/tongban-cli-basics-XXXXXX)
mkdir -p "$work/site" && echo '<!doctype html>' >"$work/site/index.html" && echo 'console.log(1)' >"$work/site/app.js"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$tongban" serve --site "$work/site" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.05; done
head1=$(curl -sS -D - -o /dev/null "http://127.0.0.1:$port/app.js" | tr -d '\r')
etag=$(sed -n 's/^[Ee][Tt]ag: //p' <<<"$head1")
[ -n "$etag" ] && ok "a static file has an ETag ($etag)" || fail "no ETag" "$head1"
grep -qi "^cache-control: no-cache" <<<"$head1" && ok "... and Cache-Control: no-cache" || fail "no Cache-Control" "$head1"
check "If-None-Match with the current ETag: 304" 0 "^304$" curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$port/app.js"
check "... without a body" 0 "^0$" curl -sS -o /dev/null -w '%{size_download}' -H "If-None-Match: $etag" "http://127.0.0.1:$port/app.js"
h304=$(curl -sS -D - -o /dev/null -H "If-None-Match: $etag" "http://127.0.0.1:$port/app.js" | tr -d '\r')
grep -qi "^content-length:\|^content-type:" <<<"$h304" && fail "a 304 claims a length or type (RFC 9110: no body, nothing about one)" "$h304" \
  || ok "... and no Content-Length or Content-Type (204 and 304 are bodiless)"
sleep 0.01; echo 'console.log(2)' >"$work/site/app.js"
check "a changed file: 200 and its new bytes" 0 "console.log\(2\)" curl -sS -H "If-None-Match: $etag" "http://127.0.0.1:$port/app.js"
etag2=$(curl -sS -D - -o /dev/null "http://127.0.0.1:$port/app.js" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ -n "$etag2" ] && [ "$etag2" != "$etag" ] && ok "... and a new ETag" || fail "ETag unchanged after the file changed: $etag2"
# The ETag follows the bytes, not the file's time: rewritten with the same bytes (a reinstalled
# package, a copied site), it is unchanged, so phones get a 304 and download nothing.
sleep 0.01; cp "$work/site/app.js" "$work/app.copy" && mv "$work/app.copy" "$work/site/app.js"
etag3=$(curl -sS -D - -o /dev/null "http://127.0.0.1:$port/app.js" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ "$etag3" = "$etag2" ] && ok "the same bytes rewritten keep their ETag ($etag3)" || fail "ETag changed with the bytes the same: $etag2 -> $etag3"
finish cli.basics
