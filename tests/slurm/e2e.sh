#!/usr/bin/env bash
# End-to-end test of `concord slurm` on a real one-node Slurm cluster (issue 12). Run as root from the repo root after a
# build (.ci/run does both):
#   1. start the cluster (cluster.sh; installs slurm-wlm and munge if missing);
#   2. `concord run` the study (tests/slurm/study.json) in one process: the reference results.db;
#   3. `concord slurm` the same study into a second run folder, wait for every job, and compare results.db content
#      fingerprints (`concord status --json`, the check the kill/resume test uses);
#   4. again into a third folder, but cancel one array element while its network is training (it has written an epoch
#      checkpoint and no final model); cancel the dependants that can never start; then resubmit `concord slurm`,
#      which submits only the unfinished tasks, and compare the fingerprint once more.
# Exit: 0 pass, 1 fail, 77 skip (prints "SKIP: reason"; only when Slurm cannot be installed or run here).
# Environment: CONCORD_DLL (default src/Concord.Cli/bin/Debug/net10.0/concord.dll), KEEP=1 keeps the work folder.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DLL=${CONCORD_DLL:-$ROOT/src/Concord.Cli/bin/Debug/net10.0/concord.dll}
CONFIG=$ROOT/tests/slurm/study.json
WORK=$(mktemp -d /tmp/concord-slurm-e2e.XXXXXX)
STATE=$WORK/cluster
DOTNET=$(command -v dotnet)
T0=$SECONDS

fail() { echo "slurm e2e: FAIL: $*" >&2; squeue >&2 2>/dev/null; finish 1; }
finish() {
  tests/slurm/cluster.sh stop "$STATE" >/dev/null 2>&1
  [ "${KEEP:-0}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
  exit "$1"
}
concord() { NO_COLOR=1 "$DOTNET" "$DLL" "$@"; }
fingerprint() { concord status "$1" --json | sed -n 's/^  "resultsFingerprint": "\(.*\)",$/\1/p'; }
wait_empty() { tests/slurm/cluster.sh wait-empty "$1" || fail "jobs still queued after $1 s"; }
submit() { # submit RUN_DIR LOG: concord slurm the study into RUN_DIR, logging to LOG
  concord slurm "$CONFIG" --out "$1" --time 00:20:00 > "$2" 2>&1 || { cat "$2" >&2; fail "concord slurm --out $1 failed"; }
  cat "$2"
}

[ -f "$DLL" ] || { echo "slurm e2e: $DLL not found: build first (dotnet build)" >&2; exit 1; }
out=$(tests/slurm/cluster.sh start "$STATE"); rc=$?
echo "$out"
if [ $rc -eq 77 ]; then rm -rf "$WORK"; exit 77; fi
[ $rc -eq 0 ] || fail "cluster did not start"
echo "cluster up after $((SECONDS - T0)) s"

# 2. The reference: one process.
concord run "$CONFIG" --out "$WORK/plain" > "$WORK/plain.log" 2>&1 || { cat "$WORK/plain.log" >&2; fail "plain concord run failed"; }
REF=$(fingerprint "$WORK/plain")
[ -n "$REF" ] || fail "no fingerprint for the plain run"
echo "plain run: fingerprint $REF after $((SECONDS - T0)) s"

# 3. The same study through Slurm.
submit "$WORK/slurm" "$WORK/slurm.log"
wait_empty 900
GOT=$(fingerprint "$WORK/slurm")
concord status "$WORK/slurm" | tail -n 1
[ "$GOT" = "$REF" ] || fail "slurm run fingerprint $GOT differs from the plain run's $REF"
echo "slurm run: same fingerprint after $((SECONDS - T0)) s"

# 4. Cancel one element mid-training, clean up the dependants that can never run, resubmit.
RUN=$WORK/killed
submit "$RUN" "$WORK/killed.log"
victim=""
for _ in $(seq 1200); do
  for d in "$RUN"/artefacts/train/*/; do
    [ -f "$d/checkpoint.bin" ] && [ ! -f "$d/.done" ] && [ ! -f "$d/model.bin" ] && { victim=train-$(basename "$d"); break 2; }
  done
  sleep 0.1
done
[ -n "$victim" ] || fail "no network was caught mid-training"
script=$(grep -l "^  $victim\$" "$RUN"/slurm/concord-L*.sbatch | head -n 1)
name=$(basename "$script" .sbatch)
index=$(sed -n '/^TASKS=(/,/^)/p' "$script" | grep '^  ' | grep -n "^  $victim\$" | cut -d: -f1)
index=$((index - 1))
job=$(sed -n "s/^submitted $name as job \([0-9]*\) .*/\1/p" "$WORK/killed.log")
[ -n "$job" ] || fail "job id of $name not found in the submission log"
echo "cancelling ${job}_${index} ($victim, mid-training)"
scancel "${job}_${index}" || fail "scancel ${job}_${index} failed"
# afterok dependants of a cancelled element stay PENDING (DependencyNeverSatisfied) for ever: cancel them.
for _ in $(seq 900); do
  never=$(squeue -h -o "%i %r" | awk '$2 == "DependencyNeverSatisfied" {print $1}')
  [ -n "$never" ] && scancel $never
  [ -z "$(squeue -h -t RUNNING,PENDING -o '%r' | grep -v DependencyNeverSatisfied)" ] && break
  sleep 1
done
wait_empty 300
concord status "$RUN" | tail -n 1
[ -f "$RUN/artefacts/train/${victim#train-}/.done" ] && fail "the cancelled network finished anyway"
submit "$RUN" "$WORK/resubmit.log"
wait_empty 900
GOT=$(fingerprint "$RUN")
concord status "$RUN" | tail -n 1
[ "$GOT" = "$REF" ] || fail "after the cancel and resubmission, fingerprint $GOT differs from the plain run's $REF"
echo "slurm e2e: PASS (plain, slurm, cancelled-and-resubmitted runs agree; $((SECONDS - T0)) s)"
finish 0
