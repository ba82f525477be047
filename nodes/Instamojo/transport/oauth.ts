import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { networkReason } from './errors';

/** Instamojo's token endpoint sits at the host root, not under /v2/ (spec §2, §4). */
export const TOKEN_PATH = '/oauth2/token/';

export type Grant =
	| { grant_type: 'client_credentials' }
	| { grant_type: 'password'; username: string; password: string }
	| { grant_type: 'refresh_token'; refresh_token: string };

export interface TokenSet {
	accessToken: string;
	/** Empty for application tokens: Instamojo issues no refresh token for them. */
	refreshToken: string;
	/** ISO timestamp after which the access token must not be used. */
	expiresAt: string;
	expiresIn: number;
}

interface TokenResponseBody {
	access_token?: string;
	refresh_token?: string;
	expires_in?: number;
	error?: string;
	error_description?: string;
}

/**
 * A token-endpoint failure, worded for the person fixing the credential. Never carries a secret.
 * Its fields avoid the names n8n's NodeApiError reads as a status (`code`, `status`, `httpCode`…):
 * when n8n wraps this error, a status would replace the message with a generic one.
 */
export class InstamojoTokenError extends Error {
	constructor(
		message: string,
		readonly oauthError: string,
		readonly httpStatus?: number,
	) {
		super(message);
		this.name = 'InstamojoTokenError';
	}
}

/**
 * `oauthError` of a credential whose stored (rotated) refresh token was refused as already used: the
 * credential's new tokens may already be saved by another process, so the request can be sent once more.
 */
export const STALE_REFRESH_TOKEN = 'stale_refresh_token';

