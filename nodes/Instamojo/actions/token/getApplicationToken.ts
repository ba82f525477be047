import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext, OperationResult } from '../common/types';
import { tokenOutput } from './shared';

/** No fields: the grant uses the credential's Client ID and Secret, which never leave it. */
export const description: INodeProperties[] = [];

/** client_credentials at the token endpoint (docs/instamojo-api.md §2); application tokens come without a refresh token. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	return tokenOutput(await client.exchangeToken({ grant_type: 'client_credentials' }, itemIndex));
}
