# Shared by the intake's CLI tests (`source` it after setting $tongban, $src and $work): the
# intake processes they start ($pids) are killed and $work removed on exit; free_port;
# start_intake NAME PORT DB [options…] (in the background, waiting for its health check; sets
# $intake_pid; the log goes to $work/NAME.log); stop PID; and check.sh's ok/fail/check/finish.
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$(dirname "${BASH_SOURCE[0]}")/check.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# start_intake NAME PORT DB [options…]: starts it in the background; sets $intake_pid.
start_intake() {
  local name=$1 port=$2 db=$3; shift 3
  "$tongban" intake serve --db "sqlite:$db" --intake-key "$src/assets/demo-keys/intake.key" --port "$port" "$@" \
    >>"$work/$name.log" 2>&1 &
  intake_pid=$!
  pids+=("$intake_pid")
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && return 0
    kill -0 "$intake_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "intake $name did not start:"; sed 's/^/     /' "$work/$name.log"
  exit 1
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
