#!/usr/bin/env bash
# Does Beryl's RSS follow its data back down? Starts Beryl on Liberty (liberty/jvm.options, as `mvn liberty:run`),
# measures its steady RSS, then two spikes, each followed by a minute of RSS samples every 5 s:
#   data     1,000,000 keys of 100 bytes written, then FLUSHALL
#   buffers  CLIENTS connections each sending a SET of VALUE_MB MB at once (query buffers), then DEL and close
# and prints the samples with the difference to the steady RSS (docs/performance.md, "Memory after a spike").
#
#   bash bench/memory-return.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-6388} HTTP_PORT=${HTTP_PORT:-9188} REDIS_PORT=${REDIS_PORT:-6389}
CLIENTS=${CLIENTS:-40} VALUE_MB=${VALUE_MB:-20}
BUILD=1
[ "${1:-}" = --no-build ] && BUILD=0
source bench/lib.sh

bench_preflight redis-cli redis-benchmark ss
work=$(mktemp -d); mkdir -p "$work/beryl" "$work/redis"
bench_build
bench_start "$work/beryl" "$work/redis"
pid=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
rss_mb() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$pid/status"; }
used_mb() { redis-cli -p "$PORT" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {printf "%d", $2 / 1048576}'; }

# a minute of samples after a spike: seconds, RSS, RSS minus the steady RSS, INFO used_memory
follow() {
  local t
  for t in 0 5 10 15 20 25 30 35 40 45 50 55 60; do
    [ "$t" -eq 0 ] || sleep 5
    printf '| %s | %3d s | %5d MB | %+5d MB | %5d MB |\n' "$1" "$t" "$(rss_mb)" $(( $(rss_mb) - steady )) "$(used_mb)"
  done
}

sleep 20 # startup garbage collected and returned
steady=$(rss_mb)
echo "steady RSS: $steady MB (INFO used_memory $(used_mb) MB)"
echo "| spike | after | RSS | vs steady | used_memory |"
echo "|---|---|---|---|---|"

redis-benchmark -p "$PORT" -t set -n 1000000 -r 100000000 -d 100 -P 16 -q >/dev/null
echo "| data: $(redis-cli -p "$PORT" dbsize) keys | loaded | $(rss_mb) MB | | $(used_mb) MB |"
redis-cli -p "$PORT" flushall >/dev/null
follow data

head -c $((VALUE_MB * 1024 * 1024)) /dev/zero | tr '\0' x > "$work/value"
for i in $(seq "$CLIENTS"); do redis-cli -p "$PORT" -x set "big:$i" < "$work/value" >/dev/null & done
wait
echo "| buffers: $CLIENTS x $VALUE_MB MB | written | $(rss_mb) MB | | $(used_mb) MB |"
for i in $(seq "$CLIENTS"); do echo "DEL big:$i"; done | redis-cli -p "$PORT" >/dev/null
follow buffers
rm -rf "$work"
