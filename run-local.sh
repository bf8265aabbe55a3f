#!/usr/bin/env bash
# Runs the whole system locally on embedded defaults: an embedded PostgreSQL, the ingest service, the
# dashboard service, Keycloak (the OIDC provider admins sign in with, dev/keycloak.sh) and the example
# Next.js app wired to the ingest service, with the admin view at /admin/analytics. Builds what is
# missing first. Ctrl-C stops everything it started.
#
# On the first start (no event in the database yet) it loads a generated demo data set (dev/demo-data.sql via
# dev/DemoData.java: ~50 customers, ~2,000 users, ~300,000 events over the last 30 days plus the 30 days before),
# so every panel and the Accounts tab have something to show; what you click in the example app adds to it.
#
# Identity assertions (docs/snippet.md#identity-assertions): on the first start it makes a development ES256 key
# pair in .local/identity (dev/identity-keys.mjs): the example app signs its signed-in user's assertions with
# private.jwk, the ingest service verifies them with jwks.json (ANALYTICS_IDENTITY_MODE=verify). Delete the folder
# for a new pair.
#
# Usage: ./run-local.sh [--no-demo]
#   --no-demo   do not load the demo data (an empty database stays empty; to drop loaded demo data, stop and
#               delete the data directory, .local/db by default)
#
# Ports (override with env): PG 54329, ingest 8081, dashboard 8082, Keycloak 8083, example app 3000.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

DEMO=1
for arg in "$@"; do
  case $arg in
    --no-demo) DEMO= ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (usage: $0 [--no-demo])" >&2; exit 2 ;;
  esac
done

PG_PORT=${ANALYTICS_EMBEDDED_DB_PORT:-54329}
INGEST_PORT=${INGEST_PORT:-8081}
DASHBOARD_PORT=${DASHBOARD_PORT:-8082}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-8083}
APP_PORT=${APP_PORT:-3000}
DATA_DIR=${ANALYTICS_EMBEDDED_DB_DIR:-$ROOT/.local/db}
LOGS=$ROOT/.local/logs
mkdir -p "$LOGS" "$DATA_DIR"

INGEST_JAR=ingest-service/target/quarkus-app/quarkus-run.jar
DASHBOARD_JAR=dashboard-service/target/quarkus-app/quarkus-run.jar
APP_DIR=snippet/examples/next-app

for port in "$PG_PORT" "$INGEST_PORT" "$DASHBOARD_PORT" "$KEYCLOAK_PORT" "$APP_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; stop what runs there or set another port (see the top of $0)" >&2
    exit 1
  fi
done

# --- build what is missing -------------------------------------------------------------------------
if [[ ! -f $INGEST_JAR || ! -f $DASHBOARD_JAR || ! -d snippet/dist || ! -d dashboard-ui/dist ]]; then
  echo "building the services, the snippet and the admin view (first run only) ..."
  ./mvnw -q -B -DskipTests install
fi
# (Re)build the example app when missing or older than its sources or the two libraries it packs in.
if [[ ! -f $APP_DIR/.next/BUILD_ID ]] ||
  [[ -n $(find "$APP_DIR/app" "$APP_DIR/pages" "$APP_DIR/package-lock.json" snippet/dist dashboard-ui/dist -newer "$APP_DIR/.next/BUILD_ID" -print -quit) ]]; then
  echo "building the example Next.js app ..."
  (cd "$APP_DIR" && npm ci --no-audit --no-fund --loglevel=error && NEXT_TELEMETRY_DISABLED=1 npx next build >"$LOGS/next-build.log" 2>&1)
fi
# Keycloak: fetched through the Maven wrapper on first use (~177 MB), then kept in .local/keycloak.
dev/keycloak.sh --fetch >/dev/null
# The identity assertion keys (made once; jose comes from the example app's node_modules, installed above).
IDENTITY_DIR=$ROOT/.local/identity
[[ -f $IDENTITY_DIR/private.jwk ]] || echo "making a development identity key pair in ${IDENTITY_DIR#"$ROOT"/} ..."
node dev/identity-keys.mjs "$IDENTITY_DIR" >/dev/null

# --- start everything, each in its own process group -----------------------------------------------
PIDS=()
start() { # name command...
  local name=$1; shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
}
STOPPING=
stop_all() {
  trap - INT TERM EXIT
  STOPPING=1
  echo
  echo "stopping ..."
  # Reverse order: the app and services first (the ingest service drains its queue), the database last.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM -- "-${PIDS[i]}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-${PIDS[i]}" 2>/dev/null || true
  done
  echo "stopped."
}
trap stop_all INT TERM EXIT

wait_for() { # name url [seconds]
  for _ in $(seq 1 $((${3:-60} * 2))); do
    if curl -fs -o /dev/null "$2"; then return 0; fi
    sleep 0.5
  done
  echo "$1 did not become ready; see $LOGS/$1.log" >&2
  exit 1
}
wait_for_log() { # name pattern
  for _ in $(seq 1 120); do
    if grep -q "$2" "$LOGS/$1.log" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "$1 did not start; see $LOGS/$1.log" >&2
  exit 1
}

DB_URL="postgresql://postgres:postgres@localhost:$PG_PORT/postgres?sslmode=disable"
ISSUER="http://localhost:$KEYCLOAK_PORT/realms/paubox"

