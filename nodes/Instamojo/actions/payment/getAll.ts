import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateHexId } from '../../helpers/validation';
import { actAsFields } from '../common/actAs';
import { CREATED, filtersField, timeRangeOptions, timeRangeQuery } from '../common/filters';
import { simplifyField } from '../common/output';
import { paymentView } from '../common/payment';
import { executeGetMany, getManyFields } from '../common/reads';
import type { OperationContext, OperationResult } from '../types';

export const description: INodeProperties[] = [
	...getManyFields('payment'),
	filtersField('payment', [
		...timeRangeOptions(CREATED, 'Only payments made at or after this time', 'Only payments made at or before this time'),
		{
			displayName: 'Payment Link ID',
			name: 'paymentLinkId',
			type: 'string',
			default: '',
			placeholder: '05f317448ad84649aa1a9c7328edb015',
			description: 'Only payments made on this payment link (payment request ID)',
		},
	]),
	simplifyField('payment', ['getAll'], paymentView),
	...actAsFields('payment', ['getAll']),
];

/** The list filters Instamojo takes as query parameters (spec §10.2, §8.5). */
function filterQuery(filters: IDataObject): IDataObject {
	const query = timeRangeQuery(filters, [CREATED]);
	if (String(filters.paymentLinkId ?? '').trim()) {
		query.payment_request_id = validateHexId(filters.paymentLinkId, 'Payment Link ID');
	}
	return query;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const qs = filterQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	return await executeGetMany.call(this, itemIndex, client, {
		request: { method: 'GET', path: '/v2/payments/', qs, retry: 'read', action: 'list payments' },
		listKey: 'payments',
		view: paymentView,
	});
}
