#!/usr/bin/env bash
# `cmake --install` into a staging folder (DESTDIR), moved elsewhere afterwards, and the installed
# binaries run from there: each finds its data from where it is installed, never from the source or
# build tree; the shipped configuration files parse; nothing trusts the demo key unless told; the
# installed intake starts from its file, takes a sealed submission and answers with a receipt.
# The quick check of issue 16's clean-root test (no Debian root made here; see docs/DEPLOYING.md).
set -u
build=${1:?build dir}; src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-install-XXXXXX)
tongban=unused
source "$src/tests/lib/intake_serve.sh"

DESTDIR="$work/stage" cmake --install "$build" --strip >"$work/install.log" 2>&1 \
  && ok "cmake --install into a staging folder" || { fail "cmake --install" "$(tail -20 "$work/install.log")"; finish setup.install; }
# Moved after installing: a binary that remembered where it was built or installed would miss now.
mv "$work/stage" "$work/root"
root="$work/root"
prefix="$root/usr"
for f in usr/bin/tongban usr/bin/tongban-kiosk usr/share/tongban/assets/tongban-ui.ttf usr/share/tongban/assets/guides.tbg \
         usr/share/tongban/demo-keys/guide-issuer.pub usr/share/tongban/demo-keys/intake.pub usr/share/tongban/demo-keys/code-trust.tbt \
         etc/tongban/intake.conf etc/tongban/kiosk.conf etc/tongban/serve.conf \
         usr/lib/systemd/system/tongban-intake.service usr/lib/systemd/system/tongban-kiosk.service \
         usr/lib/systemd/system/tongban-kiosk-keys.service usr/libexec/tongban/kiosk-keys \
         usr/lib/sysusers.d/tongban-kiosk.conf usr/share/doc/tongban/LICENSE usr/share/doc/tongban/THIRD-PARTY-NOTICES.md; do
  [ -e "$root/$f" ] && ok "installed: /$f" || fail "not installed: /$f"
done
# No secret key is installed, demo or not.
secrets=$(find "$root" -name '*.key')
[ -z "$secrets" ] && ok "no secret key installed" || fail "secret keys installed:" "$secrets"
# No path into the source or build tree compiled in (stripped as the packages are: debug information
# names the build folder, which the program never reads).
for bin in "$prefix/bin/tongban" "$prefix/bin/tongban-kiosk"; do
  hits=$(strings "$bin" | grep -F -e "$src/assets" -e "$build/assets" -e "$src/build" | head -3)
  [ -z "$hits" ] && ok "$(basename "$bin"): no source- or build-tree data path inside" || fail "$(basename "$bin") names:" "$hits"
done

t="$prefix/bin/tongban"
check "installed CLI: guide verify without --trust is refused" 2 "no issuer to trust" "$t" guide verify "$prefix/share/tongban/assets/guides.tbg"
check "installed CLI: --demo trusts the installed demo key" 0 "^ok: .*guides.tbg, .*items" \
  "$t" guide verify "$prefix/share/tongban/assets/guides.tbg" --demo
check "installed kiosk: assets from where it is installed" 0 "^assets = $prefix/bin/../share/tongban/assets$" \
  "$prefix/bin/tongban-kiosk" --print-config
check "installed kiosk: --demo keys from where it is installed" 0 "^keys = $prefix/bin/../share/tongban/demo-keys$" \
  "$prefix/bin/tongban-kiosk" --demo --print-config
check "shipped kiosk.conf parses" 0 "^keys = /etc/tongban/keys$" "$prefix/bin/tongban-kiosk" --config "$root/etc/tongban/kiosk.conf" --print-config
check "shipped intake.conf parses" 0 "^db = sqlite:/var/lib/tongban/intake/intake.db$" \
  "$t" intake serve --config "$root/etc/tongban/intake.conf" --print-config
check "shipped serve.conf parses" 0 "^site = /usr/share/tongban/site$" "$t" serve --config "$root/etc/tongban/serve.conf" --print-config

# The installed intake from a configuration file, with keys made by the installed CLI.
check "installed CLI: an intake key" 0 "ed25519-sign key intake" "$t" keys new intake --out "$work"
check "installed CLI: a device key" 0 "ed25519-device key dev" "$t" keys new dev --out "$work" --kind device
check "installed CLI: a department key" 0 "x25519-seal key gongan" "$t" keys new gongan --out "$work" --kind seal
db="sqlite:$work/intake.db"
check "installed CLI: register the device" 0 "registered kiosk device" "$t" intake register-device --db "$db" "$work/dev.pub"
port=$(free_port)
sed -e "s|^db = .*|db = $db|" -e "s|^port = .*|port = $port|" "$root/etc/tongban/intake.conf" >"$work/intake.conf"
echo "intake-key = $work/intake.key" >>"$work/intake.conf"
"$t" intake serve --config "$work/intake.conf" >"$work/intake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.05; done
check "installed intake: started from its file" 0 "^ok$" curl -sf "http://127.0.0.1:$port/api/v1/health"
echo '{"parts": {"gongan": {"child": "测试"}}}' >"$work/data.json"
check "installed CLI: seal" 0 "wrote .*e.tbs" "$t" seal --data "$work/data.json" --device-key "$work/dev.key" --to "$work/gongan.pub" -o "$work/e.tbs"
check "installed intake: a sealed submission gets a verified receipt" 0 "^TBR1:" \
  "$t" submit "$work/e.tbs" --intake "http://127.0.0.1:$port" --trust "$work/intake.pub"
finish setup.install
