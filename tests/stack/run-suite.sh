#!/usr/bin/env bash
# Runs one test suite against the test stack (starting it if needed):
#   typecheck | lint | php-checks | unit | engine | wordpress | package | e2e
# Writes machine-readable results into artifacts/ for tests/stack/summarize.mjs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

suite="${1:?suite name}"
ARTIFACTS="$REPO_ROOT/artifacts"
mkdir -p "$ARTIFACTS"
cd "$REPO_ROOT"

needs_stack() {
	stack_init test
	[ "${SITE_BACKUPS_STACK_READY:-0}" = 1 ] || QUIET=1 bash "$REPO_ROOT/tests/stack/start.sh" test
	export SITE_BACKUPS_TEST_STACK="$STACK"
	export SITE_BACKUPS_TEST_DB_SOCKET="$DB_SOCKET"
	export SITE_BACKUPS_TEST_DB_USER="$DB_USER"
	export SITE_BACKUPS_TEST_DB_PASSWORD="$DB_PASSWORD"
	export SITE_BACKUPS_WP_ROOT="$PRODUCTION_DIR"
	export SITE_BACKUPS_WP_URL="$PRODUCTION_URL"
	export SITE_BACKUPS_STAGING_ROOT="$STAGING_DIR"
	export SITE_BACKUPS_STAGING_URL="$STAGING_URL"
	export WP_BASE_URL="$PRODUCTION_URL"
	# The test stack's S3-compatible store (tests/stack/s3.sh) and its bucket.
	export SITE_BACKUPS_TEST_S3_ENDPOINT="$S3_ENDPOINT"
	export SITE_BACKUPS_TEST_S3_REGION="$S3_REGION"
	export SITE_BACKUPS_TEST_S3_ACCESS_KEY="$S3_ACCESS_KEY"
	export SITE_BACKUPS_TEST_S3_SECRET="$S3_SECRET"
	export SITE_BACKUPS_TEST_S3_BUCKET="$S3_BUCKET"
}

# A check that is not a test runner counts as one test case.
record_check() {
	local name="$1" status="$2" output="$3"
	node "$REPO_ROOT/tests/stack/check-junit.mjs" "$name" "$status" "$output" >"$ARTIFACTS/junit-$name.xml"
}

case "$suite" in
	typecheck | lint)
		[ "$suite" = typecheck ] && cmd=(npx tsc --noEmit -p tsconfig.json) || cmd=(npx wp-scripts lint-js admin-ui tests/e2e tests/playwright.config.ts)
		set +e
		output="$("${cmd[@]}" 2>&1)"
		status=$?
		set -e
		[ -z "$output" ] || echo "$output"
		record_check "$suite" "$status" "$output"
		exit "$status"
		;;
	php-checks)
		status=0
		for check in phpstan phpcs; do
			if [ "$check" = phpstan ]; then
				cmd=(vendor/bin/phpstan analyse -c tests/phpstan.neon --no-progress --memory-limit=2G)
			else
				cmd=(vendor/bin/phpcs --standard=tests/phpcs.xml --runtime-set ignore_warnings_on_exit 1 -q)
			fi
			set +e
			output="$("${cmd[@]}" 2>&1)"
			check_status=$?
			set -e
			[ "$check_status" = 0 ] || { echo "$output"; status=1; }
			record_check "$check" "$check_status" "$output"
		done
		node -e 'const fs=require("fs"),d=process.argv[1];fs.writeFileSync(d+"/junit-php-checks.xml",["phpstan","phpcs"].map(n=>fs.readFileSync(d+"/junit-"+n+".xml","utf8")).join("\n"))' "$ARTIFACTS"
		exit "$status"
		;;
	unit)
		npx wp-scripts test-unit-js --config admin-ui/jest.config.js --ci \
			--json --outputFile="$ARTIFACTS/jest.json"
		;;
	engine)
		needs_stack
		vendor/bin/phpunit -c tests/engine/phpunit.xml.dist --log-junit "$ARTIFACTS/junit-engine.xml"
		;;
	wordpress)
		needs_stack
		vendor/bin/phpunit -c tests/wordpress/phpunit.xml.dist --log-junit "$ARTIFACTS/junit-wordpress.xml"
		;;
	package)
		needs_stack
		vendor/bin/phpunit -c tests/package/phpunit.xml.dist --log-junit "$ARTIFACTS/junit-package.xml"
		;;
	e2e)
		needs_stack
		npx playwright test -c tests/playwright.config.ts
		;;
	*) die "unknown suite '$suite'" ;;
esac
