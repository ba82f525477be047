import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { requireRefreshToken, tokenOutput } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Refresh Token',
		name: 'refreshToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: '={{ $json.refresh_token }}',
		description:
			"The seller's most recent refresh token. It works once: afterwards it is dead, and the output's refresh_token must be stored in its place.",
		},
	operationNotice(
		'refreshTokensNotice',
		'Outputs new tokens: treat them as secrets. The old refresh token stops working: store the new one in its place.',
	),
];

const displayOptions = { show: { resource: ['token'], operation: ['refreshSellerTokens'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * The refresh grant (docs/instamojo-api.md §4). Goes through the client's per-execution exchange, so items
 * carrying the same refresh token share one new pair instead of the second spending a dead token; a
 * refused token gets the same seller advice as Account: Seller's Account (Refresh Token).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const refreshToken = requireRefreshToken(this.getNodeParameter('refreshToken', itemIndex));
	return tokenOutput(await client.sellerTokens(refreshToken, itemIndex));
}