# Keycloak takes longest (~25-50 s, longer on its very first start): started first, awaited before the dashboard.
REALM=dev/keycloak/paubox-realm.json
if [[ $APP_PORT != 3000 ]]; then # the dev realm's browser client knows port 3000; Keycloak matches ports exactly
  REALM=$ROOT/.local/paubox-realm-app-port-$APP_PORT.json
  node dev/keycloak/realm-for-origins.mjs "$REALM" "http://localhost:$APP_PORT" "http://127.0.0.1:$APP_PORT"
fi
start keycloak dev/keycloak.sh --port "$KEYCLOAK_PORT" --realm "$REALM"

start db env ANALYTICS_EMBEDDED_DB_PORT="$PG_PORT" ANALYTICS_EMBEDDED_DB_DIR="$DATA_DIR" \
  java -cp "ingest-service/target/quarkus-app/lib/boot/*:ingest-service/target/quarkus-app/lib/main/*" com.paubox.tracking.database.EmbeddedDatabase
wait_for_log db "embedded PostgreSQL ready"

start ingest env ANALYTICS_DATABASE_URL="$DB_URL" QUARKUS_HTTP_PORT="$INGEST_PORT" \
  ANALYTICS_ALLOWED_ORIGINS="http://localhost:$APP_PORT,http://127.0.0.1:$APP_PORT" \
  ANALYTICS_IDENTITY_MODE=verify ANALYTICS_IDENTITY_KEYS="$IDENTITY_DIR/jwks.json" \
  java -jar "$INGEST_JAR"
wait_for ingest "http://localhost:$INGEST_PORT/q/health/ready"

# Demo data: only into an empty database (DemoData checks), once the ingest service has migrated the schema.
if [[ -n $DEMO ]]; then
  if ! java -cp "ingest-service/target/quarkus-app/lib/boot/*:ingest-service/target/quarkus-app/lib/main/*" \
    dev/DemoData.java "$DB_URL" >"$LOGS/demo-data.log" 2>&1; then
    echo "loading the demo data failed; see $LOGS/demo-data.log" >&2
    exit 1
  fi
  if grep -q "^demo data: loaded" "$LOGS/demo-data.log"; then
    echo "$(grep "^demo data: loaded" "$LOGS/demo-data.log") (to start without it: stop, delete ${DATA_DIR#"$ROOT"/}, run $0 --no-demo)"
  fi
fi

wait_for keycloak "$ISSUER/.well-known/openid-configuration" 300
# A short answer cache (default 60 s): the admin view shows the clicks you just made.
start dashboard env ANALYTICS_DATABASE_URL="$DB_URL" QUARKUS_HTTP_PORT="$DASHBOARD_PORT" \
  QUARKUS_OIDC_AUTH_SERVER_URL="$ISSUER" ANALYTICS_CACHE_TTL=5S \
  ANALYTICS_ALLOWED_ORIGINS="http://localhost:$APP_PORT,http://127.0.0.1:$APP_PORT" \
  java -jar "$DASHBOARD_JAR"
wait_for dashboard "http://localhost:$DASHBOARD_PORT/q/health/ready"

start app env PAUBOX_INGEST_URL="http://localhost:$INGEST_PORT/api/analytics/event" \
  TRACKING_IDENTITY_PRIVATE_KEY_FILE="$IDENTITY_DIR/private.jwk" \
  PAUBOX_OIDC_AUTHORITY="$ISSUER" PAUBOX_OIDC_CLIENT_ID=paubox-tracking-example \
  PAUBOX_DASHBOARD_URL="http://localhost:$DASHBOARD_PORT" NEXT_TELEMETRY_DISABLED=1 \
  bash -c "cd '$APP_DIR' && exec npx next start -p '$APP_PORT'"
wait_for app "http://localhost:$APP_PORT/"

cat <<EOF

Paubox Tracking is running (logs in .local/logs, data in ${DATA_DIR#"$ROOT"/}):
  example app      http://localhost:$APP_PORT/          click around: page views, clicks, a fake login
  admin view       http://localhost:$APP_PORT/admin/analytics   sign in as csm-admin / csm-admin (role super_admin)
                   or csm-viewer / csm-viewer (no role: the view answers 403)
  ingest service   http://localhost:$INGEST_PORT/api/analytics/event   (health: /q/health/ready, metrics: /q/metrics)
                   verifies identity assertions (ANALYTICS_IDENTITY_MODE=verify) with ${IDENTITY_DIR#"$ROOT"/}/jwks.json;
                   the app signs them with ${IDENTITY_DIR#"$ROOT"/}/private.jwk (GET /api/tracking-identity)
  dashboard API    http://localhost:$DASHBOARD_PORT/api/admin/analytics/overview   (OpenAPI: /q/openapi)
  Keycloak         $ISSUER   (dev-only realm from ${REALM#"$ROOT"/})
  PostgreSQL       $DB_URL

See the numbers with curl (an admin access token from Keycloak's password grant, valid 15 minutes):
  TOKEN=\$(curl -s -d grant_type=password -d client_id=paubox-tracking-cli -d username=csm-admin -d password=csm-admin \\
    $ISSUER/protocol/openid-connect/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  curl -s -H "Authorization: Bearer \$TOKEN" http://localhost:$DASHBOARD_PORT/api/admin/analytics/overview

Press Ctrl-C to stop everything.
EOF

wait -n "${PIDS[@]}" || true
[[ -n $STOPPING ]] || echo "a process exited unexpectedly; see $LOGS" >&2
