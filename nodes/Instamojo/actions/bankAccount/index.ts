import type { INodeProperties } from 'n8n-workflow';

import * as update from './update';

export const operations = { update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bankAccount'] } },
		options: [
			{
				name: 'Update',
				value: 'update',
				action: 'Update the bank account of a seller',
				description: 'Set the bank account a seller is paid out to',
			},
		],
		default: 'update',
	},
	...update.description,
];
