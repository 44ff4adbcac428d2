# Shared settings and helpers for the local WordPress stacks.
# Sourced by the other scripts in this folder; never run on its own.
#
# Two stacks exist side by side so that tests never clobber a developer's sites:
#   dev  : production on :8888, staging on :8889 (npm start)
#   test : production on :8898, staging on :8899 (npm test)
#   bench: only its MariaDB server is used (npm run bench)
# Each also has an S3-compatible store on its production port - 2 (s3.sh).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_ROOT="$REPO_ROOT/.dev"
CACHE_DIR="$STATE_ROOT/cache"

# WordPress comes from Debian's stable release (6.8 series); the newest 6.8.x
# it serves is taken, so a security update there never breaks a fresh set-up.
WORDPRESS_SERIES="6.8"

ADMIN_USER="admin"
ADMIN_PASSWORD="password"
ADMIN_EMAIL="admin@example.test"
DB_USER="sitebackups"
DB_PASSWORD="sitebackups"

# The S3-compatible store (tests/stack/s3.sh): access key "account:user" of
# Swift's tempauth, with admin rights on that account.
S3_REGION="us-east-1"
S3_ACCESS_KEY="sitebackups:tester"
S3_SECRET="sitebackups-secret"

stack_init() {
	STACK="${1:?stack name (dev or test) required}"
	case "$STACK" in
		dev) PRODUCTION_PORT=8888; STAGING_PORT=8889 ;;
		test) PRODUCTION_PORT=8898; STAGING_PORT=8899 ;;
		bench) PRODUCTION_PORT=8878; STAGING_PORT=8879 ;;
		*) die "unknown stack '$STACK' (expected dev, test or bench)" ;;
	esac
	STACK_DIR="$STATE_ROOT/$STACK"
	RUN_DIR="$STACK_DIR/run"
	LOG_DIR="$STACK_DIR/logs"
	CONF_DIR="$STACK_DIR/conf"
	DB_DATA_DIR="$STACK_DIR/mysql"
	DB_SOCKET="$RUN_DIR/mysqld.sock"
	FPM_SOCKET="$RUN_DIR/php-fpm.sock"
	SITES_DIR="$STACK_DIR/sites"
	PRODUCTION_DIR="$SITES_DIR/production"
	STAGING_DIR="$SITES_DIR/staging"
	PRODUCTION_URL="http://localhost:$PRODUCTION_PORT"
	STAGING_URL="http://localhost:$STAGING_PORT"
	PRODUCTION_DB="sb_${STACK}_production"
	STAGING_DB="sb_${STACK}_staging"
	# Swift's proxy answers S3 on PRODUCTION_PORT - 2; its account, container
	# and object servers take the three ports below, inside this stack's ten.
	S3_PORT=$((PRODUCTION_PORT - 2))
	S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
	S3_DIR="$STACK_DIR/s3"
	if [ "$STACK" = dev ]; then S3_BUCKET="site-backups"; else S3_BUCKET="site-backups-$STACK"; fi
	mkdir -p "$RUN_DIR" "$LOG_DIR" "$CONF_DIR" "$SITES_DIR"
}

site_dir() {
	case "$1" in
		production) echo "$PRODUCTION_DIR" ;;
		staging) echo "$STAGING_DIR" ;;
		clean) echo "$SITES_DIR/clean" ;;
		layout) echo "$SITES_DIR/layout/web/wp" ;;
		network) echo "$SITES_DIR/network" ;;
		network-staging) echo "$SITES_DIR/network-staging" ;;
		*) die "unknown site '$1' (expected production or staging)" ;;
	esac
}

site_url() {
	case "$1" in
		production) echo "$PRODUCTION_URL" ;;
		staging) echo "$STAGING_URL" ;;
		clean) echo "http://localhost:$((PRODUCTION_PORT - 1))" ;;
		layout) echo "http://localhost:$((PRODUCTION_PORT - 8))" ;;
		# A network's domain has no port (WordPress's network set-up refuses one); nothing serves it.
		network) echo "http://network-$STACK.site-backups.test" ;;
		network-staging) echo "http://network-staging-$STACK.site-backups.test" ;;
		*) die "unknown site '$1' (expected production or staging)" ;;
	esac
}

log() { printf '\033[1m[site-backups]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[site-backups] %s\033[0m\n' "$*" >&2; exit 1; }

php_fpm_binary() {
	local bin
	bin="$(ls /usr/sbin/php-fpm* 2>/dev/null | head -n1 || true)"
	[ -n "$bin" ] || die "php-fpm is not installed (tests/stack/setup.sh installs it)"
	echo "$bin"
}

pid_alive() {
	local pid state
	pid="$(cat "$1" 2>/dev/null)" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	# A server killed but not yet reaped (its parent is gone, and init is slow to reap) is a zombie:
	# it holds nothing any more, so it counts as stopped.
	state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
	[ "$state" != Z ]
}

# Runs the WP-CLI framework against one site of the current stack. The
# registry reachable here serves WP-CLI's framework and entity commands but
# not its core, plugin, eval or cron packages; tests/stack/wp-cli provides
# stand-ins built on WordPress's own functions for those.
wp_cli() {
	local site="$1"
	shift
	WP_CLI_ALLOW_ROOT=1 WP_CLI_CACHE_DIR="$CACHE_DIR/wp-cli" php \
		"$REPO_ROOT/vendor/wp-cli/wp-cli/php/boot-fs.php" \
		--path="$(site_dir "$site")" --url="$(site_url "$site")" \
		--require="$REPO_ROOT/tests/stack/wp-cli/dev-commands.php" "$@"
}

# Runs a server program with only stdin, stdout and stderr open. A daemon
# that inherits another descriptor (PHPUnit's own copy of its output pipe,
# say) keeps that pipe open and makes whoever reads it wait forever.
# With --background the program runs in the background straight from this
# shell: `without_inherited_fds cmd &` would leave a waiting subshell behind
# that still holds every descriptor (and any lock taken on one).
without_inherited_fds() {
	if [ "$1" = --background ]; then
		shift
		( close_inherited_fds; exec "$@" ) &
	else
		( close_inherited_fds; exec "$@" )
	fi
}

close_inherited_fds() {
	local fd
	for fd in /proc/$BASHPID/fd/*; do
		fd="${fd##*/}"
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done
	return 0
}

# The top-level names of the working tree that the release zip ships: all but
# what .distignore names (top-level paths "/name" and file-name globs "*.zip").
shipped_entries() {
	local ignored pattern name entry skip
	mapfile -t ignored < <(grep -v '^\s*\(#\|$\)' "$REPO_ROOT/.distignore")
	shopt -s dotglob
	for entry in "$REPO_ROOT"/*; do
		name="$(basename "$entry")"
		skip=0
		for pattern in "${ignored[@]}"; do
			case "$pattern" in
				/*) [ "/$name" = "$pattern" ] && skip=1 ;;
				*) [[ "$name" == $pattern ]] && skip=1 ;;
			esac
		done
		[ "$skip" = 1 ] || echo "$name"
	done
	shopt -u dotglob
}

db_client() {
	mariadb --socket="$DB_SOCKET" --user=root "$@"
}
