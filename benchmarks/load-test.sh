#!/usr/bin/env bash
# Loopback HTTP load test: mints one token per request with the load client's own key (LoadTokens), starts the
# spinecds server jar on a free 127.0.0.1 port trusting that key, waits until GET /cds-services answers, runs
# org.spinecds.benchmarks.LoadTest against it (concurrency 1, 2, 4, 8), then stops the server.
#
#   benchmarks/load-test.sh [--alg RS384|ES384] [--database h2|postgres | --control CPU_MICROS,ALLOC_KB]
#       [LoadTest options, e.g.
#       --requests 3000 --warmup 5000 --settle 3000 --levels 1,2,4,8 --max-seconds 60 --records smart-765583.r4.json --copies 2
#       or --fixture otc-analgesic-order-sign/ibuprofen-and-warfarin-drafted-together-critical
#       or --without-conditions, the synthetic patient without back tingling, answered with no card
#       or --rate 300 --latencies /tmp/latencies.tsv: paced calls, and every call's latency written out]
#       [--pause-damon]
#
# --alg: how the tokens are signed (default RS384, what EHRs mostly use; ES384 costs the server a different
# verification). --database: where the cards sent are recorded: h2 (default), the embedded database, in the run's
# temporary directory; or postgres, a database of its own in Debian's PostgreSQL as a production site runs it
# (installed and started as CI does when missing, which needs root; dropped, and the cluster stopped, afterwards).
# --control: instead of spinecds, ControlServer, which only spends that much CPU (µs) and garbage (KB) a call and
# answers one card: the same load's latencies for an ideal server of that cost on this machine, the yardstick for
# spinecds' own.
# --pause-damon: turns the host's DAMON memory monitors off for the run and back on at the end (needs root). On a VM
# that runs DAMON over physical memory it takes 5-13 % of a core under load in bursts that stall every call in
# flight (LoadTest reports its CPU a request in every level's row either way): with it paused, a run measures the
# service and not the host's memory monitor.
# Builds server and benchmarks first when a jar is missing or older than the sources (FORCE_BUILD=1 to always build,
# SKIP_BUILD=1 never; --build-only to build and stop). SERVER_JAR runs another build of the server (one saved before a
# change: ab-load.sh compares two). SERVER_JAVA_OPTS is passed to the server JVM, CLIENT_JAVA_OPTS to the load
# client's. Every step is bounded in time.
set -euo pipefail

