import type { IDataObject } from 'n8n-workflow';

import type { FormFields } from './mac';
import { withNumericAmounts } from '../helpers/money';
import { referencedId } from '../helpers/resourceUrls';

/** Webhook `status` values (docs/instamojo-api.md §9); the v2 API's payment object uses a boolean instead. */
export const STATUS_SUCCESSFUL = 'Credit';
export const STATUS_FAILED = 'Failed';

/** Which deliveries start the workflow. */
export type PaymentFilter = 'successful' | 'failed' | 'all';

/** The documented fields of a payment-link webhook (docs/instamojo-api.md §9), in the documented order, `mac` aside. */
export const PAYMENT_FIELDS = [
	'payment_id',
	'payment_request_id',
	'status',
	'amount',
	'fees',
	'currency',
	'buyer',
	'buyer_name',
	'buyer_phone',
	'purpose',
	'longurl',
	'shorturl',
] as const;

/** Amounts arrive as two-decimal strings; each is also output as `<field>_number`. */
const AMOUNT_FIELDS = ['amount', 'fees'];

type PaymentField = (typeof PAYMENT_FIELDS)[number];

/** One delivery, typed for use in a workflow. Absent and empty fields are null. */
export type PaymentEvent = Record<PaymentField, string | null> & {
	/** payment_request_id in the words of the Instamojo node's Payment Link operations. */
	payment_link_id: string | null;
	successful: boolean;
	amount_number?: number;
	fees_number?: number;
};

function sameStatus(status: string | null, expected: string): boolean {
	return (status ?? '').trim().toLowerCase() === expected.toLowerCase();
}

/** The documented fields of a delivery, typed: strings as sent, amounts also as numbers, `successful` as a boolean. */
export function paymentEvent(fields: FormFields): PaymentEvent {
	const event: IDataObject = {};
	for (const name of PAYMENT_FIELDS) {
		const value = fields.get(name);
		event[name] = value === undefined || value === '' ? null : value;
		if (name === 'payment_request_id') event.payment_link_id = event[name];
	}
	event.successful = sameStatus(event.status as string | null, STATUS_SUCCESSFUL);
	return withNumericAmounts(event, AMOUNT_FIELDS) as PaymentEvent;
}

/** Whether a delivery's status is one the trigger was set to start on. */
export function statusSelected(status: string | null, filter: PaymentFilter): boolean {
	if (filter === 'successful') return sameStatus(status, STATUS_SUCCESSFUL);
	if (filter === 'failed') return sameStatus(status, STATUS_FAILED);
	return true;
}

/**
 * What makes two deliveries "the same" for deduplication: the payment and its status, so a payment
 * reported failed and later successful is reported twice. Case-insensitive (`Credit`/`credit`, and the
 * id's case), so a copy cannot pass as new by changing case. Undefined when the delivery names no payment.
 */
export function deliveryKey(event: PaymentEvent): string | undefined {
	if (event.payment_id === null) return undefined;
	return `${event.payment_id}|${(event.status ?? '').trim()}`.toLowerCase();
}

/**
 * The payment object's `status` a delivery's status stands for (docs/instamojo-api.md §7, §9): the API
 * says true for `Credit` and false for `Failed`; undefined for any other word.
 */
export function apiStatusOf(status: string | null): boolean | undefined {
	if (sameStatus(status, STATUS_SUCCESSFUL)) return true;
	if (sameStatus(status, STATUS_FAILED)) return false;
	return undefined;
}

/**
 * The payment link id in a payment's `payment_request` (see referencedId), only when it is an Instamojo ID
 * (32 hex characters): it is compared with an untrusted delivery and quoted in the answer to it, so anything
 * else, a URL that cannot be decoded included, is no link rather than an error.
 */
export function paymentLinkIdOf(value: unknown): string | undefined {
	try {
		const id = referencedId(typeof value === 'string' ? value.trim() : value);
		return id !== undefined && /^[0-9a-f]{32}$/.test(id) ? id : undefined;
	} catch {
		return undefined;
	}
}

/** Every posted field exactly as received, `mac` and unknown fields included. */
export function rawFields(fields: FormFields): IDataObject {
	return Object.fromEntries(fields);
}
