# shellcheck shell=bash
# Small helpers for scripts that run local servers as background processes: messages,
# pid files that survive a reboot or pid reuse, and a stop with a deadline.
# Source it: `source "$(dirname "${BASH_SOURCE[0]}")/lib/proc.sh"`; set PROC_TAG first to
# prefix the messages with the script's name.

PROC_TAG=${PROC_TAG:-$(basename "$0")}

say() { printf '%s: %s\n' "$PROC_TAG" "$*" >&2; }
die() { say "$*"; exit 1; }

# proc_alive PIDFILE MARKER: true when the pid in PIDFILE runs and its command line holds
# MARKER, so a stale pid file whose number was reused by another process reads as stopped.
proc_alive() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

# proc_stop DEADLINE_SECONDS MARKER PIDFILE...: SIGTERM to every live process, wait for all
# of them to exit, SIGKILL whatever is left at the deadline; pid files are removed. Returns 1
# when something had to be killed.
proc_stop() {
  local deadline=$1 marker=$2 pidfile left killed=0
  shift 2
  local -a files=("$@")
  for pidfile in "${files[@]}"; do
    proc_alive "$pidfile" "$marker" && kill -TERM "$(<"$pidfile")" 2>/dev/null
  done
  local end=$((SECONDS + deadline))
  while :; do
    left=()
    for pidfile in "${files[@]}"; do
      proc_alive "$pidfile" "$marker" && left+=("$pidfile")
    done
    ((${#left[@]} == 0)) && break
    if ((SECONDS >= end)); then
      for pidfile in "${left[@]}"; do
        say "$(<"$pidfile") did not stop within ${deadline}s; killing it"
        kill -KILL "$(<"$pidfile")" 2>/dev/null
      done
      killed=1
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  for pidfile in "${files[@]}"; do
    proc_alive "$pidfile" "$marker" || rm -f "$pidfile"
  done
  return "$killed"
}

# proc_kill MARKER PIDFILE: SIGKILL the process, as a crash would, wait until it is gone and
# remove its pid file.
proc_kill() {
  local marker=$1 pidfile=$2 n
  proc_alive "$pidfile" "$marker" || { rm -f "$pidfile"; return 0; }
  kill -KILL "$(<"$pidfile")" 2>/dev/null
  for ((n = 0; n < 100; n++)); do
    proc_alive "$pidfile" "$marker" || break
    sleep 0.1
  done
  proc_alive "$pidfile" "$marker" && { say "$(<"$pidfile") survived SIGKILL"; return 1; }
  rm -f "$pidfile"
}

# port_in_use PORT: true when something on 127.0.0.1 accepts connections on PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# log_tail FILE [LINES]: the first errors and the end of a server log, indented, for error
# messages (a failing server's last lines are mostly its orderly shutdown).
log_tail() {
  local file=$1 lines=${2:-30}
  if [[ -s $file ]]; then
    if grep -qE '(ERROR|FATAL|Exception)' "$file"; then
      say "first errors in $file:"
      grep -m 5 -E '(ERROR|FATAL|Exception)' "$file" | cut -c1-400 | sed 's/^/    /' >&2
    fi
    say "last lines of $file:"
    tail -n "$lines" "$file" | sed 's/^/    /' >&2
  else
    say "$file is empty or missing"
  fi
}
