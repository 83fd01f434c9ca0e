#!/usr/bin/env bash
# A/B comparison on a shared, noisy host: two servers under the same paced load at the same time, each with its own
# load client (load-test.sh), so that the host's slow windows, which move one server's CPU a call by 40-100 % from one
# run to the next, fall on both alike. Prints both result rows and B's request-thread and whole-process CPU a call as
# a share of A's (two identical servers, A/A, measured within 1-2 % of each other).
#
#   benchmarks/ab-load.sh [--a-opts JVM_OPTS] [--b-opts JVM_OPTS] [--a-jar SERVER_JAR] [--b-jar SERVER_JAR]
#       [load-test.sh options; default --warmup 10000 --warmup-max-seconds 200 --levels 4 --settle 3000
#       --requests 6000 --rate 100]
#
# e.g. a collector:          benchmarks/ab-load.sh --b-opts -XX:+UseParallelGC
#      a change to the code: cp server/target/spinecds-server.jar /tmp/before.jar; (change, build);
#                            benchmarks/ab-load.sh --a-jar /tmp/before.jar
# The calls are paced (--rate, per server) so that both runs keep the same schedule and end together; keep the two
# rates' sum below what the machine serves (about 200 calls a second on two cores here), or both just queue.
# Builds once first, as load-test.sh does (SKIP_BUILD=1 not to).
set -euo pipefail

A_OPTS=""
B_OPTS=""
A_JAR=""
B_JAR=""
LOAD_ARGS=()
while (($#)); do
  case "$1" in
    --a-opts) A_OPTS="${2-}"; shift 2 || { echo "--a-opts needs JVM options" >&2; exit 2; } ;;
    --b-opts) B_OPTS="${2-}"; shift 2 || { echo "--b-opts needs JVM options" >&2; exit 2; } ;;
    --a-jar) A_JAR="${2-}"; shift 2 || { echo "--a-jar needs a server jar" >&2; exit 2; } ;;
    --b-jar) B_JAR="${2-}"; shift 2 || { echo "--b-jar needs a server jar" >&2; exit 2; } ;;
    --pause-damon) echo "--pause-damon: both sides run at once and would each pause and resume the host's monitor;" \
      "it falls on both alike anyway" >&2; exit 2 ;;
    *) LOAD_ARGS+=("$1"); shift ;;
  esac
done
((${#LOAD_ARGS[@]})) || LOAD_ARGS=(--warmup 10000 --warmup-max-seconds 200 --levels 4 --settle 3000
  --requests 6000 --rate 100)
for jar in "$A_JAR" "$B_JAR"; do
  [[ -z "$jar" || -f "$jar" ]] || { echo "no server jar $jar" >&2; exit 2; }
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$(mktemp -d -t spinecds-ab.XXXXXX)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # Once here, not by both sides at once.
  benchmarks/load-test.sh --build-only >"$OUT/build.log" 2>&1 || { echo "build failed: $OUT/build.log" >&2; exit 1; }
fi

# With --database postgres each side makes its own database in one cluster. Started here, before both, it is one
# neither side starts, so neither stops it under the other; stopped at the end if it was started here.
if [[ " ${LOAD_ARGS[*]} " == *" --database postgres "* ]]; then
  [[ "$(id -u)" == 0 ]] || { echo "--database postgres needs root (to install and start PostgreSQL)" >&2; exit 1; }
  # shellcheck source=../.ci/postgres.sh
  . .ci/postgres.sh
  start_postgres >"$OUT/postgres.log"
  trap stop_postgres EXIT
fi

side() {
  local name=$1 jar=$2 opts=$3
  SKIP_BUILD=1 SERVER_JAR="$jar" SERVER_JAVA_OPTS="$opts" benchmarks/load-test.sh "${LOAD_ARGS[@]}" \
    >"$OUT/$name.log" 2>&1
}
echo "== A: ${A_JAR:-this build} '${A_OPTS}'; B: ${B_JAR:-this build} '${B_OPTS}'; load: ${LOAD_ARGS[*]} (logs: $OUT)"
side A "$A_JAR" "$A_OPTS" & a_pid=$!
side B "$B_JAR" "$B_OPTS" & b_pid=$!
status=0
wait "$a_pid" || status=$?
wait "$b_pid" || status=$?
((status == 0)) || { echo "a side failed; see $OUT/A.log and $OUT/B.log" >&2; exit 1; }

# LoadTest's result rows: threads, requests, req/s, p50, p90, p99 ($6), max, failures, server CPU ms/req ($9),
# request threads ($10), client, loadavg, peak and end RSS, the host's kdamond CPU, and a note when a time cap was hit.
rows() { grep -E '^ +[0-9]+ +[0-9]+ ' "$OUT/$1.log"; }
echo "   $(grep -m1 '^threads ' "$OUT/A.log")"
for name in A B; do
  rows "$name" | sed "s/^/$name  /"
done
paste <(rows A | awk '{ NF = 14; print }') <(rows B | awk '{ NF = 14; print }') | awk '{
  printf "B/A at %d threads: request threads %.3f, whole process %.3f, p99 %.3f\n", $1, $24 / $10, $23 / $9, $20 / $6
}'
