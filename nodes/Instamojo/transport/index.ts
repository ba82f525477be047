import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { resolveBaseUrl } from '../../../credentials/common/environment';
import { networkCode } from '../../../credentials/common/network';
import { apiError, networkError, type RequestPurpose, type RetryPolicy } from './errors';
import {
	findTokenError,
	type Grant,
	grantSecrets,
	InstamojoTokenError,
	REDIRECTED,
	requestGrant,
	STALE_REFRESH_TOKEN,
	type TokenSet,
	UNAVAILABLE,
} from '../../../credentials/common/oauth';
import {
	isRedirect,
	NO_REDIRECTS,
	REDIRECT_HINT,
	redirectMessage,
	RedirectRefusedError,
	requestUrlOf,
} from '../../../credentials/common/redirects';
import { Secrets } from '../../../credentials/common/secrets';

export const CREDENTIAL_TYPE = 'instamojoApi';

/**
 * n8n's authenticated request with the given decrypted credential (n8n writes a token it fetches into
 * `data`, so later requests carry it). With `renew`, the token is renewed and stored first: n8n runs the
 * credential's preAuthentication whenever the expirable `accessToken` is empty, in every n8n version.
 * Not by letting a 401 throw (`ignoreHttpStatusErrors: { ignore: true, except: [401] }`): n8n 1.x reads
 * that object as `true`, hands the 401 back and never renews.
 * Redirects are refused (a RedirectRefusedError), and no answer or error carries a secret of the
 * credential or of `secrets`: the trigger's payment fetch gets the same guarantees as the action node.
 */
