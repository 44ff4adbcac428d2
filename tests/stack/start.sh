#!/usr/bin/env bash
# npm start: installs what is missing, builds the admin screen and serves the
# production and staging sites of a stack. Re-running keeps the sites.
# WEB_SERVER=apache (npm run start:apache) serves them with Apache instead of
# nginx, on the same ports.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"
source "$REPO_ROOT/tests/stack/sites.sh"

stack_init "${1:-dev}"
bash "$REPO_ROOT/tests/stack/setup.sh"
bash "$REPO_ROOT/tests/stack/build.sh"

start_mariadb
start_php_fpm
start_web_servers
start_s3
provision_site staging
provision_site production
write_variant_mu_plugins
start_variant_helpers

[ "${QUIET:-0}" = 1 ] && exit 0
cat <<MESSAGE

  Site Backups is running ($STACK stack).
    Production: $PRODUCTION_URL/wp-admin/tools.php?page=site-backups
    Staging:    $STAGING_URL/wp-admin/
    Log in as:  $ADMIN_USER / $ADMIN_PASSWORD
    WP-CLI:     npm run wp -- <command>   (staging: npm run wp:staging -- <command>)
    S3 store:   $S3_ENDPOINT, bucket $S3_BUCKET, key $S3_ACCESS_KEY / $S3_SECRET
    Stop:       npm stop

MESSAGE
