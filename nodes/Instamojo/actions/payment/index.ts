import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../common/concurrency';
import * as get from './get';
import * as getAll from './getAll';

export const operations = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payment',
				description: 'Get a payment: status, amount, fees and buyer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payments',
				description: 'List payments, newest first',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
	...updateDisplayOptions({ show: { resource: ['payment'], operation: ['get', 'getAll'] } }, [concurrencyOptions]),
];
