#!/usr/bin/env bash
# npm run plugin-zip: the installable zip (site-backups.zip at the top of the
# repository, or the path given): what .distignore leaves, and the admin screen's source.
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

# WordPress.org asks that compiled code come with its human-readable source. The TypeScript the admin
# screen is built from ships in admin-ui/src, without its tests: the zip then holds its own source
# whatever becomes of the repository, and readme.txt says how build/ is made from it.
mkdir "$staging/site-backups/admin-ui"
cp -r "$REPO_ROOT/admin-ui/src" "$staging/site-backups/admin-ui/src"
rm -rf "$staging/site-backups/admin-ui/src/test-utils"
find "$staging/site-backups/admin-ui/src" -name '*.test.*' -delete

# Nothing else that the plugin does not run: no caches, test results, notes for developers or
# source maps (tests/package/PluginZipTest.php holds the zip to an allow-list).
find "$staging/site-backups" -depth \( -name '.phpunit.cache' -o -name '.phpunit.result.cache' -o -name '.cache' \) -exec rm -rf {} +
find "$staging/site-backups" \( -name '.DS_Store' -o -name '*.map' -o -name '*.md' \) -delete

zip_file="${1:-$REPO_ROOT/site-backups.zip}"
rm -f "$zip_file"
(cd "$staging" && zip -qr -X "$zip_file" site-backups)
log "Built $zip_file ($(du -h "$zip_file" | cut -f1))"
