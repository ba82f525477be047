/**
 * HTTP to a running n8n and around it: JSON requests, the owner's session, and production webhooks.
 */
import { sleep } from './process.cjs';

/** Owner created by N8nInstance.setupOwnerAndApiKey(); only ever exists in a throwaway database. */
export const OWNER = {
	email: 'owner@e2e.invalid',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eTest-Passw0rd',
};

const WEBHOOK_RETRY_MS = 30_000;

export interface WebhookResponse {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON, or undefined when it is not JSON. */
	json: any;
}

/**
 * POSTs to a production webhook (`<baseUrl>/webhook/<path>`). Readiness comes slightly before active
 * webhooks are registered, and a 404 runs nothing, so 404s are retried for a while.
 */
export async function postWebhook(
	baseUrl: string,
	path: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<WebhookResponse> {
	const url = `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`;
	const isRaw = typeof body === 'string' || body instanceof URLSearchParams;
	const init = {
		method: 'POST',
		headers: isRaw ? headers : { 'content-type': 'application/json', ...headers },
		body: isRaw ? (body as string | URLSearchParams) : JSON.stringify(body),
	};
	const deadline = Date.now() + WEBHOOK_RETRY_MS;
	for (;;) {
		const response = await fetch(url, init);
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) {
			return { status: response.status, headers: response.headers, text, json: parseJson(text) };
		}
		await sleep(200);
	}
}

/** Creates the owner on a fresh database; returns the owner's session cookie. */
export async function setUpOwner(baseUrl: string): Promise<string> {
	return await ownerCookie(baseUrl, '/rest/owner/setup', OWNER);
}

/** The owner logs in again (after a restart); returns the session cookie. */
export async function logIn(baseUrl: string): Promise<string> {
	return await ownerCookie(baseUrl, '/rest/login', {
		emailOrLdapLoginId: OWNER.email,
		password: OWNER.password,
	});
}

/** The owner's session cookie (`n8n-auth=…`) that a setup or login answer sets. */
async function ownerCookie(baseUrl: string, path: string, body: unknown): Promise<string> {
	const what = `POST ${path}`;
	const response = await fetch(`${baseUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	await expectOk(response, what);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`${what} set no n8n-auth cookie`);
	return cookie.split(';')[0];
}

/** A JSON request; returns the parsed answer (undefined when it is not JSON), rejects unless 2xx. */
export async function requestJson(
	method: string,
	url: string,
	headers: Record<string, string> = {},
	body?: unknown,
): Promise<any> {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	await expectOk(response, `${method} ${url}`);
	return parseJson(await response.text());
}

/** POSTs JSON to any URL (e.g. the sandbox's control API) and returns the parsed answer; rejects unless 2xx. */
export async function postJson(url: string, body: unknown = {}): Promise<any> {
	return await requestJson('POST', url, {}, body);
}

export function parseJson(text: string): any {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

async function expectOk(response: Response, what: string): Promise<void> {
	if (response.ok) return;
	throw new Error(`${what} → ${response.status}: ${(await response.text()).slice(0, 2000)}`);
}
