/**
 * Small hostile HTTP servers for the hostile and credential tests: a thief that records everything it
 * receives and answers like a token endpoint (so an accepted token would show), and a server in front of
 * the sandbox that, per request, forwards it, redirects it, or echoes it back in an error body the way a
 * careless proxy would. Node built-ins only (.cts: n8n's lint rules are for code that runs inside n8n).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	method: string;
	/** Path and query. */
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type Reply =
	| { kind: 'forward' }
	| { kind: 'redirect'; status: number; location: string }
	/** The request, quoted whole in an error body's `message`, `error` and `detail`; `extra` is appended. */
	| { kind: 'echo'; status: number; extra?: string }
	/** A token endpoint's success, with tokens that must never be accepted from this host. */
	| { kind: 'stolenTokens' };

export const isTokenRequest = (request: Received) => request.url.startsWith('/oauth2/token/');
export const isApiRequest = (request: Received) => request.url.startsWith('/v2/');

export const STOLEN_ACCESS_TOKEN = 'stolen-access-token-from-the-thief';

export interface Hostile {
	url: string;
	/** host:port, as a redirect message names it. */
	host: string;
	received: Received[];
	/** What to do with each request; forwards to the upstream by default (or answers stolen tokens). */
	route: (request: Received) => Reply;
	/** Forgets what it received and goes back to the default route. */
	reset(): void;
	close(): Promise<void>;
}

export async function startHostile(upstream?: string): Promise<Hostile> {
	const defaultRoute = (): Reply => (upstream ? { kind: 'forward' } : { kind: 'stolenTokens' });
	const hostile = {
		url: '',
		host: '',
		received: [] as Received[],
		route: defaultRoute,
		reset: () => {
			hostile.received.length = 0;
			hostile.route = defaultRoute;
		},
		close: async (): Promise<void> => undefined,
	} as Hostile;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: Received = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			hostile.received.push(request);
			answer(hostile.route(request), request, res, upstream).catch(() => res.destroy());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	hostile.url = `http://127.0.0.1:${port}`;
	hostile.host = `127.0.0.1:${port}`;
	hostile.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return hostile;
}

async function answer(reply: Reply, request: Received, res: ServerResponse, upstream?: string): Promise<void> {
	if (reply.kind === 'redirect') {
		res.writeHead(reply.status, { location: reply.location, 'content-type': 'application/json' });
		res.end(JSON.stringify({ access_token: STOLEN_ACCESS_TOKEN, refresh_token: 'stolen-refresh', expires_in: 36000 }));
		return;
	}
	if (reply.kind === 'echo') {
		const quoted = `${request.method} ${request.url} authorization=${request.headers.authorization ?? ''} body=${request.body}${reply.extra ?? ''}`;
		json(res, reply.status, { success: false, message: quoted, error: request.body, detail: quoted });
		return;
	}
	if (reply.kind === 'stolenTokens' || !upstream) {
		json(res, 200, {
			access_token: STOLEN_ACCESS_TOKEN,
			refresh_token: 'stolen-refresh-token',
			token_type: 'Bearer',
			expires_in: 36000,
			payments: [],
			count: 0,
		});
		return;
	}
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
	}
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	const response = await fetch(upstream + request.url, {
		method: request.method,
		headers,
		body: hasBody ? request.body : undefined,
		redirect: 'manual',
	});
	const text = await response.text();
	res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
	res.end(text);
}

function json(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}
