/**
 * Hostile amounts through the real node against the sandbox: every value
 * that would need a guess — a decimal comma, a misplaced comma, a list or object from an expression, a
 * boolean, a currency sign, float noise — fails its item with a message naming the field, and nothing
 * reaches Instamojo. Correct digit grouping, Western and Indian, still goes through.
 */
import type { IDataObject } from 'n8n-workflow';

import { createLinkParameters } from '../../harness/standIn/actionNode';
import { paidPayment } from '../support/paidPayments';
import { apiCalls, refundCases, refundParameters, onlyApiCall, run, runError, sellerAccessToken, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const NOTHING_SENT = 'Nothing was sent to Instamojo for this item.';

/** Values an expression or a careless user may put where an amount goes; none is one amount. */
const HOSTILE: unknown[] = [
	'100,50',
	'100,5',
	'1,0,0',
	'1,00',
	',100',
	'100,',
	'1,,000',
	'10,00,0',
	'1.000,50',
	'1.000',
	'1.000.000',
	'10.005',
	'1,00,00.50',
	'1,000,00',
	[100],
	[1, 0],
	['500'],
	[],
	{},
	{ amount: 500 },
	true,
	false,
	null,
	'',
	'₹500',
	'Rs. 500',
	'INR 500',
	'$500',
	'+500',
	'-500',
	-500,
	'5e2',
	'1 000',
	'５００',
	'५००',
	'0x1f4',
	Number.NaN,
	Number.POSITIVE_INFINITY,
	// Float noise from an expression: 434.99999999999994, not 435.
	4.35 * 100,
	0.1 + 0.2,
	1e21,
	'500\n',
];

const label = (value: unknown): string => (typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value));

/** The item failed for this field, and not one request (token or API) left the node. */
function expectRefusedBeforeSending(error: Error & { description?: string }, field: RegExp): void {
	expect(error.message).toMatch(field);
	expect(error.message).toMatch(/\[item 0\]$/);
	expect(error.description).toContain(NOTHING_SENT);
	expect(sandbox().log().filter((entry) => entry.method === 'POST')).toEqual([]);
	expect(apiCalls(sandbox())).toEqual([]);
}

const links = () => [...sandbox().state.paymentRequests.values()];

/**
 * Payment Link → Create in the seller's account with the seller's access token (a commission is a
 * marketplace's term on a seller's link); the token request is cleared from the log, so the log holds
 * only what the node sent.
 */
async function linkParameters(overrides: Record<string, unknown>): Promise<Record<string, unknown>> {
	const token = await sellerAccessToken(sandbox());
	sandbox().clearLog();
	return createLinkParameters({ purpose: 'Handloom saree', actAs: 'sellerAccessToken', sellerAccessToken: token, ...overrides });
}

describe('Payment Link → Create: the amount', () => {
	// '500\n' alone is fine as an amount: surrounding whitespace is trimmed, so it is in the valid table below.
	it.each(HOSTILE.filter((value) => value !== '500\n').map((value) => [label(value), value]))('refuses %s', async (_label, amount) => {
		const error = await runError(sandbox(), { parameters: await linkParameters({ amount }) });

		expectRefusedBeforeSending(error, /^Amount /);
		expect(links()).toHaveLength(0);
	});

	it('says why a comma is ambiguous', async () => {
		const error = await runError(sandbox(), { parameters: await linkParameters({ amount: '100,50' }) });

		expect(error.message).toBe('Amount "100,50" is ambiguous: a decimal comma? [item 0]');
		expect(error.description).toContain('Write 100.50');
	});

	it('names the item that failed and sends the others', async () => {
		const { items } = await run(sandbox(), {
			continueOnFail: true,
			items: [{ amount: '1,000' }, { amount: '1,0,0' }, { amount: [100] }],
			parameters: await linkParameters({ amount: (item: IDataObject) => item.amount }),
		});

		expect(items[0].json).toMatchObject({ amount: '1000.00' });
		expect(items[1].json).toMatchObject({ error: 'Amount "1,0,0" is ambiguous: its commas do not group digits [item 1]' });
		expect(items[2].json).toMatchObject({ error: 'Amount is a list, not one amount [item 2]' });
		expect(apiCalls(sandbox()).map((call) => (call.body as IDataObject).amount)).toEqual(['1000.00']);
	});

	it.each([
		['1,000', '1000.00'],
		['1,00,000.50', '100000.50'],
		['12,345.67', '12345.67'],
		['1,99,999.99', '199999.99'],
		['499.5', '499.50'],
		[' 499 ', '499.00'],
		['500\n', '500.00'],
		[499, '499.00'],
		[499.5, '499.50'],
	])('sends %p as %p', async (amount, sent) => {
		await run(sandbox(), { parameters: await linkParameters({ amount }) });

		expect(onlyApiCall(sandbox()).body.amount).toBe(sent);
	});
});

