#!/usr/bin/env bash
# Single-node Slurm cluster on localhost for tests (recipe: shared/docs/ECOSYSTEM.md "Slurm on one machine").
# Usage: cluster.sh start STATE_DIR | stop STATE_DIR | wait-empty TIMEOUT_SECONDS
# Exit: 0 ok, 1 failure, 2 usage, 77 skip (prints "SKIP: reason" on stdout).
# Daemons are stopped by the pids recorded in STATE_DIR, never by name.
# Verified on Debian 12, slurm-wlm 22.05.8, 2 cores: afterok on an array with one failed (exit 1) or scancel-ed element
# never runs; squeue shows it PENDING with reason DependencyNeverSatisfied (reason "Dependency" while other elements
# still run) and it stays queued for ever: the test must scancel it, or wait-empty times out.
set -u
MARK='# written by concord tests/slurm/cluster.sh'
CONF=/etc/slurm/slurm.conf

die() { echo "cluster.sh: $*" >&2; exit 1; }
usage() { echo "usage: cluster.sh start STATE_DIR | stop STATE_DIR | wait-empty TIMEOUT_SECONDS" >&2; exit 2; }
alive() { # alive NAME COMM: pid file NAME.pid in STATE holds a live process named COMM
  local f="$STATE/$1.pid" p
  [ -s "$f" ] || return 1; p=$(cat "$f")
  [ -r "/proc/$p/comm" ] && [ "$(cat /proc/$p/comm)" = "$2" ]
}
node_idle() { [ "$(sinfo -h -n "$HOST" -o %T 2>/dev/null)" = idle ]; }

install_pkgs() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return 0
  command -v apt-get >/dev/null || { echo "SKIP: slurm-wlm/munge missing and no apt-get"; exit 77; }
  local t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge; } >"$STATE/apt.log" 2>&1; then
    echo "SKIP: apt-get install slurm-wlm munge failed (see $STATE/apt.log)"; exit 77
  fi
  echo "installed slurm-wlm munge in $((SECONDS - t0)) s"
}

launch() { # launch NAME COMMAND...: run in foreground mode, detached, recording the pid
  rm -f "$STATE/$1.pid"
  local name=$1; shift
  setsid sh -c 'echo $$ > "$0"; exec "$@"' "$STATE/$name.pid" "$@" </dev/null >"$STATE/$name.out" 2>&1 &
  for _ in $(seq 50); do [ -s "$STATE/$name.pid" ] && return 0; sleep 0.1; done
  die "$name did not start"
}

stop_one() { # stop_one NAME COMM
  alive "$1" "$2" || { rm -f "$STATE/$1.pid"; return 0; }
  local p; p=$(cat "$STATE/$1.pid"); kill "$p" 2>/dev/null
  for _ in $(seq 100); do [ -d "/proc/$p" ] || break; sleep 0.1; done
  [ -d "/proc/$p" ] && kill -9 "$p" 2>/dev/null
  rm -f "$STATE/$1.pid"
}

do_stop() {
  stop_one slurmd slurmd; stop_one slurmctld slurmctld; stop_one munged munged
  if [ -f "$STATE/slurm.conf.backup" ]; then mv "$STATE/slurm.conf.backup" "$CONF"
  elif [ -f "$CONF" ] && grep -qxF "$MARK" "$CONF"; then rm -f "$CONF"; fi
}

do_start() {
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root to install and run slurm"; exit 77; }
  HOST=$(hostname -s)
  if alive munged munged && alive slurmctld slurmctld && alive slurmd slurmd && node_idle; then
    echo "slurm cluster already up (node $HOST idle)"; exit 0
  fi
  stop_one slurmd slurmd; stop_one slurmctld slurmctld; stop_one munged munged
  install_pkgs
  [ -f /etc/munge/munge.key ] || mungekey -c || die "mungekey -c failed"
  chown munge:munge /etc/munge/munge.key; chmod 600 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge
  launch munged setpriv --reuid=munge --regid=munge --init-groups munged -F
  local mem; mem=$(awk '/^MemFree:/ {m=int($2/1024*0.9); print (m<1?1:m)}' /proc/meminfo)
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd
  if [ -f "$CONF" ] && ! grep -qxF "$MARK" "$CONF" && [ ! -f "$STATE/slurm.conf.backup" ]; then
    cp -p "$CONF" "$STATE/slurm.conf.backup"
  fi
  cat > "$CONF.tmp" <<CONFEOF
$MARK
ClusterName=local
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
NodeName=$HOST CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONFEOF
  mv "$CONF.tmp" "$CONF"
  sleep 0.5
  # -c: start with a clean job state (no jobs left over from an earlier run).
  launch slurmctld slurmctld -D -c
  launch slurmd slurmd -D
  for _ in $(seq 60); do
    node_idle && { echo "slurm cluster up (node $HOST idle)"; exit 0; }
    sleep 1
  done
  echo "cluster.sh: node $HOST not idle after 60 s" >&2
  for f in munged.out slurmctld.log slurmctld.out slurmd.log slurmd.out; do
    [ -f "$STATE/$f" ] && { echo "--- $f" >&2; tail -n 20 "$STATE/$f" >&2; }
  done
  do_stop; exit 1
}

do_wait_empty() {
  local end=$((SECONDS + $1)) out
  while [ $SECONDS -lt $end ]; do
    out=$(squeue -h 2>&1) && [ -z "$out" ] && exit 0
    sleep 1
  done
  echo "cluster.sh: jobs still queued after $1 s:" >&2; squeue >&2; exit 1
}

[ $# -eq 2 ] || usage
case "$1" in
  start|stop) mkdir -p "$2" || die "cannot create $2"; STATE=$(cd "$2" && pwd)
    if [ "$1" = start ]; then do_start; else do_stop; echo "slurm cluster stopped"; fi ;;
  wait-empty) [[ "$2" =~ ^[0-9]+$ ]] || usage; do_wait_empty "$2" ;;
  *) usage ;;
esac
