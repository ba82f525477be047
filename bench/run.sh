#!/usr/bin/env bash
# `npm run bench`: installs the pinned n8n (scripts/ensure-n8n.sh, cached), builds and packs the package,
# compiles the Node-side tooling (tsconfig.tools.json → build/), then runs build/bench/run.cjs on n8n's
# Node. Writes BENCHMARKS.md and bench/results.json. Arguments go to run.cjs, e.g.
#   npm run bench -- --quick            # small sizes, one run: a smoke of the whole pipeline
#   npm run bench -- --wait-quiet 1.5   # first wait (up to 20 min) for the 1-minute load average to drop
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

paths=$(scripts/ensure-n8n.sh)
while IFS='=' read -r key value; do
	case "$key" in INSTAMOJO_E2E_*) export "$key=$value" ;; esac
done <<<"$paths"

run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/instamojo-bench.XXXXXX")
# n8n's server is stopped by the bench; if the bench died first, its pid file is in the instance folder.
cleanup() {
	local f pid
	for f in "$run_tmp"/instamojo-e2e-n8n-*/n8n.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		kill -TERM -- "-$pid" 2>/dev/null || continue
		for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL -- "-$pid" 2>/dev/null || true
	done
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
