/**
 * The MAC helper against the published vectors of docs/instamojo-api.md §9 and the edge cases of real form bodies.
 * Expected digests are Instamojo's published ones (docs/instamojo-api.md §9), or an HMAC over a message written out by hand: never our own output.
 */
import { createHmac } from 'node:crypto';

import {
	computeMac,
	type FormFields,
	hmacSha1Hex,
	macEquals,
	macMessage,
	parseFormBody,
	verifyMac,
} from '../../nodes/Instamojo/trigger/mac';

const SALT = '0123456789abcdef0123456789abcdef';

/** The 12 documented fields of docs/instamojo-api.md §9, as Instamojo's published vector lists them. */
const SPEC_FIELDS: Array<[string, string]> = [
	['amount', '2500.00'],
	['buyer', 'foo@example.com'],
	['buyer_name', 'John Doe'],
	['buyer_phone', '+919999999999'],
	['currency', 'INR'],
	['fees', '125.00'],
	['longurl', 'https://www.instamojo.com/@foo/d66cb29dd059482e8072999f995c4eef'],
	['payment_id', 'MOJO5a06005J21512197'],
	['payment_request_id', 'd66cb29dd059482e8072999f995c4eef'],
	['purpose', 'FIFA 16'],
	['shorturl', 'https://imjo.in/NNxHg'],
	['status', 'Credit'],
];
const SPEC_MESSAGE =
	'2500.00|foo@example.com|John Doe|+919999999999|INR|125.00|https://www.instamojo.com/@foo/d66cb29dd059482e8072999f995c4eef|MOJO5a06005J21512197|d66cb29dd059482e8072999f995c4eef|FIFA 16|https://imjo.in/NNxHg|Credit';
const SPEC_MAC = 'd2ba031ffa94c81d3badf46ebcece4495a6dbacf';

const reference = (message: string, salt = SALT) => createHmac('sha1', salt).update(message).digest('hex');

function fieldsOf(body: string): FormFields {
	const parsed = parseFormBody(body);
	if (!parsed.ok) throw new Error(`expected a form: ${parsed.reason}`);
	return parsed.fields;
}

describe('published vectors (docs/instamojo-api.md §9)', () => {
	it('signs {foo: 1, bar: 2, baz: 3} over "2|3|1"', () => {
		const fields = fieldsOf('foo=1&bar=2&baz=3');
		expect(macMessage(fields)).toBe('2|3|1');
		expect(computeMac(fields, SALT)).toBe('b52a6c573e10d208bba2e736a93c833c507dd393');
		expect(hmacSha1Hex('2|3|1', SALT)).toBe('b52a6c573e10d208bba2e736a93c833c507dd393');
	});

	it('signs the 12-field payload', () => {
		const fields = fieldsOf(new URLSearchParams(SPEC_FIELDS).toString());
		expect(macMessage(fields)).toBe(SPEC_MESSAGE);
		expect(computeMac(fields, SALT)).toBe(SPEC_MAC);
	});

	it('does not depend on the posted order, and leaves the mac itself out', () => {
		const shuffled = new URLSearchParams([['mac', SPEC_MAC], ...[...SPEC_FIELDS].reverse()]).toString();
		const fields = fieldsOf(shuffled);
		expect(macMessage(fields)).toBe(SPEC_MESSAGE);
		expect(verifyMac(fields, SALT)).toEqual({ valid: true });
	});
});

describe('form encoding', () => {
	it('reads "+" and "%20" both as a space, and "%2B" as a plus', () => {
		const plus = fieldsOf('purpose=FIFA+16&buyer_phone=%2B919999999999');
		const percent = fieldsOf('purpose=FIFA%2016&buyer_phone=%2B919999999999');
		expect(plus.get('purpose')).toBe('FIFA 16');
		expect(plus.get('buyer_phone')).toBe('+919999999999');
		expect(computeMac(plus, SALT)).toBe(computeMac(percent, SALT));
		expect(computeMac(plus, SALT)).toBe(reference('+919999999999|FIFA 16'));
	});

	it('counts an empty value (an empty shorturl)', () => {
		const fields = fieldsOf('purpose=Book&shorturl=&status=Credit');
		expect(macMessage(fields)).toBe('Book||Credit');
		expect(computeMac(fields, SALT)).toBe(reference('Book||Credit'));
	});

	it('counts unknown extra fields in their sorted place', () => {
		const fields = fieldsOf('amount=10.00&new_field=x&status=Credit');
		expect(macMessage(fields)).toBe('10.00|x|Credit');
	});

	it('orders keys case-insensitively, not by code point', () => {
		// Case-sensitive order would be Beta, Zeta, alpha.
		const fields = fieldsOf('Zeta=3&alpha=1&Beta=2');
		expect(macMessage(fields)).toBe('1|2|3');
		expect(computeMac(fields, SALT)).toBe(reference('1|2|3'));
	});

	it('keeps the posted order of keys that differ only in case', () => {
		expect(macMessage(fieldsOf('Key=1&key=2'))).toBe('1|2');
		expect(macMessage(fieldsOf('key=2&Key=1'))).toBe('2|1');
	});

	it('treats __proto__ as an ordinary key', () => {
		const fields = fieldsOf('__proto__=x&a=1');
		expect(macMessage(fields)).toBe('x|1');
	});

	it('refuses a repeated key and an empty body', () => {
		expect(parseFormBody('a=1&b=2&a=3')).toEqual({ ok: false, reason: 'the field "a" appears more than once' });
		expect(parseFormBody('mac=1&mac=2')).toEqual({ ok: false, reason: 'the field "mac" appears more than once' });
		expect(parseFormBody('')).toEqual({ ok: false, reason: 'the body is empty' });
		expect(parseFormBody(' \r\n')).toEqual({ ok: false, reason: 'the body is empty' });
	});
});

describe('comparison', () => {
	const fields = () => fieldsOf(`foo=1&bar=2&baz=3&mac=${'b52a6c573e10d208bba2e736a93c833c507dd393'}`);

	it('accepts the right MAC, in either hex case', () => {
		expect(verifyMac(fields(), SALT)).toEqual({ valid: true });
		expect(macEquals('b52a6c573e10d208bba2e736a93c833c507dd393', 'B52A6C573E10D208BBA2E736A93C833C507DD393')).toBe(true);
	});

	it('refuses a different, shorter, longer or missing MAC', () => {
		const good = 'b52a6c573e10d208bba2e736a93c833c507dd393';
		expect(macEquals(good, `${good.slice(0, -1)}4`)).toBe(false);
		expect(macEquals(good, good.slice(0, -1))).toBe(false);
		expect(macEquals(good, `${good}0`)).toBe(false);
		expect(macEquals(good, '')).toBe(false);
		expect(verifyMac(fieldsOf('foo=1&bar=2&baz=3'), SALT)).toEqual({ valid: false, reason: 'missing' });
		expect(verifyMac(fieldsOf('foo=1&bar=2&baz=3&mac='), SALT)).toEqual({ valid: false, reason: 'missing' });
	});

	it('refuses a tampered value and a wrong salt', () => {
		const tampered = fieldsOf('foo=1&bar=2&baz=4&mac=b52a6c573e10d208bba2e736a93c833c507dd393');
		expect(verifyMac(tampered, SALT)).toEqual({ valid: false, reason: 'mismatch' });
		expect(verifyMac(fields(), 'another-salt')).toEqual({ valid: false, reason: 'mismatch' });
	});
});
