#!/usr/bin/env bash
# The stack's S3-compatible object store: OpenStack Swift from Debian's
# packages with its s3api middleware, one replica, everything on 127.0.0.1.
# Config, rings, data, logs and PID files live in .dev/<stack>/s3/:
#   conf/     swift.conf, the four servers' configs, the rings (swift_dir)
#   devices/  the one storage device, a plain folder (mount_check = false)
#   log/      one log per server
#   run/      PID files
#   ready.env endpoint, region, credentials and bucket, written once it answers
# Sourced after lib.sh (services.sh does it), or run on its own:
#   bash tests/stack/s3.sh start|stop|status [dev|test|bench]

# Run on its own: nothing else has sourced lib.sh and services.sh yet.
if [ "${#BASH_SOURCE[@]}" -eq 1 ]; then
	source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
	source "$REPO_ROOT/tests/stack/services.sh"
fi

# The servers run under Debian's Python, whatever python3 comes first in PATH.
SWIFT_PYTHON=/usr/bin/python3
S3_SERVERS=(account container object proxy)

# Swift reads its hash path settings and storage policies from
# /etc/swift/swift.conf, a path fixed in its code. Each stack keeps its own
# swift.conf instead, so the servers start through this launcher (written to
# conf/swift-server.py): it does what /usr/bin/swift-*-server do after
# pointing Swift at that file, before anything reads it, and writes the PID
# file that Swift itself writes only under swift-init.
# Usage: swift-server.py <server conf> <app section> <swift.conf> <PID file>
SWIFT_LAUNCHER='import os, sys
from swift.common import utils
utils.SWIFT_CONF_FILE = sys.argv[3]
with open(sys.argv[4], "w") as pidfile:
    pidfile.write("%d\n" % os.getpid())
from swift.common.wsgi import run_wsgi
sys.exit(run_wsgi(sys.argv[1], sys.argv[2], verbose=True))'

s3_server_port() {
	case "$1" in
		proxy) echo "$S3_PORT" ;;
		account) echo "$((S3_PORT - 3))" ;;
		container) echo "$((S3_PORT - 4))" ;;
		object) echo "$((S3_PORT - 5))" ;;
	esac
}

# Running and ours: the PID file names a live process started with this
# stack's config (a stale PID file can name an unrelated process).
s3_server_running() {
	local pidfile="$S3_DIR/run/$1-server.pid"
	pid_alive "$pidfile" && tr '\0' ' ' 2>/dev/null <"/proc/$(cat "$pidfile")/cmdline" | grep -qF "$S3_DIR/conf/$1-server.conf"
}

# Swift keeps object metadata in user extended attributes of the data files
# (in pieces of 254 bytes), and has no setting to do without them.
s3_check_xattrs() {
	local stamp="$S3_DIR/conf/xattrs-checked"
	[ -f "$stamp" ] && return
	"$SWIFT_PYTHON" -c 'import os, sys
open(sys.argv[1], "w").close()
try:
    for i in range(4):
        os.setxattr(sys.argv[1], "user.swift.metadata%d" % i, b"x" * 254)
finally:
    os.unlink(sys.argv[1])' "$S3_DIR/devices/d1/.xattrs-check" 2>/dev/null \
		|| die "The filesystem of $S3_DIR does not support user extended attributes, which Swift's object server needs (ext4, xfs and btrfs do)."
	touch "$stamp"
}

