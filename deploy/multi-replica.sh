#!/usr/bin/env bash
# Proves on loopback that spinecds replicas are stateless (README, "Deploy"): PostgreSQL (Debian's, started when
# down, a fresh database for the run), two server processes configured only through environment variables as a
# container would be, and HAProxy (Debian's) round-robin in front. Checks, each of which must pass:
#   1. a token accepted by replica 1 is refused (401) as a replay by replica 2 (the used-token store is shared);
#   2. an override of the BT-PT-L card posted to replica 1 hides that card on replica 2 (the snooze is shared);
#   3. a bounded load run through HAProxy, tokens minted before it, answers every call with the cards of a solo call;
#      requests/s and CPU per request with two replicas, then with one;
#   4. replica 2 drained and stopped in the middle of a run through HAProxy loses no request.
# Prints its figures; exits non-zero if a check fails. Needs root (as CI) to install and start Debian's haproxy and
# postgresql; skips with a message otherwise. Binds 127.0.0.1 only; every wait and run is bounded in time.
#
#   deploy/multi-replica.sh            (REQUESTS=3000 WARMUP=4000 THREADS=4 to change the load run)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REQUESTS="${REQUESTS:-3000}"
WARMUP="${WARMUP:-4000}"
THREADS="${THREADS:-4}"
SERVER_JAR=server/target/spinecds-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
SERVICE=/cds-services/back-paresthesia
REQUEST=examples/patient-view-lumbar-radiculopathy.json
started_at=$(date +%s)

if [[ "$(id -u)" != 0 ]]; then
    echo "multi-replica: skipped: needs root to install and start haproxy and postgresql (run it as CI does)"
    exit 0
fi
if ! command -v haproxy >/dev/null 2>&1; then
    echo "multi-replica: installing haproxy (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null
fi
if [[ ! -f "$SERVER_JAR" || ! -f "$BENCH_JAR" ]]; then
    echo "multi-replica: building the server and the load client"
    timeout 900 ./mvnw -q -B -ntp -DskipTests package -pl server,benchmarks -am
fi

WORK="$(mktemp -d -t spinecds-replicas.XXXXXX)"
DATABASE="spinecds_replicas_$$"
declare -A PIDS=()
FAILED=0

. .ci/postgres.sh

