import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext, OperationResult } from '../common/types';
import { readSignup, signUp, signupAdditionalFields, signupFields } from './shared';

export const description: INodeProperties[] = [...signupFields('create'), signupAdditionalFields('create')];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const body = await readSignup.call(this, itemIndex);
	return await signUp.call(this, client, body, itemIndex);
}
