#!/usr/bin/env bash
# PUBLISH throughput: messages delivered per second to 1 and to 50 subscribers of one channel, a running Beryl
# against a redis-server 7.0 started here, side by side (docs/performance.md, "Pub/Sub").
#
#   bench/pubsub.sh [BERYL_PORT] [REDIS_PORT]      (defaults 6379 and 6389)
#   env: ROUNDS (alternating rounds per figure, default 3), N (PUBLISH requests unpipelined, 100000; pipelined
#        four times as many), SUBS (subscriber counts, "1 50")
#
# The subscribers are bench/PubSubDrain.java (one JVM, one selector, N connections that read and drop); the
# publisher is redis-benchmark, 50 clients, unpipelined and with -P 16, PUBLISH of a 5-byte message. Delivered
# per second = PUBLISH requests per second x subscribers (every PUBLISH reaches them all; the drain's byte count
# is checked against it). Each figure is the median of ROUNDS, Beryl and Redis alternating.
set -euo pipefail
cd "$(dirname "$0")/.."
BERYL_PORT=${1:-6379}
REDIS_PORT=${2:-6389}
ROUNDS=${ROUNDS:-3}
N=${N:-100000}
SUBS=${SUBS:-1 50}
for tool in redis-server redis-cli redis-benchmark java; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
[ "$(redis-cli -p "$BERYL_PORT" ping 2>/dev/null)" = PONG ] || { echo "no Beryl on port $BERYL_PORT" >&2; exit 1; }
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >/dev/null 2>&1 &
redis_pid=$!
drain_pid=""
trap 'kill $redis_pid 2>/dev/null; [ -n "$drain_pid" ] && kill $drain_pid 2>/dev/null; true' EXIT
for _ in $(seq 50); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
tmp=$(mktemp -d)

# measure PORT SUBSCRIBERS PIPELINE REQUESTS: PUBLISH requests per second, with the subscribers draining
measure() {
  local port=$1 subs=$2 pipeline=$3 n=$4 out="$tmp/drain"
  java bench/PubSubDrain.java "$port" "$subs" bench-ch >"$out" &
  drain_pid=$!
  for _ in $(seq 200); do grep -q ready "$out" 2>/dev/null && break; sleep 0.05; done
  local rps
  rps=$(redis-benchmark -p "$port" -c 50 -P "$pipeline" -n "$n" -q publish bench-ch hello 2>/dev/null \
    | tr '\r' '\n' | sed -n 's/.* \([0-9.]*\) requests per second.*/\1/p' | tail -1)
  sleep 0.5 # the last messages reach the drain
  kill "$drain_pid"; wait "$drain_pid" 2>/dev/null || true
  drain_pid=""
  local bytes expected=$((n * subs * 42)) # "*3 $7 message $8 bench-ch $5 hello" with its CRLFs: 42 bytes
  bytes=$(awk '/^bytes/ {print $2}' "$out")
  [ "$bytes" = "$expected" ] || echo "warning: port $port got $bytes bytes, expected $expected" >&2
  echo "$rps"
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "| subscribers | publisher | Beryl delivered/s | Redis delivered/s | Beryl/Redis |"
echo "|---|---|---|---|---|"
for subs in $SUBS; do
  for pipeline in 1 16; do
    n=$N; [ "$pipeline" = 1 ] || n=$((N * 4))
    : >"$tmp/beryl"; : >"$tmp/redis"
    for _ in $(seq "$ROUNDS"); do
      measure "$BERYL_PORT" "$subs" "$pipeline" "$n" >>"$tmp/beryl"
      measure "$REDIS_PORT" "$subs" "$pipeline" "$n" >>"$tmp/redis"
    done
    b=$(median <"$tmp/beryl"); r=$(median <"$tmp/redis")
    label="50 clients"; [ "$pipeline" = 1 ] || label="50 clients, -P 16"
    awk -v s="$subs" -v l="$label" -v b="$b" -v r="$r" \
      'BEGIN {printf "| %d | %s | %.0f | %.0f | %.2f |\n", s, l, b * s, r * s, b / r}'
  done
done
rm -rf "$tmp"
