#!/usr/bin/env bash
# `npm run bench`: installs the pinned n8n (scripts/ensure-n8n.sh, cached), builds and packs the package,
# compiles the Node-side tooling (tsconfig.tools.json → build/), then runs build/bench/run.cjs on n8n's
# Node. Writes BENCHMARKS.md and bench/results.json. Arguments go to run.cjs, e.g.
#   npm run bench -- --quick            # small sizes, one run: a smoke of the whole pipeline
#   npm run bench -- --wait-quiet 1.5   # first wait (up to 20 min) for the 1-minute load average to drop
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/n8n-run.sh
export_n8n_paths

run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/instamojo-bench.XXXXXX")
# n8n's server is stopped by the bench; if the bench died first, its pid file is in the instance folder.
cleanup() {
	stop_leftover_n8n "$run_tmp"
	rm -rf "$run_tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
export TMPDIR=$run_tmp

npm run build >&2
npm pack --silent --pack-destination "$run_tmp" >/dev/null
INSTAMOJO_E2E_PACKAGE_TGZ=$(ls "$run_tmp"/*.tgz)
export INSTAMOJO_E2E_PACKAGE_TGZ
npx --no-install tsc -p tsconfig.tools.json
"$INSTAMOJO_E2E_NODE_BIN_DIR/node" --expose-gc build/bench/run.cjs "$@"