/** The token error inside whatever n8n wrapped it in, if a failure came from the token endpoint. */
export function findTokenError(error: unknown): InstamojoTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof InstamojoTokenError || (current as Error).name === 'InstamojoTokenError') {
			return current as InstamojoTokenError;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Whether a request targets the token endpoint of this base URL, so client secrets may go into its body. */
export function isTokenEndpointRequest(options: IHttpRequestOptions, baseUrl: string): boolean {
	const url = options.url ?? '';
	if (url.startsWith('http://') || url.startsWith('https://')) {
		return stripSlash(url) === stripSlash(baseUrl + TOKEN_PATH);
	}
	const requestBase = stripSlash(options.baseURL ?? baseUrl);
	return requestBase === stripSlash(baseUrl) && stripSlash(url) === stripSlash(TOKEN_PATH);
}

function stripSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

/** The form body of a grant, with the application's client credentials. */
export function grantBody(grant: Grant, clientId: string, clientSecret: string): URLSearchParams {
	const body = new URLSearchParams(grant as unknown as Record<string, string>);
	body.set('client_id', clientId);
	body.set('client_secret', clientSecret);
	return body;
}

export function tokenRequestOptions(baseUrl: string, body: URLSearchParams): IHttpRequestOptions {
	return {
		method: 'POST',
		url: baseUrl + TOKEN_PATH,
		body,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

/** Turns the token endpoint's answer into a token set, or into an error that says what to do. */
export function parseTokenResponse(
	response: Pick<IN8nHttpFullResponse, 'statusCode' | 'body'>,
	grantType: Grant['grant_type'],
	now = Date.now(),
): TokenSet {
	const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as TokenResponseBody;
	if (response.statusCode >= 200 && response.statusCode < 300 && typeof body.access_token === 'string') {
		if (grantType !== 'client_credentials' && typeof body.refresh_token !== 'string') {
			throw new InstamojoTokenError(
				'Instamojo returned an access token without a refresh token, so it could not be renewed later. Try again; if it persists, contact Instamojo support.',
				'missing_refresh_token',
				response.statusCode,
			);
		}
		const expiresIn = Number(body.expires_in ?? 36000);
		return {
			accessToken: body.access_token,
			refreshToken: body.refresh_token ?? '',
			expiresIn,
			expiresAt: new Date(now + expiresIn * 1000).toISOString(),
		};
	}
	throw tokenError(response.statusCode, body, grantType);
}

function tokenError(statusCode: number, body: TokenResponseBody, grantType: Grant['grant_type']): InstamojoTokenError {
	const code = body.error ?? `http_${statusCode}`;
	if (code === 'invalid_client' || statusCode === 401) {
		return new InstamojoTokenError(
			'Instamojo rejected the Client ID or Client Secret (invalid_client). Check both in the Instamojo credential, and that the Environment matches them: Instamojo issues separate Marketplace credentials for production and for the sandbox.',
			'invalid_client',
			statusCode,
		);
	}
	if (code === 'invalid_grant' && grantType === 'password') {
		return new InstamojoTokenError(
			"Instamojo rejected the seller's username or password (invalid_grant). Use the username returned at signup (not the email address) and the seller's current password.",
			'invalid_grant',
			statusCode,
		);
	}
	if (code === 'invalid_grant' && grantType === 'refresh_token') {
		return new InstamojoTokenError(
			'The refresh token was already used or has expired (invalid_grant). Instamojo refresh tokens work once. Re-authenticate as the user: enter the password again (Authentication: User), or paste a new refresh token.',
			'invalid_grant',
			statusCode,
		);
	}
	if (code === 'invalid_grant') {
		return new InstamojoTokenError(
			'Instamojo refused to issue an application token (invalid_grant). Check that these are Marketplace credentials.',
			'invalid_grant',
			statusCode,
		);
	}
	return new InstamojoTokenError(
		`Instamojo's token endpoint answered HTTP ${statusCode}${body.error ? ` (${body.error})` : ''}. Try again in a moment; if it persists, check Instamojo's status.`,
		code,
		statusCode,
	);
}

/** Describes a failure to reach the token endpoint without echoing the request (which holds secrets). */
export function unreachableTokenEndpoint(baseUrl: string, error: unknown): InstamojoTokenError {
	const reason = networkReason(error);
	return new InstamojoTokenError(
		`Could not reach Instamojo's token endpoint at ${baseUrl}${TOKEN_PATH} (${reason}). Check the Environment or Base URL of the credential and the network.`,
		'unreachable',
	);
}

/**
 * How long a renewal is remembered: as long as the request timeout, so a request sent just before the
 * token rotated still finds it, and short, since a late writer could store an older pair over a newer
 * one saved by another process.
 */
export const RENEWAL_MEMORY_MS = 30_000;
/** A bound on following renewals of renewals, in case a chain is ever circular. */
const MAX_SUCCESSORS = 20;

interface Renewal {
	tokens: Promise<TokenSet>;
	startedAt: number;
}

/** What a renewal gave this caller, and whether another caller made it. */
export interface RenewalOutcome {
	tokens: TokenSet;
	joined: boolean;
}

/**
 * Refresh-token renewals made in this n8n process. Instamojo refresh tokens work once, and n8n runs a
 * credential's `preAuthentication` without a lock: executions that see the access token expire at the
 * same moment would each spend the same refresh token, and all but the first would fail with
 * invalid_grant. Here the first renews and the others wait for its result. A process cannot see
 * renewals made by other processes (queue-mode workers, `n8n execute`); those still race.
 * Entries are keyed by a hash (no token is kept as a key) and forgotten after `memoryMs`.
 */
export class RenewalRegistry {
	private readonly renewals = new Map<string, Renewal>();

	constructor(
		private readonly memoryMs = RENEWAL_MEMORY_MS,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * The tokens this refresh token was (or is being) exchanged for in this process, followed to their
	 * newest known successor; otherwise the result of `exchange`, remembered for the next caller.
	 * `scope` keeps tokens of different token endpoints and clients apart.
	 */
	async renew(scope: string, refreshToken: string, exchange: () => Promise<TokenSet>): Promise<RenewalOutcome> {
		this.forgetOld();
		const key = renewalKey(scope, refreshToken);
		const known = this.renewals.get(key);
		if (known) return { tokens: await this.newest(scope, await known.tokens), joined: true };

		const tokens = exchange();
		const renewal = { tokens, startedAt: this.now() };
		this.renewals.set(key, renewal);
		// A failed renewal is not remembered: the next caller tries again (and learns the cause itself).
		tokens.catch(() => {
			if (this.renewals.get(key) === renewal) this.renewals.delete(key);
		});
		return { tokens: await tokens, joined: false };
	}

	/** How many renewals are remembered (for tests). */
	get size(): number {
		return this.renewals.size;
	}

	private async newest(scope: string, tokens: TokenSet): Promise<TokenSet> {
		let current = tokens;
		for (let hop = 0; hop < MAX_SUCCESSORS; hop++) {
			const successor = this.renewals.get(renewalKey(scope, current.refreshToken));
			if (!successor) return current;
			try {
				current = await successor.tokens;
			} catch {
				return current;
			}
		}
		return current;
	}

	private forgetOld(): void {
		const cutoff = this.now() - this.memoryMs;
		for (const [key, renewal] of this.renewals) {
			if (renewal.startedAt < cutoff) this.renewals.delete(key);
		}
	}
}

function renewalKey(scope: string, refreshToken: string): string {
	return createHash('sha256').update(`${scope}\n${refreshToken}`).digest('hex');
}
