import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeAccountNumber, normalizeIfsc, requireText, validateHexId } from '../../helpers/validation';
import { actAsFields, resolveActAs, withRotatedTokens } from '../common/actAs';
import type { OperationContext, OperationResult } from '../types';

const show = { resource: ['bankAccount'], operation: ['update'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Seller ID',
		name: 'sellerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '90f01dfdacbe4fe7892fc27dbdc30906',
		description: 'The seller\'s Instamojo user ID (32 hexadecimal characters), as returned by Create or Onboard',
		displayOptions: { show },
	},
	{
		displayName: 'Account Holder Name',
		name: 'accountHolderName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'Digits only; spaces are removed',
		displayOptions: { show },
	},
	{
		displayName: 'IFSC',
		name: 'ifscCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SBIN0001234',
		description: "The branch's 11-character IFSC; it is trimmed and upper-cased",
		displayOptions: { show },
	},
	...actAsFields('bankAccount', ['update']),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const sellerId = validateHexId(this.getNodeParameter('sellerId', itemIndex), 'Seller ID');
	const body = {
		account_holder_name: requireText(this.getNodeParameter('accountHolderName', itemIndex), 'Account Holder Name', 100),
		account_number: normalizeAccountNumber(this.getNodeParameter('accountNumber', itemIndex)),
		ifsc_code: normalizeIfsc(this.getNodeParameter('ifscCode', itemIndex)),
	};
	const actAs = await resolveActAs.call(this, itemIndex, client);
	const account = await client.request(
		{
			method: 'PUT',
			path: `/v2/users/${sellerId}/inrbankaccount/`,
			body,
			// PUT replaces the account with the same values: repeating it is harmless.
			retry: 'idempotent',
			action: "update the seller's bank account",
			resource: 'seller',
		},
		itemIndex,
		actAs.auth,
	);
	return withRotatedTokens(account, actAs);
}
