#!/usr/bin/env bash
# Builds the WebAssembly libraries tongban links (libsodium, protobuf-lite, SDL2, Dear ImGui, and
# zinnia for the kiosk's handwriting input, OpenSSL's libcrypto for the `sm` suite) with Debian's Emscripten, from Debian's own source
# packages at the versions Debian ships, plus the data files those engines read.
#
# Everything lands in $TB_WASM_DEPS (outside the clone, under ~/.cache/tongban), one folder per
# library keyed by Debian version + recipe revision, with a stamp written last. A stamped folder is
# reused as is, so a fresh clone (CI) pays for these builds once per machine. Libraries build in
# parallel: the slow part of each is a configure step that runs emcc hundreds of times on one core.
set -euo pipefail
source "$(dirname "$0")/../env.sh"

# Bump when a recipe below changes, so cached builds made by the old recipe are not reused.
RECIPE_REV=2
PREFIX="$TB_WASM_DEPS/prefix-r$RECIPE_REV"
LOGS="$TB_WASM_DEPS/logs"
mkdir -p "$PREFIX/lib" "$PREFIX/include" "$LOGS" "$TB_SRC_CACHE"

# One pass over the versions Debian lists for a source package, newest first: a mirror can list a
# version (a fresh security update) whose files it does not have yet, so on a failed fetch the next
# older one is tried. A fetch counts only when it left the .dsc: apt-get can end well and still
# leave nothing (a mirror without that version's files, a stub apt-get). Succeeds when one did.
fetch_source_once() {
  local pkg=$1 versions v
  local log="$LOGS/apt-source-$pkg.log"
  versions=$(apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV | uniq || true)
  [ -n "$versions" ] || versions="-"  # none listed: let apt-get choose (and say why it cannot)
  for v in $versions; do
    [ "$v" = - ] && v=""
    { echo "== apt-get source --download-only $pkg${v:+=$v} ($(date -u +%FT%TZ))"
      (cd "$TB_SRC_CACHE" && apt-get source --download-only "$pkg${v:+=$v}") 2>&1; } >>"$log"
    ls "$TB_SRC_CACHE/${pkg}"_*.dsc >/dev/null 2>&1 && return 0
    tb_say "apt-get source $pkg${v:+=$v} failed or left no ${pkg}_*.dsc; trying an older version"
    rm -f "$TB_SRC_CACHE/${pkg}_"*
  done
  return 1
}

# Fetches (once) and unpacks a Debian source package with Debian's patches applied.
# Prints the unpacked directory.
unpack_source() {
  local pkg=$1 dir
  local log="$LOGS/apt-source-$pkg.log"
  local dsc; dsc=$(ls "$TB_SRC_CACHE/${pkg}"_*.dsc 2>/dev/null | tail -n1 || true)
  if [ -z "$dsc" ]; then
    : >"$log"
    # Two more rounds when the first fetches nothing: the package lists may be missing or stale
    # (a machine whose lists were never fetched, or another apt run replacing them just then), and
    # a mirror can fail for a moment. The lists are fetched again (as root) and the fetch retried.
    local round
    for round in 1 2 3; do
      fetch_source_once "$pkg" && break
      [ "$round" = 3 ] && break
      tb_say "apt-get source $pkg fetched nothing (round $round of 3); fetching Debian's package lists again and retrying"
      if [ "$(id -u)" = 0 ]; then apt-get update -qq -o DPkg::Lock::Timeout=120 >>"$log" 2>&1 || true
      elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo apt-get update -qq -o DPkg::Lock::Timeout=120 >>"$log" 2>&1 || true
      fi
      sleep $((round * 10))
    done
    dsc=$(ls "$TB_SRC_CACHE/${pkg}"_*.dsc 2>/dev/null | tail -n1 || true)
    if [ -z "$dsc" ]; then
      # Everything apt said, and what it lists: the cause is in there, not in a last line.
      { echo "---- $log"; cat "$log"
        echo "---- apt-cache showsrc $pkg (versions listed):"; apt-cache showsrc "$pkg" 2>&1 | grep -E '^(Package|Version):|^[EW]:' || true
        echo "---- files with deb-src entries:"; grep -rlsE --include='*.list' --include='*.sources' '^(deb-src|Types:.*deb-src)' /etc/apt/ || echo "(none)"
      } >&2
      tb_fail "apt-get source $pkg fetched no ${pkg}_*.dsc into $TB_SRC_CACHE in 3 rounds (apt's own words are printed above; tools/bootstrap.sh enables Debian's deb-src entries and fetches the lists; log: $log)"
    fi
  fi
  dir="$TB_WASM_DEPS/build/$(basename "$dsc" .dsc)"
  if [ ! -f "$dir/.unpacked" ]; then
    rm -rf "$dir"; mkdir -p "$TB_WASM_DEPS/build"
    dpkg-source --no-check -x "$dsc" "$dir" >/dev/null || tb_fail "dpkg-source -x $dsc"
    touch "$dir/.unpacked"
  fi
  echo "$dir"
}

