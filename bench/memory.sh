#!/usr/bin/env bash
# Memory per element: loads the same data into a running Beryl and into a redis-server 7.0 started here, one data
# set at a time, and prints what each costs per element as a Markdown table.
#
#   bench/memory.sh [BERYL_PORT] [REDIS_PORT]      (defaults 6379 and 6389)
#   env: KEYS (collections, default 10000), PER (elements per collection, 100), STRINGS (string keys, 1000000),
#        SETS (data sets, default "hash set zset list string"), SETTLE (seconds between loading and measuring, 5)
#
# Data sets: KEYS hashes (HSET, fields member:NN, values value:NN), sets (SADD member:NN), sorted sets (ZADD, score
# NN), lists (RPUSH member:NN), each of PER elements; then STRINGS keys key:NNNNNNN -> "abc". The RESP is written by
# awk and sent with `redis-cli --pipe`. Each data set starts from FLUSHALL.
#
# Figures, per element (a string key counts as one):
#   RSS   the process's VmRSS after loading minus its VmRSS just before (after the FLUSHALL). For Beryl both are
#         read after a full GC (jcmd GC.run), for Redis after MEMORY PURGE (jemalloc returns its free pages):
#         each process gives back what it can before it is measured.
#   live  Beryl: the JVM's used heap after the full GC (the data themselves; RSS also includes the free heap G1
#         keeps committed). Redis: INFO used_memory (what its allocator handed out).
# Beryl's JVM is found as the process listening on BERYL_PORT, so the script needs the same user and jcmd.
set -euo pipefail
BERYL_PORT=${1:-6379}
REDIS_PORT=${2:-6389}
KEYS=${KEYS:-10000}
PER=${PER:-100}
STRINGS=${STRINGS:-1000000}
SETTLE=${SETTLE:-5}
SETS=${SETS:-hash set zset list string}

