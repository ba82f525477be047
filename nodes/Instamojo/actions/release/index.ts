import type { INodeProperties } from 'n8n-workflow';

import * as release from './release';

export const operations = { release };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['release'] } },
		options: [
			{
				name: 'Release Payment',
				value: 'release',
				action: 'Release a held payment',
				description:
					"Release (fulfil) a payment held by a payment link created with Hold Payout Until Released, so Instamojo pays the seller out. Moves money: use Dry Run to check first.",
			},
		],
		default: 'release',
	},
	...release.description,
];
