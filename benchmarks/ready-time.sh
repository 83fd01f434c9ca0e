#!/usr/bin/env bash
# Time from process start to the first passing readiness probe (GET /actuator/health/readiness 200), as the
# container image starts the service: the jar unpacked (jarmode=tools extract) with an AppCDS archive written by a
# training start (-Dspring.context.exit=onRefresh), then N timed starts on free 127.0.0.1 ports with fresh data
# directories. Also prints each start's CPU seconds until ready (utime + stime of /proc/PID/stat).
#
#   benchmarks/ready-time.sh [--starts 3] [--fat-jar]
#
# --fat-jar times `java -jar server/target/spinecds-server.jar` instead (no unpacking, no archive). Needs the server
# jar (./mvnw -DskipTests package -pl server -am). Every start is bounded in time and stopped afterwards.
set -euo pipefail

STARTS=3
FAT_JAR=0
while (($#)); do
  case "$1" in
    --starts) STARTS="${2:-}"; shift 2 || { echo "--starts needs a number" >&2; exit 2; } ;;
    --fat-jar) FAT_JAR=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$STARTS" =~ ^[1-9][0-9]*$ ]] || { echo "--starts is a positive number, not '$STARTS'" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/server/target/spinecds-server.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: build it first (./mvnw -DskipTests package -pl server -am)" >&2; exit 1; }
WORK="$(mktemp -d -t spinecds-ready.XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ((FAT_JAR)); then
  RUN=(java -jar "$JAR")
else
  java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
  timeout 300 java -XX:ArchiveClassesAtExit="$WORK/app/spinecds.jsa" -Dspring.context.exit=onRefresh \
    -jar "$WORK/app/spinecds-server.jar" --spinecds.data-dir="$WORK/training" >"$WORK/training.log" 2>&1 ||
    { echo "the training start failed; its log:" >&2; tail -n 30 "$WORK/training.log" >&2; exit 1; }
  RUN=(java -XX:SharedArchiveFile="$WORK/app/spinecds.jsa" -jar "$WORK/app/spinecds-server.jar")
fi

echo "== $( ((FAT_JAR)) && echo "fat jar" || echo "unpacked, AppCDS archive"); nproc $(nproc)"
for i in $(seq 1 "$STARTS"); do
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  started=$(date +%s%N)
  "${RUN[@]}" --server.port="$port" --server.address=127.0.0.1 --spinecds.data-dir="$WORK/data$i" \
    >"$WORK/start$i.log" 2>&1 &
  PID=$!
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { echo "start $i exited; its log:" >&2; tail -n 30 "$WORK/start$i.log" >&2; exit 1; }
    (( $(date +%s%N) - started < 120000000000 )) || { echo "start $i: not ready within 120 s" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s%N)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$PID/stat")
  printf 'start %d: ready after %s s, %s s CPU, load average %s\n' "$i" \
    "$(awk -v ns=$((ready - started)) 'BEGIN { printf "%.2f", ns / 1e9 }')" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
done
