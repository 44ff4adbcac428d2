#!/usr/bin/env bash
# Creates a WordPress in the Bedrock layout in the test stack (sites.sh, provision_layout_site)
# and prints its home folder.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"
source "$REPO_ROOT/tests/stack/sites.sh"

stack_init "${1:-test}"
start_mariadb
provision_layout_site
echo "$SITES_DIR/layout/web"
