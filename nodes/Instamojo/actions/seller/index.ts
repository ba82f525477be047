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
				description:
					"Sign a seller up for an Instamojo account under your marketplace. Needs a credential with Authentication: Application. Outputs the seller's ID and username; the password is sent, never output.",
			},
			{
				name: 'Onboard',
				value: 'onboard',
				action: 'Onboard a seller',
				description:
					"Sign a seller up, get the seller's access and refresh tokens with the password, and save the bank account, in one step. Outputs the seller and the tokens to store (e.g. in a database), so the password is never needed again. If a step after signup fails, the error names it and carries what exists.",
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a seller',
				description: "Change a seller's first name, last name, location or phone. Needs the seller's token (Act As).",
			},
		],
		default: 'onboard',
	},
	...create.description,
	...onboard.description,
	...update.description,
];
