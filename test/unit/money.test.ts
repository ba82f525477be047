import { commission, formatPaise, toPaise, validateAmount, withNumericAmounts } from '../../nodes/Instamojo/helpers/money';
import { InputError } from '../../nodes/Instamojo/helpers/validation';

describe('amounts in paise', () => {
	it.each([
		['499', 49900],
		['499.5', 49950],
		['1,999.99', 199999],
		[0.3, 30],
		[9, 900],
	])('reads %p as %p paise', (input, paise) => {
		expect(toPaise(input, 'Amount')).toBe(paise);
	});

	it('refuses more than two decimals and non-numbers', () => {
		expect(() => toPaise('10.001', 'Amount')).toThrow(InputError);
		expect(() => toPaise('ten', 'Amount')).toThrow(/not an amount/);
		expect(() => toPaise('-5', 'Amount')).toThrow(InputError);
	});

	it('formats the API two-decimal string', () => {
		expect(formatPaise(250000)).toBe('2500.00');
		expect(formatPaise(905)).toBe('9.05');
	});

	it('enforces 9 to 200000 rupees', () => {
		expect(validateAmount('9')).toBe(900);
		expect(validateAmount('200000')).toBe(20000000);
		expect(() => validateAmount('8.99')).toThrow(/outside Instamojo's limits/);
		expect(() => validateAmount('200000.01')).toThrow(/outside Instamojo's limits/);
	});
});

describe('commission', () => {
	it('previews a percentage commission and the seller share', () => {
		expect(commission(250000, 'percent', '10')).toEqual({
			partnerFee: '10.00',
			preview: expect.objectContaining({ commission_amount: 250, seller_share: 2250 }),
		});
	});

	it('rounds a percentage commission to the paisa', () => {
		expect(commission(99900, 'percent', '2.5').preview).toMatchObject({ commission_amount: 24.98, seller_share: 974.02 });
	});

	it('rejects a percentage above 100 and a fixed fee not below the amount', () => {
		expect(() => commission(100000, 'percent', '100.01')).toThrow(/above 100/);
		expect(() => commission(100000, 'fixed', '1000')).toThrow(/not below the amount/);
		expect(commission(100000, 'fixed', '999.99').preview.seller_share).toBe(0.01);
	});
});

it('adds numeric amounts beside the strings, leaving the strings alone', () => {
	expect(withNumericAmounts({ amount: '2500.00', fees: null, id: 'x' }, ['amount', 'fees'])).toEqual({
		amount: '2500.00',
		amount_number: 2500,
		fees: null,
		id: 'x',
	});
});