cleanup() {
    local name
    for name in "${!PIDS[@]}"; do
        kill "${PIDS[$name]}" 2>/dev/null || true
    done
    for name in "${!PIDS[@]}"; do
        timeout 40 tail --pid="${PIDS[$name]}" -f /dev/null 2>/dev/null || kill -9 "${PIDS[$name]}" 2>/dev/null || true
    done
    if [[ -n "${POSTGRES_PORT:-}" ]]; then
        runuser -u postgres -- psql -q -p "$POSTGRES_PORT" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" \
            >/dev/null 2>&1 || true
    fi
    stop_postgres
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() { # check WHAT CONDITION...: prints the outcome, remembers a failure
    local what="$1"
    shift
    if "$@"; then
        echo "PASS  $what"
    else
        echo "FAIL  $what"
        FAILED=1
    fi
}

wait_for() { # wait_for SECONDS COMMAND...: until COMMAND succeeds, for SECONDS at most
    local deadline=$(($(date +%s) + $1))
    shift
    until "$@"; do
        (($(date +%s) < deadline)) || return 1
        sleep 0.2
    done
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_postgres
runuser -u postgres -- psql -q -p "$POSTGRES_PORT" -c "CREATE DATABASE $DATABASE OWNER spinecds"

LB_PORT=$(free_port)
PORT1=$(free_port)
PORT2=$(free_port)
BASE="http://127.0.0.1:$LB_PORT"
# Tokens are minted for the address the EHR calls, the load balancer's; every replica takes that as its own.
java -jar "$SERVER_JAR" token --aud "$BASE$SERVICE" --key-dir "$WORK/keys" >/dev/null

mint() { # mint COUNT PATH > FILE
    timeout 300 java -jar "$SERVER_JAR" token --aud "$BASE$2" --count "$1" --key-dir "$WORK/keys" --minutes 60
}

# The image's JVM options and malloc arenas, read from the Dockerfile, with the heap it takes from a 1 GiB container
# (70 %) given outright: no container here.
IMAGE_JVM_OPTIONS="$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile)"
IMAGE_MALLOC_ARENAS="$(sed -n 's/^ *MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' Dockerfile)"
[[ "$IMAGE_JVM_OPTIONS" == *-XX:MaxRAMPercentage=70* ]] ||
  { echo "the Dockerfile's JAVA_TOOL_OPTIONS no longer give the heap as 70 %" >&2; exit 1; }
REPLICA_JVM_OPTIONS="-Xmx700m ${IMAGE_JVM_OPTIONS/-XX:MaxRAMPercentage=70 /}"

start_replica() { # start_replica NAME PORT: configured as the Kubernetes Deployment configures a pod
    env SERVER_PORT="$2" SERVER_ADDRESS=127.0.0.1 MALLOC_ARENA_MAX="$IMAGE_MALLOC_ARENAS" \
        JAVA_TOOL_OPTIONS="$REPLICA_JVM_OPTIONS" \
        SPINECDS_DATA_DIR="$WORK/$1" \
        SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$DATABASE" \
        SPRING_DATASOURCE_USERNAME=spinecds SPRING_DATASOURCE_PASSWORD=spinecds \
        SPINECDS_FEEDBACK_PATIENT_HASH_KEY=multi-replica-run-key \
        SPINECDS_SECURITY_REPLAY_CACHE=database \
        SPINECDS_SECURITY_PUBLIC_BASE_URL="$BASE" \
        SPINECDS_SECURITY_ISSUERS_0_ISS=spinecds-local-development \
        SPINECDS_SECURITY_ISSUERS_0_JWKS_URI="file:$WORK/keys/dev-jwks.json" \
        java -jar "$SERVER_JAR" >"$WORK/$1.log" 2>&1 &
    PIDS[$1]=$!
}

wait_ready() { # wait_ready NAME PORT: readiness within 180 s
    local deadline=$(($(date +%s) + 180))
    until curl -fs -o /dev/null "http://127.0.0.1:$2/actuator/health/readiness"; do
        if ! kill -0 "${PIDS[$1]}" 2>/dev/null || (($(date +%s) > deadline)); then
            echo "multi-replica: $1 did not get ready; its log ends:" >&2
            tail -n 30 "$WORK/$1.log" >&2
            exit 1
        fi
        sleep 1
    done
}

echo "== two replicas on 127.0.0.1:$PORT1 and :$PORT2, PostgreSQL $DATABASE on :$POSTGRES_PORT"
start_replica r1 "$PORT1"
start_replica r2 "$PORT2"
wait_ready r1 "$PORT1"
wait_ready r2 "$PORT2"
echo "   ready after $(($(date +%s) - started_at)) s"

# Round-robin per request. A call is retried on the other replica only when its connection could not be made: a call
# that reached a replica has used its token's jti, and the same token is refused everywhere after that.
cat >"$WORK/haproxy.cfg" <<EOF
global
    stats socket $WORK/haproxy.sock mode 600 level admin
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 2
    retry-on conn-failure
    option redispatch 1
frontend cds
    bind 127.0.0.1:$LB_PORT
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server r1 127.0.0.1:$PORT1 check
    server r2 127.0.0.1:$PORT2 check
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS[haproxy]=$!

haproxy_admin() { # haproxy_admin COMMAND: HAProxy's runtime API
    python3 - "$WORK/haproxy.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(b"".join(iter(lambda: s.recv(65536), b"")).decode(), end="")
PY
}

server_stat() { # server_stat NAME FIELD: a field of "show stat" (CSV) for backend server NAME
    haproxy_admin "show stat" | awk -F, -v name="$1" -v field="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == field || $i == "# " field) column = i }
        $1 == "replicas" && $2 == name { print $column }'
}

server_is() { [[ "$(server_stat "$1" "$2")" == "$3" ]]; } # server_is NAME FIELD VALUE
wait_for 30 server_is r1 status UP && wait_for 30 server_is r2 status UP ||
    { echo "multi-replica: HAProxy does not see both replicas up" >&2; exit 1; }

post() { # post PORT PATH TOKEN BODY_FILE OUT_FILE: prints the HTTP status
    curl -s -o "$5" -w '%{http_code}' --max-time 30 -X POST "http://127.0.0.1:$1$2" \
        -H "Authorization: Bearer $3" -H 'Content-Type: application/json' --data-binary "@$4"
}

echo "== 1. replay: one token, replica 1 then replica 2"
token=$(mint 1 "$SERVICE")
first=$(post "$PORT1" "$SERVICE" "$token" "$REQUEST" "$WORK/cards-r1.json")
again=$(post "$PORT2" "$SERVICE" "$token" "$REQUEST" "$WORK/replay.json")
check "replica 1 accepts a fresh token ($first)" test "$first" = 200
check "replica 2 refuses the same token as a replay ($again)" test "$again" = 401

echo "== 2. snooze: override BT-PT-L through replica 1, ask replica 2"
python3 - "$WORK/cards-r1.json" >"$WORK/feedback.json" <<'PY'
import datetime, json, sys
card = next(c for c in json.load(open(sys.argv[1]))["cards"] if c["extension"]["org.spinecds.card-id"] == "BT-PT-L")
print(json.dumps({"feedback": [{
    "card": card["uuid"], "outcome": "overridden",
    "overrideReason": {"reason": card["overrideReasons"][0]},
    "outcomeTimestamp": datetime.datetime.now(datetime.timezone.utc).isoformat()}]}))
PY
stored=$(post "$PORT1" "$SERVICE/feedback" "$(mint 1 "$SERVICE/feedback")" "$WORK/feedback.json" "$WORK/stored.json")
check "replica 1 stores the override ($stored)" test "$stored" = 200
later=$(post "$PORT2" "$SERVICE" "$(mint 1 "$SERVICE")" "$REQUEST" "$WORK/cards-r2.json")
kinds() { python3 -c 'import json, sys; print(" ".join(c["extension"]["org.spinecds.card-id"] for c in json.load(open(sys.argv[1]))["cards"]))' "$1"; }
echo "   replica 1 showed: $(kinds "$WORK/cards-r1.json")"
echo "   replica 2 shows:  $(kinds "$WORK/cards-r2.json")"
check "replica 2 answers ($later) without BT-PT-L, with the other advice" \
    bash -c '[[ "$1" == 200 && " $2 " != *" BT-PT-L "* && " $2 " == *" BT-SELF-CARE "* ]]' _ "$later" \
    "$(kinds "$WORK/cards-r2.json")"

echo "== 3. load through HAProxy: $WARMUP warm-up, then $REQUESTS requests at $THREADS threads"
mint $((WARMUP + 3 * REQUESTS + 3)) "$SERVICE" >"$WORK/tokens.txt"
load() { # load NAME TOKEN_OFFSET LoadTest-options...: one LoadTest run, its output kept in $WORK/NAME.txt
    local name="$1" offset="$2"
    shift 2
    timeout 300 java -cp "$BENCH_JAR" org.spinecds.benchmarks.LoadTest --port "$LB_PORT" --solo-port "$PORT1" \
        --clk-tck "$(getconf CLK_TCK)" --levels "$THREADS" --settle 0 --requests "$REQUESTS" --max-seconds 90 \
        --tokens <(tail -n "+$offset" "$WORK/tokens.txt") "$@" >"$WORK/$name.txt"
}
row() { awk -v t="$THREADS" '$1 == t && NF >= 12' "$WORK/$1.txt"; } # threads requests req/s … server-CPU/req …
cpu_ms() { # cpu_ms PID: utime + stime so far
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}

haproxy_cpu_before=$(cpu_ms "${PIDS[haproxy]}")
load two 1 --pid "${PIDS[r1]},${PIDS[r2]}" --warmup "$WARMUP" && two_ok=yes || two_ok=no
check "two replicas: every answer 200 with the solo call's cards" test "$two_ok" = yes
haproxy_cpu_two=$(awk -v a="$haproxy_cpu_before" -v b="$(cpu_ms "${PIDS[haproxy]}")" -v n=$((WARMUP + REQUESTS)) \
    'BEGIN { printf "%.2f", (b - a) / n }')
haproxy_admin "disable server replicas/r2" >/dev/null
load one $((WARMUP + REQUESTS + 2)) --pid "${PIDS[r1]}" --warmup 0 && one_ok=yes || one_ok=no
check "one replica: every answer 200 with the solo call's cards" test "$one_ok" = yes

echo "== 4. drain and stop replica 2 in the middle of a run"
haproxy_admin "enable server replicas/r2" >/dev/null
wait_for 30 server_is r2 status UP || { echo "multi-replica: replica 2 is not back up in HAProxy" >&2; exit 1; }
served_before=$(server_stat r2 hrsp_2xx)
served_by_r2() { echo $(($(server_stat r2 hrsp_2xx) - served_before)); }
r2_served_some() { (($(served_by_r2) >= REQUESTS / 8)); }
load drain $((WARMUP + 2 * REQUESTS + 3)) --pid "${PIDS[r1]}" --warmup 0 &
loader=$!
# Mid-run: once replica 2 has answered a quarter of its share of the run.
wait_for 120 r2_served_some || { echo "multi-replica: replica 2 got no share of the run" >&2; exit 1; }
haproxy_admin "set server replicas/r2 state drain" >/dev/null
# Calls already sent to replica 2 finish there; then it stops (SIGTERM: Spring's graceful shutdown).
wait_for 30 server_is r2 scur 0 || { echo "multi-replica: replica 2 still has calls after 30 s" >&2; exit 1; }
drained_at=$(served_by_r2)
kill "${PIDS[r2]}"
timeout 40 tail --pid="${PIDS[r2]}" -f /dev/null
unset 'PIDS[r2]'
wait "$loader" && drain_ok=yes || drain_ok=no
check "drain: replica 2 answered $drained_at calls of the run, was drained and stopped; no call failed" \
    test "$drain_ok" = yes

rss() { awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$1/status"; }
echo
echo "== figures ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); the load client and HAProxy share them)"
echo "   threads requests req/s p50ms p90ms p99ms maxms failures serverCPUms/req requestThreadsCPUms/req clientCPUms/req loadavg peakRSSMiB endRSSMiB kdamondCPUms/req"
echo "   two replicas:  $(row two)"
echo "   one replica:   $(row one)"
echo "   drain run:     $(row drain)"
echo "   HAProxy CPU per request (two-replica run, warm-up included): $haproxy_cpu_two ms"
echo "   peak memory (VmHWM) of replica 1 after every run: $(rss "${PIDS[r1]}") (heap capped at 700 MiB)"
echo "   run time: $(($(date +%s) - started_at)) s"
for name in two one drain; do
    grep -q '^first failure' "$WORK/$name.txt" && echo "   $name: $(grep '^first failure' "$WORK/$name.txt")"
done
exit "$FAILED"
