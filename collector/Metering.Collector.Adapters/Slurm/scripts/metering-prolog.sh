#!/bin/sh
# Slurm node Prolog (slurmd, runs as root on every node of the job with PrologFlags=Alloc):
# tells the Metering collector that job $SLURM_JOB_ID started on this node with these GPUs.
#
# It never fails the job: it always exits 0 (a Prolog that exits non-zero drains the node and requeues
# the job), bounds the call with `timeout`, and logs every call and failure (file, else syslog).
# Install and configuration: collector/Metering.Collector.Adapters/Slurm/README.md ("Installing the hooks").

# slurmd gives its hooks no PATH; the env file may prepend to this one. The other defaults yield to the
# environment (slurmd passes none of them; a manual run may) and then to the env file.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
METERING_BIN=${METERING_BIN:-metering}
METERING_TIMEOUT_S=${METERING_TIMEOUT_S:-5}
METERING_LOG=${METERING_LOG:-/var/log/metering/slurm-hooks.log}

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
  line="$(date '+%Y-%m-%dT%H:%M:%S%z') metering-prolog: $*"
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

case ${SLURM_JOB_ID:-} in
  '' | *[!0-9]*) log "no numeric SLURM_JOB_ID (got $(quote "${SLURM_JOB_ID:-}")), nothing sent"; exit 0 ;;
esac
[ "$env_status" = loaded ] || log "env file $(quote "$env_file") $env_status; using defaults"

node=${SLURMD_NODENAME:-$(hostname -s 2>/dev/null)}
# Global GPU indices as gres.conf numbers them (not renumbered by device cgroups, unlike the job's view).
gpus=${SLURM_JOB_GPUS:-${CUDA_VISIBLE_DEVICES:-}}
case $gpus in *[!0-9,]*) gpus= ;; esac # e.g. CUDA_VISIBLE_DEVICES=NoDevFiles
# SLURM_JOB_CPUS_PER_NODE is "8", "8(x2)" or "8(x2),4": only a uniform count is this node's.
cpus=${SLURM_JOB_CPUS_PER_NODE:-}
case $cpus in *,*) cpus= ;; esac
cpus=${cpus%%(*}
case $cpus in *[!0-9]*) cpus= ;; esac

set -- job start --id "slurm:$SLURM_JOB_ID" --source slurm --node "$node" --start-ms "$(now_ms)"
[ -n "$gpus" ] && set -- "$@" --gpus "$gpus"
[ -n "$cpus" ] && set -- "$@" --cpus "$cpus"
[ -n "${SLURM_JOB_USER:-}" ] && set -- "$@" --user "$SLURM_JOB_USER"
[ -n "${SLURM_JOB_ACCOUNT:-}" ] && set -- "$@" --project "$SLURM_JOB_ACCOUNT"

timeout -k 1 "$METERING_TIMEOUT_S" "$METERING_BIN" "$@" </dev/null >>"$cli_out" 2>&1
rc=$?
call=$(quote_all "$@")
case $rc in
  0) log "sent: $call" ;;
  124 | 137) log "timed out after $(quote "$METERING_TIMEOUT_S")s (rc $rc): $call" ;;
  *) log "failed (rc $rc): $call" ;;
esac
exit 0
