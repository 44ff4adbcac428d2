# Starts and stops one stack's MariaDB, PHP-FPM and nginx, all running from
# the stack's own folder under .dev/ (config, sockets, logs, PID files), so
# several stacks and checkouts never collide. Sourced after lib.sh.
# The S3-compatible store has its own file; stop_services stops it too.
source "$REPO_ROOT/tests/stack/s3.sh"
source "$REPO_ROOT/tests/stack/variants.sh"
source "$REPO_ROOT/tests/stack/apache.sh"

# After a crash (kill -9 of a master process), its orphaned workers keep the
# socket or port and a new server cannot listen. These find the processes
# listening on this stack's socket or port and stop them, but only those that
# are this stack's own: they hold the socket in its run folder or have a file
# of its folder open (their logs); another program or checkout is left alone.
listeners() {
	if [[ "$1" == /* ]]; then
		ss -xlpnH 2>/dev/null | awk -v path="$1" '$5 == path'
	else
		ss -ltnpH "sport = :$1" 2>/dev/null
	fi | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

free_listener() {
	local where="$1" pid
	for pid in $(listeners "$where"); do
		if [[ "$where" == /* ]] || ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "$STACK_DIR/"; then
			log "Stopping $(cat "/proc/$pid/comm" 2>/dev/null) ($pid), left holding $where by a server that crashed"
			kill -9 "$pid" 2>/dev/null || true
		else
			die "$where is taken by $(cat "/proc/$pid/comm" 2>/dev/null) ($pid), which is not this stack's: stop it first"
		fi
	done
	for _ in $(seq 1 50); do
		[ -z "$(listeners "$where")" ] && return
		sleep 0.1
	done
}

start_mariadb() {
	if pid_alive "$RUN_DIR/mysqld.pid"; then
		return
	fi
	if [ ! -d "$DB_DATA_DIR/mysql" ]; then
		log "Initialising MariaDB in $DB_DATA_DIR"
		mkdir -p "$DB_DATA_DIR"
		mariadb-install-db --user="$(id -un)" --datadir="$DB_DATA_DIR" \
			--auth-root-authentication-method=socket --skip-test-db >"$LOG_DIR/mariadb-install.log" 2>&1 \
			|| die "mariadb-install-db failed, see $LOG_DIR/mariadb-install.log"
	fi
	# No TCP port: the sites reach the server through its socket only. Its own
	# session (setsid -f, as the S3 servers): a test that kills the server and
	# starts it again must not leave it in a process group its caller ends.
	without_inherited_fds setsid -f mariadbd --no-defaults --user="$(id -un)" --datadir="$DB_DATA_DIR" --socket="$DB_SOCKET" \
		--pid-file="$RUN_DIR/mysqld.pid" --log-error="$LOG_DIR/mariadb.log" --skip-networking \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--innodb-buffer-pool-size=256M --max-allowed-packet=16M >/dev/null 2>&1
	for _ in $(seq 1 100); do
		if db_client -e 'SELECT 1' >/dev/null 2>&1; then
			return
		fi
		sleep 0.2
	done
	die "MariaDB did not start, see $LOG_DIR/mariadb.log"
}

ensure_database() {
	db_client -e "CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost';"
}

write_fpm_config() {
	local time_limit memory_limit terminate_after
	# Shared-hosting limits: the time and memory our users live with (a host variant may tighten them).
	read -r time_limit memory_limit terminate_after <<<"$(variant_fpm_limits)"
	cat >"$CONF_DIR/php-fpm.conf" <<-EOF
		[global]
		pid = $RUN_DIR/php-fpm.pid
		error_log = $LOG_DIR/php-fpm.log
		daemonize = yes

		[sites]
		user = $(id -un)
		group = $(id -gn)
		listen = $FPM_SOCKET
		; Apache's workers (www-data) pass PHP requests on through this socket too.
		listen.mode = 0666
		pm = dynamic
		pm.max_children = 8
		pm.start_servers = 2
		pm.min_spare_servers = 1
		pm.max_spare_servers = 4
		request_terminate_timeout = $terminate_after
		catch_workers_output = yes
		php_admin_value[max_execution_time] = $time_limit
		php_admin_value[memory_limit] = $memory_limit
		php_admin_value[error_log] = $LOG_DIR/php-error.log
		php_admin_flag[log_errors] = on
		php_admin_flag[display_errors] = off
		php_admin_value[upload_max_filesize] = 64M
		php_admin_value[post_max_size] = 64M
		$(variant_fpm_settings)
	EOF
}

start_php_fpm() {
	pid_alive "$RUN_DIR/php-fpm.pid" && return
	free_listener "$FPM_SOCKET"
	write_fpm_config
	# -R: allowed to run as root, as the workers do on this development machine.
	without_inherited_fds "$(php_fpm_binary)" --fpm-config "$CONF_DIR/php-fpm.conf" -R \
		|| die "PHP-FPM did not start, see $LOG_DIR/php-fpm.log"
}

nginx_server_block() {
	local port="$1" root="$2"
	cat <<-EOF
		server {
			listen 127.0.0.1:$port;
			listen [::1]:$port;
			server_name localhost;
			root $root;
			index index.php;
			$(variant_nginx_rules)
			location / { try_files \$uri \$uri/ /index.php?\$args; }
			location ~ \.php$ {
				try_files \$uri =404;
				include $CONF_DIR/fastcgi_params;
				fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
				fastcgi_pass unix:$FPM_SOCKET;
				fastcgi_read_timeout 120s;
			}
		}
	EOF
}

write_nginx_config() {
	local temp="$STACK_DIR/nginx-temp"
	mkdir -p "$temp"
	# Debian's list sets HTTP_HOST to $host, which drops the port and sends
	# WordPress into a canonical-redirect loop; PHP gets the Host header as is.
	grep -v 'HTTP_HOST' /etc/nginx/fastcgi_params >"$CONF_DIR/fastcgi_params"
	cat >"$CONF_DIR/nginx.conf" <<-EOF
		user $(id -un);
		worker_processes 2;
		pid $RUN_DIR/nginx.pid;
		error_log $LOG_DIR/nginx-error.log;
		events { worker_connections 256; }
		http {
			include /etc/nginx/mime.types;
			default_type application/octet-stream;
			access_log $LOG_DIR/nginx-access.log;
			client_body_temp_path $temp/body;
			fastcgi_temp_path $temp/fastcgi;
			proxy_temp_path $temp/proxy;
			uwsgi_temp_path $temp/uwsgi;
			scgi_temp_path $temp/scgi;
			client_max_body_size 64m;
			sendfile on;
			$(nginx_server_block "$PRODUCTION_PORT" "$PRODUCTION_DIR")
			$(nginx_server_block "$STAGING_PORT" "$STAGING_DIR")
		}
	EOF
}

start_nginx() {
	pid_alive "$RUN_DIR/nginx.pid" && return
	free_listener "$PRODUCTION_PORT"
	free_listener "$STAGING_PORT"
	write_nginx_config
	without_inherited_fds nginx -p "$STACK_DIR" -c "$CONF_DIR/nginx.conf" -e "$LOG_DIR/nginx-error.log" \
		|| die "nginx did not start, see $LOG_DIR/nginx-error.log"
}

stop_pidfile() {
	local pidfile="$1" name="$2"
	pid_alive "$pidfile" || return 0
	kill "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || true
	for _ in $(seq 1 100); do
		pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
		sleep 0.1
	done
	log "$name did not stop in time; killing it"
	kill -9 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || true
	rm -f "$pidfile"
}

stop_services() {
	stop_variant_helpers
	stop_s3
	stop_apache
	stop_pidfile "$RUN_DIR/nginx.pid" nginx
	stop_pidfile "$RUN_DIR/php-fpm.pid" PHP-FPM
	stop_pidfile "$RUN_DIR/mysqld.pid" MariaDB
	# Workers a crashed master left behind are this stack's too.
	free_listener "$FPM_SOCKET"
	free_listener "$PRODUCTION_PORT"
	free_listener "$STAGING_PORT"
}
