/** Network failures (no HTTP answer) in words: shared by the token endpoint and the node's requests. */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
};

/**
 * A network failure in words. Deliberately not the raw code: n8n's NodeApiError replaces any message
 * containing ECONNRESET & co. with a generic sentence, which would hide ours.
 */
export function networkReason(error: unknown): string {
	const code = networkCode(error);
	return (code && NETWORK_REASONS[code]) ?? 'no response';
}

/** The low-level network error code (ECONNRESET, ETIMEDOUT…) wherever n8n's wrappers put it. */
export function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
