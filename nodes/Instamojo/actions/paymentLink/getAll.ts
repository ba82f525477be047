import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InputError } from '../../helpers/validation';
import { accountFields } from '../common/account';
import { allFilters, CREATED, equalsFilter, filtersField, type ListFilter, MODIFIED, timeRangeFilter, timeRangeOptions } from '../common/filters';
import { executeGetMany, getManyFields } from '../common/getMany';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkView } from './shared';

/** Statuses of a payment request (docs/instamojo-api.md §6). */
const STATUSES = ['Completed', 'Failed', 'Pending', 'Sent'];

const properties: INodeProperties[] = [
	...accountFields(),
	...getManyFields,
	filtersField([
		...timeRangeOptions(CREATED, 'Only links created at or after this time', 'Only links created at or before this time'),
		...timeRangeOptions(
			MODIFIED,
			'Only links changed (e.g. paid, enabled or disabled) at or after this time',
			'Only links changed at or before this time',
		),
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Completed', value: 'Completed', description: 'A payment was made' },
				{ name: 'Failed', value: 'Failed', description: 'Sending the email or SMS failed' },
				{ name: 'Pending', value: 'Pending', description: 'Not paid, nothing sent yet' },
				{ name: 'Sent', value: 'Sent', description: 'Sent by email or SMS, not paid yet' },
			],
			default: 'Pending',
		},
	]),
	simplifyField(paymentLinkView),
];

const displayOptions = { show: { resource: ['paymentLink'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The filters, sent to Instamojo (docs/instamojo-api.md §6) and enforced on every link returned. */
function listFilter(filters: IDataObject): ListFilter {
	const parts = [timeRangeFilter(filters, [CREATED, MODIFIED])];
	const status = String(filters.status ?? '').trim();
	if (status && !STATUSES.includes(status)) {
		throw new InputError(`Status "${status}" is not a payment link status`, `Use one of: ${STATUSES.join(', ')}.`);
	}
	if (status) parts.push(equalsFilter('status', 'status', status));
	return allFilters(parts);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const filter = listFilter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	return await executeGetMany.call(this, itemIndex, client, {
		request: { method: 'GET', path: '/v2/payment_requests/', retry: 'read', action: 'list payment links' },
		listKey: 'payment_requests',
		view: paymentLinkView,
		filter,
	});
}
