#!/usr/bin/env bash
# Makes sure the pinned real n8n used by the end-to-end tests is installed in a machine-local cache, and
# prints where it is as KEY=value lines on stdout (everything else goes to stderr), e.g.:
#   eval "$(scripts/ensure-n8n.sh)"   # → INSTAMOJO_E2E_NODE_BIN_DIR, INSTAMOJO_E2E_NODE, INSTAMOJO_E2E_N8N_BIN
#
# Optional argument: which n8n, as the folder under harness/n8n holding its package.json + package-lock.json:
#   n8n-app   (default) the pinned n8n 2.x, on Node 24 from the npm registry
#   n8n1-app  the newest n8n 1.x, on the machine's own Node (n8n 1.x: engines >=20.19 <=24.x), e.g.
#             scripts/ensure-n8n.sh n8n1-app   # same three lines, pointing at that install
#
# Why a cache outside the repo: n8n with its dependencies is ~2.9 GB and takes ~5 min to install.
# Why Node 24 from the npm registry: n8n >= 2.36 refuses Node 20 and the registry is the one source we can reach.
#
# Layout under ${INSTAMOJO_E2E_CACHE:-$HOME/.cache/n8n-nodes-instamojo}:
#   node-<version>-<platform>/node_modules/node-<platform>/bin/node
#   n8n-<sha256 of harness/n8n/<app>/package-lock.json, 16 hex>-node<version>/node_modules/n8n/bin/n8n
# Every install happens in a .tmp-* dir next to its target and is renamed into place only when complete,
# so a directory with a final name is always a finished install; an interrupted one is deleted next time.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP=${1:-n8n-app}
APP_SRC=$REPO_ROOT/harness/n8n/$APP
CACHE_ROOT=${INSTAMOJO_E2E_CACHE:-$HOME/.cache/n8n-nodes-instamojo}

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$APP" in
	n8n-app) NODE_VERSION=24.21.0 ;;
	# "system": the node on PATH. n8n 1.x is what most self-hosted installs still run, on their own Node.
	n8n1-app) NODE_VERSION=system ;;
	*) die "unknown n8n app '$APP' (expected n8n-app or n8n1-app)" ;;
esac

case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) PLATFORM=linux-x64 ;;
	Linux-aarch64) PLATFORM=linux-arm64 ;;
	*) die "unsupported platform $(uname -s)-$(uname -m)" ;;
esac
[ -f "$APP_SRC/package-lock.json" ] || die "missing $APP_SRC/package-lock.json"

LOCK_HASH=$(sha256sum "$APP_SRC/package-lock.json" | cut -c1-16)
if [ "$NODE_VERSION" = system ]; then
	SYSTEM_NODE=$(command -v node) || die "no node on PATH"
	NODE_BIN_DIR=$(dirname "$SYSTEM_NODE")
	# Headers for the sqlite3 build: <prefix>/include/node (Debian's nodejs package: /usr/include/node).
	NODE_HOME=$(dirname "$NODE_BIN_DIR")
	NODE_VERSION=$("$SYSTEM_NODE" -p process.versions.node)
else
	NODE_DIR=$CACHE_ROOT/node-$NODE_VERSION-$PLATFORM
	NODE_HOME=$NODE_DIR/node_modules/node-$PLATFORM
	NODE_BIN_DIR=$NODE_HOME/bin
fi
# The Node version is part of the key: sqlite3 is compiled against that Node's ABI.
APP_DIR=$CACHE_ROOT/n8n-$LOCK_HASH-node$NODE_VERSION
N8N_BIN=$APP_DIR/node_modules/n8n/bin/n8n
SQLITE_ADDON=$APP_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node

# n8n 1.x's engines: >=20.19 <=24.x.
system_node_fits() {
	local major minor
	IFS=. read -r major minor _ <<<"$NODE_VERSION"
	[ "$major" -ge 21 ] && [ "$major" -le 24 ] || { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; }
}

node_ok() { [ -x "$NODE_BIN_DIR/node" ] && { [ -z "${SYSTEM_NODE:-}" ] || system_node_fits; }; }
app_ok() { [ -f "$N8N_BIN" ] && [ -f "$SQLITE_ADDON" ]; }

