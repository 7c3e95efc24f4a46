#!/usr/bin/env bash
# RDB save and load throughput, Beryl on Liberty against redis-server 7.0 (docs/performance.md).
#
# Starts Beryl on Open Liberty and a redis-server, fills both with the same data, then times SAVE and
# DEBUG RELOAD NOSAVE (load only) on each, alternating servers, and prints per dataset the median seconds, the
# file size, MB/s and the ratio Beryl/Redis of the times. Datasets: 1 M small strings (DEBUG POPULATE, 16-byte
# values) and, unless --strings-only, 40,000 collections of 100 elements (10,000 each of hashes, sets, sorted sets
# and lists: listpack, hashtable, listpack and quicklist encodings).
#
#   bench/persistence.sh [--no-build] [--strings-only] [--keys N] [--rounds N] [--port P] [--http-port P]
#                        [--redis-port P] [--out DIR]
# env: MVN_FLAGS  extra Maven options (e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."

KEYS=1000000 ROUNDS=3 PORT=6383 HTTP_PORT=9183 REDIS_PORT=6386 BUILD=1 OUT="" COLLECTIONS=1
while (($#)); do
  case $1 in
    --no-build) BUILD=0 ;;
    --strings-only) COLLECTIONS=0 ;;
    --keys) KEYS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --port) PORT=$2; shift ;;
    --http-port) HTTP_PORT=$2; shift ;;
    --redis-port) REDIS_PORT=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) sed -n '2,/^set -e/p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-$PWD/target/bench/persistence-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/beryl-data" "$OUT/redis-data"
OUT=$(cd "$OUT" && pwd)
source bench/lib.sh
bench_preflight redis-server redis-cli mvn python3
bench_build
bench_start "$OUT/beryl-data" "$OUT/redis-data" BERYL_ENABLE_DEBUG_COMMAND=yes
declare -A DIR=([$PORT]=$OUT/beryl-data [$REDIS_PORT]=$OUT/redis-data)

# 10,000 each of hashes, sets, sorted sets and lists with 100 elements, as RESP for redis-cli --pipe
collections() {
  python3 - <<'PY'
import sys
out = sys.stdout.buffer
def cmd(*args):
    out.write(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
for k in range(10000):
    cmd(b"HSET", b"hash:%d" % k, *[x for i in range(100) for x in (b"field:%d" % i, b"value:%d" % (k * i))])
    cmd(b"SADD", b"set:%d" % k, *[b"member:%d:%d" % (k, i) for i in range(100)])
    cmd(b"ZADD", b"zset:%d" % k, *[x for i in range(100) for x in (b"%d" % (k + i), b"member:%d" % i)])
    cmd(b"RPUSH", b"list:%d" % k, *[b"element:%d" % (k * i) for i in range(100)])
PY
}

fill() { # port dataset
  redis-cli -p "$1" flushall >/dev/null
  if [ "$2" = strings ]; then
    redis-cli -p "$1" debug populate "$KEYS" key 16 >/dev/null
  else
    collections | redis-cli -p "$1" --pipe >/dev/null
  fi
}

# wall seconds of one command (redis-cli's own start, ~5 ms, included)
timed() {
  local t0 t1 r
  t0=$(date +%s%N)
  r=$(redis-cli -p "$1" "${@:2}")
  t1=$(date +%s%N)
  [ "$r" = OK ] || { echo "$* on $1: $r" >&2; exit 1; }
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| dataset | server | file MB | SAVE s | SAVE MB/s | load s | load MB/s |\n|---|---|---|---|---|---|---|\n' > "$OUT/results.md"
datasets=strings
((COLLECTIONS)) && datasets="strings collections"
for ds in $datasets; do
  echo "dataset $ds: filling..." >&2
  for p in "$PORT" "$REDIS_PORT"; do fill "$p" "$ds"; done
  declare -A saves=() loads=()
  for r in $(seq "$ROUNDS"); do
    for p in "$PORT" "$REDIS_PORT"; do
      saves[$p]+="$(timed "$p" save) "
      loads[$p]+="$(timed "$p" debug reload nosave) "
    done
    echo "  round $r done" >&2
  done
  declare -A S=() L=()
  for p in "$PORT" "$REDIS_PORT"; do
    name=$([ "$p" = "$PORT" ] && echo Beryl || echo redis-server)
    mb=$(echo "scale=1; $(stat -c %s "${DIR[$p]}/dump.rdb") / 1000000" | bc)
    S[$p]=$(echo "${saves[$p]}" | tr ' ' '\n' | grep . | median)
    L[$p]=$(echo "${loads[$p]}" | tr ' ' '\n' | grep . | median)
    printf '| %s (%s keys) | %s | %s | %.2f | %.0f | %.2f | %.0f |\n' "$ds" "$(redis-cli -p "$p" dbsize)" "$name" "$mb" \
      "${S[$p]}" "$(echo "$mb / ${S[$p]}" | bc -l)" "${L[$p]}" "$(echo "$mb / ${L[$p]}" | bc -l)" >> "$OUT/results.md"
  done
  printf '| %s | Beryl / redis-server (time) | | %.2f | | %.2f | |\n' "$ds" \
    "$(echo "${S[$PORT]} / ${S[$REDIS_PORT]}" | bc -l)" "$(echo "${L[$PORT]} / ${L[$REDIS_PORT]}" | bc -l)" >> "$OUT/results.md"
done
echo "Beryl: $(java -version 2>&1 | head -1), JVM options: $(grep -v '^#' liberty/jvm.options | xargs); redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'); $ROUNDS rounds, medians" >> "$OUT/results.md"
cat "$OUT/results.md"
