# Sourced by every tongban script: one place for paths and the Emscripten environment.
# Debian's Emscripten 3.1.6 needs a writable cache and a few node flags on every call
# (see docs/BUILDING.md for why each is there).
TB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TB_CACHE="${TONGBAN_CACHE:-$HOME/.cache/tongban}"
TB_EM_VERSION="3.1.6"
export NODE_PATH=/usr/share/nodejs
export EM_CACHE="$TB_CACHE/emcache-$TB_EM_VERSION"
export EM_FROZEN_CACHE=
export NODE_OPTIONS=--no-experimental-fetch
export TB_WASM_DEPS="$TB_CACHE/wasm-deps-em$TB_EM_VERSION"
export TB_SRC_CACHE="$TB_CACHE/debian-src"
export TB_ROOT TB_CACHE
# Compiler cache outside the clone: a fresh clone (CI) or a second worktree recompiles nothing that
# an earlier build on this machine already compiled. Paths are made relative to the clone, so the
# cache hits whichever folder the clone is in. Emscripten wraps its clang with it too.
export CCACHE_DIR="${CCACHE_DIR:-$TB_CACHE/ccache}"
export CCACHE_BASEDIR="$TB_ROOT"
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-4G}"
if command -v ccache >/dev/null 2>&1; then export EM_COMPILER_WRAPPER=ccache; fi
# Colour only on a terminal: a log file or CI gets plain text.
if [ -t 2 ]; then tb_bold=$'\033[1m' tb_red=$'\033[31m' tb_off=$'\033[0m'; else tb_bold= tb_red= tb_off=; fi
tb_say()  { printf '%s[tongban]%s %s\n' "$tb_bold" "$tb_off" "$*" >&2; }
tb_fail() { printf '%s[tongban] FAILED:%s %s\n' "$tb_red" "$tb_off" "$*" >&2; exit 1; }
