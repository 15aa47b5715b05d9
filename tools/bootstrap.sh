#!/usr/bin/env bash
# Installs everything tongban needs on Debian 12, idempotently: Debian packages (binary and
# source), npm packages, and the WebAssembly builds of the libraries (cached in ~/.cache/tongban).
# Every step says what it does; a failure names the step and the package or command that failed.
set -euo pipefail
source "$(dirname "$0")/env.sh"

step() { tb_say "bootstrap: $*"; }

# Everything below writes logs and builds under $TB_CACHE: make it first, so a machine that has
# never run tongban (no ~/.cache/tongban) gets past every step.
mkdir -p "$TB_CACHE" || tb_fail "bootstrap: cannot create the cache folder $TB_CACHE (set TONGBAN_CACHE)"

# --- 1. Debian packages ----------------------------------------------------------------------
command -v apt-get >/dev/null || tb_fail "bootstrap: apt-get not found: tongban's scripts target Debian 12"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || tb_fail "bootstrap: installing packages needs root or sudo"
  SUDO="sudo"
fi
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$TB_ROOT/tools/deps/debian-packages.txt" | grep -v '^$')
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm drive the web build's tests and benchmarks. Where they are missing, Debian's own
# packages provide them (a machine with another Node.js >= 18 on PATH keeps it).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
apt_updated=0
apt_update() {
  [ "$apt_updated" = 1 ] && return 0
  step "apt-get update"
  # Another apt run (an unattended upgrade, a second bootstrap) holds the locks for a while: wait.
  $SUDO apt-get update -qq -o DPkg::Lock::Timeout=600 || tb_fail "bootstrap: apt-get update"
  apt_updated=1
}
if [ ${#missing[@]} -gt 0 ]; then apt_update; fi
# Debian's source packages: the WebAssembly libraries are built from them. What counts is that apt
# finds them — not that some deb-src line exists (it may be another repository's, or the package
# lists may never have been fetched, as on a fresh image) — so apt itself is asked, and the lists
# are fetched, then Debian's deb-src entries added, until it does.
# (grep reads everything: with pipefail, grep -q stopping early could fail apt-cache with SIGPIPE.)
debian_sources() { apt-cache showsrc libsodium 2>/dev/null | grep '^Package: libsodium$' >/dev/null; }
if ! debian_sources; then
  apt_update
  if ! debian_sources && [ ! -f /etc/apt/sources.list.d/tongban-deb-src.sources ] && [ ! -f /etc/apt/sources.list.d/tongban-deb-src.list ]; then
    step "enabling Debian source packages (deb-src)"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee /etc/apt/sources.list.d/tongban-deb-src.sources >/dev/null
    elif grep -qs '^deb ' /etc/apt/sources.list; then
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $SUDO tee /etc/apt/sources.list.d/tongban-deb-src.list >/dev/null
    else
      tb_fail "bootstrap: no Debian archive in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; add deb-src entries by hand"
    fi
    apt_updated=0
    apt_update
  fi
  # Not fatal here: with the WebAssembly libraries already in the cache nothing is fetched.
  debian_sources || tb_say "warning: apt still finds no source package libsodium (deb-src entries for Debian's archive?); the WebAssembly libraries can only come from the cache"
fi
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${#missing[@]} Debian packages: ${missing[*]}"
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "${missing[@]}" >"$TB_CACHE/apt.log" 2>&1; then
    tail -n 20 "$TB_CACHE/apt.log" >&2
    tb_fail "bootstrap: apt-get install of: ${missing[*]} (log: $TB_CACHE/apt.log)"
  fi
else
  step "Debian packages: all ${#packages[@]} present"
fi

# --- 2. npm packages (browser QR decoder for the site; test and benchmark peers) ----------------
command -v node >/dev/null || tb_fail "bootstrap: node not found after installing Debian's nodejs (install the Debian package nodejs, or Node.js >= 18)"
command -v npm >/dev/null || tb_fail "bootstrap: npm not found after installing Debian's npm (install the Debian package npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || tb_fail "bootstrap: Node.js $(node --version) is too old; the web tests need >= 18 (Debian 12's nodejs package is 18)"
lock_hash=$(sha256sum "$TB_ROOT/package-lock.json" | cut -c1-16)
if [ ! -f "$TB_ROOT/node_modules/.tongban-$lock_hash" ]; then
  step "npm ci (package-lock.json)"
  (cd "$TB_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || tb_fail "bootstrap: npm ci"
  touch "$TB_ROOT/node_modules/.tongban-$lock_hash"
else
  step "npm packages: up to date"
fi

# --- 3. WebAssembly libraries from Debian sources (cached outside the clone) -------------------
bash "$TB_ROOT/tools/deps/build-wasm-deps.sh" || tb_fail "bootstrap: WebAssembly libraries (see above)"
if [ "${TB_BOOTSTRAP_STOP_AT:-}" = wasm-compile ]; then step "stopped before compiling the WebAssembly libraries, as asked"; else step "ready"; fi
