import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountFields } from '../common/account';
import { CREATED, filtersField, timeRangeFilter, timeRangeOptions } from '../common/filters';
import { executeGetMany, getManyFields } from '../common/getMany';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { REFUNDS_PATH, refundView } from './shared';

const properties: INodeProperties[] = [
	...getManyFields,
	filtersField(timeRangeOptions(CREATED, 'Only refunds requested at or after this time', 'Only refunds requested at or before this time')),
	simplifyField(refundView),
	...accountFields(),
];

const displayOptions = { show: { resource: ['refund'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `GET /v2/refunds/` as Instamojo returns it: no source documents its created-at filters, so they are
 * sent as hints and enforced by the node on every item (docs/instamojo-api.md §8, §10).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await executeGetMany.call(this, itemIndex, client, {
		request: { method: 'GET', path: REFUNDS_PATH, retry: 'read', action: 'list refunds' },
		listKey: 'refunds',
		view: refundView,
		filter: timeRangeFilter(filters, [CREATED]),
	});
}
