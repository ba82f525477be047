/** What Bank Account operations share: the fields read from the item, the save, and the account as output. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeAccountNumber, normalizeIfsc, requireText } from '../../helpers/validation';
import type { InstamojoClient, RequestAuth } from '../../transport';

/** The bank account's three fields, one wording for Bank Account → Update and Seller → Onboard. */
export const bankAccountFields: INodeProperties[] = [
	{
		displayName: 'Account Holder Name',
		name: 'accountHolderName',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'Digits only; spaces are removed',
	},
	{
		displayName: 'IFSC',
		name: 'ifscCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'SBIN0001234',
		description: "The branch's 11-character IFSC; it is trimmed and upper-cased",
	},
];

/** The item's bank account fields, validated and normalised before any request (docs/instamojo-api.md §5). */
export function readBankAccount(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return {
		account_holder_name: requireText(this.getNodeParameter('accountHolderName', itemIndex), 'Account Holder Name', 100),
		account_number: normalizeAccountNumber(this.getNodeParameter('accountNumber', itemIndex)),
		ifsc_code: normalizeIfsc(this.getNodeParameter('ifscCode', itemIndex)),
	};
}

/** PUT /v2/users/{id}/inrbankaccount/ with the seller's token: Instamojo pays the seller out there. */
export async function saveBankAccount(
	client: InstamojoClient,
	sellerId: string,
	account: IDataObject,
	itemIndex: number,
	auth: RequestAuth,
): Promise<IDataObject> {
	return await client.request(
		{
			method: 'PUT',
			path: `/v2/users/${sellerId}/inrbankaccount/`,
			body: account,
			// PUT replaces the account with the same values: repeating it is harmless.
			retry: 'idempotent',
			action: "save the seller's bank account",
			resource: 'seller',
		},
		itemIndex,
		auth,
	);
}

/**
 * A saved bank account as Update and Onboard output it (docs/instamojo-api.md §5). The account number is
 * reduced to its last four digits: enough to recognise the account, without copying the full number into
 * every later node's data.
 */
export function bankAccountSummary(account: IDataObject): IDataObject {
	return {
		account_holder_name: account.account_holder_name,
		account_number_last4: String(account.account_number ?? '').slice(-4),
		ifsc_code: account.ifsc_code,
		bank_name: account.bank_name,
		updated_at: account.updated_at,
	};
}
