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
				description: 'Pay a held payment out to the seller',
			},
		],
		default: 'release',
	},
	...release.description,
];
