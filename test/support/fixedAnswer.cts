/**
 * A stand-in for Instamojo that answers every request with one JSON answer the test sets: for answers
 * the sandbox does not give (a 409, other words). A `.cts` helper because test files may not use node:http.
 */
import { createServer } from 'node:http';

export interface FixedAnswer {
	url: string;
	answer: { status: number; body: string };
	close(): Promise<void>;
}

export async function startFixedAnswer(): Promise<FixedAnswer> {
	const answer = { status: 200, body: '{}' };
	const server = createServer((_request, response) => {
		response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
		answer,
		close: async () =>
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
