/**
 * A faithful, small stand-in for the parts of n8n core that our code talks to in unit tests:
 * `helpers.httpRequest` (over the real network, to the local sandbox) and the credential path of
 * `helpers.httpRequestWithAuthentication` (preAuthentication when the expirable token is empty or
 * after a 401, persistence of the returned keys, `authenticate`, one resend). It follows
 * n8n-core 2.41.1 `request-helpers/authentication.ts`, `credentials-helper.ts` and, for redirects,
 * `request-helper-functions.ts` (`convertN8nRequestToAxios`: `disableFollowRedirect` sets axios'
 * `maxRedirects` to 0; `beforeRedirect` re-adds Authorization); the real-n8n suite in test/e2e proves
 * the same flows end to end.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';

export interface HttpError extends Error {
	code?: string;
	response?: { status: number; data: unknown; headers: Record<string, string> };
}

function buildUrl(options: IHttpRequestOptions): string {
	const url = new URL(
		options.url,
		options.baseURL ? `${options.baseURL.replace(/\/+$/, '')}/` : undefined,
	);
	if (options.url.startsWith('/') && options.baseURL) {
		const base = new URL(options.baseURL);
		url.pathname = base.pathname.replace(/\/+$/, '') + options.url.split('?')[0];
	}
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
	}
	return url.toString();
}

function encodeBody(options: IHttpRequestOptions): { body?: string; contentType?: string } {
	const body = options.body;
	if (body === undefined || body === null) return {};
	if (body instanceof URLSearchParams) {
		return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
	}
	if (typeof body === 'string') return { body };
	return { body: JSON.stringify(body), contentType: 'application/json' };
}

function ignoresStatus(options: IHttpRequestOptions, status: number): boolean {
	const ignore = options.ignoreHttpStatusErrors;
	if (typeof ignore === 'object' && ignore !== null)
		return ignore.ignore && !ignore.except.includes(status);
	return ignore === true;
}

/** axios (under n8n) accepts only a 2xx unless told to ignore the status; a 30x it did not follow included. */
function accepts(options: IHttpRequestOptions, status: number): boolean {
	return (status >= 200 && status < 300) || ignoresStatus(options, status);
}

/** follow-redirects' default, which n8n keeps. */
const MAX_REDIRECTS = 21;

interface Hop {
	url: string;
	method: string;
	headers: Record<string, string>;
	body?: string;
}

/**
 * The next request of a redirect as n8n 2.41 makes it: follow-redirects turns a 301/302 POST and any 303
 * into a GET without a body and keeps method and body for 307/308; n8n's `beforeRedirect` then puts the
 * original Authorization header back on every hop (`sendCredentialsOnCrossOriginRedirect` defaults to
 * true), to whatever host.
 */
function nextHop(hop: Hop, status: number, location: string, authorization: string | undefined): Hop {
	const keepsMethod = status === 307 || status === 308 || (status !== 303 && hop.method !== 'POST');
	const headers = { ...hop.headers };
	const target = new URL(location, hop.url);
	// fetch refuses URLs with userinfo; the hop still goes to the same host.
	target.username = '';
	target.password = '';
	const next: Hop = { url: target.toString(), method: keepsMethod ? hop.method : 'GET', headers };
	if (keepsMethod) next.body = hop.body;
	else {
		delete headers['content-type'];
		delete headers['content-length'];
	}
	if (authorization !== undefined) headers.authorization = authorization;
	return next;
}

/** n8n's `helpers.httpRequest`, for the option subset our code uses. */
export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const { body, contentType } = encodeBody(options);
	const headers: Record<string, string> = {};
	if (contentType) headers['content-type'] = contentType;
	for (const [key, value] of Object.entries(options.headers ?? {}))
		headers[key.toLowerCase()] = String(value);
	const authorization = headers.authorization;
	let hop: Hop = { url: buildUrl(options), method: options.method ?? 'GET', headers, body };
	let response: Response;
	for (let redirects = 0; ; redirects++) {
		try {
			response = await fetch(hop.url, { method: hop.method, headers: hop.headers, body: hop.body, redirect: 'manual' });
		} catch (cause) {
			const error: HttpError = new Error('socket hang up');
			error.code = ((cause as { cause?: { code?: string } }).cause?.code as string) ?? 'ECONNRESET';
			throw error;
		}
		const location = response.headers.get('location');
		const follow = options.disableFollowRedirect !== true && response.status >= 300 && response.status < 400 && location;
		if (!follow || redirects >= (options.maxRedirects ?? MAX_REDIRECTS)) break;
		await response.arrayBuffer();
		hop = nextHop(hop, response.status, location, authorization);
	}
	const text = await response.text();
	let data: unknown = text;
	try {
		data = text ? JSON.parse(text) : '';
	} catch {
		// Not JSON: keep the text, as n8n does.
	}
	const responseHeaders = Object.fromEntries(response.headers.entries());
	if (!accepts(options, response.status)) {
		const error: HttpError = new Error(`Request failed with status code ${response.status}`);
		error.response = { status: response.status, data, headers: responseHeaders };
		throw error;
	}
	if (options.returnFullResponse) {
		const full: IN8nHttpFullResponse = {
			statusCode: response.status,
			headers: responseHeaders,
			body: data as IN8nHttpFullResponse['body'],
		};
		return full;
	}
	return data;
}

