#!/usr/bin/env bash
# Pub/Sub, keyspace notifications and client-side caching, Beryl on Liberty against redis-server 7.0, side by side
# (docs/performance.md).
#
# Starts both servers as bench/run.sh does and runs each scenario against both in alternating rounds, then prints
# per scenario and test the medians of each server and the ratio Beryl/Redis:
#   pub-1, pub-50   bench/MessagingLoad.java: PUBLISHERS connections each keep PIPELINE PUBLISHes of 16 bytes in
#                   flight to one channel that 1 or 50 connections subscribe; messages delivered per second (all
#                   subscribers together), checked complete at the end
#                   and the server's CPU time per delivered message (the process's, GC and other threads included),
#                   which the machine's other load moves less than the rates
#   notify          notify-keyspace-events KEA and one connection PSUBSCRIBEd to __keyevent@0__:* (reading all);
#                   redis-benchmark -t set,get -r 1000, 50 clients, without and with -P 16
#   tracking        1,000 RESP3 connections with CLIENT TRACKING on, connection i having read key i of the 1,000
#                   keys redis-benchmark -r 1000 writes, and reading it again on each invalidation; the same
#                   redis-benchmark runs
#
#   bench/messaging.sh [--quick | --smoke] [--no-build] [--only SCENARIO,...] [--rounds N] [--port P] [--http-port P] [--redis-port P] [--out DIR]
#
# --smoke: one short round, which checks that every scenario runs on both servers (its figures mean nothing).
# env: BENCH_JVM_ARGS, MVN_FLAGS as for bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=5 SECS=5 N=50000 NP=300000 PUBLISHERS=4 PIPELINE=32 TRACKERS=1000
PORT=6384 HTTP_PORT=9184 REDIS_PORT=6386 BUILD=1 OUT="" SMOKE=0 ONLY=""
while (($#)); do
  case $1 in
    --quick) ROUNDS=3 SECS=3 N=20000 NP=100000 ;;
    --smoke) ROUNDS=1 SECS=0.5 N=2000 NP=10000 TRACKERS=100 SMOKE=1 ;;
    --no-build) BUILD=0 ;;
    --only) ONLY=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --port) PORT=$2; shift ;;
    --http-port) HTTP_PORT=$2; shift ;;
    --redis-port) REDIS_PORT=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) sed -n '2,/^set -e/p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-$PWD/target/bench/messaging-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
source bench/lib.sh
bench_preflight redis-server redis-benchmark redis-cli mvn javac
bench_build
javac -d "$OUT/classes" bench/MessagingLoad.java
LOAD=(java -XX:+UseSerialGC -cp "$OUT/classes" MessagingLoad)
bench_start "$OUT/beryl-data" "$OUT" JVM_ARGS="${BENCH_JVM_ARGS:-}"
BERYL_PID=$(cat beryl-web/target/liberty/wlp/usr/servers/.pid/beryl.pid)
REDIS_PID=$(cat "$OUT/redis.pid")

# a background helper (MessagingLoad psubscribe/track) for the duration of one redis-benchmark pass
HELPER=""
helper_start() { # port ready-line|"" args...
  local port=$1 ready=$2; shift 2
  "${LOAD[@]}" "$@" > "$OUT/helper.out" 2>&1 &  # the JVM itself, so that helper_stop's kill reaches it
  HELPER=$!
  [ -n "$ready" ] || { sleep 0.5; return; }
  for _ in $(seq 300); do grep -q "^$ready" "$OUT/helper.out" && return; kill -0 $HELPER 2>/dev/null || break; sleep 0.1; done
  echo "helper on port $port not ready: $(cat "$OUT/helper.out")" >&2; exit 1
}
helper_stop() { # label: appends it and what the helper printed at exit (bytes or invalidations received)
  kill "$HELPER"; wait "$HELPER" || true; HELPER=""
  echo "$1 $(tail -1 "$OUT/helper.out")" >> "$OUT/helpers.txt"
}
trap 'if [ -n "$HELPER" ]; then kill $HELPER 2>/dev/null || true; fi; bench_cleanup' EXIT

# redis-benchmark SET/GET; appends "scenario round server test rps p50 p99" to raw.txt
redis_benchmark() { # scenario round server port options...
  local scenario=$1 round=$2 server=$3 port=$4; shift 4
  redis-benchmark -p "$port" -t set,get -r 1000 "$@" --csv 2>/dev/null | tee -a "$OUT/$server.csv" | tr -d '"' |
    awk -F, -v s="$scenario" -v r="$round" -v v="$server" 'NR > 1 && $1 !~ /needed to/ {print s, r, v, $1, $2, $5, $7}' \
    >> "$OUT/raw.txt"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process

scenario() { # name round server port
  local name=$1 round=$2 server=$3 port=$4
  redis-cli -p "$port" flushall >/dev/null
  case $name in
    pub-1|pub-50)
      local pid=$BERYL_PID cpu0 cpu1
      [ $server = beryl ] || pid=$REDIS_PID
      cpu0=$(cpu_ticks $pid)
      read -r deliveries publishes total < <("${LOAD[@]}" publish 127.0.0.1 "$port" "${name#pub-}" "$PUBLISHERS" "$PIPELINE" 16 1 "$SECS")
      cpu1=$(cpu_ticks $pid)
      echo "$name $round $server DELIVERED $deliveries - -" >> "$OUT/raw.txt"
      echo "$name $round $server CPU-us/msg $(awk -v t=$((cpu1 - cpu0)) -v n="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", t * 1e6 / hz / n}') - -" >> "$OUT/raw.txt" ;;
    notify-c50|notify-P16)
      redis-cli -p "$port" config set notify-keyspace-events KEA >/dev/null
      helper_start "$port" "" psubscribe 127.0.0.1 "$port" '__keyevent@0__:*'
      if [ $name = notify-c50 ]; then redis_benchmark $name "$round" $server "$port" -c 50 -n "$N"
      else redis_benchmark $name "$round" $server "$port" -c 50 -P 16 -n "$NP"; fi
      helper_stop "$name $round $server event-bytes"
      redis-cli -p "$port" config set notify-keyspace-events '' >/dev/null ;;
    tracking-c50|tracking-P16)
      helper_start "$port" ready track 127.0.0.1 "$port" "$TRACKERS" 1000
      if [ $name = tracking-c50 ]; then redis_benchmark $name "$round" $server "$port" -c 50 -n "$N"
      else redis_benchmark $name "$round" $server "$port" -c 50 -P 16 -n "$NP"; fi
      helper_stop "$name $round $server invalidations" ;;
  esac
}

