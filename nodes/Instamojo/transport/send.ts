import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { findTokenError, type InstamojoTokenError, REDIRECTED, STALE_REFRESH_TOKEN, UNAVAILABLE } from '../../../credentials/common/oauth';
import { REDIRECT_HINT, RedirectRefusedError } from '../../../credentials/common/redirects';
import type { Secrets } from '../../../credentials/common/secrets';
import { networkError } from './errors';
import { type ApiRequest, apiRequestOptions } from './options';
import { answerWasLost, isConnectFailure, isThrottled, type Outcome, retryDelay } from './retryPolicy';
import type { CredentialSession, ExecutionContext, RequestAuth } from './session';

/** The final answer of a request, how many attempts it took, and whether an unanswered earlier one may have been applied. */
export interface Sent {
	response: IN8nHttpFullResponse;
	attempts: number;
	earlierAttemptMayHaveApplied: boolean;
}

/**
 * Sends a request and sends it again as its retry policy allows (./retryPolicy.ts). After a 429 no
 * request of the execution goes out before its wait is over. Failures without an answer to hand back
 * (no token, a redirect, no connection) are thrown in words a user can act on.
 */
export class Sender {
	/** After a 429 no request of this execution is sent before this time (ms since epoch). */
	private pausedUntil = 0;

	constructor(
		private readonly context: ExecutionContext,
		private readonly session: CredentialSession,
		private readonly secrets: Secrets,
	) {}

	async send(request: ApiRequest, itemIndex: number, auth: RequestAuth): Promise<Sent> {
		let earlierAttemptMayHaveApplied = false;
		for (let attempt = 1; ; attempt++) {
			await this.waitForPause();
			const outcome = await this.attempt(request, auth);
			const delay = retryDelay(outcome, request.retry, attempt);
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
			throw this.secrets.redactError(networkError(this.context.getNode(), outcome.error, request, itemIndex, mayHaveApplied, attempt));
		}
	}

	private async attempt(request: ApiRequest, auth: RequestAuth): Promise<Outcome> {
		try {
			return { type: 'response', response: await this.session.send(apiRequestOptions(request), auth) };
		} catch (error) {
			return outcomeOfError(error as Error);
		}
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

	/** The credential could get no token: what to do depends on why. */
	private credentialFailure(error: InstamojoTokenError, itemIndex: number): NodeOperationError {
		return this.secrets.redactError(
			new NodeOperationError(this.context.getNode(), error.message, {
				itemIndex,
				description: `The Instamojo credential could not get a token, so nothing was sent. ${credentialHint(error)}`,
			}),
		);
	}

	private redirectFailure(error: RedirectRefusedError, itemIndex: number): NodeApiError {
		const message = this.secrets.redact(error.message);
		const httpCode = String(error.httpStatus);
		return new NodeApiError(this.context.getNode(), { message, httpCode }, { message, description: REDIRECT_HINT, httpCode, itemIndex });
	}
}

/** n8n throws when the credential could get no token (its preAuthentication failed), and for network failures. */
function outcomeOfError(error: Error): Outcome {
	if (error instanceof RedirectRefusedError) return { type: 'redirect', error };
	const tokenError = findTokenError(error);
	if (tokenError) return { type: 'credential', error: tokenError };
	const status = httpStatusOf(error);
	if (status !== undefined) {
		return { type: 'response', response: { statusCode: status, headers: {}, body: responseBodyOf(error) } };
	}
	return { type: 'network', error };
}

/** What to do about a token the credential could not get, by cause. */
function credentialHint(error: InstamojoTokenError): string {
	if (error.oauthError === UNAVAILABLE) return 'Nothing is wrong with the credential: run again later.';
	if (error.oauthError === REDIRECTED) return REDIRECT_HINT;
	if (error.oauthError === STALE_REFRESH_TOKEN) return 'Run the item again; if it fails again, re-authenticate the credential as the message says.';
	return 'Fix the credential and run again.';
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
