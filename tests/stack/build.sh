#!/usr/bin/env bash
# Builds the admin screen when its sources are newer than the last build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

asset="$REPO_ROOT/build/index.asset.php"
if [ -f "$asset" ] && [ -z "$(find "$REPO_ROOT/admin-ui/src" "$REPO_ROOT/package.json" -newer "$asset" -print -quit)" ]; then
	exit 0
fi
log "Building the admin screen"
(cd "$REPO_ROOT" && npx wp-scripts build --webpack-src-dir=admin-ui/src --output-path=build >"$STATE_ROOT/build.log" 2>&1) \
	|| { cat "$STATE_ROOT/build.log" >&2; die "The admin screen did not build"; }
