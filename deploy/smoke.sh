#!/usr/bin/env bash
# Starts the topology of deploy/compose.yml as plain processes on this machine — two Vigie nodes on
# two ports, sharing this machine's PostgreSQL and Redis, behind Debian's nginx running
# deploy/nginx.conf — then smoke-tests it through the edge and cleans everything up.
#
#   bash deploy/smoke.sh
#
# Environment (all optional): SMOKE_DATABASE_URL (a PostgreSQL URL whose server may create databases,
# default postgres://postgres@127.0.0.1:5432/postgres), SMOKE_REDIS_URL (redis://127.0.0.1:6379/0),
# SMOKE_EDGE_PORT (18080), SMOKE_PORT_A (18081), SMOKE_PORT_B (18082), SMOKE_KEEP=1 keeps the logs.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

base_db=${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
redis_url=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/0}
edge_port=${SMOKE_EDGE_PORT:-18080}
port_a=${SMOKE_PORT_A:-18081}
port_b=${SMOKE_PORT_B:-18082}
run_id="smoke_$(date +%s)_$$"
work=$(mktemp -d "/tmp/vigie-${run_id}.XXXX")
db_name="vigie_${run_id}"
db_url="${base_db%/*}/${db_name}"
prefix="vigie-${run_id}"
edge="http://127.0.0.1:${edge_port}"
ingest_token="vgi_smoke_ingest_token_$(date +%s)0000"
metrics_token="smoke-metrics-token-$(date +%s)"
admin_password="smoke-password-$$"
pids=()
passed=0
failed=0

