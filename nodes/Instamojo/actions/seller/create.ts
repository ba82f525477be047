import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { readSignup, signUp, signupAdditionalFields, signupFields } from './shared';

const properties: INodeProperties[] = [
	...signupFields,
	signupAdditionalFields,
	operationNotice(
		'sellerCreateNotice',
		'Needs a credential with Authentication: Application. The password goes to Instamojo only.',
	),
];

const displayOptions = { show: { resource: ['seller'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const body = await readSignup.call(this, itemIndex);
	return await signUp.call(this, client, body, itemIndex);
}
