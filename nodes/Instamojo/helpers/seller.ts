import type { IDataObject } from 'n8n-workflow';

/** The fields of a new seller that Create and Onboard output (docs/instamojo-api.md §5). */
const SELLER_FIELDS = ['id', 'username', 'email', 'phone', 'resource_uri'] as const;

/**
 * A new seller as output: an allowlist of the signup answer, so nothing Instamojo might echo back
 * (least of all the password) reaches the workflow by accident.
 */
export function sellerSummary(signup: IDataObject): IDataObject {
	const seller: IDataObject = {};
	for (const field of SELLER_FIELDS) seller[field] = signup[field] ?? null;
	return seller;
}

/**
 * A saved bank account as output (docs/instamojo-api.md §5). The account number is reduced to its last four digits:
 * enough to recognise the account, without copying the full number into every later node's data.
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
