import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { idFromResourceUrl } from '../../helpers/resourceUrls';
import { validateHexId } from '../../helpers/validation';
import { apiBoolean } from '../../helpers/values';
import type { OutputView } from '../common/output';

/**
 * A payment as every Payment operation outputs it (docs/instamojo-api.md §7). `status` is a boolean in v2: true
 * successful, false failed, null initiated; output as a real boolean even when Instamojo answers
 * "True"/"False" (docs/instamojo-api.md §3), so a workflow can test it as one. Simplify keeps the money, the buyer, the outcome and the
 * link it was made on.
 */
export const paymentView: OutputView = {
	amounts: ['amount', 'fees', 'total_taxes', 'affiliate_commission'],
	simplified: [
		'id',
		'status',
		'amount',
		'currency',
		'fees',
		'total_taxes',
		'title',
		'name',
		'email',
		'phone',
		'payment_request_id',
		'seller_id',
		'instrument_type',
		'failure',
		'created_at',
	],
	derive: (payment: IDataObject): IDataObject => ({
		status: apiBoolean(payment.status) ?? payment.status ?? null,
		payment_request_id: idFromResourceUrl(payment.payment_request) ?? null,
		seller_id: idFromResourceUrl(payment.seller) ?? null,
	}),
};

/** The Payment Link ID filter of every list of payments (Payment → Get Many, the Payment Poll Trigger). */
export const paymentLinkIdFilter: INodeProperties = {
	displayName: 'Payment Link ID',
	name: 'paymentLinkId',
	type: 'string',
	default: '',
	placeholder: '05f317448ad84649aa1a9c7328edb015',
	description: 'Only payments made on this payment link (payment request ID)',
};

/**
 * The Payment Link ID filter's value, validated and lower-cased, from the options that hold it; undefined
 * when it is empty. Text is trimmed before it is validated.
 */
export function paymentLinkIdFilterValue(options: IDataObject): string | undefined {
	const value = options.paymentLinkId;
	if (String(value ?? '').trim() === '') return undefined;
	return validateHexId(typeof value === 'string' ? value.trim() : value, 'Payment Link ID');
}
