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
const QUOTE_LIMIT = 60;

/** A value as a message quotes it: escaped, and cut short so a 10 KB input does not become the message. */
export function quoted(text: string): string {
	const chars = [...text];
	return JSON.stringify(chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join('')}…` : text);
}

const CONTROL_NAMES: Record<number, string> = {
	0x00: 'NUL',
	0x09: 'tab',
	0x0a: 'line break',
	0x0d: 'carriage return',
	0x1b: 'escape',
	0x7f: 'delete',
};

/**
 * Characters no single-line field may hold: C0 controls (NUL to US, with tab, CR and LF), DEL, C1
 * controls, the Unicode line and paragraph separators, and the bidirectional embedding, override and
 * isolate marks, which can make a checkout page show other text than was sent. Zero-width joiners stay:
 * Indic scripts need them.
 */
function isForbidden(code: number, multiline: boolean): boolean {
	if (multiline && (code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029)) return false;
	return (
		code <= 0x1f ||
		(code >= 0x7f && code <= 0x9f) ||
		code === 0x2028 ||
		code === 0x2029 ||
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069)
	);
}

function refuseControlCharacters(text: string, field: string, multiline: boolean): void {
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (!isForbidden(code, multiline)) continue;
		const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
		const name = CONTROL_NAMES[code];
		throw new InputError(
			`${field} contains a control character (${name ? `${name}, ${hex}` : hex})`,
			multiline
				? `Remove control characters from ${field}: only line breaks and tabs are kept.`
				: `${field} is a single line: remove line breaks, tabs and other control characters.`,
		);
	}
}

/**
 * A text parameter as given: strings as they are, finite numbers as their digits. Lists, objects and
 * booleans from an expression are refused rather than stringified ("[object Object]", "a,b", "true"),
 * and so are integers too large to be exact (an account number as a number has lost its last digits).
 */
function textOf(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) {
		if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
			throw new InputError(`${field} is a number too long to be exact`, 'A number this long has lost its last digits: keep it as text in the source data.');
		}
		return String(value);
	}
	const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
	throw new InputError(`${field} is ${kind}, not text`, `Map one text value to ${field}, e.g. {{ $json.name }}.`);
}

/** A single-line text value, untrimmed: control characters are refused wherever they are. */
export function singleLine(value: unknown, field: string): string {
	const text = textOf(value, field);
	refuseControlCharacters(text, field, false);
	return text;
}

/** Lengths count characters as Instamojo's forms do (code points), so an emoji is one, not two. */
function checkLength(text: string, field: string, maxLength: number | undefined): string {
	const length = [...text].length;
	if (maxLength !== undefined && length > maxLength) {
		throw new InputError(`${field} is longer than ${maxLength} characters`, `Shorten ${field} to at most ${maxLength} characters; it has ${length}.`);
	}
	return text;
}

export function requireText(value: unknown, field: string, maxLength?: number): string {
	const text = singleLine(value, field).trim();
	if (!text) throw new InputError(`${field} is required`, `Enter a ${field}.`);
	return checkLength(text, field, maxLength);
}

export function optionalText(value: unknown, field: string, maxLength?: number): string | undefined {
	const text = singleLine(value, field).trim();
	return text ? checkLength(text, field, maxLength) : undefined;
}

/** Free text meant to span lines (a refund's explanation): line breaks and tabs kept, other controls refused. */
export function requireMultilineText(value: unknown, field: string, maxLength?: number): string {
	const text = textOf(value, field);
	refuseControlCharacters(text, field, true);
	if (!text.trim()) throw new InputError(`${field} is required`, `Enter a ${field}.`);
	return checkLength(text.trim(), field, maxLength);
}

export function validateEmail(value: unknown, field = 'Email'): string {
	const email = singleLine(value, field).trim();
	if (!EMAIL.test(email)) {
		throw new InputError(`${field} ${quoted(email)} is not a valid email address`, 'Use an address like name@example.com.');
	}
	return email;
}

/**
 * An Indian mobile number in the form Instamojo stores (docs/instamojo-api.md §3): `+91` and ten digits starting 6–9.
 * Accepts spaces, dashes, a leading 0, `91` or `+91`.
 */
export function normalizeIndianPhone(value: unknown, field = 'Phone'): string {
	const raw = singleLine(value, field).trim();
	const digits = raw.replace(/[\s\-().]/g, '');
	const match = /^(?:\+?91|0)?([6-9]\d{9})$/.exec(digits);
	if (!match) {
		throw new InputError(
			`${field} ${quoted(raw)} is not an Indian mobile number`,
			'Use ten digits starting with 6–9, optionally prefixed with +91, e.g. +919876543210.',
		);
	}
	return `+91${match[1]}`;
}

export function validateUrl(value: unknown, field: string): string {
	const text = singleLine(value, field).trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new InputError(`${field} ${quoted(text)} is not a valid http(s) URL`, 'Use a full URL such as https://example.com/path.');
	}
	return text;
}

/** IFSC: four letters, a zero, six letters or digits (docs/instamojo-api.md §5), after trimming and upper-casing. */
export function normalizeIfsc(value: unknown): string {
	const ifsc = singleLine(value, 'IFSC').trim().toUpperCase();
	if (!/^[A-Z]{4}0[A-Z0-9]{6}$/.test(ifsc)) {
		throw new InputError(
			`IFSC ${quoted(ifsc)} is not valid`,
			'An IFSC has 11 characters: four letters, a zero, then six letters or digits, e.g. SBIN0001234.',
		);
	}
	return ifsc;
}

export function normalizeAccountNumber(value: unknown): string {
	const account = singleLine(value, 'Account Number').replace(/\s/g, '');
	if (!/^\d{1,50}$/.test(account)) {
		throw new InputError(
			'Account Number must contain digits only (at most 50)',
			'Remove letters and punctuation from the account number.',
		);
	}
	return account;
}

/**
 * A timestamp n8n or a user may give (ISO string, or a Date or Luxon DateTime from an expression), as
 * ISO-8601 UTC. A four-digit year must stand in the text: V8 reads "5" as May 2001.
 */
export function normalizeDateTime(value: unknown, field: string): string {
	const text = isDateObject(value) ? String(value) : singleLine(value, field).trim();
	const time = Date.parse(text);
	if (!/(?:^|\D)\d{4}(?:\D|$)/.test(text) || Number.isNaN(time)) {
		throw new InputError(`${field} ${quoted(text)} is not a date and time`, 'Use an ISO date such as 2026-12-31T18:30:00Z.');
	}
	return new Date(time).toISOString();
}

const isDateObject = (value: unknown): boolean =>
	value instanceof Date || (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function');

/** Instamojo's 32-hex ids of users and payment requests (docs/instamojo-api.md §3). */
export function validateHexId(value: unknown, field: string): string {
	const id = singleLine(value, field).trim().toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(id)) {
		throw new InputError(`${field} ${quoted(id)} is not an Instamojo ID`, `A ${field} is 32 hexadecimal characters, e.g. 90f01dfdacbe4fe7892fc27dbdc30906.`);
	}
	return id;
}

/** Payment ids: MOJO and 16 letters or digits (docs/instamojo-api.md §3). */
export function validatePaymentId(value: unknown): string {
	const id = singleLine(value, 'Payment ID').trim();
	if (!/^MOJO[0-9A-Za-z]{16}$/.test(id)) {
		throw new InputError(`Payment ID ${quoted(id)} is not an Instamojo payment ID`, 'A payment ID is MOJO followed by 16 letters or digits, e.g. MOJO5a06005J21512197.');
	}
	return id;
}