export async function requestWithCredential(
	fns: IExecuteFunctions | IWebhookFunctions | IPollFunctions,
	options: IHttpRequestOptions,
	data: ICredentialDataDecryptedObject,
	renew: boolean,
	secrets = new Secrets(),
): Promise<IN8nHttpFullResponse> {
	if (renew) data.accessToken = '';
	const reference = fns.getNode().credentials?.[CREDENTIAL_TYPE];
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data,
	};
	secrets.addCredential(data);
	let response: IN8nHttpFullResponse;
	try {
		response = (await fns.helpers.httpRequestWithAuthentication.call(
			fns,
			CREDENTIAL_TYPE,
			{ ...options, ...NO_REDIRECTS },
			{ credentialsDecrypted },
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw secrets.addCredential(data).redactError(error);
	}
	// A renewal wrote new tokens into `data`.
	secrets.addCredential(data);
	return screened(response, requestUrlOf(options.url, options.baseURL ?? resolveBaseUrl(data)), secrets);
}

/** Refuses a 30x; hands back any other answer, with the body of a failure redacted for quoting. */
function screened(response: IN8nHttpFullResponse, requestUrl: string | undefined, secrets: Secrets): IN8nHttpFullResponse {
	if (isRedirect(response.statusCode)) {
		throw new RedirectRefusedError(secrets.redact(redirectMessage(response, requestUrl)), response.statusCode);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return response;
	return { ...response, body: secrets.redactValue(response.body) };
}

/** Instamojo documents no maximum page size; the sandbox caps at 100 (sandbox/decisions.cts). */
export const MAX_PAGE_SIZE = 100;

export type { RetryPolicy, TokenSet };
export { describeErrorBody } from './errors';

export interface ApiRequest extends RequestPurpose {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/v2/payment_requests/` */
	path: string;
	/** Sent form-encoded, as Instamojo documents every body (docs/instamojo-api.md §3). */
	body?: IDataObject;
	qs?: IDataObject;
}

/** A final answer, and whether an attempt before it may have been applied although unanswered. */
export type FinalResponse = IN8nHttpFullResponse & { earlierAttemptMayHaveApplied: boolean };

/** How `requestAll` reads a list: what it keeps, how each kept object is output, when it stops. */
export interface ListReading {
	/** Stop at this many kept objects; every one when undefined. */
	limit?: number;
	/** The node's own check of each object (the filters it enforces); only kept objects count toward `limit`. */
	keep?: (object: IDataObject) => boolean;
	shape?: (object: IDataObject) => IDataObject;
	/** Whether no page after this one can hold an object to keep, e.g. a newest-first list past its time bound. */
	endsWith?: (page: IDataObject[]) => boolean;
}

/** Whose token a request carries. */
export type RequestAuth = { kind: 'credential' } | { kind: 'bearer'; accessToken: string };

export const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 1000;
/** A Retry-After longer than this is not waited out inside an execution; the error says so. */
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * The wait before sending once more a request whose renewal found the stored refresh token already used:
 * another n8n process (a queue-mode worker) renewed it at the same moment, and by then has saved the
 * tokens it got, which the resend reads (docs/reliability.md).
 */
const STALE_TOKEN_RESEND_MS = 1000;
const TIMEOUT_MS = 30_000;

type Outcome =
	| { type: 'response'; response: IN8nHttpFullResponse }
	| { type: 'network'; error: Error }
	/** A 30x, not followed: nothing was sent to its target, and sending again would only meet it again. */
	| { type: 'redirect'; error: RedirectRefusedError }
	/** The credential could not get a token: retrying cannot help. */
	| { type: 'credential'; error: InstamojoTokenError };

/**
 * Every HTTP call of the action node: one instance per execution, so the base URL is read from the
 * credential once, not per item.
 */
export class InstamojoClient {
	private cachedBaseUrl?: string;

	/**
	 * The credential, decrypted once per execution and handed to n8n with every request: without it n8n
	 * reads and decrypts the stored credential for each request. n8n writes a token it fetches or renews
	 * into this same object, so later requests carry the new token.
	 */
	private credential?: Promise<ICredentialDataDecryptedObject>;

	/** Set while one request fetches or renews the credential's token; every other credential request waits for it. */
	private tokenWork?: Promise<void>;

	/** After a 429 no request of this execution is sent before this time (ms since epoch). */
	private pausedUntil = 0;

	/** Seller refresh tokens exchanged in this execution: a token works once, so each is spent once. */
	private readonly sellerExchanges = new Map<string, Promise<TokenSet>>();

	/** Every secret this execution has held, kept out of every message it produces. */
	private readonly secrets = new Secrets();

	constructor(private readonly fns: IExecuteFunctions | IPollFunctions) {}

	/** Rotated seller tokens per item, so a failure later in the item can still hand them back. */
	private readonly rotatedByItem = new Map<number, TokenSet>();

	/** Fresh tokens for a seller's refresh token; items sharing the token share one exchange. */
	async sellerTokens(refreshToken: string, itemIndex: number): Promise<TokenSet> {
		let exchange = this.sellerExchanges.get(refreshToken);
		if (!exchange) {
			exchange = this.exchangeToken({ grant_type: 'refresh_token', refresh_token: refreshToken }, itemIndex);
			this.sellerExchanges.set(refreshToken, exchange);
		}
		const tokens = await exchange.catch((error: unknown) => {
			throw this.sellerRefreshFailure(error as NodeOperationError, itemIndex);
		});
		this.rotatedByItem.set(itemIndex, tokens);
		return tokens;
	}

	/** The seller tokens this item's refresh token was exchanged for, if it was. */
	rotatedTokens(itemIndex: number): TokenSet | undefined {
		return this.rotatedByItem.get(itemIndex);
	}

	/** The credential's auth flow: `application` means its token acts in the application owner's own account. */
	async credentialFlow(): Promise<string> {
		return String((await this.credentialData()).authentication ?? 'application');
	}

	/** One request with retries per its policy; resolves to the parsed body of a 2xx answer. */
	async request<T = IDataObject>(request: ApiRequest, itemIndex: number, auth: RequestAuth): Promise<T> {
		const { response, attempts } = await this.send(request, itemIndex, auth);
		if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
		throw this.secrets.redactError(apiError(this.fns.getNode(), response, request, itemIndex, attempts));
	}

	/**
	 * The final answer whatever its status, for operations that treat some refusals as outcomes
	 * (a payment already released). Throws only when no answer came.
	 */
	async requestResponse(request: ApiRequest, itemIndex: number, auth: RequestAuth): Promise<FinalResponse> {
		const { response, earlierAttemptMayHaveApplied } = await this.send(request, itemIndex, auth);
		return { ...response, earlierAttemptMayHaveApplied };
	}

	/** Turns a non-2xx answer into the same error `request` throws. */
	failure(request: ApiRequest, response: IN8nHttpFullResponse, itemIndex: number): NodeApiError {
		return this.secrets.redactError(apiError(this.fns.getNode(), response, request, itemIndex));
	}

	private async send(
		request: ApiRequest,
		itemIndex: number,
		auth: RequestAuth,
	): Promise<{ response: IN8nHttpFullResponse; attempts: number; earlierAttemptMayHaveApplied: boolean }> {
		let earlierAttemptMayHaveApplied = false;
		for (let attempt = 1; ; attempt++) {
			await this.waitForPause();
			const outcome = await this.attempt(request, auth);
			const delay = this.retryDelay(outcome, request.retry, attempt);
			if (delay !== undefined) {
				earlierAttemptMayHaveApplied ||= answerWasLost(outcome);
				if (isThrottled(outcome)) this.pause(delay);
				else await sleep(delay);
				continue;
			}
			if (outcome.type === 'response') {
				return { response: outcome.response, attempts: attempt, earlierAttemptMayHaveApplied };
			}
			if (outcome.type === 'credential') throw this.credentialFailure(outcome.error, itemIndex);
			if (outcome.type === 'redirect') throw this.redirectFailure(outcome.error, itemIndex);
			const mayHaveApplied = request.retry === 'once' && !isConnectFailure(outcome.error);
			throw this.secrets.redactError(networkError(this.fns.getNode(), outcome.error, request, itemIndex, mayHaveApplied, attempt));
		}
	}

	/**
	 * Every page of a list, at the largest page size, stopping exactly at `limit` kept objects when one is
	 * given. Each object goes through `keep` (the filters the node enforces) and then `shape` as its page
	 * arrives, so a long list never holds Instamojo's full objects and the output at once. For long lists the
	 * next page is already asked for while one is awaited: n8n's handling of one page then overlaps
	 * Instamojo's work on the next.
	 */
	async requestAll(
		request: ApiRequest,
		listKey: string,
		itemIndex: number,
		auth: RequestAuth,
		{ limit, keep, shape = (object) => object, endsWith }: ListReading = {},
	): Promise<IDataObject[]> {
		// Objects the node drops do not count, so with a filter a Limit bounds neither the page size nor the pages.
		const pageLimit = keep === undefined ? limit : undefined;
		const pageSize = pageLimit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, pageLimit);
		const fetchPage = (page: number): Promise<IDataObject> => {
			const pending = this.request<IDataObject>({ ...request, qs: { ...request.qs, page, limit: pageSize } }, itemIndex, auth);
			// Handled when awaited; a page read ahead of a list that ended sooner is dropped unread.
			pending.catch(() => undefined);
			return pending;
		};
		const results: IDataObject[] = [];
		const full = () => limit !== undefined && results.length >= limit;
		let current = fetchPage(1);
		let following: Promise<IDataObject> | undefined;
		let readAheadUntil: number | undefined;
		for (let page = 1; ; page++) {
			const body = await current;
			if (page === 1) readAheadUntil = readAheadLastPage(body.count, pageSize, pageLimit);
			const items = (body[listKey] as IDataObject[] | undefined) ?? [];
			for (const object of items) {
				if (full()) break;
				if (keep === undefined || keep(object)) results.push(shape(object));
			}
			const more = Boolean(body.next) && items.length > 0 && !full() && !endsWith?.(items);
			if (!more) return results;
			current = following ?? fetchPage(page + 1);
			following = readAheadUntil !== undefined && page + 2 <= readAheadUntil ? fetchPage(page + 2) : undefined;
		}
	}

	/**
	 * A grant at the token endpoint (for a seller, or the application token a node outputs), with the
	 * client ID and secret of the execution's decrypted credential and a plain request: going through the
	 * credential would make n8n run its own token flow first, spending a stored refresh token or failing
	 * on a password already used. The secret goes only to the token endpoint and into no output or error.
	 */
	async exchangeToken(grant: Grant, itemIndex: number): Promise<TokenSet> {
		this.secrets.add(...grantSecrets(grant));
		try {
			const tokens = await requestGrant(
				async (options) => await this.fns.helpers.httpRequest(options),
				await this.credentialData(),
				grant,
				this.secrets,
			);
			this.secrets.add(tokens.accessToken, tokens.refreshToken);
			return tokens;
		} catch (error) {
			throw this.grantFailure(error as Error, itemIndex);
		}
	}

	/** A failed grant in words that fit its cause; the OAuth2 code stays in `context.tokenError`. */
	private grantFailure(error: Error, itemIndex: number): NodeOperationError {
		if (!(error instanceof InstamojoTokenError)) {
			return this.secrets.redactError(new NodeOperationError(this.fns.getNode(), error, { itemIndex }));
		}
		const failure = new NodeOperationError(this.fns.getNode(), error.message, {
			itemIndex,
			description: grantHint(error),
		});
		// The OAuth2 error code, for operations that explain a refused grant in their own terms.
		failure.context.tokenError = error.oauthError;
		return failure;
	}

	private async attempt(request: ApiRequest, auth: RequestAuth): Promise<Outcome> {
		const options = this.options(request);
		try {
			const response = auth.kind === 'credential' ? await this.viaCredential(options) : await this.withBearer(options, auth.accessToken);
			return { type: 'response', response };
		} catch (error) {
			return this.outcomeOfError(error as Error);
		}
	}

	/** A request carrying a seller's token from the item, redirects refused like every other. */
	private async withBearer(options: IHttpRequestOptions, accessToken: string): Promise<IN8nHttpFullResponse> {
		this.secrets.add(accessToken);
		const baseURL = await this.baseUrl();
		const response = (await this.fns.helpers.httpRequest({
			...options,
			...NO_REDIRECTS,
			baseURL,
			headers: { ...options.headers, Authorization: `Bearer ${accessToken}` },
		})) as IN8nHttpFullResponse;
		return screened(response, requestUrlOf(options.url, baseURL), this.secrets);
	}

	private options(request: ApiRequest): IHttpRequestOptions {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.path,
			qs: request.qs,
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			// Every status comes back as a response; a 401 on the credential's token is handled in viaCredential.
			ignoreHttpStatusErrors: true,
			timeout: TIMEOUT_MS,
		};
		if (request.body !== undefined) options.body = formBody(request.body);
		return options;
	}

	/**
	 * A request carrying the credential's token. Only one request at a time may make n8n fetch a token
	 * (when none is stored) or renew it (after a 401): with several items in flight, each would otherwise
	 * call the token endpoint, and a user's refresh token, which works once, would fail for all but one.
	 * The others wait and then use the token it got.
	 */
	private async viaCredential(options: IHttpRequestOptions, refusedToken?: string): Promise<IN8nHttpFullResponse> {
		for (;;) {
			while (this.tokenWork) await this.tokenWork;
			const token = String((await this.credentialData()).accessToken ?? '');
			if (this.tokenWork) continue; // another request took the lead while the credential was read
			if (token === '' || token === refusedToken) return await this.leadTokenWork(options, refusedToken);
			const response = await this.sendAuthenticated(options, false);
			if (response.statusCode !== 401 || refusedToken !== undefined) return response;
			refusedToken = token;
		}
	}

	/**
	 * Sends one request that makes n8n fetch the token (none stored) or renew it (`refusedToken` was
	 * answered 401), while other credential requests wait. The stored credential is read again first,
	 * because another execution may have renewed, and so rotated, the token meanwhile, and once more
	 * afterwards, to pick up what n8n stored.
	 */
	private async leadTokenWork(options: IHttpRequestOptions, refusedToken?: string): Promise<IN8nHttpFullResponse> {
		let finish = (): void => {};
		this.tokenWork = new Promise<void>((resolve) => (finish = resolve));
		try {
			const stored = String((await this.reloadCredential()).accessToken ?? '');
			const renewedElsewhere = stored !== '' && stored !== refusedToken;
			return await this.sendAuthenticated(options, refusedToken !== undefined && !renewedElsewhere);
		} finally {
			// A failed read here surfaces on the next credential request, which reads again.
			await this.reloadCredential().catch(() => undefined);
			this.tokenWork = undefined;
			finish();
		}
	}

	/** n8n's authenticated request with this execution's credential; with `renew`, its token is renewed first. */
	private async sendAuthenticated(options: IHttpRequestOptions, renew: boolean): Promise<IN8nHttpFullResponse> {
		return await requestWithCredential(this.fns, options, await this.credentialData(), renew, this.secrets);
	}

	private async credentialData(): Promise<ICredentialDataDecryptedObject> {
		if (!this.credential) {
			const read = this.fns.getCredentials(CREDENTIAL_TYPE);
			read.then((data) => this.secrets.addCredential(data)).catch(() => undefined);
			this.credential = read;
			// A failed read is not kept: the next request reads again.
			read.catch(() => {
				if (this.credential === read) this.credential = undefined;
			});
		}
		return await this.credential;
	}

	private async reloadCredential(): Promise<ICredentialDataDecryptedObject> {
		this.credential = undefined;
		return await this.credentialData();
	}

	/** Holds back every request of this execution until a 429's wait is over. */
	private pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	private async waitForPause(): Promise<void> {
		for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
			await sleep(wait);
		}
	}

	/** n8n throws when the credential could get no token (its preAuthentication failed), and for network failures. */
	private outcomeOfError(error: Error): Outcome {
		if (error instanceof RedirectRefusedError) return { type: 'redirect', error };
		const tokenError = findTokenError(error);
		if (tokenError) return { type: 'credential', error: tokenError };
		const status = httpStatusOf(error);
		if (status !== undefined) {
			return { type: 'response', response: { statusCode: status, headers: {}, body: responseBodyOf(error) } };
		}
		return { type: 'network', error };
	}

	/** How long to wait before the next attempt, or undefined to stop here. */
	private retryDelay(outcome: Outcome, policy: RetryPolicy, attempt: number): number | undefined {
		// A request whose token could not be had was refused (401) or never sent, so nothing was applied and
		// even a create may be resent: once, and only when another process had just spent the refresh token.
		if (outcome.type === 'credential') {
			return attempt === 1 && outcome.error.oauthError === STALE_REFRESH_TOKEN ? STALE_TOKEN_RESEND_MS : undefined;
		}
		if (outcome.type === 'redirect' || attempt >= MAX_ATTEMPTS) return undefined;
		const backoff = BASE_DELAY_MS * 2 ** (attempt - 1);
		if (outcome.type === 'network') return policy === 'once' ? undefined : backoff;
		const { statusCode, headers } = outcome.response;
		if (statusCode === 429) {
			const retryAfter = retryAfterMs(headers?.['retry-after']);
			if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return undefined;
			return retryAfter ?? backoff;
		}
		if (statusCode >= 500 && policy !== 'once') return retryAfterMs(headers?.['retry-after']) ?? backoff;
		return undefined;
	}

	/** The credential could get no token: what to do depends on why. */
	private credentialFailure(error: InstamojoTokenError, itemIndex: number): NodeOperationError {
		return this.secrets.redactError(
			new NodeOperationError(this.fns.getNode(), error.message, {
				itemIndex,
				description: `The Instamojo credential could not get a token, so nothing was sent. ${credentialHint(error)}`,
			}),
		);
	}

	/**
	 * A seller's refresh token refused (used, revoked or expired): the advice is about that seller's stored
	 * tokens, not about the credential, whose own login played no part. A new error per item: items
	 * sharing the token share the failed exchange.
	 */
	private sellerRefreshFailure(error: NodeOperationError, itemIndex: number): NodeOperationError {
		if ((error.context as { tokenError?: unknown }).tokenError !== 'invalid_grant') return error;
		const failure = new NodeOperationError(this.fns.getNode(), SELLER_REFRESH_REFUSED, {
			itemIndex,
			description: SELLER_REFRESH_ADVICE,
		});
		failure.context.tokenError = 'invalid_grant';
		return failure;
	}

	private redirectFailure(error: RedirectRefusedError, itemIndex: number): NodeApiError {
		const message = this.secrets.redact(error.message);
		const httpCode = String(error.httpStatus);
		return new NodeApiError(this.fns.getNode(), { message, httpCode }, { message, description: REDIRECT_HINT, httpCode, itemIndex });
	}

	private async baseUrl(): Promise<string> {
		this.cachedBaseUrl ??= resolveBaseUrl(await this.credentialData());
		return this.cachedBaseUrl;
	}
}

/** What to do about a token the credential could not get, by cause. */
function credentialHint(error: InstamojoTokenError): string {
	if (error.oauthError === UNAVAILABLE) return 'Nothing is wrong with the credential: run again later.';
	if (error.oauthError === REDIRECTED) return REDIRECT_HINT;
	if (error.oauthError === STALE_REFRESH_TOKEN) return 'Run the item again; if it fails again, re-authenticate the credential as the message says.';
	return 'Fix the credential and run again.';
}

/** What to do about a grant this node sent (a seller's, or the application token it outputs), by cause. */
function grantHint(error: InstamojoTokenError): string {
	if (error.oauthError === UNAVAILABLE) return 'Instamojo could not issue tokens just now; nothing is wrong with the input or the credential. Run again later.';
	if (error.oauthError === REDIRECTED) return REDIRECT_HINT;
	return 'No secret is shown here; the request went to the token endpoint of the credential.';
}

export const SELLER_REFRESH_REFUSED =
	'Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired';

export const SELLER_REFRESH_ADVICE =
	"Each refresh token works once, and every use outputs a new one (refresh_token): pass the refresh_token stored most recently for this seller. If none works, run Token → Get Seller Tokens with the seller's password. The token is not shown here.";

/** Lists of up to this many pages are read one page at a time. */
const READ_AHEAD_MIN_PAGES = 5;

/**
 * The last page worth reading ahead to, from the `count` of the first page (docs/instamojo-api.md §3), or undefined to
 * read one page at a time: a short list, or no count to go by.
 */
function readAheadLastPage(count: unknown, pageSize: number, limit: number | undefined): number | undefined {
	if (typeof count !== 'number' || !Number.isFinite(count)) return undefined;
	const wanted = limit === undefined ? count : Math.min(count, limit);
	const pages = Math.ceil(wanted / pageSize);
	return pages > READ_AHEAD_MIN_PAGES ? pages : undefined;
}

/** Instamojo documents form bodies; booleans as true/false, empty values left out. */
export function formBody(fields: IDataObject): URLSearchParams {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		body.set(key, String(value));
	}
	return body;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A 429: Instamojo throttles the account, not one request, so its wait applies to every request. */
function isThrottled(outcome: Outcome): boolean {
	return outcome.type === 'response' && outcome.response.statusCode === 429;
}

/** Whether Instamojo may have acted on an attempt whose answer was lost (a 5xx or a dropped connection). */
function answerWasLost(outcome: Outcome): boolean {
	if (outcome.type === 'network') return !isConnectFailure(outcome.error);
	return outcome.type === 'response' && outcome.response.statusCode >= 500;
}

/** A refused connection never reached Instamojo, so even a create can be reported as not applied. */
function isConnectFailure(error: Error): boolean {
	const code = networkCode(error);
	return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

function httpStatusOf(error: Error): number | undefined {
	const candidates = [
		(error as NodeApiError).httpCode,
		(error as { response?: { status?: number } }).response?.status,
		(error as { cause?: { response?: { status?: number } } }).cause?.response?.status,
	];
	const status = candidates.map(Number).find((value) => Number.isInteger(value) && value >= 100);
	return status;
}

function responseBodyOf(error: Error): IDataObject {
	type WithResponse = { response?: { data?: unknown } };
	const response = (error as WithResponse).response ?? ((error as { cause?: WithResponse }).cause)?.response;
	const data = response?.data;
	return typeof data === 'object' && data !== null ? (data as IDataObject) : {};
}
