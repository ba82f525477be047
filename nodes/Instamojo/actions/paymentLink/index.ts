import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../common/concurrency';
import * as create from './create';
import * as disable from './disable';
import * as enable from './enable';
import * as get from './get';
import * as getAll from './getAll';

export const operations = { create, disable, enable, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentLink'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payment link',
				description: 'Create a payment link for a buyer to pay',
			},
			{
				name: 'Disable',
				value: 'disable',
				action: 'Disable a payment link',
				description: 'Stop a payment link from accepting payments',
			},
			{
				name: 'Enable',
				value: 'enable',
				action: 'Enable a payment link',
				description: 'Let a disabled payment link accept payments again',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payment link',
				description: 'Get a payment link and the payments made on it',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payment links',
				description: 'List payment links, newest first',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...enable.description,
	...disable.description,
	...updateDisplayOptions({ show: { resource: ['paymentLink'], operation: ['create', 'disable', 'enable', 'get', 'getAll'] } }, [concurrencyOptions]),
];
