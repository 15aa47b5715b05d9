#!/usr/bin/env bash
# The service units (packaging/systemd/) pass `systemd-analyze verify` without a single warning:
# systemd itself reads them as it would on a kiosk or the city's server. verify also checks that
# each command exists, so the installed paths (/usr/bin/…) are pointed at this build's binaries in
# a copy; nothing else changes. A unit broken on purpose must be caught, or the check proves nothing.
set -u
build=$(cd "${1:?build dir}" && pwd); src=${2:?source dir}
work=$(mktemp -d /tmp/tongban-units-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$src/tests/lib/check.sh"
command -v systemd-analyze >/dev/null || { echo "FAIL systemd-analyze is missing (Debian package systemd)"; exit 1; }
command -v cage >/dev/null || { echo "FAIL cage is missing (tools/deps/debian-packages.txt; bash tools/bootstrap.sh)"; exit 1; }

units=()
for unit in "$src"/packaging/systemd/*.service; do
  sed -e "s|/usr/bin/tongban-kiosk|$build/kiosk/tongban-kiosk|g" -e "s|/usr/bin/tongban |$build/tools/tongban |g" \
      -e "s|/usr/libexec/tongban/kiosk-keys|$src/packaging/kiosk-keys.sh|g" \
    "$unit" >"$work/$(basename "$unit")"
  units+=("$work/$(basename "$unit")")
done
[ "${#units[@]}" -ge 3 ] && ok "units found: ${#units[@]}" || fail "expected the intake's, the kiosk's and its keys' units"

verify() {  # description, unit…: status 0 and no output at all (verify warns with status 0)
  local what=$1; shift
  local out status
  out=$(systemd-analyze verify "$@" 2>&1); status=$?
  if [ "$status" = 0 ] && [ -z "$out" ]; then ok "$what"; else fail "$what: status $status, output:" "$out"; fi
}
for u in "${units[@]}"; do verify "systemd-analyze verify $(basename "$u")" "$u"; done

# The checker catches a mistyped key and a bad value (both only warnings to systemd).
sed -e 's/^Restart=on-failure/Restrat=on-failure/' "$work/tongban-intake.service" >"$work/broken-key.service"
out=$(systemd-analyze verify "$work/broken-key.service" 2>&1)
grep -q "Unknown key 'Restrat'" <<<"$out" && ok "a mistyped key is reported" || fail "a mistyped key went unnoticed" "$out"
sed -e 's/^ProtectSystem=strict/ProtectSystem=strickt/' "$work/tongban-intake.service" >"$work/broken-value.service"
out=$(systemd-analyze verify "$work/broken-value.service" 2>&1)
grep -q "strickt" <<<"$out" && ok "a bad value is reported" || fail "a bad value went unnoticed" "$out"

# What the brief of each unit promises, read from the units themselves.
intake="$src/packaging/systemd/tongban-intake.service"
for line in "Type=notify" "DynamicUser=yes" "ProtectSystem=strict" "StateDirectory=tongban/intake" "Restart=on-failure" \
            "LoadCredential=intake.key:/etc/tongban/intake.key"; do
  grep -qx "$line" "$intake" && ok "intake unit: $line" || fail "intake unit lacks $line"
done
kiosk="$src/packaging/systemd/tongban-kiosk.service"
for line in "Restart=always" "StateDirectory=tongban/kiosk" "User=tongban-kiosk"; do
  grep -qx "$line" "$kiosk" && ok "kiosk unit: $line" || fail "kiosk unit lacks $line"
done
grep -q "^ExecStart=/usr/bin/cage -s -- /usr/bin/tongban-kiosk " "$kiosk" && ok "kiosk unit: the kiosk in cage" || fail "kiosk unit: not in cage"
# The kiosk's secrets: sealed before it starts, loaded decrypted into its credentials folder only.
for line in "Requires=tongban-kiosk-keys.service" "After=tongban-kiosk-keys.service" \
            "LoadCredentialEncrypted=device.seed:/var/lib/tongban/kiosk-credentials/device.seed.cred" \
            "LoadCredentialEncrypted=data.key:/var/lib/tongban/kiosk-credentials/data.key.cred"; do
  grep -qx "$line" "$kiosk" && ok "kiosk unit: $line" || fail "kiosk unit lacks $line"
done
grep -q "^ExecStart=.* --secrets %d" "$kiosk" && ok "kiosk unit: the kiosk reads its secrets from the credentials folder" ||
  fail "kiosk unit: no --secrets %d"
keys="$src/packaging/systemd/tongban-kiosk-keys.service"
for line in "Type=oneshot" "Before=tongban-kiosk.service" "ExecStart=/usr/libexec/tongban/kiosk-keys" \
            "StateDirectory=tongban/kiosk-credentials" "StateDirectoryMode=0700"; do
  grep -qx "$line" "$keys" && ok "kiosk keys unit: $line" || fail "kiosk keys unit lacks $line"
done
finish setup.units