say() { printf '\n== %s\n' "$*"; }
check() { # check "description" command...
  if "${@:2}"; then passed=$((passed + 1)); echo "  ok   $1"; else failed=$((failed + 1)); echo "  FAIL $1"; fi
}

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
  psql "$base_db" -qc "DROP DATABASE IF EXISTS ${db_name} WITH (FORCE)" >/dev/null 2>&1
  redis-cli -u "$redis_url" --scan --pattern "${prefix}:*" 2>/dev/null | xargs -r redis-cli -u "$redis_url" del >/dev/null 2>&1
  if [ "${SMOKE_KEEP:-}" = 1 ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

for tool in nginx psql redis-cli curl node; do
  command -v "$tool" >/dev/null || { echo "missing $tool (nginx: apt-get install -y nginx)"; echo "0 passed, 1 failed"; exit 1; }
done

say "database ${db_name}, Redis prefix ${prefix}"
psql "$base_db" -qc "CREATE DATABASE ${db_name}" || { echo "0 passed, 1 failed"; exit 1; }
redis-cli -u "$redis_url" ping >/dev/null || { echo "Redis unreachable at $redis_url"; echo "0 passed, 1 failed"; exit 1; }

start_node() { # start_node name port
  mkdir -p "$work/$1"
  env PORT="$2" HOST=127.0.0.1 DATABASE_URL="$db_url" REDIS_URL="$redis_url" VIGIE_REDIS_PREFIX="$prefix" \
    VIGIE_SECRET_KEY="smoke-secret-key-shared-by-both-nodes-0123456789" VIGIE_DATA_DIR="$work/$1" \
    VIGIE_ADMIN_USERNAME=admin VIGIE_ADMIN_PASSWORD="$admin_password" VIGIE_INGEST_TOKEN="$ingest_token" \
    VIGIE_METRICS_TOKEN="$metrics_token" VIGIE_TRUST_PROXY=1 VIGIE_ROLES=api,ingest,detect,worker LOG_LEVEL=warn \
    node --import tsx apps/server/src/main.ts >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
}

wait_healthy() { # wait_healthy url
  for _ in $(seq 1 90); do curl -fs "$1/health" >/dev/null 2>&1 && return 0; sleep 1; done
  return 1
}

say "two nodes on ports ${port_a} and ${port_b}"
# Node B starts once A is up, as in compose.yml: the first start of an empty database (pg-boss's
# schema) is not yet safe to run on two nodes at once.
start_node a "$port_a"
wait_healthy "http://127.0.0.1:${port_a}" || { cat "$work/a.log"; echo "0 passed, 1 failed"; exit 1; }
start_node b "$port_b"
wait_healthy "http://127.0.0.1:${port_b}" || { cat "$work/b.log"; echo "0 passed, 1 failed"; exit 1; }

say "nginx with deploy/nginx.conf on port ${edge_port}"
mkdir -p "$work/nginx/logs"
cp /etc/nginx/mime.types "$work/nginx/"
# Only the lines marked "smoke:" change: the upstream addresses and the listening port.
sed -e "s/vigie-1:8080/127.0.0.1:${port_a}/; s/vigie-2:8080/127.0.0.1:${port_b}/; s/listen 80;/listen 127.0.0.1:${edge_port};/" \
  deploy/nginx.conf >"$work/nginx/nginx.conf"
nginx_args=(-p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log")
nginx "${nginx_args[@]}" -t -q -g "pid $work/nginx/nginx.pid;" || { echo "0 passed, 1 failed"; exit 1; }
nginx "${nginx_args[@]}" -g "pid $work/nginx/nginx.pid; daemon off;" &
pids+=($!)
wait_healthy "$edge" || { cat "$work/nginx/logs/error.log"; echo "0 passed, 1 failed"; exit 1; }

say "smoke tests through the edge"
export SMOKE_EDGE="$edge" SMOKE_NODE_B="http://127.0.0.1:${port_b}" SMOKE_INGEST_TOKEN="$ingest_token" SMOKE_ADMIN_PASSWORD="$admin_password"
headers=$(curl -s -D - -o /dev/null "$edge/health")
check "health through nginx answers 200" grep -q "^HTTP/1.1 200" <<<"$headers"
check "security headers are set" grep -qi "^x-content-type-options: nosniff" <<<"$headers"
metrics_edge=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $metrics_token" "$edge/metrics")
metrics_node=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $metrics_token" "http://127.0.0.1:${port_b}/metrics")
check "/metrics is refused at the edge (404) and scraped on a node with its token (200)" \
  test "$metrics_edge $metrics_node" = "404 200"
check "the server version is hidden" bash -c "! grep -qi '^server: nginx/' <<<\"\$1\"" _ "$headers"
head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$work/big.json"
big=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "authorization: Bearer $ingest_token" -H 'content-type: application/json' \
  --data-binary @"$work/big.json" "$edge/api/v1/logs/ingest/batch")
check "a body over 10 MB is refused by nginx (413)" test "$big" = 413
check "live: SSE and Socket.IO through nginx see events ingested on either node" \
  node --import tsx deploy/smoke-live.ts

say "kill -9 of node A"
{ kill -9 "$pid_a" && wait "$pid_a"; } 2>/dev/null
sleep 1
codes=""
for i in 1 2 3 4 5 6; do
  codes+=$(curl -s -o /dev/null -w '%{http_code} ' -X POST -H "authorization: Bearer $ingest_token" -H 'content-type: application/json' \
    -d "{\"source_type\":\"auth\",\"event_type\":\"after_kill_$i\"}" "$edge/api/v1/logs/ingest")
done
check "ingest through the edge keeps working on node B (${codes% })" test "$codes" = "201 201 201 201 201 201 "
check "health through the edge stays 200" curl -fs -o /dev/null "$edge/health"
logins=""
for _ in $(seq 1 25); do
  logins+=$(curl -s -o /dev/null -w '%{http_code} ' -X POST -H 'content-type: application/json' -d '{"username":"admin","password":"wrong-password"}' "$edge/api/v1/auth/login")
done
check "repeated failed sign-ins are rate limited (429)" grep -q 429 <<<"$logins"

echo
echo "smoke: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
