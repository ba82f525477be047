/** The request log tests and demos assert on: what each client call looked like and how it was answered. */
import type { Auth } from './tokens.cjs';

export interface LogAuth {
	kind: Auth['kind'];
	userId?: string;
	username?: string;
}

export interface LogEntry {
	seq: number;
	method: string;
	/** Without the query. */
	path: string;
	query: Record<string, string>;
	/** Media type of the body, without parameters; '' when none was sent. */
	contentType: string;
	/** The parsed body with secrets redacted; null when it could not be parsed (so no secret leaks through). */
	body: unknown;
	auth: LogAuth;
	/** The status sent, or that would have been sent when the connection was dropped; 0 while in flight. */
	status: number;
	/** The injected fault, e.g. `status 429`, `delay 200ms`, `drop`. */
	fault?: string;
	/** Token endpoint only. */
	grantType?: string;
	/** Token endpoint only. */
	clientId?: string;
}

const SECRET_FIELDS = new Set(['client_secret', 'password', 'refresh_token']);

/** A copy of the body whose secret values read "[redacted]", so a log can be printed or attached safely. */
export function redact(body: unknown): unknown {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
	return Object.fromEntries(
		Object.entries(body).map(([key, value]) => [
			key,
			SECRET_FIELDS.has(key) ? '[redacted]' : value,
		]),
	);
}

export function logAuth(auth: Auth): LogAuth {
	if (!('user' in auth)) return { kind: auth.kind };
	return { kind: auth.kind, userId: auth.user.id, username: auth.user.username };
}

export class RequestLog {
	private entries: LogEntry[] = [];
	private seq = 0;

	/** Opens an entry when a request arrives, so the log keeps arrival order even when answers overlap. */
	open(method: string, path: string, query: Record<string, string>): LogEntry {
		const entry: LogEntry = {
			seq: ++this.seq,
			method,
			path,
			query,
			contentType: '',
			body: null,
			auth: { kind: 'none' },
			status: 0,
		};
		this.entries.push(entry);
		return entry;
	}

	list(): LogEntry[] {
		return [...this.entries];
	}

	/** Empties the log; numbering starts again at 1, so each test reads seq from a clean slate. */
	clear(): void {
		this.entries = [];
		this.seq = 0;
	}
}
