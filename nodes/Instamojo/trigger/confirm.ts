import type { IDataObject } from 'n8n-workflow';

import { toPaise } from '../helpers/money';
import { apiBoolean } from '../helpers/values';
import { apiStatusOf, type PaymentEvent, paymentLinkIdOf } from './webhook';
import type { GuardedRead } from './guard';
import { OVER_BUDGET } from './paymentDetails';

/**
 * Confirming a delivery with the API instead of its signature (docs/instamojo-api.md §9): when a seller's
 * link is signed with the seller's salt, which the marketplace cannot read, the only trustworthy account
 * of a payment is the payment object, read with the credential's token. A delivery is confirmed when that
 * payment exists, belongs to the delivery's payment link, and has the delivery's status and amount.
 */
export type Confirmation =
	| { confirmed: true; payment: IDataObject }
	/** 401: Instamojo does not back the delivery; 503: nobody could ask Instamojo just now. */
	| { confirmed: false; status: 401 | 503; reason: string };

const HEX_ID = /^[0-9a-f]{32}$/i;

/** Amounts compared in paise, so `2500.0` and `2500.00` agree and nothing is rounded. */
function paiseOf(value: unknown): number | undefined {
	try {
		return toPaise(value, 'amount');
	} catch {
		return undefined;
	}
}

/** Why a delivery cannot be confirmed whatever the API says, checked before any read; undefined if it can be. */
export function unconfirmable(event: PaymentEvent): string | undefined {
	if (event.payment_id === null) return 'the delivery has no payment_id';
	if (event.payment_request_id === null || !HEX_ID.test(event.payment_request_id)) {
		return 'the delivery has no valid payment_request_id';
	}
	if (apiStatusOf(event.status) === undefined) return 'the delivery\'s status is neither "Credit" nor "Failed"';
	if (paiseOf(event.amount) === undefined) return 'the delivery has no valid amount';
	return undefined;
}

/** Where the payment object and the delivery disagree; undefined when they agree on every point. */
export function disagreement(event: PaymentEvent, payment: IDataObject): string | undefined {
	if (String(payment.id ?? '').toLowerCase() !== String(event.payment_id).toLowerCase()) {
		return 'Instamojo answered with another payment';
	}
	const link = paymentLinkIdOf(payment.payment_request);
	if (link !== String(event.payment_request_id).toLowerCase()) {
		return `the payment belongs to ${link === undefined ? 'no payment link' : `payment link ${link}`}, not ${event.payment_request_id}`;
	}
	const status = apiBoolean(payment.status);
	if (status !== apiStatusOf(event.status)) {
		const actual = status === undefined ? 'not finished' : status ? 'successful' : 'failed';
		return `Instamojo says the payment is ${actual}, the delivery says "${event.status}"`;
	}
	const paid = paiseOf(payment.amount);
	if (paid === undefined || paid !== paiseOf(event.amount)) {
		return `Instamojo says the amount is ${String(payment.amount)}, the delivery says ${event.amount}`;
	}
	return undefined;
}

/** Words for a refused read that tell the n8n user what is going on, without quoting the answer. */
function refusalReason(statusCode: number): string {
	if (statusCode === 403) return "the credential's token may not read that payment (HTTP 403)";
	if (statusCode === 404) return 'Instamojo has no such payment for this credential (HTTP 404)';
	return `Instamojo refused to read that payment (HTTP ${statusCode})`;
}

/** The verdict on a delivery, from the guarded read of its payment. */
export function confirmation(event: PaymentEvent, read: GuardedRead): Confirmation {
	switch (read.kind) {
		case 'overBudget':
			return { confirmed: false, status: 503, reason: OVER_BUDGET };
		case 'unavailable':
			return { confirmed: false, status: 503, reason: `Instamojo could not be asked (${read.reason})` };
		case 'refused':
			return { confirmed: false, status: 401, reason: refusalReason(read.statusCode) };
		case 'payment': {
			const reason = disagreement(event, read.payment);
			return reason === undefined ? { confirmed: true, payment: read.payment } : { confirmed: false, status: 401, reason };
		}
	}
}
