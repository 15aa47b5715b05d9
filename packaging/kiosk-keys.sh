#!/bin/sh
# tongban-kiosk-keys: gives the kiosk's two secrets (device.seed: its device key; data.key: the key
# of its outbox index) a home that a stolen disk does not open. Each is sealed with
# `systemd-creds encrypt --with-key=auto`: bound to the kiosk's TPM2 chip when it has one (plus
# this machine's credential key in /var/lib/systemd, root only), to that key alone when it has no
# TPM. tongban-kiosk.service loads them with LoadCredentialEncrypted=, so the kiosk reads them
# decrypted from its credentials folder (an unswappable ramfs only its user can read) and never
# from disk (docs/SECURITY.md, "Where the kiosk's keys live").
#
# Run as root before the kiosk (tongban-kiosk-keys.service), on every boot: idempotent. On the first
# run after an upgrade it moves secrets an older kiosk kept in plain files in its data folder into
# sealed credentials (the same bytes: the intake still knows the device, the outbox index still
# opens), then deletes the plain files. On a new kiosk it makes fresh secrets.
#
# Where (the defaults are the installed kiosk's; tests point them elsewhere):
#   TB_KIOSK_STATE        the kiosk's data folder (older kiosks kept the secrets there)
#   TB_KIOSK_CREDENTIALS  where the sealed credentials are kept
#   TB_CREDS_WITH_KEY     systemd-creds' --with-key (auto, tpm2, host, host+tpm2)
set -eu
state=${TB_KIOSK_STATE:-/var/lib/tongban/kiosk}
creds=${TB_KIOSK_CREDENTIALS:-/var/lib/tongban/kiosk-credentials}
with_key=${TB_CREDS_WITH_KEY:-auto}
umask 077

say() { echo "tongban-kiosk-keys: $*" >&2; }
die() { say "$*"; exit 1; }

command -v systemd-creds >/dev/null || die "systemd-creds is missing (Debian package systemd, 250 or later)"
if [ -L "$creds" ]; then die "$creds is a symbolic link; refusing to write secrets through it"; fi
mkdir -p "$creds"
chmod 0700 "$creds"

for name in device.seed data.key; do
  sealed="$creds/$name.cred"
  plain="$state/$name"
  if [ -s "$sealed" ]; then
    # Sealed already. A plain copy left beside it (the power went after sealing, before deleting)
    # goes only once the sealed one is known to hold the same bytes.
    if [ -f "$plain" ]; then
      if systemd-creds decrypt --name="$name" "$sealed" - 2>/dev/null | cmp -s - "$plain"; then
        shred -u "$plain" 2>/dev/null || rm -f "$plain"
        say "$name: removed the plain copy (already sealed)"
      else
        die "$name: $sealed and $plain differ; leaving both for the operator (docs/DEPLOYING.md)"
      fi
    fi
    continue
  fi
  tmp="$sealed.tmp"
  rm -f "$tmp"
  if [ -f "$plain" ]; then
    size=$(wc -c <"$plain")
    [ "$size" -eq 32 ] || die "$name: $plain holds $size bytes, expected 32; leaving it for the operator"
    systemd-creds encrypt --with-key="$with_key" --name="$name" "$plain" "$tmp" 2>/dev/null ||
      die "$name: systemd-creds encrypt failed (--with-key=$with_key)"
    how="moved from $plain"
  else
    # Fresh bytes straight from the kernel into the sealed file: never in a plain file.
    head -c 32 /dev/urandom | systemd-creds encrypt --with-key="$with_key" --name="$name" - "$tmp" 2>/dev/null ||
      die "$name: systemd-creds encrypt failed (--with-key=$with_key)"
    how="made"
  fi
  sync "$tmp" 2>/dev/null || sync
  mv -f "$tmp" "$sealed"
  sync "$creds" 2>/dev/null || sync
  if [ -f "$plain" ]; then shred -u "$plain" 2>/dev/null || rm -f "$plain"; fi
  say "$name: $how, sealed in $sealed (systemd-creds --with-key=$with_key)"
done
