import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateHexId } from '../../helpers/validation';
import { accountFields } from '../common/account';
import { executeGetOne } from '../common/getOne';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkIdField, paymentLinkView } from './shared';

const properties: INodeProperties[] = [
	...accountFields(),
	paymentLinkIdField,
	simplifyField(paymentLinkView),
];

const displayOptions = { show: { resource: ['paymentLink'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const id = validateHexId(this.getNodeParameter('paymentLinkId', itemIndex), 'Payment Link ID');
	return await executeGetOne.call(this, itemIndex, client, {
		request: {
			method: 'GET',
			path: `/v2/payment_requests/${id}/`,
			retry: 'read',
			action: 'get the payment link',
			resource: 'payment link',
		},
		view: paymentLinkView,
	});
}
