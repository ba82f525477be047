import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountFields } from '../common/account';
import { executeGetOne } from '../common/getOne';
import { simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { validateRefundId } from './rules';
import { refundReadPath, refundView } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Refund ID',
		name: 'refundId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'C5c0751269',
		description: 'A refund case (C…, from Create) or a refund (R…, as Get Many may list them)',
	},
	simplifyField(refundView),
	...accountFields(),
];

const displayOptions = { show: { resource: ['refund'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const id = validateRefundId(this.getNodeParameter('refundId', itemIndex));
	return await executeGetOne.call(this, itemIndex, client, {
		request: { method: 'GET', path: refundReadPath(id), retry: 'read', action: 'get the refund', resource: 'refund' },
		view: refundView,
	});
}