for tool in redis-server redis-cli jcmd ss awk; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
redis-cli -p "$BERYL_PORT" ping >/dev/null || { echo "no Beryl on port $BERYL_PORT" >&2; exit 1; }
beryl_pid=$(ss -ltnpH "sport = :$BERYL_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[[ -n $beryl_pid ]] || { echo "cannot see the process on port $BERYL_PORT (ss -ltnp needs the same user)" >&2; exit 1; }

work=$(mktemp -d)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize yes \
  --pidfile "$work/redis.pid" >/dev/null
trap 'redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && [[ -s $work/redis.pid ]] && break; sleep 0.1; done
redis_pid=$(cat "$work/redis.pid")

# RESP for one data set on stdout: gen TYPE KEYS PER
gen() {
  awk -v type="$1" -v keys="$2" -v per="$3" '
    function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
    BEGIN {
      if (type == "string") {
        for (k = 0; k < keys; k++) printf "*3\r\n$3\r\nSET\r\n$11\r\nkey:%07d\r\n$3\r\nabc\r\n", k
        exit
      }
      # every collection holds the same elements, so the arguments after the key are built once
      cmd = type == "hash" ? "HSET" : type == "set" ? "SADD" : type == "zset" ? "ZADD" : "RPUSH"
      tail = ""
      for (i = 0; i < per; i++) {
        m = sprintf("member:%02d", i)
        if (type == "hash") tail = tail bulk(m) bulk(sprintf("value:%02d", i))
        else if (type == "zset") tail = tail bulk(i) bulk(m)
        else tail = tail bulk(m)
      }
      head = "*" (2 + (type == "hash" || type == "zset" ? 2 : 1) * per) "\r\n" bulk(cmd)
      for (k = 0; k < keys; k++) printf "%s%s%s", head, bulk(sprintf("key:%07d", k)), tail
    }'
}

load() { # PORT TYPE KEYS PER
  local out
  out=$(gen "$2" "$3" "$4" | redis-cli -p "$1" --pipe 2>&1)
  grep -q 'errors: 0,' <<<"$out" || { echo "loading $2 into port $1 failed: $(tail -n 1 <<<"$out")" >&2; exit 1; }
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# "RSS-KB LIVE-BYTES" of Beryl after a full GC
beryl_mem() {
  jcmd "$beryl_pid" GC.run >/dev/null
  sleep 2
  local used
  # G1: "garbage-first heap   total 393216K, used 80123K"; Shenandoah: " 6028M max, ..., 178M committed, 162M used"
  used=$(jcmd "$beryl_pid" GC.heap_info | awk '
    function bytes(v) { m = v ~ /G/ ? 1073741824 : v ~ /M/ ? 1048576 : v ~ /K/ ? 1024 : 1; gsub(/[^0-9.]/, "", v); return v * m }
    /garbage-first heap/ { for (i = 1; i < NF; i++) if ($i == "used") { print bytes($(i+1)); exit } }
    / used$/ { print bytes($(NF-1)); exit }')
  echo "$(rss_kb "$beryl_pid") $used"
}

# "RSS-KB LIVE-BYTES" of Redis after returning free pages
redis_mem() {
  redis-cli -p "$REDIS_PORT" memory purge >/dev/null
  sleep 1
  echo "$(rss_kb "$redis_pid") $(redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}')"
}

# "RSS-B/elem LIVE-B/elem" for one server and data set: measure PORT TYPE KEYS PER
measure() {
  local port=$1 mem=beryl_mem elements before after
  [[ $port == "$REDIS_PORT" ]] && mem=redis_mem
  elements=$(($3 * $4))
  redis-cli -p "$port" flushall >/dev/null
  before=$($mem)
  load "$port" "$2" "$3" "$4"
  sleep "$SETTLE" # both servers finish resizing their key tables in their crons meanwhile, as an idle server would
  after=$($mem)
  awk -v b="$before" -v a="$after" -v n="$elements" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    printf "%.1f %.1f\n", (y[1] - x[1]) * 1024 / n, (y[2] - x[2]) / n }'
}

# the heap settings that decide how much free heap the JVM keeps (and so its RSS)
jvm_flags() {
  jcmd "$beryl_pid" VM.flags -all | awk '$2 ~ /^(Use(G1|Parallel|Serial|Z|Shenandoah)GC|InitialHeapSize|MaxHeapSize|M(in|ax)HeapFreeRatio)$/ && $4 != "false" {
    printf "%s%s", sep, ($4 == "true" ? "-XX:+" $2 : "-XX:" $2 "=" $4); sep = " " } END { print "" }'
}

# a small round first, so that the JIT's code and the server's buffers are in place before the first measurement
for t in $SETS; do
  redis-cli -p "$BERYL_PORT" flushall >/dev/null
  if [[ $t == string ]]; then load "$BERYL_PORT" string $((STRINGS / 10)) 1; else load "$BERYL_PORT" "$t" $((KEYS / 10)) "$PER"; fi
done

echo "$KEYS collections of $PER elements, $STRINGS string keys; $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "Beryl JVM (pid $beryl_pid): $(jvm_flags)"
echo
echo "| data set | Beryl RSS B/elem | Redis RSS B/elem | RSS ratio | Beryl live heap B/elem | Redis used_memory B/elem | live ratio |"
echo "|---|---|---|---|---|---|---|"
for t in $SETS; do
  if [[ $t == string ]]; then keys=$STRINGS per=1 name="string (per key)"; else keys=$KEYS per=$PER name=$t; fi
  b=$(measure "$BERYL_PORT" "$t" "$keys" "$per")
  r=$(measure "$REDIS_PORT" "$t" "$keys" "$per")
  read -r b_rss b_live <<<"$b"
  read -r r_rss r_live <<<"$r"
  awk -v n="$name" -v br="$b_rss" -v bl="$b_live" -v rr="$r_rss" -v rl="$r_live" \
    'BEGIN {printf "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |\n", n, br, rr, br / rr, bl, rl, bl / rl}'
done
redis-cli -p "$BERYL_PORT" flushall >/dev/null
