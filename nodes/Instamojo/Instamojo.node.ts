import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/resources';
import { router } from './actions/router';

export class Instamojo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instamojo',
		name: 'instamojo',
		icon: { light: 'file:instamojo.svg', dark: 'file:instamojo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Run an Instamojo marketplace: onboard sellers, create payment links with a commission and held payouts, release payments and refund',
		defaults: { name: 'Instamojo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'instamojoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Bank Account', value: 'bankAccount' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Payment Link', value: 'paymentLink' },
					{ name: 'Refund', value: 'refund' },
					{ name: 'Release', value: 'release' },
					{ name: 'Seller', value: 'seller' },
					{ name: 'Token', value: 'token' },
				],
				default: 'paymentLink',
			},
			...resources.seller.description,
			...resources.bankAccount.description,
			...resources.paymentLink.description,
			...resources.payment.description,
			...resources.release.description,
			...resources.refund.description,
			...resources.token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
