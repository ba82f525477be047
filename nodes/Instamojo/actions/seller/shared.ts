/** What Seller operations share: a new seller as output. */
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
