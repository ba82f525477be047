import {
	InputError,
	normalizeAccountNumber,
	normalizeDateTime,
	normalizeIfsc,
	normalizeIndianPhone,
	validateEmail,
	validateHexId,
	validatePaymentId,
	validateUrl,
} from '../../nodes/Instamojo/helpers/validation';

function failure(run: () => unknown): InputError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return error as InputError;
	}
	throw new Error('expected an InputError');
}

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
		const error = failure(() => normalizeIndianPhone(input));
		expect(error.message).toContain(input);
		expect(error.hint).toMatch(/ten digits/);
	});
});

describe('normalizeIfsc', () => {
	it('trims and upper-cases before checking', () => {
		expect(normalizeIfsc('  sbin0001234 ')).toBe('SBIN0001234');
	});

	it.each(['SBIN1001234', 'SBI0001234', 'SBIN000123', 'SBIN00012345'])('rejects %s', (input) => {
		expect(failure(() => normalizeIfsc(input)).hint).toMatch(/four letters, a zero/);
	});
});

describe('other checks', () => {
	it('keeps account numbers to digits, dropping spaces', () => {
		expect(normalizeAccountNumber('1234 5678 90')).toBe('1234567890');
		expect(failure(() => normalizeAccountNumber('12-34')).message).toMatch(/digits only/);
	});

	it('accepts http(s) URLs only', () => {
		expect(validateUrl('https://shop.example/paid', 'Redirect URL')).toBe('https://shop.example/paid');
		expect(failure(() => validateUrl('ftp://x.example', 'Redirect URL')).message).toMatch(/Redirect URL/);
		expect(failure(() => validateUrl('not a url', 'Webhook URL')).message).toMatch(/Webhook URL/);
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
