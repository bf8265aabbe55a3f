#!/usr/bin/env bash
# Keycloak for local use and the end-to-end test: the OIDC provider that signs admins in the way Auth0
# does in production. Dev-only: the realm holds users with well-known passwords.
#
#   dev/keycloak.sh [--port 8083] [--dir .local/keycloak] [--realm dev/keycloak/paubox-realm.json]
#   dev/keycloak.sh --fetch [--dir DIR]      # only download and unpack; prints the Keycloak folder
#   dev/keycloak.sh --java                   # only prints the JDK it would run on (fails if none)
#
# On first use it fetches org.keycloak:keycloak-quarkus-dist (~177 MB zip, Maven Central) through the
# Maven wrapper into DIR; later runs reuse it. Keycloak needs Java >= 21: JAVA_HOME if that is new enough,
# else the newest JDK >= 21 under /usr/lib/jvm, else `java` on the PATH.
# It runs in the foreground (exec) as `start-dev` (H2 database in DIR/keycloak-VERSION/data/h2). The realm
# is imported on the first start only (Keycloak skips an existing realm), so when the realm file differs
# from the copy imported last, the database is deleted and the realm imported afresh.
# Issuer: http://localhost:PORT/realms/paubox (always `localhost`, whatever host a request used).
# Memory: heap capped by KEYCLOAK_HEAP (default -Xms64m -Xmx512m).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=26.7.3

PORT=${KEYCLOAK_PORT:-8083}
DIR=${KEYCLOAK_DIR:-$ROOT/.local/keycloak}
REALM=${KEYCLOAK_REALM:-$ROOT/dev/keycloak/paubox-realm.json}
FETCH_ONLY=
JAVA_ONLY=
while (($#)); do
  case $1 in
    --port) PORT=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --realm) REALM=$2; shift 2 ;;
    --fetch) FETCH_ONLY=1; shift ;;
    --java) JAVA_ONLY=1; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "dev/keycloak.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
KC_HOME=$DIR/keycloak-$VERSION

# --- a JDK >= 21 ------------------------------------------------------------------------------------
java_major() { # java executable -> major version (empty if it does not run)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
find_java_home() {
  local candidate major best= best_major=0
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n $major ]] && ((major >= 21)); then echo "$JAVA_HOME"; return; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -x $candidate/bin/java && ! -L $candidate ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ -n $major ]] && ((major >= 21 && major > best_major)); then best=$candidate; best_major=$major; fi
  done
  if [[ -n $best ]]; then echo "$best"; return; fi
  if command -v java >/dev/null 2>&1; then
    major=$(java_major java)
    if [[ -n $major ]] && ((major >= 21)); then
      dirname "$(dirname "$(readlink -f "$(command -v java)")")"
      return
    fi
  fi
  return 1
}
if ! KC_JAVA_HOME=$(find_java_home); then
  cat >&2 <<EOF
Keycloak $VERSION needs Java 21 or newer, and none was found (JAVA_HOME, /usr/lib/jvm/*, java on the PATH).
Install a JDK 21+ (for example: apt-get install -y openjdk-21-jdk-headless, or a Temurin 21/25 JDK) and
set JAVA_HOME to it. The services themselves keep running on Java 17.
EOF
  exit 1
fi
if [[ -n $JAVA_ONLY ]]; then
  echo "$KC_JAVA_HOME"
  exit 0
fi

# --- Keycloak itself, fetched once -------------------------------------------------------------------
if [[ ! -x $KC_HOME/bin/kc.sh ]]; then
  echo "fetching Keycloak $VERSION through the Maven wrapper (first run only, ~177 MB) ..." >&2
  "$ROOT/mvnw" -q -B -N -f "$ROOT/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$DIR" \
    -Dmdep.overWriteReleases=true >&2
  [[ -x $KC_HOME/bin/kc.sh ]] || { echo "Keycloak was not unpacked to $KC_HOME" >&2; exit 1; }
fi
if [[ -n $FETCH_ONLY ]]; then
  echo "$KC_HOME"
  exit 0
fi

# --- the realm: re-imported into a fresh database whenever the file changed --------------------------
[[ -f $REALM ]] || { echo "realm file not found: $REALM" >&2; exit 1; }
IMPORTED=$KC_HOME/data/import/realm.json
if ! cmp -s "$REALM" "$IMPORTED"; then
  rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/import"
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM" "$IMPORTED"
fi

export JAVA_HOME=$KC_JAVA_HOME
export JAVA_OPTS_KC_HEAP=${KEYCLOAK_HEAP:--Xms64m -Xmx512m}
echo "starting Keycloak $VERSION on http://localhost:$PORT (Java: $JAVA_HOME)" >&2
exec "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$PORT" \
  --hostname="http://localhost:$PORT" --import-realm
