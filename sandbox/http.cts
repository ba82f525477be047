/** HTTP plumbing shared by the API and the control API: replies, errors, bodies, routing. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** A reply thrown from deep inside a handler; the server sends it like any other reply. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(`HTTP ${status}`);
	}
}

/** The `{"success": false, "message": ...}` envelope Instamojo uses for non-field errors (docs/instamojo-api.md §3). */
export const failure = (status: number, message: string): ApiError =>
	new ApiError(status, { success: false, message });

export const notFound = (): ApiError => failure(404, 'Not found');

export const forbidden = (): ApiError =>
	failure(403, 'You do not have permission to perform this action.');

export const json = (body: unknown, status = 200): Reply => ({ status, body });

export function sendReply(response: ServerResponse, reply: Reply): void {
	const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...reply.headers,
	});
	response.end(text);
}

/** Request bodies are small forms; anything this large is a client bug, not a payload. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw failure(413, 'Request body too large.');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export type Body = Record<string, unknown>;

/** The media type without parameters, e.g. `application/json` from `application/json; charset=utf-8`. */
export const mediaType = (header: string | undefined): string =>
	(header ?? '').split(';')[0].trim().toLowerCase();

/**
 * Parses a form or JSON body into a plain object (docs/instamojo-api.md §3: both are accepted). An empty body is an
 * empty object whatever the content type, as Django REST framework treats it.
 */
export function parseBody(contentType: string, text: string): Body {
	if (text.trim() === '') return {};
	if (contentType === 'application/x-www-form-urlencoded')
		return Object.fromEntries(new URLSearchParams(text));
	if (contentType === 'application/json') return parseJsonObject(text);
	throw new ApiError(415, {
		success: false,
		message: `Unsupported media type "${contentType}" in request.`,
	});
}

function parseJsonObject(text: string): Body {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw failure(400, 'JSON parse error.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw failure(400, 'Expected a JSON object.');
	return value as Body;
}

export interface Route<Context> {
	method: string;
	/** Path with `:name` parameters and no trailing slash, e.g. `/v2/payments/:id/fulfil`. */
	pattern: string;
	handler: (context: Context) => Reply | Promise<Reply>;
}

export type RouteMatch<Route> =
	| { kind: 'found'; route: Route; params: Record<string, string> }
	| { kind: 'wrong-method'; allowed: string[] }
	| { kind: 'none' };

/** Every documented path ends in `/`, some clients drop it (docs/instamojo-api.md §3): both forms are one route. */
export const withoutTrailingSlash = (path: string): string => path.replace(/\/+$/, '') || '/';

function matchPattern(pattern: string, path: string): Record<string, string> | null {
	const want = pattern.split('/');
	const got = path.split('/');
	if (want.length !== got.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		if (want[i].startsWith(':')) params[want[i].slice(1)] = got[i];
		else if (want[i] !== got[i]) return null;
	}
	return params;
}

export function matchRoute<R extends { method: string; pattern: string }>(
	routes: readonly R[],
	method: string,
	path: string,
): RouteMatch<R> {
	const normalised = withoutTrailingSlash(path);
	const allowed: string[] = [];
	for (const route of routes) {
		const params = matchPattern(route.pattern, normalised);
		if (!params) continue;
		if (route.method === method) return { kind: 'found', route, params };
		allowed.push(route.method);
	}
	return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

/** The reply for a path that exists with other methods, in DRF's wording inside Instamojo's envelope. */
export const methodNotAllowed = (method: string, allowed: string[]): Reply => ({
	status: 405,
	body: { success: false, message: `Method "${method}" not allowed.` },
	headers: { allow: allowed.join(', ') },
});

/** Turns anything a handler threw into a reply; unexpected errors become a 500 that names the cause. */
export function errorReply(error: unknown): Reply {
	if (error instanceof ApiError)
		return { status: error.status, body: error.body, headers: error.headers };
	return {
		status: 500,
		body: {
			success: false,
			message: `Sandbox error: ${(error as Error)?.message ?? String(error)}`,
		},
	};
}
