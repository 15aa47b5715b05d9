#!/usr/bin/env bash
# The README's first step on a machine that has never run it, every CI run: tools/bootstrap.sh in a
# fresh copy of the repository (no node_modules, no build), against a cache folder that does not
# exist yet, with one Debian package reported missing. apt-get is a shim that records what it was
# asked to install (CI must not change the machine's packages); `apt-get source`, `apt-get update`
# (which changes only the package lists, and which a machine that never fetched Debian's source
# lists needs before `apt-get source` can work) and npm are real.
# It must get past every step up to compiling the WebAssembly libraries (those minutes are what the
# cache saves; CI's own cold run covers them). A second run hides Node.js: the bootstrap must ask
# for Debian's nodejs and npm, and name the package when node is still missing.
#   usage: test_bootstrap_cold.sh REPO_ROOT
set -u
root=${1:?repository root}
source "$root/tests/lib/check.sh"
work=$(mktemp -d /tmp/tongban-cold-XXXXXX)
trap 'rm -rf "$work"' EXIT

# A copy of the repository as a clone would have it: tracked files (and new ones not yet ignored).
mkdir -p "$work/repo"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/repo" 2>/dev/null)
[ -f "$work/repo/tools/bootstrap.sh" ] || { echo "could not copy the repository"; exit 1; }

# Shims: dpkg-query says brotli is not installed; apt-get records installs, passes `source` and
# `update` through.
mkdir -p "$work/shim"
cat >"$work/shim/dpkg-query" <<'SH'
#!/bin/sh
for a in "$@"; do [ "$a" = brotli ] && { printf "deinstall ok config-files"; exit 0; }; done
exec /usr/bin/dpkg-query "$@"
SH
cat >"$work/shim/apt-get" <<SH
#!/bin/sh
case "\$1" in source|update) exec /usr/bin/apt-get "\$@" ;; esac
echo "apt-get \$*" >>"$work/apt-calls.log"
exit 0
SH
chmod +x "$work/shim/"*

cache="$work/never-made/cache"
out=$(cd "$work/repo" && PATH="$work/shim:$PATH" TONGBAN_CACHE="$cache" TB_BOOTSTRAP_STOP_AT=wasm-compile \
      bash tools/bootstrap.sh 2>&1)
status=$?
if [ $status -eq 0 ] && ! grep -q "FAILED\|No such file or directory" <<<"$out"; then
  ok "bootstrap on a fresh cache folder and a fresh copy gets past every step"
else
  fail "bootstrap on a fresh cache folder: status $status" "$out"
fi
grep -q "install.*brotli" "$work/apt-calls.log" 2>/dev/null && ok "the missing package is installed through apt-get" \
  || fail "the missing package was not asked of apt-get" "$(cat "$work/apt-calls.log" 2>/dev/null)"
[ -f "$cache/apt.log" ] && ok "apt's log is written inside the new cache folder" \
  || fail "no apt log in $cache" "$(ls -la "$cache" 2>&1)"
[ -d "$work/repo/node_modules/playwright-core" ] && ok "npm ci ran in the fresh copy" || fail "node_modules not installed" "$out"
ls "$cache"/wasm-deps-*/build/libsodium_*/.unpacked >/dev/null 2>&1 && ok "Debian sources fetched and unpacked into the new cache" \
  || fail "Debian sources not unpacked under $cache" "$out"
[ -f "$cache"/emcache-*/.copied ] && ok "Emscripten's cache copied into the new cache" || fail "no Emscripten cache under $cache" "$out"

# Node.js missing: a PATH with everything of /usr/bin and /bin but node, npm and npx.
mkdir -p "$work/nonode"
for d in /usr/local/bin /usr/bin /bin; do
  for f in "$d"/*; do
    n=$(basename "$f")
    case $n in node|nodejs|npm|npx) continue ;; esac
    [ -e "$work/nonode/$n" ] || ln -s "$f" "$work/nonode/$n"
  done
done
: >"$work/apt-calls.log"
out=$(cd "$work/repo" && PATH="$work/shim:$work/nonode" TONGBAN_CACHE="$cache" bash tools/bootstrap.sh 2>&1)
status=$?
grep -q "install.*nodejs.*npm\|install.*npm.*nodejs" "$work/apt-calls.log" && ok "no Node.js: Debian's nodejs and npm are installed" \
  || fail "no Node.js: nodejs/npm not asked of apt-get" "$(cat "$work/apt-calls.log")"
[ $status -ne 0 ] && grep -q "Debian package nodejs" <<<"$out" && ok "still no node: the message names the package" \
  || fail "still no node: status $status, no message naming nodejs" "$out"
finish setup.bootstrap_cold
