# Shared by bench/run.sh and bench/persistence.sh (sourced): Beryl on Liberty and a redis-server side by side.
# The caller sets PORT, HTTP_PORT, REDIS_PORT and BUILD first.

mvn() { command mvn -q ${MVN_FLAGS:-} "$@"; }

# Exits unless every tool is on PATH and neither port serves anything yet.
bench_preflight() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install redis-server redis-tools maven)" >&2; exit 1; }
  done
  for p in "$PORT" "$REDIS_PORT"; do
    ! redis-cli -p "$p" ping >/dev/null 2>&1 || { echo "port $p is already in use" >&2; exit 1; }
  done
  trap bench_cleanup EXIT
}

bench_cleanup() {
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -z "${BERYL_STARTED:-}" ] || mvn -pl beryl-web liberty:stop >/dev/null 2>&1 || true
}

# package + install without the integration-test phases (those would start the IT server); --no-build skips it
bench_build() {
  ((BUILD)) || return 0
  echo "building..." >&2
  mvn -DskipTests package install:install
}

# bench_start DATA-DIR REDIS-DIR [VAR=value ...]: Beryl (the `beryl` server of `mvn liberty:run`, with the extra
# environment given) and redis-server without save points, both answering PONG with `save ""` when it returns.
bench_start() {
  local beryl_dir=$1 redis_dir=$2; shift 2
  echo "starting Beryl on Liberty (RESP $PORT, HTTP $HTTP_PORT) and redis-server ($REDIS_PORT)..." >&2
  BERYL_STARTED=1
  (export BERYL_PORT=$PORT BERYL_HTTP_PORT=$HTTP_PORT BERYL_DIR=$beryl_dir "$@"
   mvn -pl beryl-web liberty:create liberty:deploy liberty:start)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
    --enable-debug-command yes --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
  for p in "$PORT" "$REDIS_PORT"; do
    for _ in $(seq 100); do [ "$(redis-cli -p "$p" ping 2>/dev/null)" = PONG ] && break; sleep 0.2; done
    [ "$(redis-cli -p "$p" ping 2>/dev/null)" = PONG ] || { echo "no PONG on port $p" >&2; exit 1; }
    redis-cli -p "$p" config set save '' >/dev/null
  done
}
