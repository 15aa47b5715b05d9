#!/usr/bin/env bash
# Issue 16's clean-root test: the Debian packages installed with apt into a clean Debian 12 root made
# here (debootstrap, minbase plus systemd as init), which is then booted with systemd-nspawn, so the
# units run under a real systemd as on a city's server and a village kiosk. From the installed paths
# alone, as a city's IT person would:
#   - the intake: a receipt key made, the city's certificate put in /etc/tongban/tls, one config file
#     edited, the unit enabled, the root booted; the intake answers over HTTPS (sd_notify, its own
#     user), takes a sealed submission sent by the installed CLI and answers with a verified receipt,
#     is restarted by systemd when killed, and logs nothing of the submission;
#   - the kiosk: its package installed, the city's keys and kiosk.conf set (intake and updates over
#     HTTPS), the unit started; its secrets sealed by tongban-kiosk-keys, it draws its window, looks
#     for updates at the HTTPS publisher, sends a signed heartbeat that `tongban intake fleet` lists,
#     and is restarted with its data kept when it crashes;
#   - a guide bundle verified against an explicit trust key, and refused without one.
# The one difference from a hall: no GPU, seat or tty1 in a test container, so a drop-in gives cage a
# headless output instead of tty1 (and, for the screenshot only, runs the kiosk in Xvfb).
# Runs as root (chroot, mounts, nspawn). The base root and apt's downloads are kept in
# $TB_CACHE/clean-root: the first run downloads (~2 min for the root, ~1 min for the kiosk's
# dependencies); later runs take about a minute.
#   usage: tests/setup/test_clean_root.sh BUILD_DIR SOURCE_DIR      (TB_KEEP=1 keeps the root)
set -u
build=${1:?build dir}; src=${2:?source dir}
source "$src/tools/env.sh" >/dev/null
work=$(mktemp -d /tmp/tongban-clean-root-XXXXXX)
root="$work/root"
cache="$TB_CACHE/clean-root"
tarball="$cache/bookworm-minbase-systemd-v2.tar"
mounted=()
unmount_all() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null; done; mounted=(); }
cleanup() {
  if [ -n "${box_pid:-}" ] && kill -0 "$box_pid" 2>/dev/null; then
    kill -TERM "$box_pid" 2>/dev/null  # nspawn asks the container's systemd to power off
    for _ in $(seq 1 100); do kill -0 "$box_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$box_pid" 2>/dev/null
  fi
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  unmount_all
  [ -n "${TB_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/lib/check.sh"
[ "$(id -u)" = 0 ] || { fail "needs root (chroot, mounts, systemd-nspawn)"; finish setup.clean_root; }
for tool in debootstrap chroot cpack systemd-nspawn nsenter Xvfb import openssl curl; do
  command -v "$tool" >/dev/null || { fail "$tool is missing (tools/deps/debian-packages.txt)"; finish setup.clean_root; }
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
since() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

# --- the clean root: made once by debootstrap from Debian's archive (the one apt uses here), kept --
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  start=$(date +%s)
  # minbase has no init; a server or kiosk boots systemd (systemd-sysv), which is all that is added.
  if debootstrap --variant=minbase --include=systemd-sysv bookworm "$work/fresh" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tar -C "$work/fresh" -cf "$tarball.new" . && mv "$tarball.new" "$tarball"
    ok "a clean Debian 12 root made by debootstrap in $(( $(date +%s) - start )) s (kept in $tarball)"
    rm -rf "$work/fresh"
  else
    fail "debootstrap" "$(tail -20 "$work/debootstrap.log")"; finish setup.clean_root
  fi
fi
mkdir -p "$root" && tar -C "$root" -xf "$tarball" && ok "a clean Debian 12 root: $(cat "$root/etc/debian_version"), init $(readlink "$root/sbin/init")" \
  || { fail "unpacking $tarball"; finish setup.clean_root; }
[ ! -e "$root/usr/bin/tongban" ] && ok "nothing of tongban in it" || fail "the clean root already has tongban"

# --- the packages, built from this build as setup.packages builds them -----------------------------
cpack --config "$build/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" 2>&1 && ok "cpack: the packages" \
  || { fail "cpack" "$(tail -20 "$work/cpack.log")"; finish setup.clean_root; }
mkdir -p "$root/root/debs" && cp "$work"/debs/tongban*_*.deb "$root/root/debs/"
server_debs='/root/debs/tongban_*.deb /root/debs/tongban-intake_*.deb /root/debs/tongban-site_*.deb'

# apt inside the root, its downloads kept between runs (they are not what is timed).
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$cache/archives/partial"
mount --bind "$cache/archives" "$root/var/cache/apt/archives" && mounted+=("$root/var/cache/apt/archives")
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update -q >"$work/apt.log" 2>&1 || { fail "apt-get update in the root" "$(tail -10 "$work/apt.log")"; finish setup.clean_root; }
in_root bash -c "apt-get install -y -q --download-only --no-install-recommends $server_debs /root/debs/tongban-kiosk_*.deb" \
  >>"$work/apt.log" 2>&1 || { fail "downloading the dependencies" "$(tail -10 "$work/apt.log")"; finish setup.clean_root; }

# The city's certificate: made by its own CA (here a throwaway one), before the clock starts.
bash "$src/tools/tls/local-ca.sh" "$work/tls" city >/dev/null || { fail "a CA for the test"; finish setup.clean_root; }
port=$(free_port); publisher_port=$(free_port)

# --- timed from here: install, key, certificate, one config file, boot until it answers -----------
start=$(date +%s.%N)
in_root bash -c "apt-get install -y -q --no-install-recommends $server_debs" >>"$work/apt.log" 2>&1 \
  && ok "apt installs tongban, tongban-intake and tongban-site with their Debian dependencies" \
  || { fail "apt-get install" "$(tail -20 "$work/apt.log")"; finish setup.clean_root; }
check "the CLI runs from /usr/bin" 0 "^tongban " in_root tongban version
check "a receipt key for this intake" 0 "ed25519-sign key intake" in_root tongban keys new intake --out /etc/tongban
[ "$(stat -c %a "$root/etc/tongban/tls")" = 700 ] && ok "/etc/tongban/tls is there, root's only" || fail "/etc/tongban/tls: $(stat -c %a "$root/etc/tongban/tls" 2>&1)"
install -m 0644 "$work/tls/server.pem" "$root/etc/tongban/tls/intake.pem"
install -m 0600 "$work/tls/server.key" "$root/etc/tongban/tls/intake.key"
# Devices trust the city's CA through the system's store, as any CA a city uses.
install -m 0644 "$work/tls/ca.pem" "$root/usr/local/share/ca-certificates/city-ca.crt"
check "the city's CA in the system's store" 0 "1 added" in_root update-ca-certificates
# The one file a person edits: intake.conf, as its comments say for HTTPS.
sed -i -e "s|^port = .*|port = $port|" \
       -e 's|^# tls-cert = \(.*\)$|tls-cert = \1|' -e 's|^# tls-key = \(.*\)$|tls-key = \1|' "$root/etc/tongban/intake.conf"
grep -q '^tls-key = /run/credentials/tongban-intake.service/' "$root/etc/tongban/intake.conf" && ok "intake.conf: HTTPS set" \
  || fail "intake.conf has no tls-key line to uncomment" "$(grep -n tls "$root/etc/tongban/intake.conf")"
check "systemctl enable tongban-intake" 0 "" in_root systemctl enable tongban-intake
unmount_all
# Boot: systemd as PID 1 of the root, the host's network (the intake listens on its loopback), apt's
# downloads bound in for the kiosk's install later.
systemd-nspawn -D "$root" --boot --register=no --keep-unit -q --bind="$cache/archives:/var/cache/apt/archives" \
  >"$work/boot.log" 2>&1 </dev/null &
box_pid=$!
for _ in $(seq 1 600); do curl -sf --cacert "$work/tls/ca.pem" "https://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
elapsed=$(since "$start")
check "the installed intake answers over HTTPS once booted" 0 "^ok$" curl -sS --cacert "$work/tls/ca.pem" "https://127.0.0.1:$port/api/v1/health"
curl -sf --cacert "$work/tls/ca.pem" "https://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && awk -v t="$elapsed" 'BEGIN { exit !(t < 120) }' \
  && ok "install + first start of the intake: $elapsed s (target < 120 s, downloads excluded)" \
  || { fail "install + first start took $elapsed s (target < 120 s)" "$(tail -20 "$work/boot.log")"; finish setup.clean_root; }

# Commands inside the booted root: the namespaces of its PID 1.
box_init=$(pgrep -P "$box_pid" | head -1)
in_box() { nsenter -t "$box_init" -a /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
check "systemd runs the intake's unit" 0 "^active$" in_box systemctl is-active tongban-intake
main_pid() { in_box systemctl show -P MainPID "$1"; }
kill_main() {  # a unit's main process, killed as a crash would end it (never a PID of 0 or 1)
  local pid; pid=$(main_pid "$1"); [ "${pid:-0}" -gt 1 ] && in_box bash -c "kill -KILL $pid"
}
intake_pid=$(main_pid tongban-intake)
intake_uid=$(in_box stat -c %u "/proc/$intake_pid" 2>&1)
[ -n "$intake_uid" ] && [ "$intake_uid" != 0 ] && ok "... as its own dynamic user (uid $intake_uid), not root" || fail "the intake runs as uid '$intake_uid'"
check "plain HTTP is not spoken" 0 "refused plain HTTP" bash -c "curl -sS http://127.0.0.1:$port/api/v1/health >/dev/null 2>&1 && echo 'answered plain HTTP' || echo 'refused plain HTTP'"

# A submission, as a device would send it, with the installed CLI over HTTPS (the system's CA store).
check "a device key" 0 "ed25519-device key dev" in_box tongban keys new dev --out /root --kind device
check "a department key" 0 "x25519-seal key gongan" in_box tongban keys new gongan --out /root --kind seal
check "the device registered" 0 "registered kiosk device" \
  in_box tongban intake register-device --db sqlite:/var/lib/tongban/intake/intake.db /root/dev.pub
marker="清根测试居民$RANDOM"
echo "{\"parts\": {\"gongan\": {\"child\": \"$marker\"}}}" >"$root/root/data.json"
check "sealed with the installed CLI" 0 "wrote .*e.tbs" in_box tongban seal --data /root/data.json --device-key /root/dev.key --to /root/gongan.pub -o /root/e.tbs
check "the installed intake takes it over HTTPS and answers with a verified receipt" 0 "^TBR1:" \
  in_box tongban submit /root/e.tbs --intake "https://127.0.0.1:$port" --trust /etc/tongban/intake.pub
check "the guide bundle verifies against an explicit trust key" 0 "^ok: .*guides.tbg" \
  in_box tongban guide verify /usr/share/tongban/site/data/guides.tbg --trust /usr/share/tongban/demo-keys/guide-issuer.pub
check "... and without one it is refused" 2 "no issuer to trust" in_box tongban guide verify /usr/share/tongban/site/data/guides.tbg

# systemd restarts a killed intake (Restart=on-failure), and it answers again.
kill_main tongban-intake
for _ in $(seq 1 100); do
  now=$(main_pid tongban-intake); [ -n "$now" ] && [ "$now" != 0 ] && [ "$now" != "$intake_pid" ] \
    && curl -sf --cacert "$work/tls/ca.pem" "https://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.2
done
[ "${now:-0}" -gt 1 ] && [ "$now" != "$intake_pid" ] && ok "killed, the intake is restarted by systemd (pid $intake_pid, then $now)" || fail "the killed intake was not restarted (pid $intake_pid, now ${now:-none})"
check "... and answers again" 0 "^ok$" curl -sS --cacert "$work/tls/ca.pem" "https://127.0.0.1:$port/api/v1/health"

# --- the kiosk ----------------------------------------------------------------------------------
# The city's publisher of guide updates: the site's data/ folder over HTTPS (any web server; here the
# installed `tongban serve`, as a transient unit).
check "the publisher serves the installed site over HTTPS" 0 "Running as unit" \
  in_box systemd-run --unit=tongban-publisher /usr/bin/tongban serve --site /usr/share/tongban/site --port "$publisher_port" \
    --tls-cert /etc/tongban/tls/intake.pem --tls-key /etc/tongban/tls/intake.key
start=$(date +%s.%N)
in_box bash -c 'apt-get install -y -q --no-install-recommends /root/debs/tongban-kiosk_*.deb' >>"$work/apt.log" 2>&1 \
  && ok "apt installs tongban-kiosk with its Debian dependencies (cage, espeak-ng…) in $(since "$start") s" \
  || { fail "apt-get install tongban-kiosk" "$(tail -20 "$work/apt.log")"; finish setup.clean_root; }
mkdir -p "$root/etc/tongban/keys"
cp "$root"/usr/share/tongban/demo-keys/{guide-issuer.pub,code-root.pub,code-trust.tbt} "$root/etc/tongban/intake.pub" "$root/etc/tongban/keys/"
sed -i -e "s|^intake = .*|intake = https://127.0.0.1:$port|" \
       -e "s|^# updates = .*|updates = https://127.0.0.1:$publisher_port/data/|" -e 's|^# update-every = .*|update-every = 2|' \
       "$root/etc/tongban/kiosk.conf"
check "kiosk.conf: the effective settings" 0 "updates = https://127.0.0.1:$publisher_port/data/" \
  in_box tongban-kiosk --config /etc/tongban/kiosk.conf --print-config
# The shipped unit runs `cage -s -- tongban-kiosk … --fullscreen` on tty1. A test container has no
# tty1, seat or GPU, so a drop-in removes the tty and the login session and gives cage wlroots'
# headless output with its software renderer; the command line itself is the shipped one.
mkdir -p "$root/etc/systemd/system/tongban-kiosk.service.d"
dropin="$root/etc/systemd/system/tongban-kiosk.service.d/test-container.conf"
printf '%s\n' '[Service]' 'PAMName=' 'TTYPath=' 'StandardInput=null' 'RuntimeDirectory=tongban-kiosk-wayland' \
  'Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 XDG_RUNTIME_DIR=/run/tongban-kiosk-wayland' >"$dropin"
in_box systemctl daemon-reload
check "systemctl start tongban-kiosk" 0 "" in_box systemctl start tongban-kiosk
for _ in $(seq 1 150); do [ -s "$root/var/lib/tongban/kiosk/device.pub" ] && break; sleep 0.2; done
check "the kiosk runs under systemd" 0 "^active$" in_box systemctl is-active tongban-kiosk
cage_pid=$(main_pid tongban-kiosk)
check "... its unit's main process is cage (the shipped ExecStart)" 0 "^cage$" in_box cat "/proc/${cage_pid:-0}/comm"
# The kiosk process inside cage, by name (minbase has no procps).
kiosk_pids() { in_box bash -c 'for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = tongban-kiosk ] && echo ${p#/proc/}; done'; }
kiosk_pid=$(kiosk_pids | head -1)
[ -n "$kiosk_pid" ] && ok "... with tongban-kiosk running in it (pid $kiosk_pid)" || fail "no tongban-kiosk process in cage" "$(in_box journalctl -u tongban-kiosk -n 20 --no-pager)"
check "... as its own user" 0 "^tongban-kiosk$" in_box stat -c %U "/proc/${kiosk_pid:-0}"
check "its secrets sealed by tongban-kiosk-keys (systemd-creds)" 0 "^device.seed.cred$" ls "$root/var/lib/tongban/kiosk-credentials"
ls "$root/var/lib/tongban/kiosk" | grep -qx 'device.seed\|data.key' && fail "a plain secret in the kiosk's data folder" || ok "... and no plain secret in its data folder"
check "its device registered with the intake" 0 "registered kiosk device" \
  in_box tongban intake register-device --db sqlite:/var/lib/tongban/intake/intake.db /var/lib/tongban/kiosk/device.pub
fleet() { in_box tongban intake fleet --db sqlite:/var/lib/tongban/intake/intake.db --kind kiosk; }
for _ in $(seq 1 150); do fleet 2>/dev/null | grep -qP "\tok\t" && break; sleep 0.2; done
check "its signed heartbeat over HTTPS: tongban intake fleet lists it ok" 0 $'\tok\t[^\t]+\t0\\.1\\.0\t[0-9]+' fleet  # status, last seen, app version, bundle version
# A crash of the kiosk: cage ends with it, and systemd starts both again (Restart=always) with the
# same data (the same device key).
pub_before=$(cat "$root/var/lib/tongban/kiosk/device.pub")
[ "${kiosk_pid:-0}" -gt 1 ] && in_box bash -c "kill -KILL $kiosk_pid"
for _ in $(seq 1 100); do now=$(kiosk_pids | head -1); [ -n "$now" ] && [ "$now" != "$kiosk_pid" ] && break; sleep 0.2; done
[ "${now:-0}" -gt 1 ] && [ "$now" != "$kiosk_pid" ] && ok "killed, the kiosk is restarted by systemd (pid $kiosk_pid, then $now)" || fail "the killed kiosk was not restarted (pid $kiosk_pid, now ${now:-none})"
[ "$(cat "$root/var/lib/tongban/kiosk/device.pub")" = "$pub_before" ] && ok "... with its data kept (the same device key)" || fail "the kiosk's device key changed across a restart"
# What it draws: wlroots' headless output cannot be looked at here, so for a screenshot the drop-in
# runs the kiosk itself in the test's X server instead of in cage.
display=:$((100 + RANDOM % 400))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
printf '%s\n' '[Service]' 'PAMName=' 'TTYPath=' 'StandardInput=null' "Environment=SDL_VIDEODRIVER=x11 DISPLAY=$display" 'ExecStart=' \
  'ExecStart=/usr/bin/tongban-kiosk --config /etc/tongban/kiosk.conf --data /var/lib/tongban/kiosk --secrets %d --fullscreen' >"$dropin"
in_box systemctl daemon-reload
in_box systemctl restart tongban-kiosk
for _ in $(seq 1 50); do [ "$(in_box systemctl is-active tongban-kiosk)" = active ] && break; sleep 0.2; done
sleep 2  # its first frames
out="$build/test-artifacts/clean-root"; mkdir -p "$out"
import -display "$display" -window root "$out/kiosk-installed.png" 2>/dev/null && ok "screenshot: $out/kiosk-installed.png" || fail "screenshot of the installed kiosk"

# --- logs: the journal of the whole run holds no trace of the submission ---------------------------
journal=$(in_box journalctl -b --no-pager -o cat 2>&1)
grep -q 'access PUT\|access POST' <<<"$journal" && ok "the intake's access log is in the journal" || fail "no access log lines in the journal" "$(tail -20 <<<"$journal")"
grep -q "$marker" <<<"$journal" && fail "the submission's content is in the journal" || ok "nothing of the submission in the journal"
finish setup.clean_root
