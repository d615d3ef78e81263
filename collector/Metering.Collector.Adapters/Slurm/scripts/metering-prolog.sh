#!/bin/sh
# Slurm node Prolog (slurmd, runs as root on every node of the job with PrologFlags=Alloc):
# tells the Metering collector that job $SLURM_JOB_ID started on this node with these GPUs.
#
# It never fails the job: it always exits 0 (a Prolog that exits non-zero drains the node and requeues
# the job), bounds the call with `timeout`, and logs every call and failure (file, else syslog).
# Install and configuration: collector/Metering.Collector.Adapters/Slurm/README.md ("Installing the hooks").

hook=metering-prolog

# >>> common to metering-prolog.sh, metering-epilog.sh and metering-spool-flush.sh (HookScriptTests checks they match)
# slurmd gives its hooks no PATH; the env file may prepend to this one. The other defaults yield to the
# environment (slurmd passes none of them; a manual run may) and then to the env file.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
METERING_BIN=${METERING_BIN:-metering}
METERING_TIMEOUT_S=${METERING_TIMEOUT_S:-5}
METERING_LOG=${METERING_LOG:-/var/log/metering/slurm-hooks.log}
METERING_SPOOL_DIR=${METERING_SPOOL_DIR:-/var/spool/metering}
METERING_SPOOL_MAX=${METERING_SPOOL_MAX:-10000}
METERING_FLUSH_S=${METERING_FLUSH_S:-2}

