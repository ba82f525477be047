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
				description:
					"Refund a successful payment, fully or in part, by opening a refund case. Moves money back to the buyer: use Dry Run to check first. Safe to repeat: the same payment and amount never open a second case (the output then says already_refunded).",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a refund',
				description: 'Get one refund by ID, a refund case (C…) or a refund (R…): its status, amount and reason. Read-only.',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many refunds',
				description:
					'List refunds as Instamojo returns them, newest first, optionally in a time range the node enforces. Read-only. With a seller refresh token and no results, one item still carries the rotated refresh_token.',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
