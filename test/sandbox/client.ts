/**
 * A thin HTTP client for the sandbox tests: plain fetch, so every test sees exactly what a real client
 * sees on the wire (status, headers, JSON body).
 */
import {
	DEFAULT_SEED,
	type Sandbox,
	type SandboxOptions,
	startSandbox,
} from '../../sandbox/server.cjs';

export const application = DEFAULT_SEED.application;
export const marketplace = DEFAULT_SEED.marketplace;

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

/** The control API: JSON in, JSON out. */
export async function control<T = Json>(
	sandbox: Sandbox,
	method: string,
	path: string,
	json?: unknown,
): Promise<Answer<T>> {
	return await call<T>(sandbox, method, `/_sandbox/${path}`, json === undefined ? {} : { json });
}

export interface TokenBody {
	access_token: string;
	refresh_token?: string;
	token_type: string;
	expires_in: number;
	scope: string;
	error?: string;
	error_description?: string;
}

/** POSTs a grant to the token endpoint with the seed application's credentials (overridable). */
export async function grant(
	sandbox: Sandbox,
	fields: Record<string, string>,
): Promise<Answer<TokenBody>> {
	return await call<TokenBody>(sandbox, 'POST', '/oauth2/token/', {
		form: { client_id: application.clientId, client_secret: application.clientSecret, ...fields },
	});
}

export async function appToken(sandbox: Sandbox): Promise<string> {
	return (await grant(sandbox, { grant_type: 'client_credentials' })).body.access_token;
}

export async function userTokens(
	sandbox: Sandbox,
	username: string,
	password: string,
): Promise<TokenBody> {
	const answer = await grant(sandbox, { grant_type: 'password', username, password });
	expect(answer.status).toBe(200);
	return answer.body;
}

export interface Seller {
	id: string;
	username: string;
	token: string;
}

let sellerCount = 0;

/** Signs a new seller up with the application token and logs them in. */
export async function newSeller(sandbox: Sandbox, app: string): Promise<Seller> {
	sellerCount++;
	const password = `seller-password-${sellerCount}`;
	const signup = await call<{ id: string; username: string }>(sandbox, 'POST', '/v2/users/', {
		token: app,
		form: {
			email: `seller${sellerCount}@shop.example`,
			password,
			phone: '9876543210',
			referrer: application.referrer,
		},
	});
	expect(signup.status).toBe(201);
	const tokens = await userTokens(sandbox, signup.body.username, password);
	return { id: signup.body.id, username: signup.body.username, token: tokens.access_token };
}

export interface PaymentRequestJson extends Json {
	id: string;
	status: string;
	payments: string[];
	longurl: string;
	mark_fulfilled: boolean;
}

/** Creates a request of ₹100 unless told otherwise; either create status (a decision) counts as success. */
export async function createPaymentRequest(
	sandbox: Sandbox,
	token: string,
	fields: Record<string, string> = {},
): Promise<PaymentRequestJson> {
	const answer = await call<PaymentRequestJson>(sandbox, 'POST', '/v2/payment_requests/', {
		token,
		form: { amount: '100', purpose: 'Sandbox test', ...fields },
	});
	expect([200, 201]).toContain(answer.status);
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

/** A buyer paying (or failing to pay) through the control API. */
export async function pay(
	sandbox: Sandbox,
	requestId: string,
	body: Json = { outcome: 'success' },
): Promise<Answer<PayResult>> {
	return await control<PayResult>(sandbox, 'POST', `payment_requests/${requestId}/pay`, body);
}

/** One sandbox per test file, reset before each test so tests never see each other's records. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
	});
	afterAll(async () => await sandbox?.close());
	beforeEach(() => sandbox?.reset());
	return () => sandbox as Sandbox;
}
