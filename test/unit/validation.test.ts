import {
	InputError,
	normalizeAccountNumber,
	normalizeDateTime,
	normalizeIfsc,
	normalizeIndianPhone,
	optionalText,
	quoted,
	requireMultilineText,
	requireText,
	validateEmail,
	validateHexId,
	validatePaymentId,
	validateUrl,
} from '../../nodes/Instamojo/helpers/validation';
import { inputErrorOf } from '../support/inputErrors';

describe('normalizeIndianPhone', () => {
	it.each([
		['9876543210', '+919876543210'],
		['+91 98765 43210', '+919876543210'],
		['919876543210', '+919876543210'],
		['09876543210', '+919876543210'],
		['+91-98765-43210', '+919876543210'],
	])('normalises %s to %s', (input, expected) => {
		expect(normalizeIndianPhone(input)).toBe(expected);
	});

	it.each(['12345', '5876543210', '+1 415 555 0100', 'abc'])('rejects %s with a fix', (input) => {
		const error = inputErrorOf(() => normalizeIndianPhone(input));
		expect(error.message).toContain(input);
		expect(error.hint).toMatch(/ten digits/);
	});
});

describe('normalizeIfsc', () => {
	it('trims and upper-cases before checking', () => {
		expect(normalizeIfsc('  sbin0001234 ')).toBe('SBIN0001234');
	});

	it.each(['SBIN1001234', 'SBI0001234', 'SBIN000123', 'SBIN00012345'])('rejects %s', (input) => {
		expect(inputErrorOf(() => normalizeIfsc(input)).hint).toMatch(/four letters, a zero/);
	});
});

describe('other checks', () => {
	it('keeps account numbers to digits, dropping spaces', () => {
		expect(normalizeAccountNumber('1234 5678 90')).toBe('1234567890');
		expect(inputErrorOf(() => normalizeAccountNumber('12-34')).message).toMatch(/digits only/);
	});

	it('accepts http(s) URLs only', () => {
		expect(validateUrl('https://shop.example/paid', 'Redirect URL')).toBe('https://shop.example/paid');
		expect(inputErrorOf(() => validateUrl('ftp://x.example', 'Redirect URL')).message).toMatch(/Redirect URL/);
		expect(inputErrorOf(() => validateUrl('not a url', 'Webhook URL')).message).toMatch(/Webhook URL/);
	});

	it('checks email, ids and dates', () => {
		expect(validateEmail(' a@b.in ')).toBe('a@b.in');
		expect(() => validateEmail('a@b')).toThrow(InputError);
		expect(validateHexId('90F01DFDACBE4FE7892FC27DBDC30906', 'Seller ID')).toBe('90f01dfdacbe4fe7892fc27dbdc30906');
		expect(() => validateHexId('90f01dfd', 'Seller ID')).toThrow(/Seller ID/);
		expect(validatePaymentId('MOJO5a06005J21512197')).toBe('MOJO5a06005J21512197');
		expect(() => validatePaymentId('MOJO5a06')).toThrow(/Payment ID/);
		expect(normalizeDateTime('2026-12-31T18:30:00+05:30', 'Expires At')).toBe('2026-12-31T13:00:00.000Z');
		expect(() => normalizeDateTime('tomorrow', 'Expires At')).toThrow(/Expires At/);
	});
});

/** Every single-line check, as a call that takes the hostile value at the right place. */
const singleLineChecks: Array<[string, (value: unknown) => unknown]> = [
	['Purpose', (value) => requireText(value, 'Purpose', 30)],
	['Buyer Name', (value) => optionalText(value, 'Buyer Name', 100)],
	['Buyer Email', (value) => validateEmail(value, 'Buyer Email')],
	['Phone', (value) => normalizeIndianPhone(value)],
	['Redirect URL', (value) => validateUrl(value, 'Redirect URL')],
	['IFSC', (value) => normalizeIfsc(value)],
	['Account Number', (value) => normalizeAccountNumber(value)],
	['Seller ID', (value) => validateHexId(value, 'Seller ID')],
	['Payment ID', (value) => validatePaymentId(value)],
	['Expires At', (value) => normalizeDateTime(value, 'Expires At')],
];

/** A valid value of each field, and where in it a hostile character goes. */
const validValues: Record<string, string> = {
	Purpose: 'Order 1234',
	'Buyer Name': 'Meera Iyer',
	'Buyer Email': 'meera@example.com',
	Phone: '9876543210',
	'Redirect URL': 'https://shop.example/paid',
	IFSC: 'SBIN0001234',
	'Account Number': '1234567890',
	'Seller ID': '90f01dfdacbe4fe7892fc27dbdc30906',
	'Payment ID': 'MOJO5a06005J21512197',
	'Expires At': '2026-12-31T18:30:00Z',
};

const controls: Array<[string, string, string]> = [
	['NUL', '\u0000', 'NUL, U+0000'],
	['a line feed', '\n', 'line break, U+000A'],
	['a carriage return', '\r', 'carriage return, U+000D'],
	['a tab', '\t', 'tab, U+0009'],
	['ESC', '\u001b', 'escape, U+001B'],
	['a vertical tab', '\u000b', 'U+000B'],
	['DEL', '\u007f', 'delete, U+007F'],
	['C1 NEL', '\u0085', 'U+0085'],
	['C1 CSI', '\u009b', 'U+009B'],
	['a line separator', '\u2028', 'U+2028'],
	['a paragraph separator', '\u2029', 'U+2029'],
	['a right-to-left override', '\u202e', 'U+202E'],
	['a right-to-left isolate', '\u2067', 'U+2067'],
];

