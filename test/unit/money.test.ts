import { commission, formatPaise, toPaise, validateAmount, withNumericAmounts } from '../../nodes/Instamojo/helpers/money';
import { inputErrorOf } from '../support/inputErrors';

describe('amounts in paise', () => {
	it.each([
		['499', 49900],
		['499.5', 49950],
		['499.50', 49950],
		[' 499 ', 49900],
		['0499', 49900],
		['1,999.99', 199999],
		['1,000', 100000],
		['1,000,000', 100000000],
		['1,000.50', 100050],
		['10,000', 1000000],
		['100,000', 10000000],
		['1,00,000', 10000000],
		['1,00,000.50', 10000050],
		['10,00,000', 100000000],
		['1,00,00,000', 1000000000],
		['12,34,567.89', 123456789],
		[0.3, 30],
		[9, 900],
		[499.5, 49950],
		[1250.05, 125005],
		[0, 0],
		[-0, 0],
	])('reads %p as %p paise', (input, paise) => {
		expect(toPaise(input, 'Amount')).toBe(paise);
	});

	it.each([
		// A comma that is not a digit-group separator: a decimal comma, or a typo; either way a guess.
		['100,50', /ambiguous: a decimal comma/, /Write 100\.50/],
		['100,5', /ambiguous: a decimal comma/, /Write 100\.5 /],
		['1,0,0', /ambiguous: its commas do not group digits/, /1,000/],
		['1,00', /ambiguous: a decimal comma/, /Write 1\.00/],
		[',100', /ambiguous/, /group/],
		['100,', /ambiguous/, /group/],
		['1,,000', /ambiguous/, /group/],
		['10,00,0', /ambiguous/, /group/],
		['1,000,00,000', /ambiguous/, /group/],
		['100,00,000', /ambiguous/, /group/],
		['0,100', /ambiguous/, /group/],
		['1,0000', /ambiguous/, /group/],
		['1.000,50', /ambiguous/, /group/],
		['1,000.505', /ambiguous/, /group/],
	])('refuses %p as ambiguous, naming the field and why', (input, message, hint) => {
		const error = inputErrorOf(() => toPaise(input, 'Refund Amount'));
		expect(error.message).toMatch(/^Refund Amount "/);
		expect(error.message).toMatch(message);
		expect(error.hint).toMatch(hint);
	});

	it.each([
		['10.001', /two decimals/],
		['1.000', /two decimals \(or a dot between thousands\)/],
		['1.000.000', /a dot between thousands/],
		['1.2.3', /decimal point/],
		['.5', /decimal point/],
		['5.', /decimal point/],
		['ten', /two decimals/],
		['-5', /cannot be negative/],
		['+100', /\+ sign/],
		['₹100', /currency/],
		['Rs. 100', /currency/],
		['rs100', /currency/],
		['100 Rs.', /currency/],
		['INR 100', /currency/],
		['100 INR', /currency/],
		['$100', /currency/],
		['1e3', /Exponent/],
		['1E+3', /Exponent/],
		['1 000', /spaces between the digits/],
		['1\u00a0000', /spaces between the digits/],
		['１００', /digits 0–9/],
		['१००', /digits 0–9/],
		['0x64', /two decimals/],
		['Infinity', /two decimals/],
		['NaN', /two decimals/],
		['100\u0000', /two decimals/],
	])('refuses the text %p, saying why', (input, hint) => {
		const error = inputErrorOf(() => toPaise(input, 'Amount'));
		expect(error.message).toBe(`Amount ${JSON.stringify(input)} is not an amount in rupees`);
		expect(error.hint).toMatch(hint);
	});

	it.each([
		[0.1 + 0.2, '0.30000000000000004', /more than two decimals/],
		[10.001, '10.001', /more than two decimals/],
		[1e21, '1e+21', /too large/],
		[1e-7, '1e-7', /more than two decimals/],
		[-5, '-5', /cannot be negative/],
		[Number.NaN, 'NaN', /no number/],
		[Number.POSITIVE_INFINITY, 'Infinity', /no number/],
		[Number.NEGATIVE_INFINITY, '-Infinity', /no number/],
	])('refuses the number %p, never rounding it', (input, shown, hint) => {
		const error = inputErrorOf(() => toPaise(input, 'Amount'));
		expect(error.message).toBe(`Amount "${shown}" is not an amount in rupees`);
		expect(error.hint).toMatch(hint);
	});

	it('refuses amounts too large to be exact in paise', () => {
		expect(inputErrorOf(() => toPaise(1e20, 'Amount')).message).toBe('Amount "100000000000000000000" is too large to be an amount');
		expect(inputErrorOf(() => toPaise('99999999999999', 'Amount')).message).toMatch(/too large/);
		expect(toPaise('9999999999999', 'Amount')).toBe(999999999999900);
	});

	it.each([
		[[100], 'Amount is a list, not one amount', /list of 1: pick one value/],
		[[1, 0], 'Amount is a list, not one amount', /list of 2/],
		[[], 'Amount is a list, not one amount', /list of 0/],
		[['100'], 'Amount is a list, not one amount', /pick one value/],
		[{}, 'Amount is an object, not an amount', /Map one number/],
		[{ amount: 100 }, 'Amount is an object, not an amount', /Map one number/],
		[new Date(0), 'Amount is an object, not an amount', /Map one number/],
		[true, 'Amount is true, not an amount', /true\/false/],
		[false, 'Amount is false, not an amount', /true\/false/],
		[BigInt(100), 'Amount is a bigint, not an amount', /Map one number/],
		[undefined, 'Amount is empty', /Enter an amount/],
		[null, 'Amount is empty', /Enter an amount/],
		['', 'Amount is empty', /Enter an amount/],
		['   ', 'Amount is empty', /Enter an amount/],
	])('refuses %p without stringifying it', (input, message, hint) => {
		const error = inputErrorOf(() => toPaise(input, 'Amount'));
		expect(error.message).toBe(message);
		expect(error.hint).toMatch(hint);
	});

	it('quotes a long value only in part', () => {
		const error = inputErrorOf(() => toPaise('9'.repeat(5000) + ',', 'Amount'));
		expect(error.message.length).toBeLessThan(120);
	});

	it('formats the API two-decimal string', () => {
		expect(formatPaise(250000)).toBe('2500.00');
		expect(formatPaise(905)).toBe('9.05');
	});

	it('enforces 9 to 200000 rupees', () => {
		expect(validateAmount('9')).toBe(900);
		expect(validateAmount('200000')).toBe(20000000);
		expect(validateAmount('2,00,000.00')).toBe(20000000);
		expect(() => validateAmount('8.99')).toThrow(/outside Instamojo's limits/);
		expect(() => validateAmount('200000.01')).toThrow(/outside Instamojo's limits/);
		expect(() => validateAmount('100,50')).toThrow(/^Amount "100,50" is ambiguous/);
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

	it('reads the fee in every amount format and refuses the same hostile ones', () => {
		expect(commission(200000, 'fixed', '1,000').partnerFee).toBe('1000.00');
		expect(commission(200000, 'percent', 12.5).partnerFee).toBe('12.50');
		expect(inputErrorOf(() => commission(200000, 'fixed', '100,50')).message).toBe('Commission Amount "100,50" is ambiguous: a decimal comma?');
		expect(inputErrorOf(() => commission(200000, 'percent', '1,0')).message).toBe('Commission Percentage "1,0" is ambiguous: a decimal comma?');
		expect(inputErrorOf(() => commission(200000, 'fixed', [100])).message).toBe('Commission Amount is a list, not one amount');
		expect(inputErrorOf(() => commission(200000, 'percent', true)).message).toBe('Commission Percentage is true, not an amount');
		expect(inputErrorOf(() => commission(200000, 'percent', '10%')).message).toBe('Commission Percentage "10%" is not an amount in rupees');
	});

	// One rule for both types: the commission is at least ₹0.01 and leaves the seller at least ₹0.01.
	it.each([
		['a percentage of 100', 100000, 'percent', '100', 'Commission Percentage 100.00% is not below 100%', /below 100/],
		['a percentage above 100', 100000, 'percent', '100.01', 'Commission Percentage 100.01% is not below 100%', /below 100/],
		['a percentage of 0', 100000, 'percent', 0, 'Commission Percentage 0.00% is no commission', /Commission Type: None/],
		['a fixed fee of 0', 100000, 'fixed', '0.00', 'Commission Amount ₹0.00 is no commission', /Commission Type: None/],
		['a fixed fee equal to the amount', 100000, 'fixed', '1000', 'Fixed commission ₹1000.00 is not below the amount ₹1000.00', /smaller than the amount/],
		['a fixed fee above the amount', 100000, 'fixed', '1,000.01', 'Fixed commission ₹1000.01 is not below the amount ₹1000.00', /smaller than the amount/],
		['a percentage that rounds to less than a paisa', 900, 'percent', '0.01', 'Commission Percentage 0.01% of ₹9.00 is less than ₹0.01', /larger percentage/],
		['a percentage that may round to the whole amount', 9900, 'percent', '99.99', 'Commission Percentage 99.99% of ₹99.00 leaves the seller less than ₹0.01', /smaller percentage/],
	] as const)('refuses %s', (_label, amount, type, fee, message, hint) => {
		const error = inputErrorOf(() => commission(amount, type, fee));
		expect(error.message).toBe(message);
		expect(error.hint).toMatch(hint);
	});

	it('accepts the extremes that leave both sides something', () => {
		expect(commission(100000, 'fixed', '999.99').preview.seller_share).toBe(0.01);
		expect(commission(100000, 'fixed', '0.01').preview.commission_amount).toBe(0.01);
		expect(commission(1000000, 'percent', '99.99').preview).toMatchObject({ commission_amount: 9999, seller_share: 1 });
		expect(commission(10000, 'percent', '0.01').preview).toMatchObject({ commission_amount: 0.01, seller_share: 99.99 });
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
