/** The trigger's own filters, enforced on every payment it reads (the list is sent none, docs/instamojo-api.md §10 Q13). */
import type { IDataObject } from 'n8n-workflow';

import { referencedId } from '../helpers/resourceUrls';
import { apiBoolean } from '../helpers/values';

export type PaymentStatusFilter = 'successful' | 'failed' | 'all';

export interface PaymentSelection {
	status: PaymentStatusFilter;
	/** Lower-case payment link ID, or undefined for every link. */
	paymentLinkId?: string;
}

/**
 * The payment's outcome: `status` is true (paid), false (failed) or null (initiated) (docs/instamojo-api.md §7),
 * possibly as the strings "True"/"False" (§3), so it is never read by truthiness.
 */
export function outcomeOf(payment: IDataObject): 'successful' | 'failed' | 'initiated' {
	const status = apiBoolean(payment.status);
	if (status === undefined) return 'initiated';
	return status ? 'successful' : 'failed';
}

/**
 * Whether a payment is one the trigger outputs. Initiated payments never are: they have no outcome yet. A
 * payment's `payment_request` references the payment link it was made on.
 */
export function isSelected(payment: IDataObject, selection: PaymentSelection): boolean {
	const outcome = outcomeOf(payment);
	if (outcome === 'initiated') return false;
	if (selection.status !== 'all' && outcome !== selection.status) return false;
	return selection.paymentLinkId === undefined || referencedId(payment.payment_request) === selection.paymentLinkId;
}