describe('control characters in single-line fields', () => {
	const cases = singleLineChecks.flatMap(([field, check]) =>
		controls.flatMap(([label, char, shown]) =>
			[
				['inside', `${validValues[field].slice(0, 4)}${char}${validValues[field].slice(4)}`],
				['at the end', `${validValues[field]}${char}`],
			].map(([where, value]) => [field, label, where, value, shown, check] as const),
		),
	);

	it.each(cases)('%s refuses %s %s', (field, _label, _where, value, shown, check) => {
		const error = inputErrorOf(() => check(value));
		expect(error.message).toBe(`${field} contains a control character (${shown})`);
		expect(error.hint).toMatch(/single line/);
	});

	it.each(singleLineChecks)('%s accepts its valid value', (field, check) => {
		expect(() => check(validValues[field])).not.toThrow();
	});

	it('keeps zero-width joiners, which Indic scripts need, and other scripts', () => {
		expect(requireText('क्\u200dष सिल्क', 'Purpose', 30)).toBe('क्\u200dष सिल्क');
		expect(requireText('  Saree 🥻 ', 'Purpose', 30)).toBe('Saree 🥻');
	});
});

describe('values that are not text', () => {
	it.each([
		[['Order 1'], 'a list'],
		[[], 'a list'],
		[{}, 'an object'],
		[{ toString: () => 'Order 1' }, 'an object'],
		[true, 'true'],
		[false, 'false'],
		[Number.NaN, 'NaN'],
	])('refuses %p rather than stringifying it', (value, kind) => {
		const error = inputErrorOf(() => requireText(value, 'Purpose'));
		expect(error.message).toBe(`Purpose is ${kind}, not text`);
		expect(error.hint).toMatch(/one text value/);
		expect(inputErrorOf(() => optionalText(value, 'Buyer Name', 100)).message).toBe(`Buyer Name is ${kind}, not text`);
		expect(inputErrorOf(() => validateEmail(value, 'Buyer Email')).message).toBe(`Buyer Email is ${kind}, not text`);
	});

	it('reads finite numbers as their digits, unless too long to be exact', () => {
		expect(requireText(1234, 'Purpose')).toBe('1234');
		expect(normalizeIndianPhone(9876543210)).toBe('+919876543210');
		expect(normalizeAccountNumber(1234567890)).toBe('1234567890');
		expect(inputErrorOf(() => normalizeAccountNumber(Number('12345678901234567890'))).message).toBe('Account Number is a number too long to be exact');
	});
});

describe('lengths', () => {
	it('refuses a Purpose over 30 characters, saying the limit and the length', () => {
		expect(requireText('x'.repeat(30), 'Purpose', 30)).toHaveLength(30);
		const error = inputErrorOf(() => requireText('x'.repeat(10 * 1024), 'Purpose', 30));
		expect(error.message).toBe('Purpose is longer than 30 characters');
		expect(error.hint).toBe('Shorten Purpose to at most 30 characters; it has 10240.');
	});

	it('counts characters, not UTF-16 units, and after trimming', () => {
		expect(requireText('🥻'.repeat(30), 'Purpose', 30)).toBe('🥻'.repeat(30));
		expect(requireText(`  ${'x'.repeat(30)}  `, 'Purpose', 30)).toBe('x'.repeat(30));
		expect(() => requireText('🥻'.repeat(31), 'Purpose', 30)).toThrow(/longer than 30/);
		expect(() => optionalText('u'.repeat(36), 'Username', 35)).toThrow(/Username is longer than 35 characters/);
	});
});

describe('multi-line text', () => {
	it('keeps line breaks and tabs, trimmed at the ends', () => {
		expect(requireMultilineText('  Returned.\r\nRefunding the full price.\n\tOrder 12 ', 'Explanation')).toBe(
			'Returned.\r\nRefunding the full price.\n\tOrder 12',
		);
	});

	it.each([
		['\u0000', 'NUL, U+0000'],
		['\u001b[31m', 'escape, U+001B'],
		['\u007f', 'delete, U+007F'],
		['\u0085', 'U+0085'],
		['\u202e', 'U+202E'],
	])('refuses %j', (char, shown) => {
		const error = inputErrorOf(() => requireMultilineText(`Returned${char} item`, 'Explanation'));
		expect(error.message).toBe(`Explanation contains a control character (${shown})`);
		expect(error.hint).toMatch(/only line breaks and tabs/);
	});

	it('requires something besides whitespace and refuses non-text', () => {
		expect(inputErrorOf(() => requireMultilineText(' \n\t ', 'Explanation')).message).toBe('Explanation is required');
		expect(inputErrorOf(() => requireMultilineText(['a'], 'Explanation')).message).toBe('Explanation is a list, not text');
	});
});

describe('dates', () => {
	it.each([
		['2026-12-31', '2026-12-31T00:00:00.000Z'],
		['2026-12-31T18:30:00Z', '2026-12-31T18:30:00.000Z'],
	])('reads %s', (input, iso) => {
		expect(normalizeDateTime(input, 'Expires At')).toBe(iso);
	});

	it('reads Date and Luxon-like objects from expressions', () => {
		expect(normalizeDateTime(new Date('2026-12-31T18:30:00Z'), 'Expires At')).toBe('2026-12-31T18:30:00.000Z');
		const luxonLike = { toISO: () => '2026-12-31T18:30:00.000Z', toString: () => '2026-12-31T18:30:00.000Z' };
		expect(normalizeDateTime(luxonLike, 'Expires At')).toBe('2026-12-31T18:30:00.000Z');
	});

	it.each(['5', 5, '12', 1767225600000, ['2026-12-31'], true])('refuses %p, which V8 would read as some date', (input) => {
		expect(() => normalizeDateTime(input, 'Expires At')).toThrow(/Expires At/);
	});
});

it('quotes values escaped and cut short', () => {
	expect(quoted('a"b')).toBe('"a\\"b"');
	expect(quoted('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
});
