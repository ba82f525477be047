/**
 * Pure input checks run before any request. Each returns the normalised value or throws an
 * InputError whose message names the field and the fix; the router turns it into a
 * NodeOperationError with the item index.
 */
export class InputError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireText(value: unknown, field: string, maxLength?: number): string {
	const text = String(value ?? '').trim();
	if (!text) throw new InputError(`${field} is required`, `Enter a ${field}.`);
	if (maxLength !== undefined && text.length > maxLength) {
		throw new InputError(`${field} is longer than ${maxLength} characters`, `Shorten the ${field}.`);
	}
	return text;
}

export function optionalText(value: unknown, field: string, maxLength: number): string | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	return requireText(text, field, maxLength);
}

export function validateEmail(value: unknown, field = 'Email'): string {
	const email = String(value ?? '').trim();
	if (!EMAIL.test(email)) {
		throw new InputError(`${field} "${email}" is not a valid email address`, 'Use an address like name@example.com.');
	}
	return email;
}

/**
 * An Indian mobile number in the form Instamojo stores (spec §3.6): `+91` and ten digits starting 6–9.
 * Accepts spaces, dashes, a leading 0, `91` or `+91`.
 */
export function normalizeIndianPhone(value: unknown, field = 'Phone'): string {
	const raw = String(value ?? '').trim();
	const digits = raw.replace(/[\s\-().]/g, '');
	const match = /^(?:\+?91|0)?([6-9]\d{9})$/.exec(digits);
	if (!match) {
		throw new InputError(
			`${field} "${raw}" is not an Indian mobile number`,
			'Use ten digits starting with 6–9, optionally prefixed with +91, e.g. +919876543210.',
		);
	}
	return `+91${match[1]}`;
}

export function validateUrl(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new InputError(`${field} "${text}" is not a valid http(s) URL`, 'Use a full URL such as https://example.com/path.');
	}
	return text;
}

/** IFSC: four letters, a zero, six letters or digits (spec §7), after trimming and upper-casing. */
export function normalizeIfsc(value: unknown): string {
	const ifsc = String(value ?? '').trim().toUpperCase();
	if (!/^[A-Z]{4}0[A-Z0-9]{6}$/.test(ifsc)) {
		throw new InputError(
			`IFSC "${ifsc}" is not valid`,
			'An IFSC has 11 characters: four letters, a zero, then six letters or digits, e.g. SBIN0001234.',
		);
	}
	return ifsc;
}

export function normalizeAccountNumber(value: unknown): string {
	const account = String(value ?? '').replace(/\s/g, '');
	if (!/^\d{1,50}$/.test(account)) {
		throw new InputError(
			'Account Number must contain digits only (at most 50)',
			'Remove letters and punctuation from the account number.',
		);
	}
	return account;
}

/** A timestamp n8n or a user may give (ISO string, Luxon DateTime string), as ISO-8601 UTC. */
export function normalizeDateTime(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	const time = Date.parse(text);
	if (!text || Number.isNaN(time)) {
		throw new InputError(`${field} "${text}" is not a date and time`, 'Use an ISO date such as 2026-12-31T18:30:00Z.');
	}
	return new Date(time).toISOString();
}

/** Instamojo's 32-hex ids of users and payment requests (spec §3.5). */
export function validateHexId(value: unknown, field: string): string {
	const id = String(value ?? '').trim().toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(id)) {
		throw new InputError(`${field} "${id}" is not an Instamojo ID`, `A ${field} is 32 hexadecimal characters, e.g. 90f01dfdacbe4fe7892fc27dbdc30906.`);
	}
	return id;
}

/** Payment ids: MOJO and 16 letters or digits (spec §3.5). */
export function validatePaymentId(value: unknown): string {
	const id = String(value ?? '').trim();
	if (!/^MOJO[0-9A-Za-z]{16}$/.test(id)) {
		throw new InputError(`Payment ID "${id}" is not an Instamojo payment ID`, 'A payment ID is MOJO followed by 16 letters or digits, e.g. MOJO5a06005J21512197.');
	}
	return id;
}
