import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { describeErrorBody } from '../../transport/errors';
import { validatePaymentId } from '../../helpers/validation';
import type { ApiRequest } from '../../transport';
import { actAsFields, readActAs, resolveActAs, withRotatedTokens } from '../common/actAs';
import type { OperationContext, OperationResult } from '../types';

const show = { resource: ['release'], operation: ['release'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'MOJO5a06005J21512197',
		description: 'The held payment to release: MOJO followed by 16 letters or digits',
		displayOptions: { show },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only validate and output the request that would be sent, without releasing anything',
		displayOptions: { show },
	},
	...actAsFields('release', ['release']),
];

/** Instamojo's answer when the payment was released before, by anyone (sandbox/decisions.cts). */
const ALREADY_RELEASED = /already (been )?fulfill?ed|already released/i;

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
	} else if (response.statusCode === 400 && detail && ALREADY_RELEASED.test(detail)) {
		// After an attempt whose answer was lost, "already released" most likely means that attempt did it.
		result = response.earlierAttemptMayHaveApplied
			? { payment_id: paymentId, released: true, already_released: false, note: 'Released by an earlier attempt of this run whose answer was lost' }
			: { payment_id: paymentId, released: false, already_released: true, message: detail };
	} else {
		throw client.failure(request, response, itemIndex);
	}
	return withRotatedTokens(result, actAs);
}