describe('Payment Link → Create: the commission', () => {
	const commissionParameters = async (overrides: Record<string, unknown>) => await linkParameters({ amount: '1,000', ...overrides });

	it.each(HOSTILE.filter((value) => value !== '500\n').map((value) => [label(value), value]))('refuses the fixed fee %s', async (_label, fee) => {
		const parameters = await commissionParameters({ commissionType: 'fixed', commissionAmount: fee });
		const error = await runError(sandbox(), { parameters });

		expectRefusedBeforeSending(error, /^(Commission Amount |Fixed commission )/);
	});

	it.each([...HOSTILE.filter((value) => value !== '500\n'), '10%', 100, '100.00', 0, '0'].map((value) => [label(value), value]))(
		'refuses the percentage %s',
		async (_label, fee) => {
			const parameters = await commissionParameters({ commissionType: 'percent', commissionPercent: fee });
			const error = await runError(sandbox(), { parameters });

			expectRefusedBeforeSending(error, /^Commission Percentage /);
		},
	);

	it.each([
		['a percentage of 100', { commissionType: 'percent', commissionPercent: 100 }, 'Commission Percentage 100.00% is not below 100%'],
		['a fixed fee equal to the amount', { commissionType: 'fixed', commissionAmount: '1,000' }, 'Fixed commission ₹1000.00 is not below the amount ₹1000.00'],
		['a fixed fee of 0', { commissionType: 'fixed', commissionAmount: 0 }, 'Commission Amount ₹0.00 is no commission'],
		['a percentage of 0', { commissionType: 'percent', commissionPercent: 0 }, 'Commission Percentage 0.00% is no commission'],
	])('applies one rule to both types: refuses %s', async (_label, overrides, message) => {
		const parameters = await commissionParameters(overrides);
		const error = await runError(sandbox(), { parameters });

		expect(error.message).toBe(`${message} [item 0]`);
		expectRefusedBeforeSending(error, /ommission/);
	});

	it.each([
		['fixed', 'commissionAmount', '999.99', '999.99'],
		['percent', 'commissionPercent', '99.99', '99.99'],
		['percent', 'commissionPercent', 12.5, '12.50'],
	])('sends a %s fee %p as %p', async (type, field, fee, sent) => {
		const parameters = await commissionParameters({ commissionType: type, [field]: fee });
		await run(sandbox(), { parameters });

		expect(onlyApiCall(sandbox()).body).toMatchObject({ amount: '1000.00', partner_fee_type: type, partner_fee: sent });
	});
});

describe('Refund → Create: the refund amount', () => {
	const refundOf = (paymentId: string, refundAmount: unknown) => refundParameters(paymentId, { additionalFields: { refundAmount } });

	// null and '' mean "left out": the full amount, as the field says.
	it.each(HOSTILE.filter((value) => value !== null && value !== '' && value !== '500\n').map((value) => [label(value), value]))(
		'refuses %s on a ₹20,000 payment',
		async (_label, refundAmount) => {
			const paymentId = await paidPayment(sandbox(), { amount: '20000' });
			const error = await runError(sandbox(), { parameters: refundOf(paymentId, refundAmount) });

			expectRefusedBeforeSending(error, /^Refund Amount /);
			expect(await refundCases(sandbox())).toEqual([]);
		},
	);

	it('refuses "100,50" rather than refunding ₹10,050', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '20000' });
		const error = await runError(sandbox(), { parameters: refundOf(paymentId, '100,50') });

		expect(error.message).toBe('Refund Amount "100,50" is ambiguous: a decimal comma? [item 0]');
		expect(error.description).toContain('Write 100.50');
	});

	it.each([
		['1,000', '1000.00'],
		['10,000.50', '10000.50'],
		[499.5, '499.50'],
	])('refunds %p as %p', async (refundAmount, sent) => {
		const paymentId = await paidPayment(sandbox(), { amount: '20000' });
		await run(sandbox(), { parameters: refundOf(paymentId, refundAmount) });

		const posts = apiCalls(sandbox()).filter((call) => call.method === 'POST');
		expect(posts).toHaveLength(1);
		expect((posts[0].body as IDataObject).refund_amount).toBe(sent);
	});
});
