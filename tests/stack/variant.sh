#!/usr/bin/env bash
# Puts a stack on a host variant (tests/stack/variants.sh lists them) and restarts its PHP and
# web servers with it; its sites and databases are kept.
#   usage: variant.sh NAME [STACK]   (STACK: test unless told; NAME nginx goes back to the stack as it is)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"

name="${1:?variant name: ${HOST_VARIANTS[*]}}"
is_host_variant "$name" || die "unknown host variant '$name' (expected one of: ${HOST_VARIANTS[*]})"
stack_init "${2:-test}"

stop_variant_helpers
stop_apache
stop_pidfile "$RUN_DIR/nginx.pid" nginx
stop_pidfile "$RUN_DIR/php-fpm.pid" PHP-FPM
if [ "$name" = nginx ]; then rm -f "$RUN_DIR/host-variant"; else echo "$name" >"$RUN_DIR/host-variant"; fi
QUIET=1 bash "$REPO_ROOT/tests/stack/start.sh" "$STACK"
log "The $STACK stack runs the '$name' host variant."
