#!/usr/bin/env bash
# npm stop: stops a stack's servers; its sites and databases are kept.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"

stack_init "${1:-dev}"
stop_services
log "Stopped the $STACK stack (sites and databases are kept in $STACK_DIR)."
