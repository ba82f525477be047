import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { REFUNDS_PATH } from '../../helpers/refund';
import { actAsFields } from '../common/actAs';
import { CREATED, filtersField, timeRangeOptions, timeRangeQuery } from '../common/filters';
import { simplifyField } from '../common/output';
import { executeGetMany, getManyFields } from '../common/reads';
import { refundView } from '../common/refund';
import type { OperationContext, OperationResult } from '../types';

export const description: INodeProperties[] = [
	...getManyFields('refund'),
	filtersField(
		'refund',
		timeRangeOptions(CREATED, 'Only refunds requested at or after this time', 'Only refunds requested at or before this time'),
	),
	simplifyField('refund', ['getAll'], refundView),
	...actAsFields('refund', ['getAll']),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = timeRangeQuery(filters, [CREATED]);
	return await executeGetMany.call(this, itemIndex, client, {
		request: { method: 'GET', path: REFUNDS_PATH, qs, retry: 'read', action: 'list refunds' },
		listKey: 'refunds',
		view: refundView,
	});
}
