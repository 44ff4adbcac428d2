#!/usr/bin/env bash
# Creates a throw-away WordPress without the plugin in the test stack.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"
source "$REPO_ROOT/tests/stack/sites.sh"

stack_init test
start_mariadb
provision_clean_site
site_dir clean
