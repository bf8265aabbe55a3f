#!/usr/bin/env bash
# Refreshes the vendored isbot pattern list (src/main/resources/isbot/) from the npm package.
# Usage: scripts/refresh-isbot.sh [version]   (default: the version in src/main/resources/isbot/VERSION)
# Needs npm and node. Review the diff and run the BotFilter tests before committing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/src/main/resources/isbot"
version="${1:-$(cat "$target/VERSION")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "isbot@$version" >/dev/null && tar xzf "isbot-$version.tgz")
# The list is inlined from src/patterns.json into index.js; export it as one JSON array of regex strings.
node -e '
const m = require(process.argv[1]);
process.stdout.write(JSON.stringify(m.list, null, 1) + "\n");
' "$work/package/index.js" > "$target/patterns.json"
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "isbot $version: $(node -e 'console.log(require(process.argv[1]).length)' "$target/patterns.json") patterns written to $target"
