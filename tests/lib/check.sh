# Shared by the CLI test scripts (`source` it): named checks against the real binaries, a count of
# failures, and the summary line that sets the script's exit status.
fails=0
ok() { echo "ok   $*"; }
fail() {  # what [output to show, indented]
  echo "FAIL $1"
  [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /' | head -40
  fails=$((fails + 1))
}
check() {  # description, expected exit status, expected text (grep -E on stdout+stderr), command...
  local what=$1 want_status=$2 want_text=$3; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$status" != "$want_status" ] || ! grep -qE -- "$want_text" <<<"$out"; then
    fail "$what: status $status (want $want_status), output:" "$out"
  else
    ok "$what"
  fi
}
finish() {  # the test's name: "NAME: all passed", or the failure count and exit status 1
  [ "$fails" -eq 0 ] && echo "$1: all passed" || { echo "$1: $fails failed"; exit 1; }
}
