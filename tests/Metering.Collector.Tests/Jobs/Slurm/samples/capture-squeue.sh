#!/bin/sh
# Captures squeue-22.05.json: `squeue --json` of a real Slurm 22.05 holding jobs in every state the parser meets.
# Needs a running single-node cluster shaped like tests/Metering.Testing/SlurmCluster.cs (node mnode1, 8 CPUs,
# 4 GPUs, no hooks) and SLURM_CONF pointing at its slurm.conf. Usage: SLURM_CONF=... ./capture-squeue.sh OUT.json
set -eu
out=${1:?usage: capture-squeue.sh OUT.json}
state() { squeue -h -t all -j "$1" -o %T; }
wait_for() { i=0; until [ "$(state "$1")" = "$2" ]; do i=$((i + 1)); [ $i -lt 200 ] || { echo "job $1 never $2" >&2; exit 1; }; sleep 0.1; done; }
sub() { sbatch --parsable -o /dev/null "$@"; }

a=$(sub --gres=gpu:1 -J hold-a --wrap 'sleep 300'); wait_for "$a" RUNNING    # GPU 0
b=$(sub --gres=gpu:1 -J hold-b --wrap 'sleep 300'); wait_for "$b" RUNNING    # GPU 1
c=$(sub --gres=gpu:1 -J hold-c --wrap 'sleep 300'); wait_for "$c" RUNNING    # GPU 2
scancel "$b"; wait_for "$b" CANCELLED                                         # frees GPU 1
d=$(sub --gres=gpu:1 -J quick --wrap 'true'); wait_for "$d" COMPLETED        # ran on GPU 1
e=$(sub --gres=gpu:2 -c 2 -A physics -J train-llm --wrap 'sleep 300'); wait_for "$e" RUNNING  # GPUs 1,3
f=$(sub -J fails --wrap 'exit 3'); wait_for "$f" FAILED
g=$(sub --gres=gpu:2 -J waits --wrap 'true'); sleep 1                         # no GPU free: PENDING
squeue --json >"$out"
scancel "$a" "$c" "$e" "$g"
