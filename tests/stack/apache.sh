# Apache 2.4 from Debian's packages, as most shared hosts serve WordPress:
# PHP through PHP-FPM (proxy_fcgi), AllowOverride All so that WordPress's own
# .htaccess rewrites and the store's deny rules are read, directory listings
# on (Options Indexes), as many hosts leave them. Apache's workers run as
# www-data while PHP-FPM runs as the sites' owner, the way hosts keep the web
# server from reading what PHP writes for itself.
# Sourced by services.sh; config, logs and PID file live in the stack's folder.

# Where Apache listens: in place of nginx on the stack's own ports
# (npm run start:apache), or beside it on the two spare ports of the stack's
# ten (production port - 4 and - 3: test 8894 and 8895), which the test
# stack does so that every HTTP test can ask both servers.
apache_ports() {
	if [ "$1" = in-place ]; then
		echo "$PRODUCTION_PORT $STAGING_PORT"
	else
		echo "$((PRODUCTION_PORT - 4)) $((PRODUCTION_PORT - 3))"
	fi
}

apache_virtual_host() {
	local port="$1" root="$2"
	cat <<-EOF
		<VirtualHost 127.0.0.1:$port>
			ServerName localhost
			DocumentRoot $root
			<Directory $root>
				Options Indexes FollowSymLinks
				AllowOverride All
				Require all granted
			</Directory>
			<FilesMatch "\.php$">
				SetHandler "proxy:unix:$FPM_SOCKET|fcgi://localhost"
			</FilesMatch>
		</VirtualHost>
	EOF
}

write_apache_config() {
	local placement="$1" modules=/usr/lib/apache2/modules module production_port staging_port
	read -r production_port staging_port <<<"$(apache_ports "$placement")"
	{
		for module in mpm_event authz_core authz_host authn_core access_compat alias dir mime \
			autoindex rewrite setenvif headers env proxy proxy_fcgi; do
			echo "LoadModule ${module}_module $modules/mod_$module.so"
		done
		cat <<-EOF
			ServerRoot $STACK_DIR
			PidFile $RUN_DIR/apache.pid
			Mutex file:$RUN_DIR default
			DefaultRuntimeDir $RUN_DIR
			User www-data
			Group www-data
			ServerName localhost
			Listen 127.0.0.1:$production_port
			Listen 127.0.0.1:$staging_port
			ErrorLog $LOG_DIR/apache-error.log
			LogFormat "%h %l %u %t \"%r\" %>s %b" common
			CustomLog $LOG_DIR/apache-access.log common
			TypesConfig /etc/mime.types
			DirectoryIndex index.php index.html
			AccessFileName .htaccess
			<Directory />
				Options FollowSymLinks
				AllowOverride None
				Require all denied
			</Directory>
			<Files ".ht*">
				Require all denied
			</Files>
		EOF
		apache_virtual_host "$production_port" "$PRODUCTION_DIR"
		apache_virtual_host "$staging_port" "$STAGING_DIR"
	} >"$CONF_DIR/apache.conf"
}

# Apache's workers (www-data) must reach the sites and the plugin's files: a folder above the
# working tree that shuts others out (mktemp's 0700, say) gets the search bit for others, never read.
open_path_for_apache() {
	local dir="$REPO_ROOT"
	while [ "$dir" != / ]; do
		if ! runuser -u www-data -- test -x "$dir" 2>/dev/null; then
			log "Letting Apache's workers pass through $dir (o+x)"
			chmod o+x "$dir"
		fi
		dir="$(dirname "$dir")"
	done
}

# start_apache in-place|beside
start_apache() {
	local placement="$1"
	if pid_alive "$RUN_DIR/apache.pid"; then
		[ "$(cat "$RUN_DIR/apache.placement" 2>/dev/null)" = "$placement" ] && return
		stop_pidfile "$RUN_DIR/apache.pid" Apache
	fi
	# Apache refuses to start while its pid file names a process that kill -0
	# still finds, and a killed master not yet reaped is one.
	rm -f "$RUN_DIR/apache.pid"
	local port
	for port in $(apache_ports "$placement"); do
		free_listener "$port"
	done
	open_path_for_apache
	write_apache_config "$placement"
	apache2 -t -f "$CONF_DIR/apache.conf" >"$LOG_DIR/apache-configtest.log" 2>&1 \
		|| die "The Apache configuration is invalid, see $LOG_DIR/apache-configtest.log"
	APACHE_LOG_DIR="$LOG_DIR" without_inherited_fds apache2 -f "$CONF_DIR/apache.conf" -k start \
		|| die "Apache did not start, see $LOG_DIR/apache-error.log"
	for _ in $(seq 1 50); do
		if pid_alive "$RUN_DIR/apache.pid"; then
			echo "$placement" >"$RUN_DIR/apache.placement"
			return
		fi
		sleep 0.1
	done
	die "Apache did not start, see $LOG_DIR/apache-error.log"
}

stop_apache() {
	stop_pidfile "$RUN_DIR/apache.pid" Apache
	rm -f "$RUN_DIR/apache.placement"
}

# The stack's web servers: nginx on the stack's ports, or Apache in its place
# when WEB_SERVER=apache (or the apache host variant); the test stack also runs Apache beside nginx.
start_web_servers() {
	if [ "$(variant_web_server)" = apache ]; then
		stop_pidfile "$RUN_DIR/nginx.pid" nginx
		start_apache in-place
		return
	fi
	[ "$(cat "$RUN_DIR/apache.placement" 2>/dev/null)" != in-place ] || stop_apache
	start_nginx
	[ "$STACK" != test ] || start_apache beside
}