stamp_ok() { [ -f "$PREFIX/.$1.done" ]; }
stamp()    { touch "$PREFIX/.$1.done"; }

build_libsodium() {
  stamp_ok libsodium && return 0
  local src; src=$(unpack_source libsodium)
  cd "$src"
  # The orig tarball is a git export without ./configure; autogen would try to download
  # config.guess unless told not to.
  [ -x configure ] || DO_NOT_UPDATE_CONFIG_SCRIPTS=1 ./autogen.sh
  # -O3: sealing attachments is throughput-bound in the browser; size cost is a few KB.
  emconfigure ./configure --prefix="$PREFIX" --disable-shared --without-pthreads --disable-ssp \
    --disable-asm --disable-pie CFLAGS="-O3"
  emmake make -j2 install
  stamp libsodium
}

build_protobuf() {
  stamp_ok protobuf-lite && return 0
  local src; src=$(unpack_source protobuf)
  cd "$src"
  emcmake cmake -S cmake -B build-wasm -DCMAKE_BUILD_TYPE=MinSizeRel \
    -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF -Dprotobuf_BUILD_LIBPROTOC=OFF \
    -Dprotobuf_BUILD_SHARED_LIBS=OFF -Dprotobuf_WITH_ZLIB=OFF -Dprotobuf_INSTALL=OFF
  emmake make -C build-wasm -j2 libprotobuf-lite
  cp build-wasm/libprotobuf-lite.a "$PREFIX/lib/"
  (cd src && find google \( -name '*.h' -o -name '*.inc' \) -exec cp --parents {} "$PREFIX/include/" \;)
  stamp protobuf-lite
}

build_sdl2() {
  stamp_ok sdl2 && return 0
  local src; src=$(unpack_source libsdl2)
  cd "$src"
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_PTHREADS=OFF
  emmake make -C build-wasm -j2 install
  stamp sdl2
}

# Dear ImGui has no build system of its own: compile the core and the SDL2 + OpenGL3 backends
# (the OpenGL3 backend selects GLES2/WebGL1 under Emscripten) into one archive.
build_imgui() {
  stamp_ok imgui && return 0
  local src; src=$(unpack_source imgui)
  cd "$src"
  mkdir -p build-wasm "$PREFIX/include/imgui/backends"
  local f objs=()
  for f in imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp imgui_demo.cpp \
           backends/imgui_impl_sdl.cpp backends/imgui_impl_opengl3.cpp; do
    local o="build-wasm/$(basename "$f" .cpp).o"
    em++ -Os -std=c++17 -I. -I"$PREFIX/include/SDL2" -sUSE_SDL=0 -c "$f" -o "$o"
    objs+=("$o")
  done
  emar rcs "$PREFIX/lib/libimgui.a" "${objs[@]}"
  cp imgui.h imconfig.h imgui_internal.h imstb_*.h "$PREFIX/include/imgui/"
  cp backends/imgui_impl_sdl.h backends/imgui_impl_opengl3.h backends/imgui_impl_opengl3_loader.h \
     "$PREFIX/include/imgui/backends/"
  stamp imgui
}

