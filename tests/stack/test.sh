#!/usr/bin/env bash
# npm test: sets up everything on a fresh machine, starts the test stack and
# runs every suite, then prints one line "N passed, N failed" for them all.
# Every suite runs even when an earlier one fails, so one run shows it all.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"

SUITES=(typecheck lint php-checks unit engine wordpress package e2e hosts faults crash-drill php-errors)
# The fault drill at a reduced count, every kind of fault met by backups and restores alike;
# `npm run test:faults` runs it in full.
export SITE_BACKUPS_FAULT_BACKUPS="${SITE_BACKUPS_FAULT_BACKUPS:-4}" SITE_BACKUPS_FAULT_RESTORES="${SITE_BACKUPS_FAULT_RESTORES:-4}"
ARTIFACTS="$REPO_ROOT/artifacts"
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"

bash "$REPO_ROOT/tests/stack/setup.sh"
stack_init test
QUIET=1 bash "$REPO_ROOT/tests/stack/start.sh" test
export SITE_BACKUPS_STACK_READY=1
# The PHP error logs start empty, so that what the suites leave in them is
# theirs: the php-errors check reads them last.
for php_log in "$LOG_DIR"/php-error.log "$LOG_DIR"/php-fpm.log "$LOG_DIR"/wp-*-debug.log; do
	[ ! -f "$php_log" ] || : >"$php_log"
done

for suite in "${SUITES[@]}"; do
	log "Suite: $suite"
	bash "$REPO_ROOT/tests/stack/run-suite.sh" "$suite" || log "Suite $suite failed"
done

[ "${KEEP_STACK:-0}" = 1 ] || stop_services
node "$REPO_ROOT/tests/stack/summarize.mjs" "$ARTIFACTS" "${SUITES[@]}"
