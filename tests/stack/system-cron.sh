#!/usr/bin/env bash
# The host's system cron for the system-cron host variant (tests/stack/variants.sh): every
# minute, `wp cron event run --due-now` for each site, the line hosts put in a crontab when
# they set DISABLE_WP_CRON. Runs in a session of its own (variants.sh stops the whole session).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set +e
stack_init "${1:?stack name}"

while :; do
	for site in production staging; do
		printf '%s %s: ' "$(date -u +%FT%TZ)" "$site"
		wp_cli "$site" cron event run --due-now 2>&1
	done
	sleep 60
done
