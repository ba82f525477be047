import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';

export const operations = { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['refund'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Refund a payment',
				description: 'Refund a payment, fully or in part',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a refund',
				description: 'Get a refund or a refund case',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many refunds',
				description: 'List refunds, newest first',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
