#!/usr/bin/env bash
# Runs one test suite against the test stack (starting it if needed):
#   typecheck | lint | php-checks | unit | engine | wordpress | package | e2e
#   | faults (backups and restores with servers killed and the disk filled at random moments;
#     SITE_BACKUPS_FAULT_BACKUPS / _RESTORES set the count, 20 and 10 unless told)
#   | hosts (what an admin does, on every host variant of tests/stack/variants.sh;
#     SITE_BACKUPS_HOST_VARIANTS names a few, all unless told)
#   | crash-drill (the stack's servers killed and brought back)
#   | php-errors (the test stack's PHP error logs, read after the others)
# Writes machine-readable results into artifacts/ for tests/stack/summarize.mjs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/apache.sh"

suite="${1:?suite name}"
ARTIFACTS="$REPO_ROOT/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS/extra-$suite.xml"
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
	# Every HTTP test that asks "is this served?" asks nginx and Apache.
	export SITE_BACKUPS_TEST_HTTP_SERVERS="$PRODUCTION_URL,http://localhost:$(apache_ports beside | cut -d' ' -f1)"
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

# Checks a runner's own verdict beyond its report go into extra-<suite>.xml,
# which the summary counts with the suite's results.
record_extra() {
	node "$REPO_ROOT/tests/stack/check-junit.mjs" "$2" "$3" "$4" >>"$ARTIFACTS/extra-$1.xml"
}

junit_cases() {
	[ -f "$1" ] && grep -o '<testcase\b' "$1" | wc -l || echo 0
}

# A suite that runs fewer tests than its files declare has lost some.
check_all_ran() {
	local suite="$1" declared="$2" ran="$3" unit="${4:-tests}"
	if [ "$ran" -ge "$declared" ] && [ "$declared" -gt 0 ]; then
		record_extra "$suite" "$suite: every declared test ran" 0 ""
	else
		record_extra "$suite" "$suite: every declared test ran" 1 "$declared $unit declared, $ran ran"
	fi
}

