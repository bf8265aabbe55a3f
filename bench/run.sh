#!/usr/bin/env bash
# The benchmark, one command (issue 8): bench/run.sh [--quick] [--head | --source DIR] [--rebuild] [--phases ...]
#
#   1. database limit: rows/s of COPY and of multi-row INSERTs into the real analytics_events table
#   2. the packaged ingest service (java -jar) under an open-model load ladder, batched beacons and one
#      event per request: accepted events/s, p50/p99/p99.9, RSS and CPU per step, up to saturation
#   2c. rollup lag: the ingest and dashboard services as shipped on a fresh database, batched beacons at increasing rates
#      (60 s steps, back to back), the dashboard's analytics_rollup_lag_seconds and the unfolded events read once a second
#   3. the same ladders against the baseline (the seed's design: one INSERT per event, plain pool)
#   4. 10 M events seeded over 30 days, then p50/p95 of every dashboard endpoint, warm, with and without filters,
#      with the dashboard's answer cache off (every answer computed) and on (first answer computed, then repeated)
#   5. RSS of each service under load and time from process start to first successful request
#
# Everything runs on this machine against loopback only; every loop is bounded in time and count; all
# processes started here are stopped on exit (each runs in its own process group). Prints the table and
# writes bench/target/results.md (raw results: bench/target/results.jsonl, logs: bench/target/logs/).
#
#   --quick    tiny loads and a 200 k-event seed: a smoke test of the whole pipeline (~3 min)
#   --head     build the services from `git archive HEAD` in bench/target/src (numbers belong to a commit)
#              instead of the working tree
#   --source DIR  take the packaged services from another checkout DIR (built there if missing)
#   --rebuild  rebuild the services even when their jars exist
#   --phases db,ingest,lag,baseline,dashboard   run only some phases (default all)
#
# Ports (override with env): PostgreSQL 54500, ingest 28081, dashboard 28082, issuer 28083, baseline 28090,
# the admin view's page (page-ready time, phase 4) 28093.
# BENCH_PG_SHARED_BUFFERS (default 1GB; PostgreSQL's own default is 128MB, RDS's 25 % of RAM): the embedded
# database's shared_buffers, so the rollups a 30-day question reads stay in PostgreSQL's cache.
# SERVICE_JAVA_OPTS (default -Xmx384m: the heap the production pod gets, half of its 768 Mi limit).
# LAG_RATES, LAG_STEP_S (60), LAG_WARMUP_S (15), LAG_STOP_S (60: the lag ladder stops after a step whose lag exceeded it),
# LAG_DRAIN_MAX_S (600: how long to wait for the lag to be back to 0 after the last step), LAG_DB_EVERY_S (1: how often the
# database's unfolded events are counted; the metric is read every second): phase 2c.
# SEED_EVENTS (default 10000000; 100000000 for the 100 M run: ~34 GB of disk with indexes, hours of rollup catch-up at the
# rate measured in docs/benchmarks.md) and ROLLUP_MAX_S (default 3600: how long to wait for the rollups).
# BENCH_PROFILE=1 attaches async-profiler (CPU, 200 Hz) to the ingest service during its ladders and to the
# dashboard during its latency run; summaries in bench/target/<service>-profile.txt, raw collapsed stacks
# in bench/target/<service>.collapsed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OUT=$BENCH/target
LOGS=$OUT/logs

QUICK=false
SOURCE=worktree
REBUILD=false
PHASES=db,ingest,lag,baseline,dashboard
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) QUICK=true ;;
    --head) SOURCE=head ;;
    --source) SOURCE=dir; SRC_DIR=$(cd "$2" && pwd); shift ;;
    --rebuild) REBUILD=true ;;
    --phases) PHASES=$2; shift ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
phase() { [[ ",$PHASES," == *",$1,"* ]]; }

PG_PORT=${BENCH_PG_PORT:-54500}
INGEST_PORT=${BENCH_INGEST_PORT:-28081}
DASHBOARD_PORT=${BENCH_DASHBOARD_PORT:-28082}
ISSUER_PORT=${BENCH_ISSUER_PORT:-28083}
BASELINE_PORT=${BENCH_BASELINE_PORT:-28090}
PAGE_PORT=${BENCH_PAGE_PORT:-28093}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx384m -XX:+ExitOnOutOfMemoryError}
GEN_JAVA_OPTS=${GEN_JAVA_OPTS:--Xms512m -Xmx1g}
LAG_STOP_S=${LAG_STOP_S:-60}

