import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../actions/common/collections';
import { simplifyField } from '../actions/common/output';
import { paymentLinkIdFilter, paymentView } from '../actions/payment/shared';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Checks Instamojo for new payments at the Poll Times. Once published, the first check only notes where the list stands: payments made before it do not start the workflow.',
		name: 'pollNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Trigger On',
		name: 'payments',
		type: 'options',
		options: [
			{ name: 'All Payments', value: 'all', description: 'Successful and failed payments' },
			{ name: 'Failed Payments', value: 'failed' },
			{ name: 'Successful Payments', value: 'successful' },
		],
		default: 'successful',
	},
	simplifyField(paymentView),
	optionsCollection([paymentLinkIdFilter]),
];
