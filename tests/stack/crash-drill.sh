#!/usr/bin/env bash
# The stack recovers from a crash: each case kills this stack's servers the
# hard way (kill -9 of a master, whose workers then hold the socket or port;
# MariaDB mid-flight; pid files left behind), then `start.sh` must bring back
# a stack whose sites answer on nginx and Apache, and `stop.sh` must leave
# nothing of it running. Writes a JUnit report: one case per crash.
# Usage: bash crash-drill.sh <junit file>
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"

report="${1:?JUnit file}"
stack_init test
cases=()

escape() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g'; }

kill_master() { local pid; pid="$(cat "$RUN_DIR/$1" 2>/dev/null)" && kill -9 "$pid" 2>/dev/null || true; }

site_answers() {
	local port status
	for port in "$PRODUCTION_PORT" "$STAGING_PORT" $(apache_ports beside); do
		status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://localhost:$port/wp-login.php")"
		[ "$status" = 200 ] || { echo "http://localhost:$port/wp-login.php answered $status"; return 1; }
	done
}

# run_case <name> <command that crashes the stack>
run_case() {
	local name="$1" output status=0
	shift
	"$@"
	sleep 0.5
	output="$(QUIET=1 bash "$REPO_ROOT/tests/stack/start.sh" test 2>&1 && site_answers 2>&1)" || status=1
	log "Crash drill: $name: $([ "$status" = 0 ] && echo recovered || echo FAILED)"
	[ "$status" = 0 ] || echo "$output" >&2
	cases+=("<testcase classname=\"crash-drill\" name=\"$(escape <<<"$name")\">$([ "$status" = 0 ] || printf '<failure message="not recovered">%s</failure>' "$(escape <<<"$output")")</testcase>")
}

crash_php_fpm() { kill_master php-fpm.pid; }
crash_web_servers() { kill_master nginx.pid; kill_master apache.pid; }
crash_mariadb() { kill_master mysqld.pid; }
crash_everything_with_stale_pid_files() {
	crash_php_fpm
	crash_web_servers
	crash_mariadb
	# A pid file naming a process that is gone, as after a power cut.
	sleep 0.5
	for file in php-fpm.pid nginx.pid apache.pid mysqld.pid; do
		echo 999999 >"$RUN_DIR/$file"
	done
}

run_case "PHP-FPM's master killed, its workers left holding the socket" crash_php_fpm
run_case "nginx's and Apache's masters killed, their workers left holding the ports" crash_web_servers
run_case "MariaDB killed in the middle of its work" crash_mariadb
run_case "every server killed, stale pid files left" crash_everything_with_stale_pid_files

# npm stop stops all it started, orphans included, and nothing else.
crash_php_fpm
output=""
bash "$REPO_ROOT/tests/stack/stop.sh" test >/dev/null 2>&1 || output="stop.sh failed. "
for where in "$FPM_SOCKET" "$PRODUCTION_PORT" "$STAGING_PORT" $(apache_ports beside); do
	[ -z "$(listeners "$where")" ] || output="$output$where is still held by $(listeners "$where" | tr '\n' ' '). "
done
pid_alive "$RUN_DIR/mysqld.pid" && output="${output}MariaDB still runs. "
cases+=("<testcase classname=\"crash-drill\" name=\"npm stop leaves nothing of the stack running\">$([ -z "$output" ] || printf '<failure message="left running">%s</failure>' "$(escape <<<"$output")")</testcase>")
[ -z "$output" ] || log "Crash drill: $output"
QUIET=1 bash "$REPO_ROOT/tests/stack/start.sh" test >/dev/null 2>&1 || die "The test stack did not start again after the crash drill"

printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="crash-drill">%s</testsuite></testsuites>\n' "${cases[*]}" >"$report"
