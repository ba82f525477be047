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
				description: "Get your marketplace's own access token",
			},
			{
				name: 'Get Seller Tokens',
				value: 'getSellerTokens',
				action: 'Get tokens for a seller',
				description: "Exchange a seller's password for their tokens",
			},
			{
				name: 'Refresh Seller Tokens',
				value: 'refreshSellerTokens',
				action: 'Refresh tokens for a seller',
				description: "Exchange a seller's refresh token for new tokens",
			},
		],
		default: 'getSellerTokens',
	},
	...getApplicationToken.description,
	...getSellerTokens.description,
	...refreshSellerTokens.description,
];
