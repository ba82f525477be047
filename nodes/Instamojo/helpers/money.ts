import type { IDataObject } from 'n8n-workflow';

import { InputError } from './validation';

/** Payment request amount limits in INR (spec §8.1). */
export const MIN_AMOUNT = 9;
export const MAX_AMOUNT = 200000;

/** Money is handled in paise (integers) so 0.1 + 0.2 never reaches an API. */
export function toPaise(value: unknown, field: string): number {
	const text = typeof value === 'number' ? String(value) : String(value ?? '').trim().replace(/,/g, '');
	if (!/^\d+(\.\d{1,2})?$/.test(text)) {
		throw new InputError(`${field} "${String(value ?? '')}" is not an amount in rupees`, 'Use a number with at most two decimals, e.g. 499 or 499.50.');
	}
	const [rupees, fraction = ''] = text.split('.');
	return Number(rupees) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The API's two-decimal string for an amount in paise. */
export function formatPaise(paise: number): string {
	const sign = paise < 0 ? '-' : '';
	const abs = Math.abs(paise);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function validateAmount(value: unknown, field = 'Amount'): number {
	const paise = toPaise(value, field);
	if (paise < MIN_AMOUNT * 100 || paise > MAX_AMOUNT * 100) {
		throw new InputError(
			`${field} ₹${formatPaise(paise)} is outside Instamojo's limits`,
			`Use an amount from ₹${MIN_AMOUNT} to ₹${MAX_AMOUNT}.`,
		);
	}
	return paise;
}

export type FeeType = 'fixed' | 'percent';

export interface CommissionPreview {
	commission_amount: number;
	seller_share: number;
	/** Instamojo deducts its own fees and taxes from the seller's share afterwards. */
	note: string;
}

/**
 * Checks the marketplace commission against the amount (percent ≤ 100; fixed below the amount) and
 * returns the fee as the API wants it plus a preview of the split.
 */
export function commission(amountPaise: number, type: FeeType, fee: unknown): { partnerFee: string; preview: CommissionPreview } {
	if (type === 'percent') {
		const basisPoints = toPaise(fee, 'Commission percentage');
		if (basisPoints > 100 * 100) {
			throw new InputError('Commission percentage is above 100', 'Use a percentage from 0 to 100.');
		}
		const commissionPaise = Math.round((amountPaise * basisPoints) / (100 * 100));
		return { partnerFee: formatPaise(basisPoints), preview: preview(amountPaise, commissionPaise) };
	}
	const feePaise = toPaise(fee, 'Commission amount');
	if (feePaise >= amountPaise) {
		throw new InputError(
			`Fixed commission ₹${formatPaise(feePaise)} is not below the amount ₹${formatPaise(amountPaise)}`,
			'A fixed commission must leave the seller something: make it smaller than the amount.',
		);
	}
	return { partnerFee: formatPaise(feePaise), preview: preview(amountPaise, feePaise) };
}

function preview(amountPaise: number, commissionPaise: number): CommissionPreview {
	return {
		commission_amount: commissionPaise / 100,
		seller_share: (amountPaise - commissionPaise) / 100,
		note: "Before Instamojo's own fees and taxes, which come out of the seller's share.",
	};
}

/** Adds `<field>_number` beside each two-decimal string amount, keeping the API's string as it is. */
export function withNumericAmounts(object: IDataObject, fields: string[]): IDataObject {
	const result: IDataObject = { ...object };
	for (const field of fields) {
		const value = object[field];
		if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) {
			result[`${field}_number`] = Number(value);
		}
	}
	return result;
}
