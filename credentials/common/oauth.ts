import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { resolveBaseUrl } from './environment';
import { networkReason } from './network';
import { isRedirect, NO_REDIRECTS, REDIRECT_HINT, redirectMessage } from './redirects';
import { displayUrl, Secrets } from './secrets';

/** Instamojo's token endpoint sits at the host root, not under /v2/ (docs/instamojo-api.md §2). */
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
	return tokenErrorInCauses(error) ?? thrownTokenErrors.get(String((error as Error | undefined)?.message))?.error;
}

function tokenErrorInCauses(error: unknown): InstamojoTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof InstamojoTokenError || (current as Error).name === 'InstamojoTokenError') {
			return current as InstamojoTokenError;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Token errors the credential's preAuthentication threw in the last minute, by message. n8n 1.x wraps
 * what preAuthentication throws in a NodeApiError that keeps the message but loses the cause (its error
 * base class redeclares `cause`), so without this a wrong password or a refused redirect there would
 * read as "no response" and be retried. A message never carries a secret (InstamojoTokenError).
 */
const thrownTokenErrors = new Map<string, { error: InstamojoTokenError; at: number }>();
const THROWN_TOKEN_ERROR_MS = 60_000;

/** Keeps the token error in `error` findable by its message (see thrownTokenErrors); returns `error`. */
export function rememberTokenError(error: unknown): unknown {
	const tokenError = tokenErrorInCauses(error);
	if (!tokenError) return error;
	const now = Date.now();
	for (const [message, { at }] of thrownTokenErrors) {
		if (now - at > THROWN_TOKEN_ERROR_MS) thrownTokenErrors.delete(message);
	}
	thrownTokenErrors.set(tokenError.message, { error: tokenError, at: now });
	return error;
}

/** The form body of a grant, with the application's client credentials and the Scope, when one is set. */
export function grantBody(grant: Grant, clientId: string, clientSecret: string, scope = ''): URLSearchParams {
	const body = new URLSearchParams(grant as unknown as Record<string, string>);
	body.set('client_id', clientId);
	body.set('client_secret', clientSecret);
	if (scope.trim() !== '') body.set('scope', scope.trim().replace(/\s+/g, ' '));
	return body;
}

/** The secret values a grant carries: a password or a refresh token. */
export function grantSecrets(grant: Grant): string[] {
	if (grant.grant_type === 'password') return [grant.password];
	if (grant.grant_type === 'refresh_token') return [grant.refresh_token];
	return [];
}

const TOKEN_TIMEOUT_MS = 30_000;

export function tokenRequestOptions(baseUrl: string, body: URLSearchParams): IHttpRequestOptions {
	return {
		method: 'POST',
		url: baseUrl + TOKEN_PATH,
		body,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: TOKEN_TIMEOUT_MS,
		...NO_REDIRECTS,
	};
}

/** n8n's plain `helpers.httpRequest`, which adds no credential of its own. */
export type PlainHttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * One grant at the credential's token endpoint, sent with the client ID and secret of the decrypted
 * credential through a plain request: for the credential's own flow (preAuthentication) and for the
 * grants a node makes for sellers, which must never run the credential's flow first. Every error is
 * an InstamojoTokenError with each secret of the credential and the grant redacted.
 */
export async function requestGrant(
	httpRequest: PlainHttpRequest,
	credentials: ICredentialDataDecryptedObject,
	grant: Grant,
	secrets = new Secrets(),
): Promise<TokenSet> {
	secrets.addCredential(credentials).add(...grantSecrets(grant));
	try {
		const baseUrl = resolveBaseUrl(credentials);
		const clientId = String(credentials.clientId ?? '').trim();
		const clientSecret = String(credentials.clientSecret ?? '').trim();
		if (!baseUrl || !clientId || !clientSecret) {
			throw new InstamojoTokenError(
				`The Instamojo credential is missing its ${!baseUrl ? 'Base URL' : !clientId ? 'Client ID' : 'Client Secret'}.`,
				'missing_input',
			);
		}
		const body = grantBody(grant, clientId, clientSecret, String(credentials.scope ?? ''));
		const options = tokenRequestOptions(baseUrl, body);
		let response: IN8nHttpFullResponse;
		try {
			response = (await httpRequest(options)) as IN8nHttpFullResponse;
		} catch (error) {
			throw unreachableTokenEndpoint(baseUrl, error);
		}
		return parseTokenResponse(response, grant.grant_type, options.url);
	} catch (error) {
		throw secrets.redactError(error);
	}
}

/** Turns the token endpoint's answer into a token set, or into an error that says what to do. */
export function parseTokenResponse(
	response: Pick<IN8nHttpFullResponse, 'statusCode' | 'body' | 'headers'>,
	grantType: Grant['grant_type'],
	tokenUrl?: string,
	now = Date.now(),
): TokenSet {
	// Whatever a redirect's body holds, it is not a token from this endpoint.
	if (isRedirect(response.statusCode)) {
		const refused = redirectMessage(response, tokenUrl, "Instamojo's token endpoint");
		throw new InstamojoTokenError(`${refused}, and no token was accepted. ${REDIRECT_HINT}`, REDIRECTED, response.statusCode);
	}
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
	const code = isOAuthCode(body.error) ? body.error : `http_${statusCode}`;
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
	if (isUnavailableStatus(statusCode)) {
		return new InstamojoTokenError(
			`Instamojo's token endpoint is unavailable (HTTP ${statusCode}). This is on Instamojo's side, not the credential's: try again later.`,
			UNAVAILABLE,
			statusCode,
		);
	}
	return new InstamojoTokenError(
		`Instamojo's token endpoint answered HTTP ${statusCode}${oauthCode(body.error)}. Check the credential's Environment and Base URL; if they are right, contact Instamojo support.`,
		code,
		statusCode,
	);
}

/** An OAuth2 error code is quoted only when it looks like one: a server that echoes the request must not fill messages. */
function isOAuthCode(error: unknown): error is string {
	return typeof error === 'string' && /^[a-z][a-z0-9_.-]{0,63}$/i.test(error);
}

function oauthCode(error: unknown): string {
	return isOAuthCode(error) ? ` (${error})` : '';
}

/** `oauthError` of an answer that was a redirect (never followed). */
export const REDIRECTED = 'redirected';
/** `oauthError` when the token endpoint is down, overloaded or unreachable: nothing about the credential is wrong. */
export const UNAVAILABLE = 'unavailable';

function isUnavailableStatus(statusCode: number): boolean {
	return statusCode >= 500 || statusCode === 429;
}

/** Describes a failure to reach the token endpoint without echoing the request (which holds secrets). */
export function unreachableTokenEndpoint(baseUrl: string, error: unknown): InstamojoTokenError {
	const reason = networkReason(error);
	return new InstamojoTokenError(
		`Could not reach Instamojo's token endpoint at ${displayUrl(baseUrl + TOKEN_PATH)} (${reason}). Instamojo or the network may be down: try again later; if it persists, check the Environment or Base URL of the credential.`,
		UNAVAILABLE,
	);
}
