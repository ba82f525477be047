import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validatePaymentId } from '../../helpers/validation';
import { type ApiRequest, describeErrorBody } from '../../transport';
import { accountFields, readActAs, resolveActAs, withRotatedTokens } from '../common/account';
import { paymentIdField } from '../common/idFields';
import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';

const properties: INodeProperties[] = [
	...accountFields(),
	paymentIdField('The held payment to release: MOJO followed by 16 letters or digits'),
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only validate and output the request that would be sent, without releasing anything',
	},
	operationNotice('releaseNotice', 'Moves money to the seller: turn on Dry Run to check first'),
];

const displayOptions = { show: { resource: ['release'], operation: ['release'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Whether a refusal says the payment is no longer held: any 409, or a 400 whose words say so. No source
 * documents this answer (docs/instamojo-api.md §7), so the words are matched, not one sentence. A message
 * that negates the release ("cannot be fulfilled", "payment failed") is not a release: mistaking it for one
 * would mark a payout released that is still held.
 */
export function saysAlreadyReleased(statusCode: number, detail: string | undefined): boolean {
	if (statusCode === 409) return true;
	if (statusCode !== 400 || !detail) return false;
	const words = detail.toLowerCase().replace(/['’]/g, '').split(/[^a-z]+/).filter(Boolean);
	const text = ` ${words.join(' ')} `;
	if (/ (not|no longer) (on )?hold /.test(text) || / not held /.test(text)) return true;
	if (/ already (been )?(fulfill?ed|released|settled) /.test(text)) return true;
	const released = words.some((word) => RELEASE_WORDS.has(word));
	return released && !words.some((word) => NEGATIONS.has(word));
}

/** Every text in an answer, however nested (a message, a field's list of errors): the words to read. */
function answerText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (typeof body !== 'object' || body === null) return '';
	return Object.values(body).map(answerText).filter(Boolean).join(' ');
}

const RELEASE_WORDS = new Set(['fulfiled', 'fulfilled', 'released', 'settled']);
const NEGATIONS = new Set(['not', 'no', 'cannot', 'cant', 'never', 'unable', 'failed', 'fail', 'yet', 'isnt', 'wasnt', 'hasnt', 'wont']);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const paymentId = validatePaymentId(this.getNodeParameter('paymentId', itemIndex));
	const request: ApiRequest = {
		method: 'POST',
		path: `/v2/payments/${paymentId}/fulfil/`,
		// A repeat cannot release twice: Instamojo answers it as already released, reported below.
		retry: 'idempotent',
		action: 'release the payment',
		resource: 'payment',
	};
	if (this.getNodeParameter('dryRun', itemIndex, false) as boolean) {
		readActAs.call(this, itemIndex);
		return { dry_run: true, payment_id: paymentId, request: { method: request.method, path: request.path } };
	}
	const actAs = await resolveActAs.call(this, itemIndex, client);
	const response = await client.requestResponse(request, itemIndex, actAs.auth);
	const detail = describeErrorBody(response.body);
	let result: IDataObject;
	if (response.statusCode >= 200 && response.statusCode < 300) {
		result = { payment_id: paymentId, released: true, already_released: false };
	} else if (saysAlreadyReleased(response.statusCode, answerText(response.body))) {
		// After an attempt whose answer was lost, "already released" most likely means that attempt did it.
		result = response.earlierAttemptMayHaveApplied
			? { payment_id: paymentId, released: true, already_released: false, note: 'Released by an earlier attempt of this run whose answer was lost' }
			: { payment_id: paymentId, released: false, already_released: true, message: detail ?? null };
		// Instamojo's own words, as the node read them as "already released".
		result.instamojo_answer = { status: response.statusCode, body: response.body as IDataObject };
	} else {
		throw client.failure(request, response, itemIndex);
	}
	return withRotatedTokens(result, actAs);
}
