#!/usr/bin/env bash
# Issue 16's clean-root test: the city server's Debian packages (CLI, intake, site) installed with apt into a clean Debian 12 root
# made here (debootstrap, minbase), and from the installed paths alone, as a city's IT person would:
# a receipt key made, one config file edited, the intake started from it, a sealed submission taken
# and answered with a verified receipt, and a guide bundle verified against an explicit trust key.
# Runs as root (chroot); the root and apt's downloads are kept in $TB_CACHE/clean-root, so only the
# first run downloads (~2 min for the root); later runs take well under a minute.
#   usage: tests/setup/test_clean_root.sh BUILD_DIR SOURCE_DIR
set -u
build=${1:?build dir}; src=${2:?source dir}
source "$src/tools/env.sh" >/dev/null
work=$(mktemp -d /tmp/tongban-clean-root-XXXXXX)
root="$work/root"
cache="$TB_CACHE/clean-root"
tarball="$cache/bookworm-minbase-v1.tar"
mounted=()
cleanup() {
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null; done
  [ -n "${intake_pid:-}" ] && kill "$intake_pid" 2>/dev/null
  [ -n "${TB_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/lib/check.sh"
[ "$(id -u)" = 0 ] || { fail "needs root (chroot, mounts)"; finish setup.clean_root; }
for tool in debootstrap chroot cpack; do command -v "$tool" >/dev/null || { fail "$tool is missing (tools/deps/debian-packages.txt)"; finish setup.clean_root; }; done

# The clean root: made once by debootstrap from Debian's archive (the one apt uses here), then kept.
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  start=$(date +%s)
  if debootstrap --variant=minbase bookworm "$work/fresh" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tar -C "$work/fresh" -cf "$tarball.new" . && mv "$tarball.new" "$tarball"
    ok "a clean Debian 12 root made by debootstrap in $(( $(date +%s) - start )) s (kept in $tarball)"
    rm -rf "$work/fresh"
  else
    fail "debootstrap" "$(tail -20 "$work/debootstrap.log")"; finish setup.clean_root
  fi
fi
mkdir -p "$root" && tar -C "$root" -xf "$tarball" && ok "a clean Debian 12 root: $(cat "$root/etc/debian_version")" \
  || { fail "unpacking $tarball"; finish setup.clean_root; }
[ ! -e "$root/usr/bin/tongban" ] && ok "nothing of tongban in it" || fail "the clean root already has tongban"

# The packages, built from this build as setup.packages builds them.
cpack --config "$build/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" 2>&1 && ok "cpack: the packages" \
  || { fail "cpack" "$(tail -20 "$work/cpack.log")"; finish setup.clean_root; }
mkdir -p "$root/tmp/debs" && cp "$work"/debs/tongban_*.deb "$work"/debs/tongban-intake_*.deb "$work"/debs/tongban-site_*.deb "$root/tmp/debs/"

# apt inside the root, its downloads kept between runs (they are not what is timed).
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$cache/archives/partial"
mount --bind "$cache/archives" "$root/var/cache/apt/archives" && mounted+=("$root/var/cache/apt/archives")
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update -q >"$work/apt.log" 2>&1 || { fail "apt-get update in the root" "$(tail -10 "$work/apt.log")"; finish setup.clean_root; }
in_root bash -c 'apt-get install -y -q --download-only --no-install-recommends /tmp/debs/tongban_*.deb /tmp/debs/tongban-intake_*.deb /tmp/debs/tongban-site_*.deb' \
  >>"$work/apt.log" 2>&1 || { fail "downloading the dependencies" "$(tail -10 "$work/apt.log")"; finish setup.clean_root; }

# Timed from here: install, one key, one config file, first start (the target: under 2 minutes).
start=$(date +%s.%N)
in_root bash -c 'apt-get install -y -q --no-install-recommends /tmp/debs/tongban_*.deb /tmp/debs/tongban-intake_*.deb /tmp/debs/tongban-site_*.deb' \
  >>"$work/apt.log" 2>&1 && ok "apt installs tongban, tongban-intake and tongban-site with their Debian dependencies" \
  || { fail "apt-get install" "$(tail -20 "$work/apt.log")"; finish setup.clean_root; }
check "the CLI runs from /usr/bin" 0 "^tongban " in_root tongban version
check "a receipt key for this intake" 0 "ed25519-sign key intake" in_root tongban keys new intake --out /etc/tongban
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# The one file a person edits: the shipped intake.conf (here: the port). Then the service's own
# command line (tongban-intake.service: the key is its credential; systemd makes the state folder).
sed -i -e "s|^port = .*|port = $port|" "$root/etc/tongban/intake.conf"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/tongban-intake.service")
[ -n "$exec_start" ] && ok "the unit's command: $exec_start" || fail "tongban-intake.service has no ExecStart"
mkdir -p "$root/var/lib/tongban/intake" "$root/run/credentials/tongban-intake.service"
cp "$root/etc/tongban/intake.key" "$root/run/credentials/tongban-intake.service/intake.key"  # LoadCredential=
creds=/run/credentials/tongban-intake.service  # what systemd's %d names for this unit
in_root bash -c "exec ${exec_start//%d/$creds}" >"$work/intake.log" 2>&1 &
intake_pid=$!
for _ in $(seq 1 400); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.05; done
elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
check "the installed intake answers, started from /etc/tongban/intake.conf" 0 "^ok$" curl -sf "http://127.0.0.1:$port/api/v1/health"
curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && awk -v t="$elapsed" 'BEGIN { exit !(t < 120) }' && ok "install + first start of the intake: $elapsed s (target < 120 s, downloads excluded)" \
  || fail "install + first start took $elapsed s (target < 120 s)"

# A kiosk's side, with the installed CLI: a device registered, a submission sealed and sent.
check "a device key" 0 "ed25519-device key dev" in_root tongban keys new dev --out /tmp --kind device
check "a department key" 0 "x25519-seal key gongan" in_root tongban keys new gongan --out /tmp --kind seal
check "the device registered" 0 "registered kiosk device" \
  in_root tongban intake register-device --db sqlite:/var/lib/tongban/intake/intake.db /tmp/dev.pub
echo '{"parts": {"gongan": {"child": "测试"}}}' >"$root/tmp/data.json"
check "sealed with the installed CLI" 0 "wrote .*e.tbs" in_root tongban seal --data /tmp/data.json --device-key /tmp/dev.key --to /tmp/gongan.pub -o /tmp/e.tbs
check "the installed intake takes it and answers with a verified receipt" 0 "^TBR1:" \
  in_root tongban submit /tmp/e.tbs --intake "http://127.0.0.1:$port" --trust /etc/tongban/intake.pub
check "the guide bundle verifies against an explicit trust key" 0 "^ok: .*guides.tbg" \
  in_root tongban guide verify /usr/share/tongban/site/data/guides.tbg --trust /usr/share/tongban/demo-keys/guide-issuer.pub
check "... and without one it is refused" 2 "no issuer to trust" in_root tongban guide verify /usr/share/tongban/site/data/guides.tbg
finish setup.clean_root
