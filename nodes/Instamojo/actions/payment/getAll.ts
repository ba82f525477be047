import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountFields } from '../common/account';
import { allFilters, CREATED, filtersField, type ListFilter, referenceFilter, timeRangeFilter, timeRangeOptions } from '../common/filters';
import { executeGetMany, getManyFields } from '../common/getMany';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkIdFilter, paymentLinkIdFilterValue, paymentView } from './shared';

const properties: INodeProperties[] = [
	...accountFields(),
	...getManyFields,
	filtersField([
		...timeRangeOptions(CREATED, 'Only payments made at or after this time', 'Only payments made at or before this time'),
		paymentLinkIdFilter,
	]),
	simplifyField(paymentView),
];

const displayOptions = { show: { resource: ['payment'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * The filters, sent as hints (no source documents them on this list, docs/instamojo-api.md §7) and
 * enforced on every payment returned.
 */
function listFilter(filters: IDataObject): ListFilter {
	const parts = [timeRangeFilter(filters, [CREATED])];
	const linkId = paymentLinkIdFilterValue(filters);
	if (linkId !== undefined) parts.push(referenceFilter('payment_request_id', 'payment_request', linkId));
	return allFilters(parts);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const filter = listFilter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	return await executeGetMany.call(this, itemIndex, client, {
		request: { method: 'GET', path: '/v2/payments/', retry: 'read', action: 'list payments' },
		listKey: 'payments',
		view: paymentView,
		filter,
	});
}
