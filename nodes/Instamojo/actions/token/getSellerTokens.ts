import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../helpers/validation';
import type { TokenSet } from '../../transport';
import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { isRefusedGrant, passwordField, requirePassword, tokenOutput } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: '={{ $json.username }}',
		description: "The seller's Instamojo username, as returned by Seller → Create or Onboard; not the email address",
	},
	passwordField("The seller's Instamojo password. Instamojo asks to use it once and keep the tokens instead."),
	operationNotice(
		'sellerTokensNotice',
		"Outputs the seller's tokens: treat them as secrets and store the refresh_token for the Account field of later steps",
	),
];

const displayOptions = { show: { resource: ['token'], operation: ['getSellerTokens'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** What a refused grant means in this node, replacing the transport's words (written for the credential). */
interface RefusedGrant {
	message: string;
	hint: string;
}

/** Awaits a seller grant; when Instamojo refuses it (invalid_grant), says so in this operation's terms. */
async function explainRefusal(
	this: IExecuteFunctions,
	exchange: Promise<TokenSet>,
	refused: RefusedGrant,
): Promise<TokenSet> {
	try {
		return await exchange;
	} catch (error) {
		if (error instanceof NodeOperationError && isRefusedGrant(error)) {
			error.message = refused.message;
			error.description = refused.hint;
		}
		// Hands back the same error when it already is one (n8n-workflow's NodeOperationError constructor).
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}

/** The password grant (docs/instamojo-api.md §2): a new access and refresh token pair for the seller. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const username = requireText(this.getNodeParameter('username', itemIndex), 'Username');
	const password = requirePassword(
		this.getNodeParameter('password', itemIndex),
		"Enter the seller's Instamojo password.",
	);
	const tokens = await explainRefusal.call(this, client.exchangeToken({ grant_type: 'password', username, password }, itemIndex), {
		message: `Instamojo rejected the username "${username}" or its password (invalid_grant)`,
		hint: "Use the username returned by Seller → Create or Onboard (not the email address) and the seller's current password. The password is not shown here.",
	});
	return tokenOutput(tokens);
}