# The env file: $METERING_SLURM_ENV, else metering-slurm.env beside slurm.conf, else /etc/metering/slurm.env.
env_file=${METERING_SLURM_ENV:-}
if [ -z "$env_file" ] && [ -n "${SLURM_CONF:-}" ] && [ -f "${SLURM_CONF%/*}/metering-slurm.env" ]; then
  env_file=${SLURM_CONF%/*}/metering-slurm.env
fi
env_file=${env_file:-/etc/metering/slurm.env}
env_status=missing
# It is sourced as root, so it is refused unless root (or whoever runs this script by hand) owns it and neither
# group nor others may write it: otherwise anyone who can edit it runs commands as root on every job. Tried in a
# subshell first: a syntax error in a sourced file would end this shell with a non-zero status.
if [ -r "$env_file" ]; then
  env_stat=$(stat -L -c '%u %a' "$env_file" 2>/dev/null)
  env_owner=${env_stat%% *}
  env_mode=${env_stat#* }
  case $env_owner in '' | *[!0-9]*) env_owner= ;; esac
  case $env_mode in '' | *[!0-7]*) env_mode= ;; esac
  if [ -z "$env_owner" ] || [ -z "$env_mode" ]; then
    env_status="refused (its owner and mode cannot be read)"
  elif [ "$env_owner" != 0 ] && [ "$env_owner" != "$(id -u)" ]; then
    env_status="refused (owned by uid $env_owner, not root)"
  elif [ $((0$env_mode & 022)) -ne 0 ]; then
    env_status="refused (mode $env_mode: writable by group or others; chmod 600 it)"
  elif (. "$env_file") >/dev/null 2>&1; then
    . "$env_file"
    env_status=loaded
  else
    env_status=broken
  fi
fi
export PATH METERING_URL METERING_TOKEN METERING_CA_FILE

# The log file if it can be appended to, else syslog. The CLI's own output goes to the file or nowhere: never to
# a pipe this script would wait on.
cli_out=/dev/null
{ : >>"$METERING_LOG"; } 2>/dev/null && cli_out=$METERING_LOG
log() {
  line="$(date '+%Y-%m-%dT%H:%M:%S%z') $hook: $*"
  if [ "$cli_out" = /dev/null ]; then logger -t metering-slurm -- "$line" 2>/dev/null || true; else printf '%s\n' "$line" >>"$cli_out"; fi
}

# An argument as the log shows it: bare when it holds only letters, digits and , . : @ % + = / _ -, else in single
# quotes (a quote inside written '\'') with every control character, a newline included, written as '?'. So a job
# label can neither end the log line (and forge the next one) nor pass for two arguments.
quote() {
  case $1 in
    '' | *[!A-Za-z0-9,.:@%+=/_-]*) printf "'%s'" "$(printf '%s' "$1" | tr '\001-\037\177' '[?*]' | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
  esac
}
quote_all() {
  quoted=
  for arg in "$@"; do quoted="$quoted${quoted:+ }$(quote "$arg")"; done
  printf '%s' "$quoted"
}

now_ms() {
  ms=$(date +%s%3N 2>/dev/null)
  case $ms in *N* | '') ms=$(($(date +%s) * 1000)) ;; esac
  printf '%s' "$ms"
}

# The spool: calls the collector could not take wait in METERING_SPOOL_DIR, one file each, named by the time they
# were spooled, until a later hook or metering-spool-flush.sh replays them, oldest first. A file holds the call's
# arguments each in single quotes (a quote inside written '\''), so replaying it is `eval "set -- $(cat file)"`:
# the directory must therefore be root's alone (created 0700; refused, and nothing spooled, if anyone else owns it
# or may read, write or enter it). At most METERING_SPOOL_MAX calls wait; past that a call is logged as lost.
spool_status=unchecked
spool_ready() {
  if [ "$spool_status" = unchecked ]; then
    [ -d "$METERING_SPOOL_DIR" ] || (umask 077 && mkdir -p "$METERING_SPOOL_DIR") 2>/dev/null
    sp_stat=$(stat -L -c '%u %a' "$METERING_SPOOL_DIR" 2>/dev/null)
    sp_owner=${sp_stat%% *}
    sp_mode=${sp_stat#* }
    case $sp_owner in '' | *[!0-9]*) sp_owner= ;; esac
    case $sp_mode in '' | *[!0-7]*) sp_mode= ;; esac
    if [ -z "$sp_owner" ] || [ -z "$sp_mode" ]; then
      spool_status="refused (it cannot be created or read)"
    elif [ "$sp_owner" != 0 ] && [ "$sp_owner" != "$(id -u)" ]; then
      spool_status="refused (owned by uid $sp_owner, not root)"
    elif [ $((0$sp_mode & 077)) -ne 0 ]; then
      spool_status="refused (mode $sp_mode: open to group or others; chmod 700 it)"
    else
      spool_status=ready
    fi
  fi
  [ "$spool_status" = ready ]
}
spool_waiting() {
  set -- "$METERING_SPOOL_DIR"/*.call
  if [ -e "$1" ]; then printf '%s' $#; else printf 0; fi
}
spool_add() {
  if [ "$(spool_waiting)" -ge "$METERING_SPOOL_MAX" ]; then
    return 1
  fi
  sp_tmp="$METERING_SPOOL_DIR/.$$.tmp"
  sp_file="$METERING_SPOOL_DIR/$(now_ms).$$.call"
  (umask 077 && for arg in "$@"; do printf "'%s' " "$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")"; done >"$sp_tmp") 2>/dev/null \
    && mv "$sp_tmp" "$sp_file" 2>/dev/null || { rm -f "$sp_tmp"; return 1; }
  sync "$sp_file" "$METERING_SPOOL_DIR" 2>/dev/null
  return 0
}
# Replays spooled calls oldest first, starting none after METERING_FLUSH_S seconds, one hook at a time (flock);
# succeeds when none is left waiting. A call the collector refuses (exit 2 or 4) would be refused again: it is
# logged and dropped. The first that cannot be delivered stops the replay.
spool_flush() {
  (umask 077 && : >>"$METERING_SPOOL_DIR/.lock") 2>/dev/null
  exec 9>>"$METERING_SPOOL_DIR/.lock" || return 1
  if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
    exec 9>&-
    return 1
  fi
  sp_deadline=$(($(date +%s) + METERING_FLUSH_S))
  while [ "$(spool_waiting)" -gt 0 ]; do
    for sp_file in "$METERING_SPOOL_DIR"/*.call; do
      [ -e "$sp_file" ] || continue
      if [ "$(date +%s)" -ge "$sp_deadline" ]; then
        exec 9>&-
        return 1
      fi
      eval "set -- $(cat "$sp_file")"
      case "${1:-} ${2:-}" in
        'job start' | 'job end')
          timeout -k 1 "$METERING_TIMEOUT_S" "$METERING_BIN" "$@" </dev/null >>"$cli_out" 2>&1 9>&-
          sp_rc=$? ;;
        *) sp_rc=2 ;;
      esac
      case $sp_rc in
        0) rm -f "$sp_file"; log "replayed: $(quote_all "$@")" ;;
        2 | 4) rm -f "$sp_file"; log "replay refused (rc $sp_rc), dropped: $(quote_all "$@")" ;;
        *)
          log "replay failed (rc $sp_rc), $(spool_waiting) waiting: $(quote_all "$@")"
          exec 9>&-
          return 1 ;;
      esac
    done
  done
  exec 9>&-
  return 0
}

# Sends one call. Calls spooled earlier go first (order matters: an end before its start would be refused); while
# any is still waiting, or the replay used up METERING_FLUSH_S, this one waits behind them (so a hook takes at most
# METERING_FLUSH_S + METERING_TIMEOUT_S + 1 s). A call that could not be delivered is spooled; one the collector
# refused is not (it would be refused again).
send() {
  call=$(quote_all "$@")
  if spool_ready && [ "$(spool_waiting)" -gt 0 ] && { ! spool_flush || [ "$(date +%s)" -ge "$sp_deadline" ]; }; then
    if spool_add "$@"; then log "spooled behind $(($(spool_waiting) - 1)) waiting: $call"; else log "lost (spool full or unwritable): $call"; fi
    return
  fi
  timeout -k 1 "$METERING_TIMEOUT_S" "$METERING_BIN" "$@" </dev/null >>"$cli_out" 2>&1
  rc=$?
  case $rc in
    0) log "sent: $call"; return ;;
    2 | 4) log "failed (rc $rc): $call"; return ;;
    124 | 137) outcome="timed out after $(quote "$METERING_TIMEOUT_S")s (rc $rc)" ;;
    *) outcome="failed (rc $rc)" ;;
  esac
  if ! spool_ready; then
    log "$outcome, not spooled (spool $(quote "$METERING_SPOOL_DIR") $spool_status): $call"
  elif spool_add "$@"; then
    log "$outcome, spooled: $call"
  else
    log "$outcome, lost (spool full or unwritable): $call"
  fi
}
# <<< common

case ${SLURM_JOB_ID:-} in
  '' | *[!0-9]*) log "no numeric SLURM_JOB_ID (got $(quote "${SLURM_JOB_ID:-}")), nothing sent"; exit 0 ;;
esac
[ "$env_status" = loaded ] || log "env file $(quote "$env_file") $env_status; using defaults"

# A requeued job runs again under the same SLURM_JOB_ID; its later runs are jobs of their own, slurm:ID:runN
# (SLURM_JOB_RESTART_COUNT is 0 in the first run's Prolog, 1 in the second's).
id=slurm:$SLURM_JOB_ID
restarts=${SLURM_JOB_RESTART_COUNT:-0}
restarts=${restarts#"${restarts%%[!0]*}"} # no leading zeros: shell arithmetic would read them as octal
case $restarts in '' | *[!0-9]*) restarts=0 ;; esac
[ ${#restarts} -le 5 ] && [ "$restarts" -gt 0 ] && id="$id:run$((restarts + 1))"
node=${SLURMD_NODENAME:-$(hostname -s 2>/dev/null)}
# Global GPU indices as gres.conf numbers them (not renumbered by device cgroups, unlike the job's view).
gpus=${SLURM_JOB_GPUS:-${CUDA_VISIBLE_DEVICES:-}}
case $gpus in *[!0-9,]*) gpus= ;; esac # e.g. CUDA_VISIBLE_DEVICES=NoDevFiles
# SLURM_JOB_CPUS_PER_NODE is "8", "8(x2)" or "8(x2),4": only a uniform count is this node's.
cpus=${SLURM_JOB_CPUS_PER_NODE:-}
case $cpus in *,*) cpus= ;; esac
cpus=${cpus%%(*}
case $cpus in *[!0-9]*) cpus= ;; esac

set -- job start --id "$id" --source slurm --node "$node" --start-ms "$(now_ms)"
[ -n "$gpus" ] && set -- "$@" --gpus "$gpus"
[ -n "$cpus" ] && set -- "$@" --cpus "$cpus"
[ -n "${SLURM_JOB_USER:-}" ] && set -- "$@" --user "$SLURM_JOB_USER"
[ -n "${SLURM_JOB_ACCOUNT:-}" ] && set -- "$@" --project "$SLURM_JOB_ACCOUNT"

send "$@"
exit 0
