import type { INodeProperties } from 'n8n-workflow';

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
				description:
					"Get one payment by ID: whether it succeeded (status true), its amount, Instamojo's fees and taxes, the buyer and the payment link it was made on. Read-only.",
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payments',
				description:
					'List payments, newest first, optionally only those made on one payment link or in a time range. Read-only. With a seller refresh token and no results, one item still carries the rotated refresh_token.',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
	concurrencyOptions('payment', ['get', 'getAll']),
];