# PHPUnit's JUnit report leaves out warnings, notices, deprecations and risky
# tests; its exit code (with failOn* in each phpunit.xml.dist) does not.
run_phpunit() {
	local suite="$1" config="tests/$1/phpunit.xml.dist" declared status output
	declared="$(vendor/bin/phpunit -c "$config" --list-tests | grep -c '^ - ' || true)"
	set +e
	vendor/bin/phpunit -c "$config" --log-junit "$ARTIFACTS/junit-$suite.xml" | tee "$ARTIFACTS/phpunit-$suite.log"
	status="${PIPESTATUS[0]}"
	set -e
	output="$(sed -n '/^There w\(as\|ere\) [0-9]* \(warning\|notice\|deprecation\|risky\|PHPUnit\)/,$p' "$ARTIFACTS/phpunit-$suite.log" | head -c 20000)"
	record_extra "$suite" "$suite: PHPUnit's verdict (warnings, notices, deprecations, risky tests)" "$status" "$output"
	check_all_ran "$suite" "$declared" "$(junit_cases "$ARTIFACTS/junit-$suite.xml")"
	return "$status"
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
		# phpstan-php81 and -php84: the same code against each end of the PHP versions composer.json
		# promises, with rules for what a version lacks or deprecates (tests/phpstan/).
		# phpstan-engine: the engine fence, php/ without WordPress's stubs, importing nothing
		# outside SiteBackups\Engine\ (tests/phpstan/EngineFenceRule.php).
		# folder-cycles: no two folders of php/ or plugin/ name each other (tests/phpstan/folder-cycles.php).
		checks=(phpstan phpstan-php81 phpstan-php84 phpstan-engine folder-cycles phpcs)
		for check in "${checks[@]}"; do
			if [ "$check" = phpstan ]; then
				cmd=(vendor/bin/phpstan analyse -c tests/phpstan.neon --no-progress --memory-limit=2G)
			elif [ "$check" = folder-cycles ]; then
				cmd=(php tests/phpstan/folder-cycles.php)
			elif [ "$check" != phpcs ]; then
				cmd=(vendor/bin/phpstan analyse -c "tests/$check.neon" -a tests/phpstan/autoload.php --no-progress --memory-limit=2G)
			else
				cmd=(vendor/bin/phpcs --standard=tests/phpcs.xml --runtime-set ignore_warnings_on_exit 1 -q)
			fi
			set +e
			output="$("${cmd[@]}" 2>&1)"
			check_status=$?
			set -e
			if [ "$check_status" != 0 ] && [ "$check" = phpstan-engine ]; then
				output="The engine fence: php/ runs without WordPress and names nothing outside SiteBackups\\Engine\\ (php/README.md)."$'\n'"$output"
			fi
			[ "$check_status" = 0 ] || { echo "$output"; status=1; }
			record_check "$check" "$check_status" "$output"
		done
		node -e 'const fs=require("fs"),[d,...names]=process.argv.slice(1);fs.writeFileSync(d+"/junit-php-checks.xml",names.map(n=>fs.readFileSync(d+"/junit-"+n+".xml","utf8")).join("\n"))' "$ARTIFACTS" "${checks[@]}"
		exit "$status"
		;;
	unit)
		declared="$(npx wp-scripts test-unit-js --config admin-ui/jest.config.js --listTests | grep -c '\.test\.' || true)"
		set +e
		npx wp-scripts test-unit-js --config admin-ui/jest.config.js --ci \
			--json --outputFile="$ARTIFACTS/jest.json"
		status=$?
		set -e
		ran="$(node -e 'try{console.log(require(process.argv[1]).numTotalTestSuites)}catch{console.log(0)}' "$ARTIFACTS/jest.json")"
		check_all_ran unit "$declared" "$ran" "test files"
		exit "$status"
		;;
	engine | wordpress | package | faults)
		needs_stack
		run_phpunit "$suite"
		;;
	e2e)
		needs_stack
		declared="$(npx playwright test -c tests/playwright.config.ts --list | sed -n 's/^Total: \([0-9]*\) tests\? in .*/\1/p')"
		set +e
		npx playwright test -c tests/playwright.config.ts
		status=$?
		set -e
		check_all_ran e2e "${declared:-0}" "$(junit_cases "$ARTIFACTS/junit-e2e.xml")"
		exit "$status"
		;;
	hosts)
		needs_stack
		source "$REPO_ROOT/tests/stack/variants.sh"
		read -r -a variants <<<"${SITE_BACKUPS_HOST_VARIANTS:-${HOST_VARIANTS[*]}}"
		status=0
		for variant in "${variants[@]}"; do
			log "Host variant: $variant"
			bash "$REPO_ROOT/tests/stack/variant.sh" "$variant" test || { status=1; continue; }
			export SITE_BACKUPS_HOST_VARIANT="$variant"
			set +e
			vendor/bin/phpunit -c tests/hosts/phpunit.xml.dist --log-junit "$ARTIFACTS/hosts-$variant-phpunit.xml" | tee "$ARTIFACTS/phpunit-hosts-$variant.log"
			[ "${PIPESTATUS[0]}" = 0 ] || status=1
			SITE_BACKUPS_E2E_JUNIT="$ARTIFACTS/hosts-$variant-e2e.xml" npx playwright test -c tests/playwright.config.ts --grep @hosts || status=1
			set -e
		done
		unset SITE_BACKUPS_HOST_VARIANT
		bash "$REPO_ROOT/tests/stack/variant.sh" nginx test
		# One report: each test case named after its variant; and the table the README shows.
		node "$REPO_ROOT/tests/stack/host-results.mjs" "$ARTIFACTS" "${variants[@]}"
		exit "$status"
		;;
	crash-drill)
		needs_stack
		bash "$REPO_ROOT/tests/stack/crash-drill.sh" "$ARTIFACTS/junit-crash-drill.xml"
		;;
	php-errors)
		stack_init test
		node "$REPO_ROOT/tests/stack/php-error-log.mjs" "$REPO_ROOT" "$LOG_DIR" >"$ARTIFACTS/junit-php-errors.xml"
		;;
	*) die "unknown suite '$suite'" ;;
esac