if $QUICK; then
  DB_ROWS=${DB_ROWS:-60000}
  INGEST_BATCH_RATES=${INGEST_BATCH_RATES:-2000,5000,10000}
  INGEST_SINGLE_RATES=${INGEST_SINGLE_RATES:-1000,2000}
  BASELINE_BATCH_RATES=${BASELINE_BATCH_RATES:-500,1000}
  BASELINE_SINGLE_RATES=${BASELINE_SINGLE_RATES:-250,500}
  STEP_S=${STEP_S:-3}; WARMUP_S=${WARMUP_S:-3}; PAUSE_S=${PAUSE_S:-1}
  SEED_EVENTS=${SEED_EVENTS:-200000}; SEED_CHUNK=${SEED_CHUNK:-50000}
  DASH_SAMPLES=${DASH_SAMPLES:-3}; DASH_CASE_S=${DASH_CASE_S:-3}; DASH_BUDGET_S=${DASH_BUDGET_S:-120}
  # steps longer than the rollup job's 10 s cadence, or the lag means nothing
  LAG_RATES=${LAG_RATES:-1000,2000}; LAG_STEP_S=${LAG_STEP_S:-15}; LAG_WARMUP_S=${LAG_WARMUP_S:-5}; LAG_DRAIN_MAX_S=${LAG_DRAIN_MAX_S:-60}
else
  DB_ROWS=${DB_ROWS:-400000}
  INGEST_BATCH_RATES=${INGEST_BATCH_RATES:-5000,10000,15000,20000,25000,35000,50000,75000,100000,150000}
  INGEST_SINGLE_RATES=${INGEST_SINGLE_RATES:-2500,5000,7500,10000,15000,20000,30000}
  BASELINE_BATCH_RATES=${BASELINE_BATCH_RATES:-500,1000,2000,4000,8000,16000}
  BASELINE_SINGLE_RATES=${BASELINE_SINGLE_RATES:-500,1000,2000,4000,8000}
  STEP_S=${STEP_S:-10}; WARMUP_S=${WARMUP_S:-15}; PAUSE_S=${PAUSE_S:-2}
  SEED_EVENTS=${SEED_EVENTS:-10000000}; SEED_CHUNK=${SEED_CHUNK:-500000}
  DASH_SAMPLES=${DASH_SAMPLES:-15}; DASH_CASE_S=${DASH_CASE_S:-8}; DASH_BUDGET_S=${DASH_BUDGET_S:-360}
  LAG_RATES=${LAG_RATES:-2000,5000,10000,20000,25000,35000,50000,75000,100000,150000}
  LAG_STEP_S=${LAG_STEP_S:-60}; LAG_WARMUP_S=${LAG_WARMUP_S:-15}; LAG_DRAIN_MAX_S=${LAG_DRAIN_MAX_S:-600}
fi

for port in "$PG_PORT" "$INGEST_PORT" "$DASHBOARD_PORT" "$ISSUER_PORT" "$BASELINE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; stop what runs there or set another port (see the top of $0)" >&2
    exit 1
  fi
done
for tool in java node git; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

