#!/usr/bin/env bash
# npm run bench: the backup benchmark on a deterministic synthetic site.
#   bash tests/bench/run.sh [--scale=0.1] [--days=30] [--seed=1] [--files=N] [--site-mb=N] [--posts=N] [--postmeta=N] [--step=20] [--repeat=2]
# or the same as environment variables: SCALE=0.1 DAYS=10 npm run bench
# Uses the "bench" stack's own MariaDB and S3-compatible store (.dev/bench/), never the dev or test stacks.
set -euo pipefail
BENCH_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bash "$BENCH_SCRIPT_DIR/../stack/setup.sh"
source "$BENCH_SCRIPT_DIR/../stack/lib.sh"
source "$BENCH_SCRIPT_DIR/../stack/services.sh"
stack_init bench

BENCH_DB_NAME="sb_bench_site"
start_mariadb
# stop_services stops the S3 store too.
trap stop_services EXIT
start_s3
ensure_database "$BENCH_DB_NAME"
# The site is regenerated each run; its durability does not matter, only read speed does.
db_client -e "SET GLOBAL innodb_flush_log_at_trx_commit = 2"

cd "$REPO_ROOT"
BENCH_DIR="$STACK_DIR" BENCH_DB_SOCKET="$DB_SOCKET" BENCH_DB_NAME="$BENCH_DB_NAME" \
	BENCH_DB_USER="$DB_USER" BENCH_DB_PASSWORD="$DB_PASSWORD" \
	BENCH_S3_ENDPOINT="$S3_ENDPOINT" BENCH_S3_REGION="$S3_REGION" BENCH_S3_BUCKET="$S3_BUCKET" \
	BENCH_S3_ACCESS_KEY="$S3_ACCESS_KEY" BENCH_S3_SECRET="$S3_SECRET" \
	php -d memory_limit=1024M "$BENCH_SCRIPT_DIR/bench.php" "$@"
