#!/usr/bin/env bash
# The Debian packages (packaging/CMakeLists.txt, CPack): built from this build, each holds its
# files, its Debian runtime dependencies, its conffiles, the licence and notices, and no secret key.
# Needs the assembled site (tools/build.sh) for tongban-site.
set -u
build=${1:?build dir}; src=${2:?source dir}; site=${3:?assembled site dir}
work=$(mktemp -d /tmp/tongban-packages-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$src/tests/lib/check.sh"
[ -f "$site/index.html" ] || { echo "FAIL the site is not assembled in $site (bash tools/build.sh)"; exit 1; }

start=$(date +%s)
if cpack --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1; then
  ok "cpack: packages built in $(( $(date +%s) - start )) s"
else
  fail "cpack" "$(tail -30 "$work/cpack.log")"; finish setup.packages
fi
deb() { ls "$work"/"$1"_*.deb 2>/dev/null | head -1; }
for p in tongban tongban-kiosk tongban-intake tongban-site; do
  [ -n "$(deb $p)" ] && ok "package $p: $(basename "$(deb $p)")" || fail "package $p was not built" "$(ls "$work")"
done

has_files() {  # package, path…: each path is in the package's file list
  local p=$1; shift
  local list; list=$(dpkg-deb -c "$(deb "$p")" | awk '{print $6}')
  for f in "$@"; do grep -qx "./$f" <<<"$list" && ok "$p holds /$f" || fail "$p lacks /$f"; done
}
depends_on() {  # package, dependency…: each is named in Depends (with or without a version)
  local p=$1; shift
  local deps; deps=$(dpkg-deb -f "$(deb "$p")" Depends)
  for d in "$@"; do grep -qE "(^|, )$d( |,|$)" <<<"$deps" && ok "$p depends on $d" || fail "$p does not depend on $d" "$deps"; done
}
conffiles() {  # package, file…: exactly these are its conffiles
  local p=$1; shift
  mkdir -p "$work/ctl-$p" && dpkg-deb -e "$(deb "$p")" "$work/ctl-$p"
  local want; want=$(printf '%s\n' "$@")
  [ "$(cat "$work/ctl-$p/conffiles" 2>/dev/null)" = "$want" ] && ok "$p conffiles: $*" || fail "$p conffiles" "$(cat "$work/ctl-$p/conffiles" 2>&1)"
}

has_files tongban usr/bin/tongban usr/share/tongban/demo-keys/guide-issuer.pub usr/share/tongban/demo-keys/code-trust.tbt \
  usr/share/doc/tongban/LICENSE usr/share/doc/tongban/THIRD-PARTY-NOTICES.md usr/share/doc/tongban/DEPLOYING.md
depends_on tongban libc6 libssl3 libsodium23 libprotobuf-lite32 libsqlite3-0 libpq5 libsystemd0 libyaml-cpp0.7 libzxing2 libstb0 ca-certificates

has_files tongban-kiosk usr/bin/tongban-kiosk usr/share/tongban/assets/tongban-ui.ttf usr/share/tongban/assets/guides.tbg \
  etc/tongban/kiosk.conf usr/lib/systemd/system/tongban-kiosk.service usr/lib/systemd/system/tongban-kiosk-keys.service \
  usr/libexec/tongban/kiosk-keys usr/lib/sysusers.d/tongban-kiosk.conf \
  usr/share/doc/tongban-kiosk/LICENSE
depends_on tongban-kiosk tongban libsdl2-2.0-0 libgooglepinyin0 libzinnia0 tegaki-zinnia-simplified-chinese espeak-ng cage xwayland libgl1 libegl1 libgl1-mesa-dri
conffiles tongban-kiosk /etc/tongban/kiosk.conf
[ -x "$work/ctl-tongban-kiosk/postinst" ] && grep -q "systemd-sysusers tongban-kiosk.conf" "$work/ctl-tongban-kiosk/postinst" \
  && ok "tongban-kiosk postinst makes its user" || fail "tongban-kiosk postinst"

has_files tongban-intake etc/tongban/intake.conf usr/lib/systemd/system/tongban-intake.service usr/share/doc/tongban-intake/LICENSE
depends_on tongban-intake tongban systemd
conffiles tongban-intake /etc/tongban/intake.conf
[ -x "$work/ctl-tongban-intake/postinst" ] && grep -q "install -d -m 0700 /etc/tongban/tls" "$work/ctl-tongban-intake/postinst" \
  && ok "tongban-intake postinst makes /etc/tongban/tls (root's only; the unit loads it as credentials)" || fail "tongban-intake postinst: /etc/tongban/tls"

has_files tongban-site usr/share/tongban/site/index.html usr/share/tongban/site/sw.js usr/share/tongban/site/kiosk/tongban-kiosk.wasm \
  usr/share/tongban/site/vendor/zxing-wasm/LICENSE.txt etc/tongban/serve.conf usr/share/doc/tongban-site/THIRD-PARTY-NOTICES.md
conffiles tongban-site /etc/tongban/serve.conf

# The CLI's package and the kiosk's are exact about each other's version (they share the demo keys).
v=$(dpkg-deb -f "$(deb tongban)" Version)
depends_on tongban-kiosk "tongban \(= $v\)"
for p in tongban tongban-kiosk tongban-intake tongban-site; do
  keys=$(dpkg-deb -c "$(deb "$p")" | awk '{print $6}' | grep '\.key$')
  [ -z "$keys" ] && ok "$p: no secret key" || fail "$p ships secret keys" "$keys"
done
finish setup.packages
