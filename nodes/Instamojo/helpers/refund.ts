/** Pure checks and derivations for refunds (spec §13). */
import { idempotencyKey } from './idempotency';
import { formatPaise, MAX_AMOUNT, toPaise } from './money';
import { InputError } from './validation';

/** Instamojo's refund reason codes, sent as `type`, and what each means (spec §13.1). */
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
	const code = String(value ?? '').trim().toUpperCase();
	if (!isRefundReason(code)) {
		const codes = Object.entries(REFUND_REASONS).map(([key, meaning]) => `${key} (${meaning})`);
		throw new InputError(`Reason "${code}" is not one of Instamojo's refund reasons`, `Use one of: ${codes.join(', ')}.`);
	}
	return code;
}

/**
 * A partial refund amount in paise, or undefined for the full amount (left empty). It cannot exceed
 * the largest payment Instamojo accepts; whether it exceeds this payment is Instamojo's to say.
 */
export function validateRefundAmount(value: unknown): number | undefined {
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
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
 * refund (payment, amount, reason), so a re-run workflow or a retried request carries the same id and
 * Instamojo opens no second case. The explanation is left out on purpose: rewording it is not a new refund.
 */
export function refundTransactionId(paymentId: string, amountPaise: number | undefined, reason: RefundReason): string {
	return idempotencyKey('refund', [paymentId, amountPaise === undefined ? 'full' : formatPaise(amountPaise), reason]);
}

/** Refund (resolution case) ids: `C` + 9 characters in the docs, `R…` in one SDK (spec §3.5). */
export const isRefundId = (id: string): boolean => /^[A-Za-z][A-Za-z0-9]{4,39}$/.test(id);

export function validateRefundId(value: unknown): string {
	const id = String(value ?? '').trim();
	if (!isRefundId(id)) {
		throw new InputError(`Refund ID "${id}" is not an Instamojo refund ID`, 'A refund ID is a letter followed by letters or digits, e.g. C5c0751269, as returned by Create or Get Many.');
	}
	return id;
}

/**
 * Where one refund is read. Instamojo's API reference documents "Get details of a refund" at the
 * resolution-centre path, and a payment's `cases` link there (spec §13.2, §10.1); the SDKs'
 * `/v2/refunds/{id}/` is kept for the list, the only path any source gives for it.
 */
export const refundCasePath = (id: string): string => `/v2/resolutioncenter/cases/${id}/`;

export const REFUNDS_PATH = '/v2/refunds/';
