import type { IDataObject, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { networkReason } from '../../../credentials/common/network';
import type { RequestPurpose } from './options';

/** Instamojo's v2 error bodies: a DRF field map, or `{ success: false, message }` (docs/instamojo-api.md §3). */
export function describeErrorBody(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (typeof body !== 'object' || body === null) return undefined;
	const data = body as IDataObject;
	for (const key of ['message', 'detail', 'error_description', 'reason']) {
		if (typeof data[key] === 'string' && data[key]) return data[key] as string;
	}
	const fields = Object.entries(data)
		.filter(([key]) => key !== 'success')
		.map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(' ') : String(value)}`);
	return fields.length > 0 ? fields.join('; ') : undefined;
}

const HINTS: Record<number, string> = {
	400: 'Correct the fields Instamojo named and run the node again.',
	401: "Instamojo did not accept the token. With the credential's own token n8n renews it once automatically; a seller token from the item may have expired: pass the seller's refresh token instead (Account: Seller's Account (Refresh Token)).",
	403: "This token may not do that. Seller signups need the credential's Application flow; changes to a seller's account need that seller's token: set Account to Seller's Account (Access Token) or Seller's Account (Refresh Token). If every call is refused, set the scopes the token needs in the credential's Scope field.",
	404: 'Check the ID: it may belong to another account or environment (production vs sandbox).',
	429: 'Instamojo is rate-limiting these requests. Lower the batch size or add a Wait node, then run again.',
};

function hintFor(status: number): string {
	return HINTS[status] ?? (status >= 500 ? 'Instamojo failed to process the request. Try again later.' : 'Check the request and try again.');
}

/** A NodeApiError for an HTTP answer the transport did not accept, in words a user can act on. */
export function apiError(
	node: INode,
	response: Pick<IN8nHttpFullResponse, 'statusCode' | 'body'>,
	purpose: RequestPurpose,
	itemIndex: number,
	attempts = 1,
): NodeApiError {
	const status = response.statusCode;
	if (status >= 500 && purpose.retry === 'once') return notResentError(node, status, purpose, itemIndex);
	const detail = describeErrorBody(response.body);
	const subject =
		status === 404 && purpose.resource
			? `Instamojo has no such ${purpose.resource}`
			: `Instamojo refused to ${purpose.action} (HTTP ${status})`;
	const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
	const message = `${subject}${retried}${detail ? `: ${detail}` : ''}`;
	return new NodeApiError(node, { message, httpCode: String(status), body: response.body } as JsonObject, {
		message,
		description: hintFor(status),
		httpCode: String(status),
		itemIndex,
	});
}

/**
 * A 5xx on a create without an idempotency key is final: a gateway may fail after Instamojo created
 * the object, so the error says it was not resent and may exist, never inviting a silent duplicate.
 */
function notResentError(node: INode, status: number, purpose: RequestPurpose, itemIndex: number): NodeApiError {
	const thing = purpose.resource ?? 'object';
	const message = `Instamojo failed while trying to ${purpose.action} (HTTP ${status}); it was not sent again because Instamojo may have applied it`;
	return new NodeApiError(node, { message, httpCode: String(status) } as JsonObject, {
		message,
		description: `Nothing was resent, so nothing is created twice. Check in Instamojo (e.g. with a Get Many of the ${thing}s) whether the ${thing} exists before running this item again.`,
		httpCode: String(status),
		itemIndex,
	});
}

/** A request that never got an answer. For writes that may have been applied, says so. */
export function networkError(
	node: INode,
	error: Error,
	purpose: RequestPurpose,
	itemIndex: number,
	mayHaveApplied: boolean,
	attempts: number,
): NodeApiError {
	const reason = networkReason(error);
	const message = mayHaveApplied
		? `The connection to Instamojo failed while trying to ${purpose.action} (${reason}); Instamojo may have applied it`
		: `Could not reach Instamojo to ${purpose.action} (${reason}${attempts > 1 ? `, ${attempts} attempts` : ''})`;
	const description = mayHaveApplied
		? 'It was not sent again, so nothing is done twice. Check in Instamojo (e.g. with a Get Many) whether it exists before running this item again.'
		: "Check the credential's Environment or Base URL and the network, then run again.";
	return new NodeApiError(node, { message } as JsonObject, { message, description, itemIndex });
}
