import type { INodeProperties } from 'n8n-workflow';

import * as getApplicationToken from './getApplicationToken';
import * as getSellerTokens from './getSellerTokens';
import * as refreshSellerTokens from './refreshSellerTokens';

export const operations = { getApplicationToken, getSellerTokens, refreshSellerTokens };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Get Application Token',
				value: 'getApplicationToken',
				action: 'Get an application token',
				description:
					"Get an access token for the marketplace itself (client credentials) and output it, for use outside this node, e.g. in an HTTP Request node. Returning the token is this operation's purpose: treat the output as a secret. This node's other operations get the application token themselves.",
			},
			{
				name: 'Get Seller Tokens',
				value: 'getSellerTokens',
				action: 'Get tokens for a seller',
				description:
					"Exchange a seller's username and password for an access token and a refresh token, and output them so the workflow can store them (e.g. in a database) and pass them to Act As. Returning the tokens is this operation's purpose: treat the output as a secret.",
			},
			{
				name: 'Refresh Seller Tokens',
				value: 'refreshSellerTokens',
				action: 'Refresh tokens for a seller',
				description:
					"Exchange a seller's refresh token for a new access token and refresh token, and output the new pair. The old refresh token is dead afterwards: store the new one in its place. Returning the tokens is this operation's purpose: treat the output as a secret.",
			},
		],
		default: 'getSellerTokens',
	},
	...getApplicationToken.description,
	...getSellerTokens.description,
	...refreshSellerTokens.description,
];
