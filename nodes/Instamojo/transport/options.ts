import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import type { RetryPolicy } from './retryPolicy';

/** What the caller was doing, so a failure can say which thing was missing or refused. */
export interface RequestPurpose {
	retry: RetryPolicy;
	/** e.g. "create the payment link" */
	action: string;
	/** e.g. "payment link" — named in 404 messages */
	resource?: string;
}

export interface ApiRequest extends RequestPurpose {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/v2/payment_requests/` */
	path: string;
	/** Sent form-encoded, as Instamojo documents every body (docs/instamojo-api.md §3). */
	body?: IDataObject;
	qs?: IDataObject;
}

/** How long one attempt may wait for Instamojo's answer. */
export const TIMEOUT_MS = 30_000;

/**
 * n8n's options for one API call. Every status comes back as a response: what a 401, a 429 or a 5xx
 * means is the caller's to decide (renew, wait, resend or report).
 */
export function apiRequestOptions(request: Pick<ApiRequest, 'method' | 'path' | 'qs' | 'body'>, timeout = TIMEOUT_MS): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.path,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout,
	};
	if (request.body !== undefined) options.body = formBody(request.body);
	return options;
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
