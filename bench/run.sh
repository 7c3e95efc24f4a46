#!/usr/bin/env bash
# Beryl on Liberty against redis-server 7.0, side by side with redis-benchmark (docs/performance.md).
#
# Builds Beryl, starts it on Open Liberty with a GC log, starts a redis-server, then runs redis-benchmark against
# both in alternating rounds (Beryl, Redis, Beryl, Redis...) so that load from elsewhere on the machine hits both
# alike, and prints per test the median ops/s, p50 and p99 of each, the ratio Beryl/Redis, the geometric mean of
# the ratios per group (of ops/s and of p99 latency), and the longest GC pause of the Beryl JVM while the benchmark ran.
#
#   bench/run.sh [--quick | --smoke] [--no-build] [--rounds N] [--port P] [--http-port P] [--redis-port P] [--out DIR]
#
# Groups: 50 clients unpipelined, 50 clients with -P 16, 1 client with 16 KiB values. --smoke: one round of a few
# requests, which CI runs to check that the benchmark works (its figures mean nothing).
# env: BENCH_JVM_ARGS  extra options for Beryl's JVM, after those of liberty/jvm.options (G1 instead:
#                      BENCH_JVM_ARGS="-XX:-UseShenandoahGC -XX:+UseG1GC")
#      MVN_FLAGS       extra Maven options (e.g. -o)
set -euo pipefail
cd "$(dirname "$0")/.."

TESTS=set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset
ROUNDS=5 N=50000 NP=300000 NB=3000   # requests per test: unpipelined, pipelined, 16 KiB values
PORT=6388 HTTP_PORT=9188 REDIS_PORT=6389 BUILD=1 OUT="" SMOKE=0
while (($#)); do
  case $1 in
    --quick) ROUNDS=3 N=10000 NP=50000 NB=1000 ;;
    --smoke) ROUNDS=1 N=1000 NP=5000 NB=50 SMOKE=1 ;;
    --no-build) BUILD=0 ;;
    --rounds) ROUNDS=$2; shift ;;
    --port) PORT=$2; shift ;;
    --http-port) HTTP_PORT=$2; shift ;;
    --redis-port) REDIS_PORT=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) sed -n '2,/^set -e/p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-$PWD/target/bench/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
source bench/lib.sh
bench_preflight redis-server redis-benchmark redis-cli mvn
bench_build

# JVM_ARGS reaches the server JVM through Liberty's launch script, so the GC log needs no change to the product's
# jvm.options; other JVMs of the launch script get it too, hence one log per process id: keep the server's
bench_start "$OUT/beryl-data" "$OUT" \
  JVM_ARGS="${BENCH_JVM_ARGS:-} -Xlog:gc*=info,safepoint=info:file=$OUT/gc-%p.log:uptime,level,tags:filecount=0"
GCLOG=$OUT/gc-$(cat beryl-web/target/liberty/wlp/usr/servers/.pid/beryl.pid).log
[ -f "$GCLOG" ] || { echo "no GC log $GCLOG" >&2; exit 1; }
find "$OUT" -name 'gc-*.log' ! -path "$GCLOG" -delete

# group (number-name, numbered for the report's order), redis-benchmark options
GROUPS_=("1-c50:-c 50 -n $N" "2-c50-P16:-c 50 -P 16 -n $NP" "3-c1-16KiB:-c 1 -d 16384 -n $NB")

# one redis-benchmark run on a flushed server; appends "group round server index test rps p50 p99" to raw.txt
bench() { # server port group round options...
  local server=$1 port=$2 group=$3 round=$4; shift 4
  redis-cli -p "$port" flushall >/dev/null
  redis-benchmark -p "$port" -t "$TESTS" "$@" --csv 2>/dev/null | tee -a "$OUT/$server.csv" |
    tr -d '"' | awk -F, -v g="$group" -v r="$round" -v s="$server" '
      NR > 1 && $1 !~ /needed to/ { split($1, t, " "); printf "%s %s %s %02d %s %s %s %s\n", g, r, s, NR, t[1], $2, $5, $7 }' \
    >> "$OUT/raw.txt"
}