print_result() {
	printf 'INSTAMOJO_E2E_NODE_BIN_DIR=%s\n' "$NODE_BIN_DIR"
	printf 'INSTAMOJO_E2E_NODE=%s\n' "$NODE_BIN_DIR/node"
	printf 'INSTAMOJO_E2E_N8N_BIN=%s\n' "$N8N_BIN"
}

# Fast path (no lock, no subprocesses): both installs are complete.
if node_ok && app_ok; then
	print_result
	exit 0
fi

mkdir -p "$CACHE_ROOT"
# One installer at a time; a second caller waits and then finds the cache ready.
exec 9>"$CACHE_ROOT/.lock"
flock -n 9 || { log "another install holds $CACHE_ROOT/.lock: waiting"; flock 9; }

TMP_DIRS=()
cleanup() { local d; for d in "${TMP_DIRS[@]}"; do rm -rf "$d"; done; }
trap cleanup EXIT
# We hold the lock, so any leftover .tmp-* dir belongs to an interrupted install.
rm -rf "$CACHE_ROOT"/.tmp-*

new_tmp() {
	local d
	d=$(mktemp -d "$CACHE_ROOT/.tmp-$1.XXXXXX")
	TMP_DIRS+=("$d")
	printf '%s' "$d"
}

install_node() {
	local tmp start=$SECONDS
	if [ -n "${SYSTEM_NODE:-}" ]; then
		system_node_fits || die "$APP needs Node >=20.19 <=24.x on PATH; $SYSTEM_NODE is $NODE_VERSION"
		return
	fi
	tmp=$(new_tmp node)
	log "installing Node $NODE_VERSION (node-$PLATFORM from the npm registry) into $NODE_DIR"
	echo '{"private":true}' >"$tmp/package.json"
	(cd "$tmp" && npm install "node-$PLATFORM@$NODE_VERSION" --save-exact --no-audit --no-fund --ignore-scripts) >&2
	[ -x "$tmp/node_modules/node-$PLATFORM/bin/node" ] || die "node-$PLATFORM has no bin/node"
	rm -rf "$NODE_DIR"
	mv -T "$tmp" "$NODE_DIR"
	log "Node ready in $((SECONDS - start)) s"
}

install_app() {
	local tmp start=$SECONDS
	tmp=$(new_tmp n8n)
	[ -f "$NODE_HOME/include/node/node.h" ] ||
		die "no Node headers in $NODE_HOME/include/node: sqlite3 cannot be built for Node $NODE_VERSION"
	log "installing n8n from $APP_SRC/package-lock.json into $APP_DIR (several minutes)"
	cp "$APP_SRC/package.json" "$APP_SRC/package-lock.json" "$tmp/"
	# The chosen Node first on PATH so npm, node-gyp and the built addon all use it; npm_config_nodedir because
	# a user ~/.npmrc may point nodedir at the system Node's headers.
	# --ignore-scripts: some optional native deps (e.g. the Kafka client) download from GitHub and fail
	# offline, which makes npm roll back the whole install. sqlite3 is the one n8n needs: rebuilt below.
	(
		cd "$tmp"
		export PATH="$NODE_BIN_DIR:$PATH" npm_config_nodedir="$NODE_HOME"
		npm ci --omit=dev --no-audit --no-fund --ignore-scripts --prefer-offline
		log "npm ci done after $((SECONDS - start)) s; building sqlite3 for Node $NODE_VERSION"
		# Explicitly on: under `npm run` (CI: npm run test:e2e) the repo's .npmrc arrives as
		# npm_config_ignore_scripts=true, and `npm rebuild` would then build nothing.
		npm rebuild sqlite3 --ignore-scripts=false
	) >&2
	[ -f "$tmp/node_modules/n8n/bin/n8n" ] || die "n8n/bin/n8n missing after npm ci"
	[ -f "$tmp/node_modules/sqlite3/build/Release/node_sqlite3.node" ] || die "sqlite3 addon was not built"
	PATH="$NODE_BIN_DIR:$PATH" "$NODE_BIN_DIR/node" -e 'require(process.argv[1])' "$tmp/node_modules/sqlite3" ||
		die "the sqlite3 addon does not load under Node $NODE_VERSION"
	rm -rf "$APP_DIR"
	mv -T "$tmp" "$APP_DIR"
	log "n8n ready in $((SECONDS - start)) s"
}

node_ok || install_node
app_ok || install_app
print_result
