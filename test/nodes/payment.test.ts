import type { IDataObject } from 'n8n-workflow';

import { createLinkParameters, MY_ACCOUNT } from '../../harness/standIn/actionNode';
import { apiCalls, bulkPayments, expectNoSecrets, getManyParameters, marketplace, onlyApiCall, run, runError, seller, sellerRefreshToken, WITH_SELLER } from '../support/marketplace';
import { accepted, pay, useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const NOTHING_SENT = 'Nothing was sent to Instamojo for this item.';

/** A paid (or failed) payment on a new link of the marketplace, made through the node and the buyer's side of the sandbox. */
async function payment(outcome: 'success' | 'failure' = 'success', amount = 1000): Promise<{ id: string; linkId: string }> {
	const { json } = await run(sandbox(), {
		parameters: createLinkParameters({ ...MY_ACCOUNT, amount, purpose: 'Brass lamp' }),
	});
	const linkId = String(json[0].id);
	const paid = accepted(await pay(sandbox(), linkId, { outcome }));
	sandbox().clearLog();
	return { id: paid.payment.id, linkId };
}

const getParameters = (id: unknown, overrides: Record<string, unknown> = {}) => ({
	resource: 'payment',
	operation: 'get',
	paymentId: id,
	simple: true,
	actAs: 'credential',
	...overrides,
});

const getPayments = (overrides: Record<string, unknown> = {}) => getManyParameters('payment', overrides);

describe('Payment → Get', () => {
	it('reads a successful payment: outcome, amounts as strings and numbers, and the link it was made on', async () => {
		const { id, linkId } = await payment('success', 1000);
		const record = sandbox().state.payments.get(id);

		const { json, items } = await run(sandbox(), { parameters: getParameters(id) });

		expect(onlyApiCall(sandbox())).toMatchObject({
			method: 'GET',
			path: `/v2/payments/${id}/`,
			status: 200,
			auth: { kind: 'application', userId: marketplace.id },
		});
		const fees = (record?.feesPaise ?? 0) / 100;
		const taxes = (record?.taxesPaise ?? 0) / 100;
		expect(json[0]).toEqual({
			id,
			status: true,
			amount: '1000.00',
			amount_number: 1000,
			currency: 'INR',
			fees: fees.toFixed(2),
			fees_number: fees,
			total_taxes: taxes.toFixed(2),
			total_taxes_number: taxes,
			title: 'Brass lamp',
			name: record?.buyerName,
			email: record?.email,
			phone: record?.phone,
			payment_request_id: linkId,
			seller_id: marketplace.id,
			instrument_type: record?.instrumentType,
			failure: null,
			created_at: record?.createdAt,
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('reads a failed payment with its reason, and no numbers for the fees it never had', async () => {
		const { id } = await payment('failure');

		const { json } = await run(sandbox(), { parameters: getParameters(id) });

		expect(json[0]).toMatchObject({ id, status: false, fees: null, failure: { reason: 'AUTHORIZATION_FAILED' } });
		expect(json[0]).not.toHaveProperty('fees_number');
	});

	it('outputs the full Instamojo object with Simplify off', async () => {
		const { id } = await payment();

		const { json } = await run(sandbox(), { parameters: getParameters(id, { simple: false }) });

		expect(json[0]).toMatchObject({
			id,
			payment_type: 'api_rap',
			order_info: { quantity: 1, unit_price: '1000.00' },
			resource_uri: expect.stringContaining(`/v2/payments/${id}/`),
			affiliate_commission: '0.00',
			affiliate_commission_number: 0,
			amount_number: 1000,
		});
	});

	it('refuses an ID that is not a payment ID before sending anything', async () => {
		const error = await runError(sandbox(), { parameters: getParameters('05f317448ad84649aa1a9c7328edb015') });

		expect(error.message).toBe('Payment ID "05f317448ad84649aa1a9c7328edb015" is not an Instamojo payment ID [item 0]');
		expect(error.description).toContain('MOJO followed by 16 letters or digits');
		expect(error.description).toContain(NOTHING_SENT);
		expect(sandbox().log()).toEqual([]);
	});

	it('says there is no such payment when Instamojo answers 404', async () => {
		const error = await runError(sandbox(), { parameters: getParameters('MOJO0000000000000000') });

		expect(error.message).toBe('Instamojo has no such payment: Not found [item 0]');
		expect(error.description).toContain('production vs sandbox');
	});

	it("reads a seller's payment with the seller's refresh token from the item and outputs the rotated token", async () => {
		const [id] = await bulkPayments(sandbox(), 1, seller.id);
		const stored = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored, payment_id: id }],
			parameters: getParameters((item: IDataObject) => item.payment_id, {
				actAs: 'sellerRefreshToken',
				sellerRefreshToken: (item: IDataObject) => item.refresh_token,
			}),
		});

		expect(apiCalls(sandbox())[0].auth).toMatchObject({ kind: 'user', userId: seller.id });
		expect(json[0]).toMatchObject({ id, seller_id: seller.id, refresh_token: expect.any(String) });
		expect(json[0].refresh_token).not.toBe(stored);
		expectNoSecrets(json, stored);
	});

	it('with Continue On Fail, keeps order and pairing across a good, a malformed and an unknown ID', async () => {
		const { id } = await payment();

		const { items } = await run(sandbox(), {
			continueOnFail: true,
			items: [{ id: 'MOJO-bad' }, { id }, { id: 'MOJO0000000000000000' }],
			parameters: getParameters((item: IDataObject) => item.id),
		});

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe('Payment ID "MOJO-bad" is not an Instamojo payment ID [item 0]');
		expect(items[1].json).toMatchObject({ id, status: true });
		expect(items[2].json).toMatchObject({ error: 'Instamojo has no such payment: Not found [item 2]', httpCode: '404', itemIndex: 2 });
		expect(apiCalls(sandbox()).map((call) => call.path)).toEqual([`/v2/payments/${id}/`, '/v2/payments/MOJO0000000000000000/']);
	});
});

describe('Payment → Get Many', () => {
	it('lists payments newest first, with the numbers and the payment link ID on each', async () => {
		const first = await payment('success', 100);
		const second = await payment('failure', 200);

		const { json } = await run(sandbox(), { parameters: getPayments() });

		expect(onlyApiCall(sandbox())).toMatchObject({ method: 'GET', path: '/v2/payments/', query: { page: '1', limit: '100' }, auth: { kind: 'application' } });
		expect(json.map((p) => [p.id, p.status, p.amount_number, p.payment_request_id])).toEqual([
			[second.id, false, 200, second.linkId],
			[first.id, true, 100, first.linkId],
		]);
	});

	it('passes the payment link and the creation time range to Instamojo', async () => {
		const wanted = await payment();
		await payment();
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

		const { json } = await run(sandbox(), {
			parameters: getPayments({ filters: { paymentLinkId: wanted.linkId.toUpperCase(), createdAfter: hourAgo, createdBefore: inAnHour } }),
		});

		expect(onlyApiCall(sandbox()).query).toEqual({
			page: '1',
			limit: '100',
			payment_request_id: wanted.linkId,
			min_created_at: hourAgo,
			max_created_at: inAnHour,
		});
		expect(json.map((p) => p.id)).toEqual([wanted.id]);
	});

	it("lists only a seller's own payments with the seller's token", async () => {
		await bulkPayments(sandbox(), 2);
		const sellers = await bulkPayments(sandbox(), 3, seller.id);
		const stored = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: getPayments({ actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		expect(apiCalls(sandbox())[0].auth).toMatchObject({ kind: 'user', userId: seller.id });
		expect(json.map((p) => p.id).sort()).toEqual([...sellers].sort());
		expect(new Set(json.map((p) => p.refresh_token)).size).toBe(1);
		expect(json[0].refresh_token).not.toBe(stored);
	});

	it.each([
		['a payment link ID that is not one', { paymentLinkId: 'MOJO5a06005J21512197' }, 'Payment Link ID "mojo5a06005j21512197" is not an Instamojo ID', '32 hexadecimal characters'],
		[
			'a time range that ends before it starts',
			{ createdAfter: '2026-03-01', createdBefore: '2026-02-01' },
			'Created After (2026-03-01T00:00:00.000Z) is later than Created Before (2026-02-01T00:00:00.000Z)',
			'Swap the two dates',
		],
	])('refuses %s before sending anything', async (_label, filters, message, hint) => {
		const error = await runError(sandbox(), { parameters: getPayments({ filters }) });

		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain(hint);
		expect(sandbox().log()).toEqual([]);
	});
});
