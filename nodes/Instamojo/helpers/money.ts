import type { IDataObject } from 'n8n-workflow';

import { InputError, quoted } from './validation';

/** Payment request amount limits in INR (docs/instamojo-api.md §6). */
export const MIN_AMOUNT = 9;
export const MAX_AMOUNT = 200000;

const FORMAT_HINT = 'Use a number with at most two decimals, e.g. 499 or 499.50.';

// ASCII digits only (`\d` without the `u` flag): other scripts' digits are refused, never guessed.
const PLAIN = /^\d+(?:\.\d{1,2})?$/;
// A comma is read only as a digit-group separator: Western 1,000,000 or Indian 12,34,567.
const WESTERN_GROUPS = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d{1,2})?$/;
const INDIAN_GROUPS = /^[1-9]\d?(?:,\d{2})*,\d{3}(?:\.\d{1,2})?$/;
// Beyond this many rupee digits the paise would no longer be exact integers.
const MAX_RUPEE_DIGITS = 13;

/**
 * Money is handled in paise (integers) so 0.1 + 0.2 never reaches an API. Only a finite, non-negative
 * number or a string of digits with at most two decimals is an amount; anything that would need a
 * guess (a decimal comma, a currency sign, a list from an expression) is refused, naming the field.
 */
export function toPaise(value: unknown, field: string): number {
	const text = amountText(value, field);
	if (!PLAIN.test(text) && !WESTERN_GROUPS.test(text) && !INDIAN_GROUPS.test(text)) refuseText(text, field);
	const [rupees, fraction = ''] = text.replace(/,/g, '').split('.');
	if (rupees.replace(/^0+(?=\d)/, '').length > MAX_RUPEE_DIGITS) {
		throw new InputError(`${field} ${quoted(text)} is too large to be an amount`, `Instamojo accepts at most ₹${MAX_AMOUNT}.`);
	}
	return Number(rupees) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The amount as text to parse: numbers in their shortest exact form, strings trimmed, all else refused. */
function amountText(value: unknown, field: string): string {
	if (typeof value === 'number') return numberText(value, field);
	if (typeof value === 'string') {
		if (value.trim() === '') throw new InputError(`${field} is empty`, `Enter an amount in rupees. ${FORMAT_HINT}`);
		return value.trim();
	}
	if (value === undefined || value === null) throw new InputError(`${field} is empty`, `Enter an amount in rupees. ${FORMAT_HINT}`);
	if (Array.isArray(value)) {
		throw new InputError(
			`${field} is a list, not one amount`,
			`The expression gave a list of ${value.length}: pick one value, e.g. {{ $json.amounts[0] }}.`,
		);
	}
	if (typeof value === 'boolean') {
		throw new InputError(`${field} is ${String(value)}, not an amount`, `Map a number such as 499.50, not a true/false value.`);
	}
	throw new InputError(
		`${field} is ${typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not an amount`,
		'Map one number from it, e.g. {{ $json.order.amount }}.',
	);
}

/** A number's shortest round-trip decimal form: 0.1 + 0.2 is 0.30000000000000004, which has too many decimals. */
function numberText(value: number, field: string): string {
	const text = String(value);
	if (!Number.isFinite(value)) {
		throw new InputError(`${field} "${text}" is not an amount in rupees`, `The expression gave no number: check the fields it reads. ${FORMAT_HINT}`);
	}
	if (value < 0) throw new InputError(`${field} "${text}" is not an amount in rupees`, `An amount cannot be negative. ${FORMAT_HINT}`);
	if (!PLAIN.test(text)) {
		throw new InputError(
			`${field} "${text}" is not an amount in rupees`,
			`It has more than two decimals or is too large; round a computed amount in the expression, e.g. {{ (…).toFixed(2) }}. ${FORMAT_HINT}`,
		);
	}
	return text;
}

/** Throws the error that says why a string is not an amount. */
function refuseText(text: string, field: string): never {
	const decimalComma = /^(\d+),(\d{1,2})$/.exec(text);
	if (decimalComma) {
		throw new InputError(
			`${field} ${quoted(text)} is ambiguous: a decimal comma?`,
			`Write ${decimalComma[1]}.${decimalComma[2]} for rupees and paise; a comma may only group digits, as in 1,000 or 1,00,000.`,
		);
	}
	if (/^[\d.,]+$/.test(text) && text.includes(',')) {
		throw new InputError(
			`${field} ${quoted(text)} is ambiguous: its commas do not group digits`,
			'A comma may only separate groups of digits, as in 1,000, 1,000,000 or 1,00,000; or leave the commas out, e.g. 100000.50.',
		);
	}
	throw new InputError(`${field} ${quoted(text)} is not an amount in rupees`, `${whyNotAmount(text)}${FORMAT_HINT}`);
}

/** The first rule a non-amount string breaks, as the start of a hint. */
function whyNotAmount(text: string): string {
	if (text.startsWith('-')) return 'An amount cannot be negative. ';
	if (text.startsWith('+')) return 'Leave out the + sign. ';
	if (/[₹$€£¥]|^(?:rs\.?|inr)\s*\d|\d\s*(?:rs\.?|inr)$/i.test(text)) {
		return 'Leave out the currency: the amount is in rupees, and a sign or "Rs." is not read. ';
	}
	if (/^\d+(?:\.\d+)?e[+-]?\d+$/i.test(text)) return 'Exponent notation is not read. ';
	if (/\d\s+\d/.test(text)) return 'Remove the spaces between the digits. ';
	if (/\p{Nd}/u.test(text.replace(/\d/g, ''))) return 'Use the digits 0–9. ';
	if (/\.\d{3,}$/.test(text)) return 'More than two decimals (or a dot between thousands) cannot be read. ';
	if (/^[\d.]+$/.test(text)) return 'A dot is the decimal point: one at most, between digits. ';
	return '';
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

const NO_COMMISSION_HINT = 'Enter the marketplace\'s cut, or choose Commission Type: None to take no commission.';

/**
 * Checks the marketplace commission against the amount and returns the fee as the API wants it plus a
 * preview of the split. One rule for both types: the commission is at least ₹0.01 and leaves the seller
 * at least ₹0.01, however Instamojo rounds a percentage (which no source states). A zero commission is
 * refused: it is what Commission Type: None means, and a 0 left in the field is usually a forgotten value.
 */
export function commission(amountPaise: number, type: FeeType, fee: unknown): { partnerFee: string; preview: CommissionPreview } {
	return type === 'percent' ? percentCommission(amountPaise, fee) : fixedCommission(amountPaise, fee);
}

function percentCommission(amountPaise: number, fee: unknown): { partnerFee: string; preview: CommissionPreview } {
	// Two-decimal percentages parse like rupees: 12.5 % is 1250 hundredths of a percent.
	const basisPoints = toPaise(fee, 'Commission Percentage');
	const percent = `${formatPaise(basisPoints)}%`;
	if (basisPoints === 0) throw new InputError(`Commission Percentage ${percent} is no commission`, NO_COMMISSION_HINT);
	if (basisPoints >= 100 * 100) {
		throw new InputError(
			`Commission Percentage ${percent} is not below 100%`,
			'A commission must leave the seller something: use a percentage above 0 and below 100, e.g. 10.',
		);
	}
	const exact = (amountPaise * basisPoints) / (100 * 100);
	const of = `of ₹${formatPaise(amountPaise)}`;
	if (Math.floor(exact) < 1) {
		throw new InputError(
			`Commission Percentage ${percent} ${of} is less than ₹0.01`,
			'Use a larger percentage or a fixed commission, or choose Commission Type: None.',
		);
	}
	if (Math.ceil(exact) >= amountPaise) {
		throw new InputError(`Commission Percentage ${percent} ${of} leaves the seller less than ₹0.01`, 'Use a smaller percentage.');
	}
	return { partnerFee: formatPaise(basisPoints), preview: preview(amountPaise, Math.round(exact)) };
}

function fixedCommission(amountPaise: number, fee: unknown): { partnerFee: string; preview: CommissionPreview } {
	const feePaise = toPaise(fee, 'Commission Amount');
	if (feePaise === 0) throw new InputError('Commission Amount ₹0.00 is no commission', NO_COMMISSION_HINT);
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
