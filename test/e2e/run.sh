#!/usr/bin/env bash
# The single entry point of the real-n8n end-to-end suite (CI and `npm run test:e2e`).
# 1. scripts/ensure-n8n.sh installs the pinned n8n + Node 24 into a machine-local cache (minutes the first
#    time, instant afterwards) and prints their paths; 2. jest runs test/e2e with those paths in its
#    environment (globalSetup then builds and packs the package once). Exit code = jest's.
# Extra arguments go to jest, e.g. `test/e2e/run.sh -t 'user flow'`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

source scripts/n8n-run.sh
export_n8n_paths
# n8n 1.x for test/e2e/n8n1-smoke.test.ts, installed here so a cold install does not eat a test's timeout.
scripts/ensure-n8n.sh n8n1-app >/dev/null

# n8n, npm and Node 24 write scratch files into $TMPDIR: give the run its own and remove it afterwards.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/instamojo-e2e.XXXXXX")
cleanup() {
	stop_leftover_n8n "$run_tmp"
	# INSTAMOJO_E2E_KEEP=1 keeps the folder (each n8n user folder, DB and n8n.log) for debugging.
	if [ "${INSTAMOJO_E2E_KEEP:-}" = 1 ]; then echo "[e2e] kept $run_tmp" >&2; else rm -rf "$run_tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
export TMPDIR=$run_tmp

started=$SECONDS
status=0
npx --no-install jest -c jest.e2e.config.js "$@" || status=$?
echo "[e2e] jest exited with $status after $((SECONDS - started)) s" >&2
exit "$status"
