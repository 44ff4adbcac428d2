#!/usr/bin/env bash
# Installs everything the stacks and the test suites need on a fresh machine:
# Debian packages, npm and Composer dependencies, and a WordPress core copy.
# Each step is skipped when its result is already there, so re-runs are quick.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEBIAN_PACKAGES=(
	php-cli php-fpm php-mysql php-curl php-gd php-zip php-xml php-mbstring php-intl
	mariadb-server mariadb-client nginx-light chromium unzip zip ca-certificates
	apache2 # the stacks' second web server: tests/stack/apache.sh
	7zip libarchive-tools # other zip readers the download tests check against
	gettext # xgettext, for the translation template (tests/stack/make-pot.mjs)
	swift python3-swift # the S3-compatible store: tests/stack/s3.sh runs the servers itself
)

install_debian_packages() {
	local missing=()
	for package in "${DEBIAN_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
	done
	[ "${#missing[@]}" -eq 0 ] && return
	log "Installing Debian packages: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	# Keep package scripts from starting system-wide MariaDB or nginx services:
	# the stacks run their own instances inside .dev/.
	local policy=/usr/sbin/policy-rc.d created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
		$sudo chmod +x "$policy"
		created_policy=1
	fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	[ "$created_policy" -eq 0 ] || $sudo rm -f "$policy"
}

install_node_modules() {
	local stamp="$REPO_ROOT/node_modules/.site-backups-installed"
	if [ -f "$stamp" ] && [ "$stamp" -nt "$REPO_ROOT/package.json" ] && [ "$stamp" -nt "$REPO_ROOT/package-lock.json" ]; then
		return
	fi
	log "Installing npm dependencies"
	(cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
	touch "$stamp"
}

install_composer_packages() {
	local stamp="$REPO_ROOT/vendor/.site-backups-installed"
	if [ -f "$stamp" ] && [ "$stamp" -nt "$REPO_ROOT/composer.json" ]; then
		return
	fi
	log "Installing Composer dependencies"
	(cd "$REPO_ROOT" && composer install --no-interaction --no-progress --quiet)
	touch "$stamp"
}

# Debian's stable release packages WordPress; it is fetched with apt into a
# private cache (no system sources are changed), unpacked, and its links to
# Debian's shared JavaScript and PHP libraries are replaced by the files.
fetch_wordpress() {
	local target="$CACHE_DIR/wordpress"
	[ -f "$target/wp-includes/version.php" ] && return
	log "Fetching WordPress $WORDPRESS_SERIES from Debian"
	local apt_dir="$CACHE_DIR/apt"
	rm -rf "$apt_dir" && mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs" "$apt_dir/root"
	cat >"$apt_dir/sources/stable.sources" <<-EOF
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: trixie
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: http://deb.debian.org/debian-security
		Suites: trixie-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	local apt_options=(
		-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
		-o "APT::Sandbox::User=root"
	)
	apt-get "${apt_options[@]}" update -qq
	local version
	# awk reads to the end: leaving early would kill apt-cache with SIGPIPE, which pipefail makes fatal.
	version="$(apt-cache "${apt_options[@]}" madison wordpress | awk -v s="$WORDPRESS_SERIES." '$3 ~ "^"s && !found {print $3; found = 1}')"
	[ -n "$version" ] || die "Debian serves no WordPress $WORDPRESS_SERIES.x"
	(cd "$apt_dir/debs" && apt-get "${apt_options[@]}" download -qq \
		"wordpress=$version" "wordpress-theme-twentytwentyfive=$version" \
		libjs-cropper libjs-lodash libjs-underscore php-getid3)
	for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$apt_dir/root"; done
	local unpacked="$apt_dir/root/usr/share/wordpress"
	rm -f "$unpacked/.htaccess" "$unpacked/wp-config.php"
	rm -rf "$target.partial"
	# -L turns the package's links into real files, so each site is self-contained.
	cp -rL "$unpacked" "$target.partial"
	cp -r "$apt_dir/root/var/lib/wordpress/wp-content/." "$target.partial/wp-content/" 2>/dev/null || true
	echo "$version" >"$target.partial/.debian-version"
	rm -rf "$target" && mv "$target.partial" "$target"
	rm -rf "$apt_dir"
}

mkdir -p "$CACHE_DIR"
install_debian_packages
install_node_modules
install_composer_packages
fetch_wordpress