: > "$OUT/raw.txt"
total=$((ROUNDS * ${#GROUPS_[@]}))
# warm-up (not counted), at most the quick mode's requests (a later -n wins): lets Beryl's JIT compile the
# paths each group uses
warm=(10000 50000 1000)
((SMOKE)) && warm=(1000 5000 50)
for k in "${!GROUPS_[@]}"; do
  g=${GROUPS_[k]}
  bench beryl "$PORT" warmup 0 ${g#*:} -n "${warm[k]}" >/dev/null
  bench redis "$REDIS_PORT" warmup 0 ${g#*:} -n "${warm[k]}" >/dev/null
done
sed -i '/^warmup /d' "$OUT/raw.txt"
gc_from=$(wc -l < "$GCLOG")
start=$SECONDS
i=0
for r in $(seq "$ROUNDS"); do
  for g in "${GROUPS_[@]}"; do
    i=$((i + 1))
    echo "round $r/$ROUNDS ${g%%:*} ($i/$total, ${SECONDS}s)" >&2
    # alternate which server goes first, so that neither always runs right after the other's load
    if ((r % 2)); then order="beryl redis"; else order="redis beryl"; fi
    for s in $order; do
      if [ $s = beryl ]; then bench beryl "$PORT" "${g%%:*}" "$r" ${g#*:}; else bench redis "$REDIS_PORT" "${g%%:*}" "$r" ${g#*:}; fi
    done
  done
done
elapsed=$((SECONDS - start))
tail -n +"$((gc_from + 1))" "$GCLOG" > "$OUT/gc-during-bench.log"

# medians per (group, test, server) of each metric independently
median() { # column (6 rps, 7 p50, 8 p99) -> "group index test server median"
  awk -v c="$1" '{print $1, $4, $5, $3, $c}' "$OUT/raw.txt" | sort -k1,1 -k2,2 -k4,4 -k5,5g |
    awk '{k = $1 " " $2 " " $3 " " $4} k != p && NR > 1 {print p, m(v, n); n = 0} {p = k; v[++n] = $5}
         END {print p, m(v, n)} function m(a, n) {return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2}'
}
paste -d' ' <(median 6) <(median 7 | cut -d' ' -f5) <(median 8 | cut -d' ' -f5) > "$OUT/medians.txt"

{
  echo "redis-benchmark 7.0 medians of $ROUNDS alternating rounds; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Beryl: $(java -version 2>&1 | head -1), JVM options: $(grep -v '^#' liberty/jvm.options | xargs) ${BENCH_JVM_ARGS:-}; redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') --save '' --appendonly no"
  # rows come sorted by group, test index, server (beryl before redis): join each pair
  awk '
    $4 == "beryl" {b = $0; next}
    { split(b, x, " ")
      if ($1 != gk) {
        if (gk != "") foot()
        gk = $1; g = substr($1, 3); n = 0; s = 0; s99 = 0
        printf "\n%s\n\n| test | Beryl ops/s | Redis ops/s | ratio | Beryl p50 ms | Redis p50 ms | Beryl p99 ms | Redis p99 ms |\n|---|---|---|---|---|---|---|---|\n", g
      }
      ratio = x[5] / $5; n++; s += log(ratio); s99 += log(x[7] / $7)
      printf "| %s | %.0f | %.0f | %.2f | %.3f | %.3f | %.3f | %.3f |\n", $3, x[5], $5, ratio, x[6], $6, x[7], $7 }
    function foot() {
      printf "\ngeometric mean of the ratios (%s): %.2f\n", g, exp(s / n)
      printf "geometric mean of the p99 ratios Beryl/Redis (%s): %.2f\n", g, exp(s99 / n) }
    END {foot()}' "$OUT/medians.txt"
  echo
  # G1, Shenandoah and ZGC all log stop-the-world pauses as "Pause ... <ms>ms"
  { grep -o 'Pause.*[0-9.]*ms$' "$OUT/gc-during-bench.log" || true; } | sed 's/.* \([0-9.]*\)ms$/\1/' | sort -g |
    awk '{n++; if ($1 > 10) over++; max = $1} END {printf "GC pauses during the benchmark: %d, longest %.3f ms, over 10 ms: %d\n", n, max, over}'
  echo "benchmark time ${elapsed}s; raw CSV, medians and GC log in $OUT"
} | tee "$OUT/report.md"
# every test of every group measured on both servers, or the run failed (what --smoke checks in CI)
expected=$((${#GROUPS_[@]} * $(tr ',' '\n' <<< "$TESTS" | wc -l) * 2))
[ "$(wc -l < "$OUT/medians.txt")" -eq "$expected" ] || { echo "missing results: see $OUT/raw.txt" >&2; exit 1; }
