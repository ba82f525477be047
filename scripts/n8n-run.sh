# Sourced by the scripts that run the pinned real n8n (test/e2e/run.sh, bench/run.sh, scripts/demo.sh).

# Installs the pinned n8n if missing (scripts/ensure-n8n.sh) and exports the INSTAMOJO_E2E_* paths it prints.
export_n8n_paths() {
	local paths key value
	paths=$(scripts/ensure-n8n.sh)
	while IFS='=' read -r key value; do
		case "$key" in INSTAMOJO_E2E_*) export "$key=$value" ;; esac
	done <<<"$paths"
}

# Every n8n server is normally stopped by whoever started it; one whose owner died left an n8n.pid in its
# instance folder under <dir>: stop that process group (n8n + its task runner) by id.
stop_leftover_n8n() { # <dir>
	local f pid
	for f in "$1"/instamojo-e2e-n8n-*/n8n.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		echo "[n8n] stopping leftover n8n (pid $pid)" >&2
		kill -TERM -- "-$pid" 2>/dev/null || continue
		for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL -- "-$pid" 2>/dev/null || true
	done
}
