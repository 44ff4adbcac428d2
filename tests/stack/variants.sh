# Host variants: the test stack with a few settings changed, the way real hosts differ from it.
# A variant is a name kept in the stack's run folder; the servers read it when they start,
# so every restart (a test bringing MariaDB back, say) keeps it. Sourced by services.sh.
#
#   nginx             the stack as it is: nginx, PHP-FPM, loopback requests that arrive
#   apache            Apache 2.4 in nginx's place, AllowOverride All, PHP-FPM behind proxy_fcgi
#   loopback-timeout  the site's requests to itself are held and never answered
#   loopback-403      the site's requests to itself are answered 403
#   system-cron       DISABLE_WP_CRON, and `wp cron event run --due-now` every minute
#   tight-limits      memory_limit 64M, max_execution_time 10, request_terminate_timeout 30s
#   locked-down       the functions hosts commonly disable, and open_basedir on the site,
#                     the store and the temporary folder
#
# The loopback variants stand for a host's firewall or web application firewall: the web
# server recognises WordPress's own requests by the user agent WordPress sends
# ("WordPress/<version>; <home>"), which no visitor's browser sends.

HOST_VARIANTS=(nginx apache loopback-timeout loopback-403 system-cron tight-limits locked-down)

HOST_DISABLED_FUNCTIONS="exec,passthru,shell_exec,system,proc_open,popen,set_time_limit,ignore_user_abort,curl_multi_exec"

host_variant() {
	cat "$RUN_DIR/host-variant" 2>/dev/null || echo nginx
}

is_host_variant() {
	local name
	for name in "${HOST_VARIANTS[@]}"; do
		[ "$name" = "$1" ] && return 0
	done
	return 1
}

# PHP-FPM's limits: "time memory terminate" for the pool.
variant_fpm_limits() {
	case "$(host_variant)" in
		tight-limits) echo "10 64M 30s" ;;
		*) echo "30 128M 60s" ;;
	esac
}

# Extra lines for the PHP-FPM pool.
variant_fpm_settings() {
	[ "$(host_variant)" = locked-down ] || return 0
	# The logs folder too, where the stack's wp-config.php sends WordPress's debug log.
	local allowed="$PRODUCTION_DIR/:$STAGING_DIR/:$SITES_DIR/site-backups-store/:/tmp/:$LOG_DIR/" name
	# The test stack links the plugin's files from the working tree (sites.sh, link_plugin):
	# PHP resolves the links, so the plugin's own files are named one by one.
	while read -r name; do
		allowed="$allowed:$REPO_ROOT/$name$([ -d "$REPO_ROOT/$name" ] && echo /)"
	done < <(shipped_entries)
	echo "php_admin_value[disable_functions] = $HOST_DISABLED_FUNCTIONS"
	echo "php_admin_value[open_basedir] = $allowed"
}

# Lines inside each nginx server block.
variant_nginx_rules() {
	case "$(host_variant)" in
		loopback-timeout)
			cat <<-EOF
				if (\$http_user_agent ~ "^WordPress/") { rewrite ^ /.loopback-dropped last; }
				location = /.loopback-dropped {
					internal;
					proxy_pass http://unix:$RUN_DIR/loopback-blackhole.sock:/;
					proxy_read_timeout 600s;
				}
			EOF
			;;
		loopback-403)
			echo 'if ($http_user_agent ~ "^WordPress/") { return 403; }'
			;;
	esac
}

variant_web_server() {
	[ "$(host_variant)" = apache ] && echo apache || echo "${WEB_SERVER:-nginx}"
}

# The mu-plugin a variant adds to both sites, if any.
variant_mu_plugin() {
	[ "$(host_variant)" = system-cron ] || return 0
	cat <<-'EOF'
		<?php
		// The host runs WordPress's scheduled tasks from the system cron (tests/stack/variants.sh).
		if ( ! defined( 'DISABLE_WP_CRON' ) ) {
			define( 'DISABLE_WP_CRON', true );
		}
	EOF
}

write_variant_mu_plugins() {
	local site file code
	code="$(variant_mu_plugin)"
	for site in production staging; do
		file="$(site_dir "$site")/wp-content/mu-plugins/site-backups-host-variant.php"
		if [ -z "$code" ]; then
			rm -f "$file"
		elif [ -d "$(site_dir "$site")/wp-content" ]; then
			mkdir -p "$(dirname "$file")"
			printf '%s\n' "$code" >"$file"
		fi
	done
}

# The servers a variant adds: the loopback black hole, the system cron.
start_variant_helpers() {
	if [ "$(host_variant)" = loopback-timeout ] && ! pid_alive "$RUN_DIR/loopback-blackhole.pid"; then
		rm -f "$RUN_DIR/loopback-blackhole.sock"
		without_inherited_fds --background php "$REPO_ROOT/tests/stack/loopback-blackhole.php" "$RUN_DIR/loopback-blackhole.sock" >>"$LOG_DIR/loopback-blackhole.log" 2>&1
		echo $! >"$RUN_DIR/loopback-blackhole.pid"
	fi
	if [ "$(host_variant)" = system-cron ] && ! pid_alive "$RUN_DIR/system-cron.pid"; then
		# A session of its own, so that stopping it stops the WP-CLI run in progress too.
		without_inherited_fds --background setsid bash "$REPO_ROOT/tests/stack/system-cron.sh" "$STACK" >>"$LOG_DIR/system-cron.log" 2>&1
		echo $! >"$RUN_DIR/system-cron.pid"
	fi
}

stop_variant_helpers() {
	stop_pidfile "$RUN_DIR/loopback-blackhole.pid" "The loopback black hole"
	if pid_alive "$RUN_DIR/system-cron.pid"; then
		kill -TERM -- "-$(cat "$RUN_DIR/system-cron.pid")" 2>/dev/null || true
	fi
	stop_pidfile "$RUN_DIR/system-cron.pid" "The system cron"
	rm -f "$RUN_DIR/loopback-blackhole.sock" "$RUN_DIR/loopback-blackhole.pid" "$RUN_DIR/system-cron.pid"
}
