#!/usr/bin/env bash
# npm run plugin-zip: the installable zip (site-backups.zip at the top of the
# repository), without the files .distignore names.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$REPO_ROOT/tests/stack/setup.sh"
(cd "$REPO_ROOT" && npx wp-scripts build --webpack-src-dir=admin-ui/src --output-path=build >"$STATE_ROOT/build.log" 2>&1) \
	|| { cat "$STATE_ROOT/build.log" >&2; die "The admin screen did not build"; }

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/site-backups"

while read -r name; do
	cp -r "$REPO_ROOT/$name" "$staging/site-backups/"
done < <(shipped_entries)
find "$staging/site-backups" -name '.DS_Store' -delete

zip_file="${1:-$REPO_ROOT/site-backups.zip}"
rm -f "$zip_file"
(cd "$staging" && zip -qr -X "$zip_file" site-backups)
log "Built $zip_file ($(du -h "$zip_file" | cut -f1))"
