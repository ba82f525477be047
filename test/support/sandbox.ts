/**
 * The one way a unit-test file gets a server for its tests (a sandbox, a webhook receiver, a hostile
 * server), and the one client of the sandbox's control API. Plain fetch, so a test sees exactly what a
 * real client sees on the wire (status, headers, JSON body).
 */
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/server.cjs';

interface Server {
	close(): Promise<void>;
	/** Forgets what the previous test did; called before each test. */
	reset?(): void;
}

/**
 * Starts a server once for the test file (beforeAll), resets it before each test so tests never see
 * each other's records, and closes it after the file (afterAll). Returns its accessor.
 */
export function useServer<T extends Server>(start: () => Promise<T>): () => T {
	let server: T | undefined;
	beforeAll(async () => {
		server = await start();
	});
	afterAll(async () => await server?.close());
	beforeEach(() => server?.reset?.());
	return () => {
		if (server === undefined) throw new Error('the server is reached before beforeAll started it');
		return server;
	};
}

/** One sandbox per test file, reset before each test. Without a profile it lives in the jest project's world. */
export const useSandbox = (options: SandboxOptions = {}): (() => Sandbox) => useServer(async () => await startSandbox(options));

/** An API object: the fields a test reads are typed where it reads them. */
export type Json = Record<string, unknown>;

export interface Answer<T = Json> {
	status: number;
	body: T;
	headers: Headers;
}

export interface CallOptions {
	token?: string;
	form?: Record<string, string>;
	json?: unknown;
	query?: Record<string, string | number>;
	headers?: Record<string, string>;
}

function requestBody(options: CallOptions): { body?: string; contentType?: string } {
	if (options.form)
		return {
			body: new URLSearchParams(options.form).toString(),
			contentType: 'application/x-www-form-urlencoded',
		};
	if (options.json !== undefined)
		return { body: JSON.stringify(options.json), contentType: 'application/json' };
	return {};
}

export async function call<T = Json>(
	sandbox: Sandbox,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<Answer<T>> {
	const url = new URL(sandbox.url + path);
	for (const [key, value] of Object.entries(options.query ?? {}))
		url.searchParams.set(key, String(value));
	const { body, contentType } = requestBody(options);
	const headers: Record<string, string> = { ...options.headers };
	if (contentType) headers['content-type'] = contentType;
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	const response = await fetch(url, { method, headers, body });
	const text = await response.text();
	return {
		status: response.status,
		body: (text ? JSON.parse(text) : undefined) as T,
		headers: response.headers,
	};
}

/** The control API (`/_sandbox/…`): JSON in, the sandbox's answer out. */
export async function control<T = Json>(
	sandbox: Sandbox,
	method: string,
	path: string,
	json?: unknown,
): Promise<Answer<T>> {
	return await call<T>(sandbox, method, `/_sandbox/${path}`, json === undefined ? {} : { json });
}

/** The body of a control answer a test's set-up relies on; fails the test when the sandbox refused the call. */
export function accepted<T>(answer: Answer<T>): T {
	if (answer.status >= 300) throw new Error(`the sandbox refused a control call: ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer.body;
}

export interface PaymentJson extends Json {
	id: string;
	status: boolean;
	amount: string;
}

export interface PayResult {
	payment: PaymentJson;
	redirect_url: string | null;
	webhook: { url: string; status: number | null; body: string | null } | null;
}

/** A buyer paying (or failing to pay) a payment link through the control API. */
export async function pay(
	sandbox: Sandbox,
	requestId: string,
	body: Json = { outcome: 'success' },
): Promise<Answer<PayResult>> {
	return await control<PayResult>(sandbox, 'POST', `payment_requests/${requestId}/pay`, body);
}

/** Expires the tokens the sandbox has issued (all, or those `spec` selects), so the next call must renew. */
export const expireTokens = async (sandbox: Sandbox, spec: Json = {}) =>
	accepted(await control(sandbox, 'POST', 'tokens/expire', spec));
