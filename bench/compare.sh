#!/usr/bin/env bash
# Side-by-side throughput: redis-benchmark against a running Beryl and against a redis-server 7.0 started here
# on the same machine, printed as a Markdown table with the Beryl/Redis ratio.
#
#   bench/compare.sh [BERYL_PORT] [REDIS_PORT]      (defaults 6379 and 6389)
#   env: TESTS (default "set,get"), N (200000), CLIENTS (50), PIPELINES ("1 16")
set -euo pipefail
BERYL_PORT=${1:-6379}
REDIS_PORT=${2:-6389}
TESTS=${TESTS:-set,get}
N=${N:-200000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-1 16}

command -v redis-server >/dev/null || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
redis-cli -p "$BERYL_PORT" ping >/dev/null || { echo "no Beryl on port $BERYL_PORT" >&2; exit 1; }

work=$(mktemp -d)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize yes \
  --pidfile "$work/redis.pid" >/dev/null
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# prints "TEST<TAB>requests-per-second" lines
run() {
  redis-benchmark -p "$1" -t "$TESTS" -n "$N" -c "$CLIENTS" -P "$2" --csv 2>/dev/null |
    tail -n +2 | tr -d '"' | awk -F, '{print $1 "\t" $2}'
}

echo "redis-benchmark -t $TESTS -n $N -c $CLIENTS, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| test | pipeline | Beryl req/s | redis-server req/s | ratio |"
echo "|---|---|---|---|---|"
for p in $PIPELINES; do
  run "$BERYL_PORT" "$p" > "$work/beryl"
  run "$REDIS_PORT" "$p" > "$work/redis"
  # both runs list the tests in the same order
  paste "$work/beryl" "$work/redis" |
    awk -F'\t' -v p="$p" '{printf "| %s | %s | %.0f | %.0f | %.2f |\n", $1, p, $2, $4, $2 / $4}'
done