# zinnia (handwriting recognition). Its 2009 configure/libtool spends minutes running emcc probes
# for eight C++ files, so they are compiled directly, like ImGui. The macros below are the ones its
# configure finds under Emscripten, minus HAVE_MMAP: the kiosk hands the model in as bytes
# (Recognizer::open(ptr, size) uses them in place), so no file is mapped. Its open() reports a bad
# model through setjmp/longjmp: a module linking it needs -sSUPPORT_LONGJMP=1.
# The model (6,763 simplified hanzi) is Debian's tegaki-zinnia-simplified-chinese, copied next to it.
ZINNIA_MODEL=/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model
build_zinnia() {
  stamp_ok zinnia && return 0
  [ -f "$ZINNIA_MODEL" ] || tb_fail "$ZINNIA_MODEL not found (Debian package tegaki-zinnia-simplified-chinese; run tools/bootstrap.sh)"
  local src; src=$(unpack_source zinnia)
  cd "$src"
  local version; version=$(basename "$src" | sed -E 's/^zinnia_([^-]+)-.*/\1/')
  mkdir -p build-wasm "$PREFIX/share/zinnia"
  local f objs=()
  for f in param recognizer svm sexp feature character trainer libzinnia; do
    # -O3: recognition is a dot product over ~500 features for each of 6,763 characters.
    em++ -O3 -DHAVE_SYS_TYPES_H -DHAVE_SYS_STAT_H -DHAVE_FCNTL_H -DHAVE_STRING_H -DHAVE_UNISTD_H \
      -DPACKAGE='"zinnia"' -DVERSION="\"$version\"" -c "$f.cpp" -o "build-wasm/$f.o"
    objs+=("build-wasm/$f.o")
  done
  emar rcs "$PREFIX/lib/libzinnia.a" "${objs[@]}"
  cp zinnia.h "$PREFIX/include/"
  cp "$ZINNIA_MODEL" "$PREFIX/share/zinnia/"
  stamp zinnia
}

# OpenSSL's libcrypto for the `sm` suite (SM2 curve arithmetic, SM3, HMAC-SM3, SM4; core/crypto/
# suite_sm.cpp). Configured down to what the suite needs: no assembler (none exists for wasm), no
# threads, sockets, engines, loadable modules, stdio or error strings, and none of the algorithms
# tongban never calls. Only libcrypto.a is built; the linker then keeps just the parts in use.
# -D__ELF__: OpenSSL then seeds its generator (the blinding of its secret-scalar ladders) from
# getentropy(), which Emscripten implements with crypto.getRandomValues (wasm/openssl_seed.cpp).
# The stamp carries the recipe's revision: a changed recipe rebuilds OpenSSL alone.
OPENSSL_STAMP=openssl-r2
build_openssl() {
  stamp_ok $OPENSSL_STAMP && return 0
  local src; src=$(unpack_source openssl)
  cd "$src"
  CC=emcc CXX=em++ AR=emar RANLIB=emranlib ./Configure linux-generic32 --prefix="$PREFIX" \
    no-asm no-threads no-shared no-dso no-engine no-async no-sock no-ui-console no-tests no-afalgeng \
    no-legacy no-module no-stdio no-err no-autoerrinit no-filenames no-pinshared no-ec2m no-dgram \
    no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 no-idea no-seed no-bf no-cast no-camellia no-aria \
    no-whirlpool no-rmd160 no-blake2 no-siphash no-poly1305 no-chacha no-scrypt no-srp no-psk \
    no-ocsp no-ts no-cms no-ct no-cmp no-comp no-dh no-dsa no-gost no-ocb no-siv no-srtp no-ssl3 \
    no-tls1 no-tls1_1 no-dtls no-rfc3779 no-cmac no-multiblock no-ssl-trace no-nextprotoneg no-sctp \
    -DOPENSSL_NO_SECURE_MEMORY -D__ELF__
  # A source tree an older recipe built: its objects do not depend on the flags, so start clean.
  emmake make clean >/dev/null
  emmake make -j2 build_generated libcrypto.a
  cp libcrypto.a "$PREFIX/lib/"
  rm -rf "$PREFIX/include/openssl"; cp -r include/openssl "$PREFIX/include/"
  stamp $OPENSSL_STAMP
}