write_s3_config() {
	local conf="$S3_DIR/conf" user
	user="$(id -un)"
	echo "$SWIFT_LAUNCHER" >"$conf/swift-server.py"
	# The hash path prefix and suffix must never change once objects are stored.
	cat >"$conf/swift.conf" <<-EOF
		[swift-hash]
		swift_hash_path_prefix = site-backups-$STACK
		swift_hash_path_suffix = site-backups-$STACK

		[storage-policy:0]
		name = local
		default = yes
	EOF

	# workers = 0: one process per server, no forked workers; plenty here.
	# Each server logs to stderr, which is its file in log/. Swift always adds
	# a syslog handler too: log_address names no socket, so instead of a
	# host's /dev/log (its journal) it falls back to UDP port 514 on
	# localhost, where no syslog daemon listens by default.
	local common="bind_ip = 127.0.0.1
workers = 0
user = $user
swift_dir = $conf
devices = $S3_DIR/devices
mount_check = false
log_address = $S3_DIR/run/no-syslog
log_level = INFO"

	local server
	for server in account container object; do
		cat >"$conf/$server-server.conf" <<-EOF
			[DEFAULT]
			bind_port = $(s3_server_port "$server")
			$common
			log_name = $server-server

			[pipeline:main]
			pipeline = healthcheck $server-server

			[app:$server-server]
			use = egg:swift#$server

			[filter:healthcheck]
			use = egg:swift#healthcheck
		EOF
	done

	# s3api sits just before tempauth, and slo after them for multipart
	# uploads. s3api checks both AWS signature versions (V2 and V4), with V4
	# signed for the region in "location".
	cat >"$conf/proxy-server.conf" <<-EOF
		[DEFAULT]
		bind_port = $S3_PORT
		$common
		log_name = proxy-server

		[pipeline:main]
		pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

		[app:proxy-server]
		use = egg:swift#proxy
		account_autocreate = true

		[filter:s3api]
		use = egg:swift#s3api
		location = $S3_REGION
		allow_multipart_uploads = true
		check_bucket_owner = false
		s3_acl = false
		dns_compliant_bucket_names = true

		# Access key "account:user", secret key, and .admin for full rights
		# on the account.
		[filter:tempauth]
		use = egg:swift#tempauth
		user_${S3_ACCESS_KEY%%:*}_${S3_ACCESS_KEY#*:} = $S3_SECRET .admin

		# tempauth fails every request that has no cache client, yet no
		# memcached runs here: the client points at port 0, which always
		# refuses, and after that first refusal it stops trying for good, so
		# every lookup is a quick miss. Its complaints about that are muted.
		[filter:cache]
		use = egg:swift#memcache
		memcache_servers = 127.0.0.1:0
		error_suppression_limit = 0
		error_suppression_interval = 1000000000
		set log_level = CRITICAL

		[filter:catch_errors]
		use = egg:swift#catch_errors

		[filter:gatekeeper]
		use = egg:swift#gatekeeper

		[filter:healthcheck]
		use = egg:swift#healthcheck

		[filter:proxy-logging]
		use = egg:swift#proxy_logging

		[filter:listing_formats]
		use = egg:swift#listing_formats

		[filter:bulk]
		use = egg:swift#bulk

		[filter:copy]
		use = egg:swift#copy

		[filter:slo]
		use = egg:swift#slo

		[filter:dlo]
		use = egg:swift#dlo

		[filter:versioned_writes]
		use = egg:swift#versioned_writes
	EOF
}

# One ring per server kind, each with the stack's one device. Built once, in
# a scratch folder so an interrupted build leaves nothing half done; rebuilt
# only when the layout (ports, part power) changes.
build_s3_rings() {
	local conf="$S3_DIR/conf" part_power=6 layout
	layout="part_power=$part_power account=$(s3_server_port account) container=$(s3_server_port container) object=$(s3_server_port object)"
	if [ -f "$conf/object.ring.gz" ] && [ "$(cat "$conf/rings.layout" 2>/dev/null)" = "$layout" ]; then
		return
	fi
	log "Building the S3 store's rings ($STACK stack)"
	local scratch="$S3_DIR/rings.partial" ring status
	rm -rf "$scratch" && mkdir -p "$scratch"
	for ring in account container object; do
		# <part power> <replicas> <min hours between moves of a partition>
		swift-ring-builder "$scratch/$ring.builder" create "$part_power" 1 1 >/dev/null
		swift-ring-builder "$scratch/$ring.builder" add \
			"r1z1-127.0.0.1:$(s3_server_port "$ring")/d1" 1 >/dev/null
		# Exit status 1 is only a warning (balance); 2 is an error.
		status=0
		swift-ring-builder "$scratch/$ring.builder" rebalance >"$scratch/$ring.rebalance.log" 2>&1 || status=$?
		[ "$status" -le 1 ] && [ -f "$scratch/$ring.ring.gz" ] \
			|| die "swift-ring-builder could not build the $ring ring: $(cat "$scratch/$ring.rebalance.log")"
	done
	mv "$scratch"/*.builder "$scratch"/*.ring.gz "$conf/"
	echo "$layout" >"$conf/rings.layout"
	rm -rf "$scratch"
}

# setsid -f: the server is detached at once into its own session, so no
# shell lingers as its parent holding the caller's descriptors, and Ctrl-C in
# the terminal that ran npm start leaves it running like the other daemons.
start_s3_server() {
	local name="$1-server"
	s3_server_running "$1" && return
	# A stale PID file would pass for the new server's before it writes its own.
	rm -f "$S3_DIR/run/$name.pid"
	without_inherited_fds setsid -f "$SWIFT_PYTHON" "$S3_DIR/conf/swift-server.py" \
		"$S3_DIR/conf/$name.conf" "$name" "$S3_DIR/conf/swift.conf" "$S3_DIR/run/$name.pid" \
		</dev/null >>"$S3_DIR/log/$name.log" 2>&1
}

# The proxy and the three storage servers all answer their health checks.
s3_ready() {
	local server
	for server in "${S3_SERVERS[@]}"; do
		[ "$(curl -s --noproxy '*' --max-time 2 "http://127.0.0.1:$(s3_server_port "$server")/healthcheck" 2>/dev/null)" = OK ] || return 1
	done
}

# curl signs the request with AWS Signature Version 4. The access key holds a
# colon ("account:user", as tempauth wants it), and curl's --user would split
# it there, so the credentials ride in the URL with the colon escaped. S3
# requires the payload hash header, which curl 7.88 does not add by itself.
# Usage: s3_curl /bucket/key [curl options]
s3_curl() {
	local path="$1"
	shift
	curl -sS --noproxy '*' --aws-sigv4 "aws:amz:$S3_REGION:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" \
		"http://${S3_ACCESS_KEY//:/%3A}:$S3_SECRET@127.0.0.1:$S3_PORT$path"
}

ensure_s3_bucket() {
	local status
	status="$(s3_curl "/$S3_BUCKET" -o /dev/null -w '%{http_code}' -I || true)"
	[ "$status" = 200 ] && return
	status="$(s3_curl "/$S3_BUCKET" -o "$S3_DIR/log/create-bucket.xml" -w '%{http_code}' -X PUT || true)"
	[ "$status" = 200 ] || die "Could not create the bucket $S3_BUCKET (HTTP $status): $(cat "$S3_DIR/log/create-bucket.xml")"
}

write_s3_ready_env() {
	cat >"$S3_DIR/ready.env.partial" <<-EOF
		S3_ENDPOINT=$S3_ENDPOINT
		S3_REGION=$S3_REGION
		S3_ACCESS_KEY=$S3_ACCESS_KEY
		S3_SECRET=$S3_SECRET
		S3_BUCKET=$S3_BUCKET
	EOF
	mv "$S3_DIR/ready.env.partial" "$S3_DIR/ready.env"
}

start_s3() {
	command -v swift-ring-builder >/dev/null && "$SWIFT_PYTHON" -c 'import swift.common.wsgi' 2>/dev/null \
		|| die "Swift is not installed (tests/stack/setup.sh installs it)"
	local server all_running=1
	for server in "${S3_SERVERS[@]}"; do
		s3_server_running "$server" || all_running=0
	done
	# Servers already running keep the config they started with: stop the
	# store (s3.sh stop) for a changed config to apply.
	if [ "$all_running" = 1 ] && [ -f "$S3_DIR/ready.env" ] && s3_ready; then
		return
	fi
	rm -f "$S3_DIR/ready.env"
	mkdir -p "$S3_DIR/conf" "$S3_DIR/devices/d1" "$S3_DIR/log" "$S3_DIR/run"
	s3_check_xattrs
	write_s3_config
	build_s3_rings
	for server in "${S3_SERVERS[@]}"; do
		start_s3_server "$server"
	done
	for _ in $(seq 1 150); do
		s3_ready && break
		for server in "${S3_SERVERS[@]}"; do
			# A server that exits at once (a port in use, a bad config) says why in its log.
			[ -f "$S3_DIR/run/$server-server.pid" ] && ! s3_server_running "$server" \
				&& die "The S3 store's $server server stopped, see $S3_DIR/log/$server-server.log"
		done
		sleep 0.2
	done
	s3_ready || die "The S3 store did not answer on $S3_ENDPOINT, see $S3_DIR/log/"
	ensure_s3_bucket
	write_s3_ready_env
}

# A process that has exited counts as gone even before it is reaped: the
# servers' parent is init, which on some machines takes seconds to do so.
s3_process_alive() {
	local state
	state="$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true)"
	[ -n "$state" ] && [ "$state" != Z ]
}

stop_s3() {
	# Readers of ready.env take its presence to mean the store is up.
	rm -f "$S3_DIR/ready.env"
	local server pid pids=()
	for server in "${S3_SERVERS[@]}"; do
		s3_server_running "$server" && pids+=("$(cat "$S3_DIR/run/$server-server.pid")")
		rm -f "$S3_DIR/run/$server-server.pid"
	done
	[ "${#pids[@]}" -gt 0 ] || return 0
	kill "${pids[@]}" 2>/dev/null || true
	local alive
	for _ in $(seq 1 100); do
		alive=0
		for pid in "${pids[@]}"; do
			s3_process_alive "$pid" && alive=1
		done
		[ "$alive" = 1 ] || return 0
		sleep 0.1
	done
	log "The S3 store did not stop in time; killing it"
	kill -9 "${pids[@]}" 2>/dev/null || true
}

if [ "${#BASH_SOURCE[@]}" -eq 1 ]; then
	stack_init "${2:-dev}"
	case "${1:-}" in
		start) start_s3 && log "S3 store of the $STACK stack: $S3_ENDPOINT, bucket $S3_BUCKET (settings in $S3_DIR/ready.env)" ;;
		stop) stop_s3 ;;
		status)
			s3_ready || die "S3 store of the $STACK stack is not running"
			log "S3 store of the $STACK stack answers on $S3_ENDPOINT"
			;;
		*) die "usage: tests/stack/s3.sh start|stop|status [dev|test|bench]" ;;
	esac
fi
