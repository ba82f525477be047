import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/resources';
import { router } from './actions/router';

/** The README part that helps with this node: whose account each operation acts in. */
const DOCUMENTATION_URL = 'https://github.com/n8n-nodes-instamojo/n8n-nodes-instamojo#acting-for-many-sellers';

const operationProperties: INodeProperties[] = [
	...resources.seller.description,
	...resources.bankAccount.description,
	...resources.paymentLink.description,
	...resources.payment.description,
	...resources.release.description,
	...resources.refund.description,
	...resources.token.description,
];

export class Instamojo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instamojo',
		name: 'instamojo',
		icon: { light: 'file:../../icons/instamojo.svg', dark: 'file:../../icons/instamojo.dark.svg' },
		group: ['transform'],
		// 2: writes that need a user's token start in the seller's account (actions/common/account.ts).
		version: [1, 2],
		defaultVersion: 2,
		// The operation in words ("Release payment"), not its raw values; a literal, as n8n's lint wants one.
		subtitle:
			'={{ ({"seller.create": "Create seller", "seller.onboard": "Onboard seller", "seller.update": "Update seller", "bankAccount.update": "Update bank account", "paymentLink.create": "Create payment link", "paymentLink.disable": "Disable payment link", "paymentLink.enable": "Enable payment link", "paymentLink.get": "Get payment link", "paymentLink.getAll": "Get many payment links", "payment.get": "Get payment", "payment.getAll": "Get many payments", "release.release": "Release payment", "refund.create": "Refund payment", "refund.get": "Get refund", "refund.getAll": "Get many refunds", "token.getApplicationToken": "Get application token", "token.getSellerTokens": "Get seller tokens", "token.refreshSellerTokens": "Refresh seller tokens"})[$parameter["resource"] + "." + $parameter["operation"]] }}',
		description: 'Run an Instamojo marketplace: sellers, commission, payouts, refunds',
		documentationUrl: DOCUMENTATION_URL,
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
			...operationProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
