# PostgreSQL for the repository tests, from Debian's package: installed when missing, its cluster started when down
# (and stopped again by stop_postgres), a test role and database created. Sourced by .ci/run and
# deploy/multi-replica.sh; CI runs as root.

POSTGRES_STARTED=""

start_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "ci: installing postgresql (Debian)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
        pg_createcluster "$version" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
        # Debian's cluster listens on localhost only.
        pg_ctlcluster "$version" main start
        POSTGRES_STARTED="$version"
    fi
    local port
    port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
    runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE spinecds LOGIN PASSWORD ''spinecds''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spinecds')\gexec
SELECT 'CREATE DATABASE spinecds_test OWNER spinecds' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'spinecds_test')\gexec
SQL
    export POSTGRES_PORT="$port"
    export SPINECDS_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:${port}/spinecds_test"
    export SPINECDS_TEST_POSTGRES_USER=spinecds
    export SPINECDS_TEST_POSTGRES_PASSWORD=spinecds
    export SPINECDS_TEST_POSTGRES_REQUIRED=true
    echo "ci: PostgreSQL ${version} at 127.0.0.1:${port}"
}

stop_postgres() {
    if [ -n "$POSTGRES_STARTED" ]; then
        pg_ctlcluster "$POSTGRES_STARTED" main stop || true
    fi
}