RUN_START=$(date +%s)
mkdir -p "$OUT"
rm -rf "$LOGS" "$OUT/pgdata" "$OUT/pgdata-lag" "$OUT/apps" "$OUT"/*.collapsed "$OUT"/*-profile.txt
rm -f "$OUT/results.jsonl" "$OUT/results.md" "$OUT/lag-samples.csv"
mkdir -p "$LOGS"
RESULTS=$OUT/results.jsonl
say() { printf '\n[%s +%ss] %s\n' "$(date -u +%H:%M:%S)" "$(($(date +%s) - RUN_START))" "$*"; }

# --- build ------------------------------------------------------------------------------------------
COMMIT=$(git rev-parse --short HEAD)
if [[ $SOURCE == head ]]; then
  SRC=$OUT/src
  say "building the services from git HEAD ($COMMIT) in ${SRC#"$ROOT"/}"
  rm -rf "$SRC" && mkdir -p "$SRC"
  git archive HEAD | tar -x -C "$SRC"
  (cd "$SRC" && ./mvnw -q -B -DskipTests package -pl shared-model,ingest-service,dashboard-service -am) >"$LOGS/build.log" 2>&1 \
    || { tail -40 "$LOGS/build.log" >&2; exit 1; }
  SOURCE_NOTE="built from git HEAD $COMMIT (git archive, clean)"
elif [[ $SOURCE == dir ]]; then
  SRC=$SRC_DIR
  if $REBUILD || [[ ! -f $SRC/ingest-service/target/quarkus-app/quarkus-run.jar || ! -f $SRC/dashboard-service/target/quarkus-app/quarkus-run.jar ]]; then
    say "building the services in $SRC"
    (cd "$SRC" && ./mvnw -q -B -DskipTests package -pl shared-model,ingest-service,dashboard-service -am) >"$LOGS/build.log" 2>&1 \
      || { tail -40 "$LOGS/build.log" >&2; exit 1; }
  fi
  # the numbers belong to that checkout's commit, not to this one's
  if [[ -e $SRC/.git ]]; then COMMIT=$(git -C "$SRC" rev-parse --short HEAD); else COMMIT="unknown (services from $SRC)"; fi
  SOURCE_NOTE="services from $SRC"
else
  SRC=$ROOT
  CHANGED=$(git status --porcelain -- shared-model ingest-service dashboard-service | wc -l)
  if $REBUILD || [[ ! -f $SRC/ingest-service/target/quarkus-app/quarkus-run.jar || ! -f $SRC/dashboard-service/target/quarkus-app/quarkus-run.jar ]]; then
    say "building the services (working tree)"
    ./mvnw -q -B -DskipTests install -pl shared-model,ingest-service,dashboard-service -am >"$LOGS/build.log" 2>&1 \
      || { tail -40 "$LOGS/build.log" >&2; exit 1; }
  fi
  SOURCE_NOTE="working tree at $COMMIT ($CHANGED uncommitted changes in the service modules)"
fi
say "building the benchmark tools (bench/load, not part of the root build)"
./mvnw -q -B -f bench/load/pom.xml package >"$LOGS/bench-build.log" 2>&1 || { tail -40 "$LOGS/bench-build.log" >&2; exit 1; }
# A private copy of the packaged services: other builds in this tree cannot swap them mid-run.
mkdir -p "$OUT/apps"
cp -r "$SRC/ingest-service/target/quarkus-app" "$OUT/apps/ingest"
cp -r "$SRC/dashboard-service/target/quarkus-app" "$OUT/apps/dashboard"
BENCH_JAR=$BENCH/load/target/bench.jar
# every tool call is bounded on top of its own limits
bench() { timeout --kill-after=10 "${BENCH_CALL_TIMEOUT:-900}" java $GEN_JAVA_OPTS -jar "$BENCH_JAR" "$@"; }

# --- processes --------------------------------------------------------------------------------------
declare -A PIDS=()
start() { # name command...  (own session and process group; its pid is the group id)
  local name=$1; shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
}
stop() { # name
  local pid=${PIDS[$1]:-}
  [[ -n $pid ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "PIDS[$1]"
}
stop_all() {
  trap - INT TERM EXIT
  for name in dashboard issuer baseline ingest; do stop "$name"; done
  stop db # last: the services drain into it
}
on_exit() {
  local rc=$?
  stop_all
  if [[ $rc != 0 && -s $RESULTS ]]; then # a partial run still gets its table
    echo "the run failed (exit $rc); the table below holds the phases that finished" >&2
    java -jar "$BENCH_JAR" report --in "$RESULTS" --out "$OUT/results.md" --commit "$COMMIT (partial run)" \
      --date "$(date -u '+%Y-%m-%d %H:%M UTC')" --service-opts "$SERVICE_JAVA_OPTS; $SOURCE_NOTE" >/dev/null 2>&1 \
      && echo "partial results in ${OUT#"$ROOT"/}/results.md" >&2
  fi
  exit $rc
}
trap on_exit EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

wait_for_log() { # name pattern seconds
  for _ in $(seq 1 $(($3 * 2))); do
    grep -q "$2" "$LOGS/$1.log" 2>/dev/null && return 0
    kill -0 "${PIDS[$1]}" 2>/dev/null || break
    sleep 0.5
  done
  echo "$1 did not start; see $LOGS/$1.log" >&2
  tail -20 "$LOGS/$1.log" >&2
  exit 1
}
now_ms() { date +%s%3N; }
AP_LIB=$OUT/tools/libasyncProfiler.so
profile_start() { # service
  [[ ${BENCH_PROFILE:-0} == 1 ]] || return 0
  if [[ ! -f $AP_LIB ]]; then
    mkdir -p "$OUT/tools"
    unzip -o -q -j "$BENCH/load/target/tools/async-profiler.jar" linux-x64/libasyncProfiler.so -d "$OUT/tools"
  fi
  jcmd "${PIDS[$1]}" JVMTI.agent_load "$AP_LIB" "\"start,event=cpu,interval=5ms\"" >>"$LOGS/profiler.log" 2>&1 \
    || echo "could not attach async-profiler to $1 (see $LOGS/profiler.log)" >&2
}
profile_stop() { # service
  [[ ${BENCH_PROFILE:-0} == 1 ]] || return 0
  jcmd "${PIDS[$1]}" JVMTI.agent_load "$AP_LIB" "\"stop,file=$OUT/$1.collapsed,collapsed\"" >>"$LOGS/profiler.log" 2>&1 || true
  if [[ -s $OUT/$1.collapsed ]]; then
    bench profile-top --file "$OUT/$1.collapsed" --top 30 >"$OUT/$1-profile.txt" 2>&1 || true
    echo "CPU profile of $1: ${OUT#"$ROOT"/}/$1-profile.txt"
  fi
}

DB_URL="postgresql://postgres:postgres@localhost:$PG_PORT/postgres?sslmode=disable"
SERVICE_ENV=(ANALYTICS_DATABASE_URL="$DB_URL" QUARKUS_HTTP_HOST=127.0.0.1)

keep_log() { # name suffix: a process's log under another name, before the name is started again
  [[ -f $LOGS/$1.log ]] && mv "$LOGS/$1.log" "$LOGS/$1-$2.log"
  return 0
}

# --- PostgreSQL (the services' own embedded one: fsync and synchronous_commit on) ---------------------
start_db() { # data directory
  start db env ANALYTICS_EMBEDDED_DB_PORT="$PG_PORT" ANALYTICS_EMBEDDED_DB_DIR="$1" \
    ANALYTICS_EMBEDDED_DB_SHARED_BUFFERS="${BENCH_PG_SHARED_BUFFERS:-1GB}" \
    java -cp "$OUT/apps/ingest/lib/boot/*:$OUT/apps/ingest/lib/main/*" com.paubox.tracking.database.EmbeddedDatabase
  wait_for_log db "embedded PostgreSQL ready" 90
}
say "starting the embedded PostgreSQL on port $PG_PORT"
start_db "$OUT/pgdata"

# --- ingest service (migrates the schema at start) ---------------------------------------------------
start_ingest() { # [measure]: true = record the time to its first stored beacon (phase 5)
  local measure=${1:-false} t0; t0=$(now_ms)
  # The synthetic beacons carry no identity assertions: identity off, so their user_sub values are stored
  # as before (the production default, verify, would store them anonymous).
  start ingest env "${SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$INGEST_PORT" ANALYTICS_IDENTITY_MODE=off \
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
    QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1 \
    java $SERVICE_JAVA_OPTS -jar "$OUT/apps/ingest/quarkus-run.jar"
  if $measure; then
    bench first-request --kind ingest --url "http://127.0.0.1:$INGEST_PORT/api/analytics/event" --since "$t0" \
      --pid "${PIDS[ingest]}" --out "$RESULTS" --max-seconds 120 >>"$LOGS/bench.log" \
      || { tail -30 "$LOGS/ingest.log" >&2; exit 1; }
  else
    # only the schema migration is needed (Flyway runs before the HTTP port opens)
    for _ in $(seq 1 240); do (exec 3<>"/dev/tcp/127.0.0.1/$INGEST_PORT") 2>/dev/null && return 0; sleep 0.5; done
    echo "the ingest service did not start; see $LOGS/ingest.log" >&2; exit 1
  fi
}
say "starting the ingest service (java -jar, $SERVICE_JAVA_OPTS); it migrates the schema"
if phase ingest; then start_ingest true; else start_ingest; fi

if phase db; then
  say "phase 1: database limit (COPY and multi-row INSERT into analytics_events)"
  bench dblimit --db "$DB_URL" --rows "$DB_ROWS" --out "$RESULTS" | tee -a "$LOGS/bench.log"
fi

ladder() { # target port mode rates pid
  bench ladder --target "$1" --url "http://127.0.0.1:$2/api/analytics/event" --mode "$3" --rates "$4" \
    --duration "$STEP_S" --warmup "$WARMUP_S" --warmup-rate "${WARMUP_RATE:-${4%%,*}}" --pause "$PAUSE_S" --db "$DB_URL" --pids "$5" --truncate --no-stop "${NO_STOP:-false}" \
    --out "$RESULTS" | tee -a "$LOGS/bench.log"
}
if phase ingest; then
  profile_start ingest
  say "phase 2: ingest service, batched beacons, offered $INGEST_BATCH_RATES events/s"
  ladder ingest "$INGEST_PORT" batch "$INGEST_BATCH_RATES" "${PIDS[ingest]}"
  say "phase 2b: ingest service, one event per request, offered $INGEST_SINGLE_RATES events/s"
  ladder ingest "$INGEST_PORT" single "$INGEST_SINGLE_RATES" "${PIDS[ingest]}"
  profile_stop ingest
fi
stop ingest

if phase lag; then
  # A database of its own: this phase's millions of events and rollup rows must not reach phases 3 and 4 (whose
  # rollups are built from an empty state), and its rollups start empty too.
  say "phase 2c: rollup lag while the ingest ladder runs (fresh database; ingest and dashboard as shipped; $LAG_RATES events/s, ${LAG_STEP_S} s steps)"
  stop db
  keep_log db main; keep_log ingest main
  rm -rf "$OUT/pgdata-lag"
  start_db "$OUT/pgdata-lag"
  start_ingest
  start issuer env PORT="$ISSUER_PORT" node dev/local-issuer.mjs
  for _ in $(seq 1 40); do curl -fs -o /dev/null "http://127.0.0.1:$ISSUER_PORT/.well-known/openid-configuration" && break; sleep 0.25; done
  # as shipped: the rollup job's cadence, windows and budget, the answer cache; /q/metrics needs no token
  start dashboard env "${SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$DASHBOARD_PORT" QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$ISSUER_PORT" \
    java $SERVICE_JAVA_OPTS -jar "$OUT/apps/dashboard/quarkus-run.jar"
  for _ in $(seq 1 240); do curl -fs -o /dev/null "http://127.0.0.1:$DASHBOARD_PORT/q/health/ready" && break; sleep 0.5; done
  # the gauge is registered when the rollup job first runs (5 s after the start)
  has_lag_gauge() { [[ $(curl -fs "http://127.0.0.1:$DASHBOARD_PORT/q/metrics" || true) == *$'\n'"analytics_rollup_lag_seconds "* ]]; }
  for _ in $(seq 1 60); do has_lag_gauge && break; sleep 0.5; done
  has_lag_gauge || { echo "the dashboard's /q/metrics has no analytics_rollup_lag_seconds; see $LOGS/dashboard.log" >&2; tail -30 "$LOGS/dashboard.log" >&2; exit 1; }
  IFS=, read -r -a lag_rates <<<"$LAG_RATES"
  BENCH_CALL_TIMEOUT=$((LAG_WARMUP_S + 120 + ${#lag_rates[@]} * (LAG_STEP_S + 15) + LAG_DRAIN_MAX_S + 120)) \
    bench lag-ladder --url "http://127.0.0.1:$INGEST_PORT/api/analytics/event" --dashboard "http://127.0.0.1:$DASHBOARD_PORT" --db "$DB_URL" \
    --rates "$LAG_RATES" --duration "$LAG_STEP_S" --warmup "$LAG_WARMUP_S" --stop-lag "$LAG_STOP_S" --drain-max "$LAG_DRAIN_MAX_S" --db-every "${LAG_DB_EVERY_S:-1}" \
    --pids "${PIDS[ingest]},${PIDS[dashboard]}" --samples "$OUT/lag-samples.csv" --out "$RESULTS" | tee -a "$LOGS/bench.log"
  stop dashboard; stop issuer; stop ingest; stop db
  keep_log dashboard lag; keep_log issuer lag; keep_log ingest lag; keep_log db lag
  rm -rf "$OUT/pgdata-lag"
  if phase baseline || phase dashboard; then
    say "restarting the embedded PostgreSQL of the other phases"
    start_db "$OUT/pgdata"
  fi
fi

if phase baseline; then
  say "phase 3: baseline (one INSERT per event per request, plain pool of 10)"
  start baseline java -Xmx384m -jar "$BENCH_JAR" baseline-server --db "$DB_URL" --port "$BASELINE_PORT" --pool 10 --threads 32
  wait_for_log baseline "baseline listening" 30
  ladder baseline "$BASELINE_PORT" batch "$BASELINE_BATCH_RATES" "${PIDS[baseline]}"
  ladder baseline "$BASELINE_PORT" single "$BASELINE_SINGLE_RATES" "${PIDS[baseline]}"
  stop baseline
fi

if phase dashboard; then
  say "phase 4: seeding $SEED_EVENTS events over 30 days (SQL generate_series)"
  bench seed --db "$DB_URL" --events "$SEED_EVENTS" --days 30 --chunk "$SEED_CHUNK" --out "$RESULTS" | tee -a "$LOGS/bench.log"

  # A guard that keeps the run bounded: a dashboard query still running after this long is cancelled by
  # PostgreSQL (the answer is an error, reported as such); it is far over the 150 ms target either way.
  bench sql --db "$DB_URL" --exec "ALTER ROLE postgres SET statement_timeout = '${DASH_STATEMENT_TIMEOUT_S:-60}s'"
  say "starting the local OIDC issuer and the dashboard service"
  start issuer env PORT="$ISSUER_PORT" node dev/local-issuer.mjs
  for _ in $(seq 1 40); do curl -fs -o /dev/null "http://127.0.0.1:$ISSUER_PORT/.well-known/openid-configuration" && break; sleep 0.25; done
  TODAY=$(date -u +%F)
  T0=$(now_ms)
  # First with the answer cache off, so every measured answer is computed by PostgreSQL.
  start dashboard env "${SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$DASHBOARD_PORT" QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$ISSUER_PORT" \
    ANALYTICS_ALLOWED_ORIGINS="http://localhost:$PAGE_PORT" ANALYTICS_KEY_ACTIONS=btn_1,btn_2 QUARKUS_CACHE_ENABLED=false java $SERVICE_JAVA_OPTS -jar "$OUT/apps/dashboard/quarkus-run.jar"
  bench first-request --kind dashboard --since "$T0" --pid "${PIDS[dashboard]}" --out "$RESULTS" --max-seconds 120 \
    --url "http://127.0.0.1:$DASHBOARD_PORT/api/admin/analytics/overview?from=$TODAY&to=$TODAY&customer_id=999999999" \
    --token-url "http://127.0.0.1:$ISSUER_PORT/token" >>"$LOGS/bench.log" || { tail -30 "$LOGS/dashboard.log" >&2; exit 1; }

  say "waiting for the dashboard's rollup job to roll the seeded history"
  BENCH_CALL_TIMEOUT=$((${ROLLUP_MAX_S:-3600} + 60)) bench wait-rollup --db "$DB_URL" --since "$T0" --max-seconds "${ROLLUP_MAX_S:-3600}" --out "$RESULTS" | tee -a "$LOGS/bench.log"

  say "phase 4: dashboard latency, every endpoint, warm, with and without filters"
  profile_start dashboard
  bench dashboard --url "http://127.0.0.1:$DASHBOARD_PORT" --token-url "http://127.0.0.1:$ISSUER_PORT/token" \
    --samples "$DASH_SAMPLES" --case-seconds "$DASH_CASE_S" --budget-seconds "$DASH_BUDGET_S" --statement-timeout-ms "$((${DASH_STATEMENT_TIMEOUT_S:-60} * 1000))" \
    --answer-cache off --pids "${PIDS[dashboard]}" --out "$RESULTS" | tee -a "$LOGS/bench.log"
  profile_stop dashboard

  say "phase 4: account health (issue 27) and funnels (issue 28): /accounts 30 and 90 days, one account's users, 3- and 8-step funnels"
  bench dashboard --cases accounts --customer "${ACCOUNTS_CUSTOMER:-1}" --url "http://127.0.0.1:$DASHBOARD_PORT" --token-url "http://127.0.0.1:$ISSUER_PORT/token" \
    --samples "$DASH_SAMPLES" --case-seconds "$DASH_CASE_S" --budget-seconds "$DASH_BUDGET_S" --statement-timeout-ms "$((${DASH_STATEMENT_TIMEOUT_S:-60} * 1000))" \
    --answer-cache off --pids "${PIDS[dashboard]}" --out "$RESULTS" | tee -a "$LOGS/bench.log"

  say "phase 4: accuracy of every distinct figure of those cases against exact count(DISTINCT)"
  bench accuracy --url "http://127.0.0.1:$DASHBOARD_PORT" --token-url "http://127.0.0.1:$ISSUER_PORT/token" --db "$DB_URL" --out "$RESULTS" \
    | tee -a "$LOGS/bench.log" || echo "accuracy check failed (see $LOGS/bench.log)" >&2

  say "phase 4: the admin view in Chromium, 30 days, until every panel is ready (answer cache off)"
  if [[ -x /usr/bin/chromium ]]; then
    [[ -d dashboard-ui/node_modules ]] || (cd dashboard-ui && npm ci --no-audit --no-fund >"$LOGS/dashboard-ui-npm.log" 2>&1)
    timeout 600 node dashboard-ui/test/browser/page-ready.mjs --dashboard "http://127.0.0.1:$DASHBOARD_PORT" \
      --token-url "http://127.0.0.1:$ISSUER_PORT/token" --page-port "$PAGE_PORT" --loads "${PAGE_LOADS:-7}" --out "$RESULTS" \
      | tee -a "$LOGS/bench.log" || echo "page-ready run failed (see $LOGS/bench.log)" >&2
  else
    echo "no /usr/bin/chromium: page-ready time not measured (apt-get install chromium)" >&2
  fi

  say "phase 4: erasure of a subject active on every day of the history (issue 26), live events meanwhile"
  bench erasure --url "http://127.0.0.1:$DASHBOARD_PORT" --token-url "http://127.0.0.1:$ISSUER_PORT/token" --db "$DB_URL" --out "$RESULTS" \
    | tee -a "$LOGS/bench.log" || echo "erasure run failed (see $LOGS/bench.log)" >&2

  # Then as shipped (answer cache on): per case the first answer is computed, the repeated ones come from the cache.
  say "phase 4b: dashboard latency with the answer cache on (first answer computed, then repeated)"
  stop dashboard
  mv "$LOGS/dashboard.log" "$LOGS/dashboard-cache-off.log"
  start dashboard env "${SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$DASHBOARD_PORT" QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$ISSUER_PORT" \
    java $SERVICE_JAVA_OPTS -jar "$OUT/apps/dashboard/quarkus-run.jar"
  for _ in $(seq 1 240); do curl -fs -o /dev/null "http://127.0.0.1:$DASHBOARD_PORT/q/health/ready" && break; sleep 0.5; done
  bench dashboard --url "http://127.0.0.1:$DASHBOARD_PORT" --token-url "http://127.0.0.1:$ISSUER_PORT/token" \
    --warmup 1 --samples "${DASH_CACHED_SAMPLES:-10}" --case-seconds 2 --slow-ms 100000000 --budget-seconds "${DASH_CACHED_BUDGET_S:-240}" \
    --statement-timeout-ms "$((${DASH_STATEMENT_TIMEOUT_S:-60} * 1000))" --answer-cache on --pids "${PIDS[dashboard]}" --out "$RESULTS" \
    | tee -a "$LOGS/bench.log"
fi

stop_all
trap - EXIT

say "report"
bench report --in "$RESULTS" --out "$OUT/results.md" --commit "$COMMIT" --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), nproc $(nproc)" \
  --mem "$(free -h | awk '/^Mem:/ {print $2}') RAM" --service-opts "$SERVICE_JAVA_OPTS; $SOURCE_NOTE" \
  --quick "$QUICK"
say "done in $(($(date +%s) - RUN_START)) s; results in ${OUT#"$ROOT"/}/results.md"