ALG=RS384
DATABASE=h2
CONTROL=""
BUILD_ONLY=0
PAUSE_DAMON=0
SERVICE=back-paresthesia
LOAD_ARGS=()
while (($#)); do
  case "$1" in
    --alg) ALG="${2:-}"; shift 2 || { echo "--alg needs RS384 or ES384" >&2; exit 2; } ;;
    --database) DATABASE="${2:-}"; shift 2 || { echo "--database needs h2 or postgres" >&2; exit 2; } ;;
    --control) CONTROL="${2:-}"; shift 2 || { echo "--control needs CPU_MICROS,ALLOC_KB" >&2; exit 2; } ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --pause-damon) PAUSE_DAMON=1; shift ;;
    --fixture)
      [[ "${2:-}" == */* ]] || { echo "--fixture needs SERVICE/CASE" >&2; exit 2; }
      SERVICE="${2%%/*}"; LOAD_ARGS+=("$1" "$2"); shift 2 ;;
    *) LOAD_ARGS+=("$1"); shift ;;
  esac
done
[[ "$ALG" =~ ^(RS384|ES384)$ ]] || { echo "--alg is RS384 or ES384, not '$ALG'" >&2; exit 2; }
[[ "$DATABASE" =~ ^(h2|postgres)$ ]] || { echo "--database is h2 or postgres, not '$DATABASE'" >&2; exit 2; }
[[ -z "$CONTROL" || ( "$CONTROL" =~ ^[0-9]+,[0-9]+$ && "$DATABASE" == h2 ) ]] || {
  echo "--control is CPU_MICROS,ALLOC_KB (e.g. 2300,1800), without --database" >&2; exit 2; }
set -- "${LOAD_ARGS[@]}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BENCH_JAR="benchmarks/target/benchmarks.jar"
START_TIMEOUT=120

server_jar() {
  # server/pom.xml sets <finalName>spinecds-server</finalName>; older builds were spinecds-server-<version>.jar
  local jar
  for jar in server/target/spinecds-server.jar server/target/spinecds-server-*.jar; do
    [[ -f "$jar" && "$jar" != *.original ]] && { echo "$jar"; return 0; }
  done
  return 1
}

needs_build() {
  [[ "${FORCE_BUILD:-0}" == 1 ]] && return 0
  local jar
  jar="$(server_jar)" || return 0
  [[ -f "$BENCH_JAR" ]] || return 0
  [[ -n "$(find cql/src cds-hooks/src server/src benchmarks/src pom.xml cql/pom.xml cds-hooks/pom.xml server/pom.xml \
      benchmarks/pom.xml -newer "$jar" -type f -print -quit)" ]] && return 0
  [[ -n "$(find benchmarks/src benchmarks/pom.xml -newer "$BENCH_JAR" -type f -print -quit)" ]] && return 0
  return 1
}

if [[ "${SKIP_BUILD:-0}" != 1 ]] && needs_build; then
  echo "== building server and benchmarks"
  timeout 900 ./mvnw -q -B -ntp -DskipTests package -pl server,benchmarks -am
fi
((BUILD_ONLY == 0)) || exit 0
SERVER_JAR="${SERVER_JAR:-$(server_jar)}" || { echo "no server jar under server/target" >&2; exit 1; }
[[ -f "$SERVER_JAR" ]] || { echo "no server jar $SERVER_JAR" >&2; exit 1; }
[[ -f "$BENCH_JAR" ]] || { echo "no $BENCH_JAR" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
  2>/dev/null || echo $((20000 + RANDOM % 20000)))"
LOG="$(mktemp -t spinecds-load-server.XXXXXX.log)"
KEYS="$(mktemp -d -t spinecds-load-keys.XXXXXX)"
TOKENS="$KEYS/tokens.txt"
SERVICE_URL="http://127.0.0.1:$PORT/cds-services/$SERVICE"
SERVER_PID=""
PG_DATABASE=""
DATABASE_ARGS=()
DAMON_PAUSED=()

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$KEYS"
  if [[ -n "$PG_DATABASE" ]]; then
    runuser -u postgres -- psql -q -p "$POSTGRES_PORT" -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" || true
    stop_postgres
  fi
  local state
  for state in "${DAMON_PAUSED[@]}"; do
    echo on >"$state" || echo "could not turn the DAMON monitor $state back on" >&2
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_mib() { awk -v field="$1:" '$1 == field { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# One token per request (warm-up, and every level's untimed and timed runs at most), minted before the server starts;
# valid for two hours. LoadTokens also writes the public JWK Set the server is told to trust.
count=$(python3 - "$@" <<'PY'
import sys
a = dict(zip(sys.argv[1::2], sys.argv[2::2]))
warmup, requests = int(a.get("--warmup", 5000)), int(a.get("--requests", 3000))
settle = int(a.get("--settle", 3000))
print(warmup + (settle + requests) * len(a.get("--levels", "1,2,4,8").split(",")))
PY
)
echo "== minting $count $ALG tokens (issuer spinecds-load-test, the load client's own key)"
minting_started=$(date +%s)
timeout 600 java -cp "$BENCH_JAR" org.spinecds.benchmarks.LoadTokens --alg "$ALG" --dir "$KEYS" \
  --aud "$SERVICE_URL" --count "$count" --minutes 120 >"$TOKENS"
echo "== minted in $(( $(date +%s) - minting_started )) s"

if ((PAUSE_DAMON)); then
  [[ "$(id -u)" == 0 ]] || { echo "--pause-damon needs root (to write /sys/kernel/mm/damon)" >&2; exit 1; }
  for state in /sys/kernel/mm/damon/admin/kdamonds/*/state; do
    [[ -f "$state" && "$(cat "$state")" == on ]] || continue
    echo off >"$state"
    DAMON_PAUSED+=("$state")
  done
  echo "== DAMON monitors paused for the run: ${#DAMON_PAUSED[@]} (on again at the end)"
fi

if [[ "$DATABASE" == postgres ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "--database postgres needs root (to install and start PostgreSQL, as CI does)" >&2; exit 1
  fi
  # shellcheck source=../.ci/postgres.sh
  . .ci/postgres.sh
  start_postgres
  PG_DATABASE="spinecds_load_$$"
  runuser -u postgres -- psql -q -p "$POSTGRES_PORT" -c "CREATE DATABASE $PG_DATABASE OWNER spinecds"
  DATABASE_ARGS=("--spring.datasource.url=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$PG_DATABASE"
    --spring.datasource.username=spinecds --spring.datasource.password=spinecds)
fi

if [[ -n "$CONTROL" ]]; then
  echo "== starting ControlServer on 127.0.0.1:$PORT: ${CONTROL%,*} us of CPU, ${CONTROL#*,} KB of garbage a call"
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:-} -cp "$BENCH_JAR" org.spinecds.benchmarks.ControlServer --port "$PORT" \
    --cpu-micros "${CONTROL%,*}" --alloc-kb "${CONTROL#*,}" >"$LOG" 2>&1 &
else
  echo "== starting $SERVER_JAR on 127.0.0.1:$PORT with the $DATABASE database (log: $LOG)"
  # The local profile, with the load client's key as its only trusted issuer: a list property given here replaces the
  # profile's whole list. That drops the clinician page's issuer, so the page (which refuses to start without it) is
  # off. The profile's development key pair is still created at start-up: in the temporary directory, not .spinecds/,
  # and so is the embedded database: every run starts empty, not on the cards sent by every run before it.
  # shellcheck disable=SC2086
  java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" --spring.profiles.active=local --server.port="$PORT" \
    --server.address=127.0.0.1 --spinecds.security.dev-key-dir="$KEYS" --spinecds.data-dir="$KEYS" \
    "--spinecds.security.issuers[0].iss=spinecds-load-test" \
    "--spinecds.security.issuers[0].jwks-uri=file:$KEYS/load-jwks.json" --spinecds.page.enabled=false \
    --spinecds.security.public-base-url="http://127.0.0.1:$PORT" "${DATABASE_ARGS[@]}" >"$LOG" 2>&1 &
fi
SERVER_PID=$!

started=$(date +%s)
# Up when discovery answers at all: without a token that answer is 401.
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/cds-services" || true)" =~ ^(200|401)$ ]]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server exited during start-up; last log lines:" >&2; tail -n 40 "$LOG" >&2; exit 1
  fi
  if (( $(date +%s) - started > START_TIMEOUT )); then
    echo "server did not answer GET /cds-services within ${START_TIMEOUT} s; last log lines:" >&2
    tail -n 40 "$LOG" >&2; exit 1
  fi
  sleep 1
done
echo "== server ready after $(( $(date +%s) - started )) s (pid $SERVER_PID); idle RSS $(rss_mib VmRSS);" \
  "SERVER_JAVA_OPTS '${SERVER_JAVA_OPTS:-}'; nproc $(nproc); loadavg $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2086
timeout 900 java ${CLIENT_JAVA_OPTS:-} -cp "$BENCH_JAR" org.spinecds.benchmarks.LoadTest \
  --port "$PORT" --pid "$SERVER_PID" --clk-tck "$(getconf CLK_TCK)" --tokens "$TOKENS" "$@"

errors=$(grep -c -E ' ERROR |Exception' "$LOG" || true)
echo "== server log: $LOG ($(wc -l <"$LOG") lines, $errors ERROR/Exception lines)"
