/** Pure checks and derivations of a refund's input and of the payment it refunds (docs/instamojo-api.md §8). */
import type { IDataObject } from 'n8n-workflow';

import { idempotencyKey } from '../../helpers/idempotency';
import { formatPaise, MAX_AMOUNT, toPaise } from '../../helpers/money';
import { InputError, singleLine } from '../../helpers/validation';
import { apiBoolean } from '../../helpers/values';

/** Instamojo's refund reason codes, sent as `type`, and what each means (docs/instamojo-api.md §8). */
export const REFUND_REASONS = {
	EWN: 'Digital download issue',
	PTH: 'Problem not described above',
	QFL: 'Customer not satisfied',
	QNR: 'Product lost/damaged',
	RFD: 'Duplicate/delayed payment',
	TAN: 'Event was canceled/changed',
	TNR: 'Product/service no longer available',
} as const;

export type RefundReason = keyof typeof REFUND_REASONS;

const isRefundReason = (value: string): value is RefundReason => Object.prototype.hasOwnProperty.call(REFUND_REASONS, value);

/** The reason code; an expression may give it in lower case. */
export function validateRefundReason(value: unknown): RefundReason {
	const code = singleLine(value, 'Reason').trim().toUpperCase();
	if (!isRefundReason(code)) {
		const codes = Object.entries(REFUND_REASONS).map(([key, meaning]) => `${key} (${meaning})`);
		throw new InputError(`Reason "${code}" is not one of Instamojo's refund reasons`, `Use one of: ${codes.join(', ')}.`);
	}
	return code;
}

/**
 * A partial refund amount in paise, or undefined for the full amount (left empty). It cannot exceed
 * the largest payment Instamojo accepts; whether it exceeds this payment is checked against the payment
 * read before the refund (checkRefundable), or left to Instamojo when that read fails.
 */
export function validateRefundAmount(value: unknown): number | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const paise = toPaise(value, 'Refund Amount');
	if (paise <= 0 || paise > MAX_AMOUNT * 100) {
		throw new InputError(
			`Refund Amount ₹${formatPaise(paise)} is not a refundable amount`,
			`Use an amount above ₹0 and at most the amount paid (₹${MAX_AMOUNT} at most), or leave the field out to refund the full amount.`,
		);
	}
	return paise;
}

/**
 * The refund's `transaction_id` when the user gives none: derived from what makes a refund the same
 * refund, the payment and the amount, so a re-run workflow or a retried request carries the same id and
 * Instamojo opens no second case. The reason code and the explanation are left out on purpose: re-running
 * a refund with either reworded is the same refund, not a second one (docs/instamojo-api.md §8). Two
 * intended refunds of one amount on one payment therefore need a Transaction ID each.
 */
export function refundTransactionId(paymentId: string, amountPaise: number | undefined): string {
	return idempotencyKey('refund', [paymentId, amountPaise === undefined ? 'full' : formatPaise(amountPaise)]);
}

/**
 * Refund ids: resolution-centre cases are `C` + 9 characters in the docs, refund objects `R…` in the
 * official SDKs' tests (docs/instamojo-api.md §8); a letter and 4–39 letters or digits covers both.
 */
export const isRefundId = (id: string): boolean => /^[A-Za-z][A-Za-z0-9]{4,39}$/.test(id);

export function validateRefundId(value: unknown): string {
	const id = singleLine(value, 'Refund ID').trim();
	if (!isRefundId(id)) {
		throw new InputError(
			`Refund ID "${id}" is not an Instamojo refund ID`,
			'Use the ID of a refund case (C…, from Create or a payment) or of a refund (R…, from Get Many), e.g. C5c0751269.',
		);
	}
	return id;
}

/** Why a payment read before its refund shows the refund cannot be right, or undefined. */
export interface RefundProblem {
	message: string;
	hint: string;
}

/**
 * What the payment read before the refund rules out: a payment that did not succeed, or a partial amount
 * above what was paid. Each check is made only on a value Instamojo sent readably (`status` through
 * apiBoolean, since "False" is truthy); what could not be read is listed in `skipped`, never assumed.
 */
export function checkRefundable(
	payment: IDataObject,
	amountPaise: number | undefined,
): { problem?: RefundProblem; skipped: string[] } {
	const skipped: string[] = [];
	const succeeded = apiBoolean(payment.status);
	if (succeeded === false) {
		return {
			problem: {
				message: `Payment ${String(payment.id)} did not succeed, so there is nothing to refund`,
				hint: 'Only successful payments can be refunded: check the Payment ID.',
			},
			skipped,
		};
	}
	if (succeeded === undefined) skipped.push('payment succeeded: Instamojo sent no readable status');
	if (amountPaise === undefined) return { skipped };
	const paidPaise = apiPaise(payment.amount);
	if (paidPaise === undefined) {
		skipped.push('refund amount at most the amount paid: Instamojo sent no readable amount');
	} else if (amountPaise > paidPaise) {
		return {
			problem: {
				message: `Refund Amount ₹${formatPaise(amountPaise)} is more than the ₹${formatPaise(paidPaise)} paid`,
				hint: `Use at most ₹${formatPaise(paidPaise)}, or leave Refund Amount out to refund the full amount.`,
			},
			skipped,
		};
	}
	return { skipped };
}

/** An amount as Instamojo writes it (a two-decimal string), in paise; undefined when it is not one. */
function apiPaise(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	try {
		return toPaise(value, 'amount');
	} catch {
		return undefined;
	}
}
