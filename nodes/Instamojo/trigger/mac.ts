import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Instamojo's webhook MAC (docs/instamojo-api.md §9): HMAC-SHA1, keyed with the account's private salt, over the
 * values of every posted field except `mac`, ordered by key compared case-insensitively and joined
 * with `|`. Unknown fields and empty values count: the MAC covers exactly what was posted.
 */
export const MAC_FIELD = 'mac';

/** The fields of a form body, in the order they were posted. A Map, so a key like `__proto__` is just a key. */
export type FormFields = Map<string, string>;

export type FormParseResult = { ok: true; fields: FormFields } | { ok: false; reason: string };

/**
 * Parses an `application/x-www-form-urlencoded` body with WHATWG rules (`+` and `%20` are both a space,
 * values are percent-decoded as UTF-8), which is what PHP's `$_POST` and Django's `request.POST` see
 * when they compute the MAC. A repeated key is refused: it would have to be signed as one value, and
 * which one differs between parsers, so accepting it would let a sender choose what gets verified.
 */
export function parseFormBody(body: string): FormParseResult {
	if (body.trim() === '') return { ok: false, reason: 'the body is empty' };
	const fields: FormFields = new Map();
	for (const [key, value] of new URLSearchParams(body)) {
		if (fields.has(key)) return { ok: false, reason: `the field "${key}" appears more than once` };
		fields.set(key, value);
	}
	return { ok: true, fields };
}

/** ASCII-only lower case, as PHP's `ksort(..., SORT_FLAG_CASE)` compares keys; Unicode case rules play no part. */
function foldCase(key: string): string {
	return key.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The text the MAC is computed over: values ordered by case-folded key, joined with `|`. */
export function macMessage(fields: FormFields): string {
	const keys = [...fields.keys()].filter((key) => key !== MAC_FIELD);
	// Plain code-unit comparison (not localeCompare) so the order never depends on the host's locale.
	// Array#sort is stable: keys that differ only in case keep their posted order, as in PHP 8.
	keys.sort((a, b) => {
		const left = foldCase(a);
		const right = foldCase(b);
		return left < right ? -1 : left > right ? 1 : 0;
	});
	return keys.map((key) => fields.get(key)).join('|');
}

/** Lower-case hex HMAC-SHA1 of a message, keyed with the private salt. */
export function hmacSha1Hex(message: string, salt: string): string {
	return createHmac('sha1', salt).update(message, 'utf8').digest('hex');
}

/** The MAC Instamojo would send with these fields. */
export function computeMac(fields: FormFields, salt: string): string {
	return hmacSha1Hex(macMessage(fields), salt);
}

/** Constant-time equality of two MACs; a length mismatch is answered without comparing content. */
export function macEquals(expected: string, received: string): boolean {
	const encoder = new TextEncoder();
	const left = encoder.encode(expected);
	// Hex is case-insensitive; Instamojo sends lower case, and so does our digest.
	const right = encoder.encode(received.toLowerCase());
	return left.length === right.length && timingSafeEqual(left, right);
}

export type MacCheck = { valid: true } | { valid: false; reason: 'missing' | 'mismatch' };

/** Checks the `mac` field of parsed form fields against the private salt. */
export function verifyMac(fields: FormFields, salt: string): MacCheck {
	const received = fields.get(MAC_FIELD);
	if (received === undefined || received === '') return { valid: false, reason: 'missing' };
	return macEquals(computeMac(fields, salt), received) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
