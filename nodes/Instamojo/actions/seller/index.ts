import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as onboard from './onboard';
import * as update from './update';

export const operations = { create, onboard, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['seller'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a seller',
				description: 'Sign a seller up under your marketplace',
			},
			{
				name: 'Onboard',
				value: 'onboard',
				action: 'Onboard a seller',
				description: 'Sign a seller up with tokens and a bank account',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a seller',
				description: "Change a seller's name, location or phone",
			},
		],
		default: 'onboard',
	},
	...create.description,
	...onboard.description,
	...update.description,
];