# Emscripten's shipped cache is read-only: copy it once to a writable place.
if [ ! -f "$EM_CACHE/.copied" ]; then
  tb_say "copying Emscripten's system-library cache to $EM_CACHE (once)"
  rm -rf "$EM_CACHE"; mkdir -p "$(dirname "$EM_CACHE")"
  cp -a /usr/share/emscripten/cache "$EM_CACHE" && touch "$EM_CACHE/.copied"
fi

run_step() {  # name, function: runs in background, logs to a file, reports failure with the log tail
  local name=$1 fn=$2
  ( set -e; "$fn" ) >"$LOGS/$name.log" 2>&1 &
  echo $! >"$LOGS/$name.pid"
}
wait_step() {
  local name=$1
  if ! wait "$(cat "$LOGS/$name.pid")"; then
    tail -n 30 "$LOGS/$name.log" >&2
    tb_fail "building $name for WebAssembly (full log: $LOGS/$name.log)"
  fi
}

todo=()
stamp_ok libsodium     || todo+=(libsodium)
stamp_ok protobuf-lite || todo+=(protobuf-lite)
{ stamp_ok sdl2 && stamp_ok imgui; } || todo+=(sdl2+imgui)
stamp_ok zinnia        || todo+=(zinnia)
stamp_ok $OPENSSL_STAMP || todo+=(openssl)
if [ ${#todo[@]} -eq 0 ]; then
  tb_say "WebAssembly libraries: cached in $PREFIX"
else
  # Fetch and unpack every source first (seconds, the network part), then compile (minutes).
  tb_say "building WebAssembly libraries from Debian sources: ${todo[*]} (first time only; ~8 min): fetching the sources"
  for pkg in "${todo[@]}"; do
    case $pkg in
      sdl2+imgui) unpack_source libsdl2 >/dev/null; unpack_source imgui >/dev/null ;;
      protobuf-lite) unpack_source protobuf >/dev/null ;;
      *) unpack_source "$pkg" >/dev/null ;;
    esac
  done
  # The cold-path test (tests/setup/test_bootstrap_cold.sh) stops here: everything up to the long
  # compile has run against a cache folder that did not exist.
  if [ "${TB_BOOTSTRAP_STOP_AT:-}" = wasm-compile ]; then
    tb_say "sources for ${todo[*]} unpacked; stopping before compiling (TB_BOOTSTRAP_STOP_AT=wasm-compile)"
    exit 0
  fi
  tb_say "compiling ${todo[*]} for WebAssembly"
  build_sdl2_imgui() { build_sdl2; build_imgui; }
  # Each library has its own stamp: only the missing ones are built (a cache made before zinnia
  # was added builds zinnia alone).
  for pkg in "${todo[@]}"; do
    case $pkg in
      libsodium) run_step libsodium build_libsodium ;;
      protobuf-lite) run_step protobuf-lite build_protobuf ;;
      sdl2+imgui) run_step sdl2+imgui build_sdl2_imgui ;;
      zinnia) run_step zinnia build_zinnia ;;
      openssl) run_step openssl build_openssl ;;
    esac
  done
  for pkg in "${todo[@]}"; do wait_step "$pkg"; done
  tb_say "WebAssembly libraries ready in $PREFIX"
fi
ln -sfn "$PREFIX" "$TB_WASM_DEPS/current"
