#!/usr/bin/env bash
# npm run wp / wp:staging: WP-CLI against one site of a running stack.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stack_init "${1:?stack}"
site="${2:?site}"
shift 2
[ -f "$(site_dir "$site")/wp-config.php" ] || [ -f "$(dirname "$(site_dir "$site")")/wp-config.php" ] || die "The $STACK stack has no $site site yet: run npm start first."
wp_cli "$site" "$@"
