import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { networkCode } from '../../../credentials/common/network';
import { type InstamojoTokenError, STALE_REFRESH_TOKEN } from '../../../credentials/common/oauth';
import type { RedirectRefusedError } from '../../../credentials/common/redirects';

/**
 * When a request may be sent again after a 429, a 5xx or a dropped connection:
 * - `read`: always (GETs change nothing);
 * - `idempotent`: always, because the write carries a key that makes a repeat harmless
 *   (refund `transaction_id`) or the repeat is answered as such (release);
 * - `once`: only after 429, which guarantees the request was not processed. A create that may have
 *   been applied is never resent blindly.
 */
export type RetryPolicy = 'read' | 'idempotent' | 'once';

const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 1000;
/** A Retry-After longer than this is not waited out inside an execution; the error says so. */
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * The wait before sending once more a request whose renewal found the stored refresh token already used:
 * another n8n process (a queue-mode worker) renewed it at the same moment, and by then has saved the
 * tokens it got, which the resend reads (docs/reliability.md).
 */
const STALE_TOKEN_RESEND_MS = 1000;

/** How one attempt ended. */
export type Outcome =
	| { type: 'response'; response: IN8nHttpFullResponse }
	| { type: 'network'; error: Error }
	/** A 30x, not followed: nothing was sent to its target, and sending again would only meet it again. */
	| { type: 'redirect'; error: RedirectRefusedError }
	/** The credential could not get a token: retrying cannot help. */
	| { type: 'credential'; error: InstamojoTokenError };

/** How long to wait before the next attempt, or undefined to stop here. */
export function retryDelay(outcome: Outcome, policy: RetryPolicy, attempt: number): number | undefined {
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

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A 429: Instamojo throttles the account, not one request, so its wait applies to every request. */
export function isThrottled(outcome: Outcome): boolean {
	return outcome.type === 'response' && outcome.response.statusCode === 429;
}

/** Whether Instamojo may have acted on an attempt whose answer was lost (a 5xx or a dropped connection). */
export function answerWasLost(outcome: Outcome): boolean {
	if (outcome.type === 'network') return !isConnectFailure(outcome.error);
	return outcome.type === 'response' && outcome.response.statusCode >= 500;
}

/** A refused connection never reached Instamojo, so even a create can be reported as not applied. */
export function isConnectFailure(error: Error): boolean {
	const code = networkCode(error);
	return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}
