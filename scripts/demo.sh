#!/usr/bin/env bash
# The README's first command (`npm run demo`): from a fresh clone, install what is missing, build, and run
# the example workflows in a real n8n against the local Instamojo sandbox (scripts/demo.cts).
#   npm run demo                       editor on http://127.0.0.1:5678 until Ctrl-C
#   npm run demo -- --check            runs examples 1 → 2 → 3 once, prints PASS or FAIL, exits 0 or 1
#   npm run demo -- --port 5680 --sandbox-port 8766
# package.json runs it as `exec bash scripts/demo.sh` and this script execs node, so node is npm's own child:
# npm runs scripts through `sh -c`, and a shell in between would die of the Ctrl-C and make npm exit 130
# while node is still stopping n8n; this way npm exits with node's status (0 after a Ctrl-C).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[demo] %s\n' "$*"; }

# npm packages: installed when node_modules is missing or older than package-lock.json (npm writes
# node_modules/.package-lock.json on every install).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	say "installing npm packages (npm ci)"
	npm ci --no-audit --no-fund
fi

# Node 24 and the pinned n8n, into ~/.cache/n8n-nodes-instamojo (several minutes the first time).
say "checking the pinned n8n (scripts/ensure-n8n.sh; installs it the first time, ~5 min)"
source scripts/n8n-run.sh
export_n8n_paths

say "building the package and the demo"
npm run --silent build >/dev/null
npx --no-install tsc -p tsconfig.tools.json

exec node build/scripts/demo.cjs "$@"
