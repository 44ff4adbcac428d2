#!/usr/bin/env bash
# Creates a multisite network in subdirectories in the test stack (sites.sh, provision_network_site)
# and prints its folder and its main address.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$REPO_ROOT/tests/stack/services.sh"
source "$REPO_ROOT/tests/stack/sites.sh"

stack_init "${1:-test}"
start_mariadb
provision_network_site
site_dir network
site_url network