SCENARIOS=(pub-1 pub-50 notify-c50 notify-P16 tracking-c50 tracking-P16)
[ -z "$ONLY" ] || read -ra SCENARIOS <<< "${ONLY//,/ }"
: > "$OUT/raw.txt"; : > "$OUT/helpers.txt"
# warm-up (not counted): lets Beryl's JIT compile each scenario's paths
for s in "${SCENARIOS[@]}"; do
  scenario "$s" 0 beryl "$PORT"; scenario "$s" 0 redis "$REDIS_PORT"
done
sed -i '/ 0 \(beryl\|redis\) /d' "$OUT/raw.txt" "$OUT/helpers.txt"
start=$SECONDS
for r in $(seq "$ROUNDS"); do
  for s in "${SCENARIOS[@]}"; do
    echo "round $r/$ROUNDS $s (${SECONDS}s)" >&2
    # alternate which server goes first, so that neither always runs right after the other's load
    if ((r % 2)); then order="beryl redis"; else order="redis beryl"; fi
    for v in $order; do
      if [ $v = beryl ]; then scenario "$s" "$r" beryl "$PORT"; else scenario "$s" "$r" redis "$REDIS_PORT"; fi
    done
  done
done
elapsed=$((SECONDS - start))

# medians per (scenario, test, server) of each metric independently, scenarios in the order run
median() { # column (5 rate, 6 p50, 7 p99) -> "scenario test server median"
  awk -v c="$1" '{print $1, $4, $3, $c}' "$OUT/raw.txt" | sort -k1,1 -k2,2 -k3,3 -k4,4g |
    awk '{k = $1 " " $2 " " $3} k != p && NR > 1 {print p, m(v, n); n = 0} {p = k; v[++n] = $4}
         END {print p, m(v, n)} function m(a, n) {return a[1] == "-" ? "-" : n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2}'
}
paste -d' ' <(median 5) <(median 6 | cut -d' ' -f4) <(median 7 | cut -d' ' -f4) > "$OUT/medians.txt"
rss() { awk '/^VmHWM|^VmRSS/ {printf "%s %d MB ", $1, $2 / 1024}' "/proc/$1/status"; }

{
  echo "bench/messaging.sh: medians of $ROUNDS alternating rounds; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Beryl: $(java -version 2>&1 | head -1), JVM options: $(grep -v '^#' liberty/jvm.options | xargs) ${BENCH_JVM_ARGS:-}; redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') --save '' --appendonly no"
  echo "PUBLISH: $PUBLISHERS publishers x $PIPELINE pipelined, 16-byte messages, ${SECS}s per measurement; $TRACKERS tracking clients"
  echo
  echo "| scenario | test | Beryl /s | Redis /s | ratio | Beryl p50 ms | Redis p50 ms | Beryl p99 ms | Redis p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for s in "${SCENARIOS[@]}"; do
    awk -v s="$s" '$1 == s && $3 == "beryl" {b[$2] = $0} $1 == s && $3 == "redis" {r[$2] = $0; o[++n] = $2}
      END {for (i = 1; i <= n; i++) { split(b[o[i]], x, " "); split(r[o[i]], y, " ")
        f = o[i] ~ /CPU/ ? "%.3f" : "%.0f"  # CPU-us/msg: microseconds, lower is better
        printf "| %s | %s | " f " | " f " | %.2f | %s | %s | %s | %s |\n", s, o[i], x[4], y[4], x[4] / y[4], x[5], y[5], x[6], y[6] }}' \
      "$OUT/medians.txt"
  done
  echo
  echo "Beryl JVM: $(rss "$BERYL_PID"); heap $(redis-cli -p "$PORT" info memory | awk -F: '/^used_memory_human/ {print $2}' | tr -d '\r') in use"
  echo "redis-server: $(rss "$REDIS_PID")"
  echo "benchmark time ${elapsed}s; raw figures, helpers' counts (event bytes, invalidations) in $OUT"
} | tee "$OUT/report.md"
# every scenario measured on both servers, or the run failed (what --smoke checks in CI)
[ "$(wc -l < "$OUT/medians.txt")" -eq $((4 * ${#SCENARIOS[@]})) ] || { echo "missing results: see $OUT/raw.txt" >&2; exit 1; }
