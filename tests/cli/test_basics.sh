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
finish cli.basics
