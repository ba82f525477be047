/**
 * A tiny webhook receiver for the tests: records every POST as the raw form body the sandbox sent,
 * answers with a configurable status. A `.cts` helper because test files may not use node:http.
 */
import { createServer } from 'node:http';

export interface ReceivedWebhook {
	method: string;
	contentType: string;
	/** Exactly the bytes on the wire, for MAC checks that must not trust a parser's re-encoding. */
	rawBody: string;
}

export interface Receiver {
	url: string;
	received: ReceivedWebhook[];
	/** Status and body of the next answers (default 200 "ok"). */
	answer: { status: number; body: string };
	/** Forgets what it received and answers 200 "ok" again. */
	reset(): void;
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedWebhook[] = [];
	const answer = { status: 200, body: 'ok' };
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				method: request.method ?? '',
				contentType: request.headers['content-type'] ?? '',
				rawBody: Buffer.concat(chunks).toString('utf8'),
			});
			response.writeHead(answer.status, { 'content-type': 'text/plain' });
			response.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		received,
		answer,
		reset: () => {
			received.length = 0;
			Object.assign(answer, { status: 200, body: 'ok' });
		},
		close: async () =>
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