/** What n8n keeps in its database for one credential, plus a count of token-hook runs. */
export class StoredCredential {
	preAuthRuns = 0;

	constructor(public data: ICredentialDataDecryptedObject) {}

	/** Each `getCredentials` reads the database again: a fresh copy. */
	read(): ICredentialDataDecryptedObject {
		return { ...this.data };
	}
}

function expirableKey(type: ICredentialType): string {
	const property = type.properties.find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
	);
	if (!property) throw new Error(`${type.name} has no expirable property`);
	return property.name;
}

/** n8n's `CredentialsHelper.preAuthentication`: run when the token is empty or expired, persist the output. */
export async function runPreAuthentication(
	type: ICredentialType,
	stored: StoredCredential,
	credentials: ICredentialDataDecryptedObject,
	expired: boolean,
): Promise<IDataObject | undefined> {
	const key = expirableKey(type);
	if (
		!type.preAuthentication ||
		(credentials[key] !== '' && credentials[key] !== undefined && !expired)
	) {
		return undefined;
	}
	stored.preAuthRuns++;
	const output = await type.preAuthentication.call(
		{ helpers: { httpRequest } } as never,
		credentials,
	);
	if (output[key] === undefined) return undefined;
	const current = stored.read();
	for (const [name, value] of Object.entries(output)) {
		const isExpression =
			typeof current[name] === 'string' && (current[name] as string).startsWith('=');
		if (!isExpression || name === key) current[name] = value as never;
	}
	stored.data = current;
	return output;
}

async function applyAuthentication(
	type: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (typeof type.authenticate !== 'function') throw new Error('expected a function authenticate');
	return await type.authenticate(credentials, options);
}

/** The node n8n names in the errors it wraps. */
export const TEST_NODE: INode = {
	id: 'instamojo-node',
	name: 'Instamojo',
	type: 'n8n-nodes-instamojo.instamojo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * n8n's `helpers.httpRequestWithAuthentication` for a credential with `preAuthentication`: every
 * failure, including one thrown by the token hook itself, leaves it wrapped in a NodeApiError.
 */
export async function httpRequestWithAuthentication(
	type: ICredentialType,
	stored: StoredCredential,
	options: IHttpRequestOptions,
	retryStatusCodes: number[] = [401],
	decrypted?: ICredentialDataDecryptedObject,
): Promise<unknown> {
	// `additionalCredentialOptions.credentialsDecrypted` is used as given (n8n writes tokens into it).
	const credentials = decrypted ?? stored.read();
	try {
		const first = await runPreAuthentication(type, stored, credentials, false);
		if (first) Object.assign(credentials, first);
		return await httpRequest(await applyAuthentication(type, credentials, options));
	} catch (error) {
		const status = (error as HttpError).response?.status;
		if (status === undefined || !retryStatusCodes.includes(status)) {
			throw new NodeApiError(TEST_NODE, error as JsonObject);
		}
		try {
			const renewed = await runPreAuthentication(type, stored, credentials, true);
			if (renewed) Object.assign(credentials, renewed);
			return await httpRequest(await applyAuthentication(type, credentials, options));
		} catch (retryError) {
			throw new NodeApiError(TEST_NODE, retryError as JsonObject);
		}
	}
}

/** Each property's default, which n8n gives a parameter the node's settings leave unset. */
export function parameterDefaults(description: INodeTypeDescription): Record<string, unknown> {
	return Object.fromEntries(description.properties.map((property) => [property.name, property.default]));
}

const instamojoApi = new InstamojoApi();

/**
 * `helpers.httpRequestWithAuthentication` as a node's context offers it, for requests with the
 * `instamojoApi` credential stored in `credential`: n8n's retry status codes (401 unless
 * `preAuthenticationRetryStatusCode` says otherwise) and `credentialsDecrypted` used as given.
 * `onRequest` sees each call first.
 */
export function authenticatedRequest(
	credential: StoredCredential,
	onRequest?: (credentialType: string, options: IHttpRequestOptions) => void,
) {
	return async (
		credentialType: string,
		options: IHttpRequestOptions,
		additional?: {
			preAuthenticationRetryStatusCode?: number | number[];
			credentialsDecrypted?: { data?: ICredentialDataDecryptedObject };
		},
	): Promise<unknown> => {
		onRequest?.(credentialType, options);
		const codes = additional?.preAuthenticationRetryStatusCode ?? 401;
		return await httpRequestWithAuthentication(
			instamojoApi,
			credential,
			options,
			Array.isArray(codes) ? codes : [codes],
			additional?.credentialsDecrypted?.data,
		);
	};
}
