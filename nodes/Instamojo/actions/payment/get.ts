import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validatePaymentId } from '../../helpers/validation';
import { accountFields } from '../common/account';
import { executeGetOne } from '../common/getOne';
import { paymentIdField } from '../common/idFields';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentView } from './shared';

const properties: INodeProperties[] = [
	...accountFields(),
	paymentIdField('MOJO followed by 16 letters or digits, as sent by the Instamojo Trigger or output by Get Many'),
	simplifyField(paymentView),
];

const displayOptions = { show: { resource: ['payment'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const id = validatePaymentId(this.getNodeParameter('paymentId', itemIndex));
	return await executeGetOne.call(this, itemIndex, client, {
		request: { method: 'GET', path: `/v2/payments/${id}/`, retry: 'read', action: 'get the payment', resource: 'payment' },
		view: paymentView,
	});
}
