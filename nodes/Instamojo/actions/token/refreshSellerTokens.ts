import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireRefreshToken, tokenOutput } from '../../helpers/tokens';
import type { OperationContext, OperationResult } from '../types';
import { explainRefusal } from './getSellerTokens';

export const description: INodeProperties[] = [
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
		displayOptions: { show: { resource: ['token'], operation: ['refreshSellerTokens'] } },
	},
];

/**
 * The refresh grant (spec §4.3). Goes through the client's per-execution exchange, so items carrying
 * the same refresh token share one new pair instead of the second spending a dead token.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const refreshToken = requireRefreshToken(this.getNodeParameter('refreshToken', itemIndex));
	const tokens = await explainRefusal.call(this, client.sellerTokens(refreshToken, itemIndex), {
		message: 'Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired',
		hint: "Each refresh token works once, and every refresh outputs a new one: pass the refresh_token stored most recently for this seller. If none works, run Token → Get Seller Tokens with the seller's password. The token is not shown here.",
	});
	return tokenOutput(tokens);
}
