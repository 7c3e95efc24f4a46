#!/usr/bin/env bash
# The engine's longest pause during BGSAVE of one huge collection: fills a set of N members (default 5 M) on a
# running server, then runs redis-benchmark (PING and GET, 50 clients) and sends BGSAVE 1 s into it; prints
# redis-benchmark's latency summary (p50/p99/max) and how long the save took. Run it against Beryl and against
# redis-server on the same machine:  bench/bgsave-pause.sh PORT [MEMBERS]
set -euo pipefail
PORT=${1:?port of a running server}
N=${2:-5000000}
cli() { redis-cli -p "$PORT" "$@"; }

cli CONFIG SET save "" >/dev/null
if [ "$(cli SCARD bigset)" != "$N" ]; then
cli FLUSHALL >/dev/null
# SADD in batches of 1000 members through redis-cli --pipe (RESP generated here)
python3 - "$N" <<'PY' | redis-cli -p "$PORT" --pipe >/dev/null
import sys
n = int(sys.argv[1]); out = sys.stdout.buffer; batch = 1000
for start in range(0, n, batch):
    members = [b"member:%d" % i for i in range(start, min(n, start + batch))]
    parts = [b"*%d\r\n$4\r\nSADD\r\n$6\r\nbigset\r\n" % (len(members) + 2)]
    parts += [b"$%d\r\n%s\r\n" % (len(m), m) for m in members]
    out.write(b"".join(parts))
PY
fi
[ "$(cli SCARD bigset)" = "$N" ] || { echo "bigset has $(cli SCARD bigset) members, not $N" >&2; exit 1; }
echo "bigset: $N members, encoding $(cli OBJECT ENCODING bigset)"
cli SET key:1 value >/dev/null

run_bench() {
    redis-benchmark -p "$PORT" -c 50 -n "$1" -t ping,get -r 1 2>/dev/null | tr '\r' '\n' |
        grep -E '^====|requests per second|avg +min|^ +[0-9.]+ +[0-9.]+ +[0-9.]+' | grep -v '^$'
}
saving() { [ "$(cli INFO persistence | tr -d '\r' | awk -F: '/^rdb_bgsave_in_progress/ {print $2}')" = 1 ]; }
echo "--- without a save"
run_bench 200000
echo "--- BGSAVE 1 s into the run (the run lasts about as long as the save)"
(
    sleep 1
    t0=$(date +%s%N)
    cli BGSAVE >/dev/null
    while saving; do sleep 0.05; done
    echo "BGSAVE took $(( ($(date +%s%N) - t0) / 1000000 )) ms, status" \
        "$(cli INFO persistence | tr -d '\r' | awk -F: '/^rdb_last_bgsave_status/ {print $2}')"
) &
run_bench "${REQUESTS:-400000}"
wait
