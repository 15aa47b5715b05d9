#!/usr/bin/env bash
# The operator CLI's basics, through the real binary: help, version, usage errors.
set -u
tongban=${1:?path to tongban}
fails=0
check() {  # description, expected exit status, expected text (grep -E), command...
  local what=$1 want_status=$2 want_text=$3; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$status" != "$want_status" ] || ! grep -qE -- "$want_text" <<<"$out"; then
    echo "FAIL $what: status $status (want $want_status), output:"; echo "$out" | sed 's/^/     /'
    fails=$((fails + 1))
  else
    echo "ok   $what"
  fi
}
check "--help lists commands" 0 "version +print the version" "$tongban" --help
check "no command: usage, exit 2" 2 "usage: tongban COMMAND" "$tongban"
check "version" 0 "^tongban [0-9]+\.[0-9]+\.[0-9]+ \(native; libsodium 1\.0\.18\)" "$tongban" version
check "unknown command" 2 "unknown command 'frobnicate'" "$tongban" frobnicate
check "serve without a site" 2 "has no index.html" "$tongban" serve --site /nonexistent
check "serve with a bad option" 2 "unknown option '--nope'" "$tongban" serve --nope
[ $fails -eq 0 ] && echo "cli.basics: all passed" || { echo "cli.basics: $fails failed"; exit 1; }
