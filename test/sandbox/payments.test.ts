import { appToken, createPaymentRequest, newSeller } from '../support/client';
import { call, control, type PaymentJson, pay, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented' });

const fulfil = async (id: string, token: string) =>
	await call(sandbox(), 'POST', `/v2/payments/${id}/fulfil/`, { token });

describe('paying through the control API', () => {
	it('records a successful payment in the documented shape (docs/instamojo-api.md §7), with fees of 2% + ₹3 and 18% GST', async () => {
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const request = await createPaymentRequest(sandbox(), seller.token, {
			amount: '10',
			purpose: 'FIFA 10',
		});
		const result = await pay(sandbox(), request.id, {
			outcome: 'success',
			buyer_name: 'Rahul',
			email: 'rahul@example.com',
			phone: '9898989898',
		});

		expect(result.status).toBe(200);
		const payment = result.body.payment;
		const base = sandbox().url;
		expect(payment).toEqual({
			id: expect.stringMatching(/^MOJO[0-9A-Za-z]{16}$/),
			title: 'FIFA 10',
			payment_type: 'api_rap',
			payment_request: `${base}/v2/payment_requests/${request.id}/`,
			status: true,
			link: null,
			product: null,
			seller: `${base}/v2/users/${seller.id}/`,
			currency: 'INR',
			amount: '10.00',
			name: 'Rahul',
			email: 'rahul@example.com',
			phone: '+919898989898',
			payout: null,
			fees: '3.20',
			total_taxes: '0.58',
			cases: [],
			affiliate_id: null,
			affiliate_commission: '0.00',
			order_info: {
				shipping_address: null,
				shipping_city: null,
				shipping_state: null,
				shipping_zip: null,
				shipping_country: null,
				quantity: 1,
				unit_price: '10.00',
				custom_fields: {},
				variants: [],
			},
			instrument_type: 'UPI',
			billing_instrument: 'UPI',
			failure: null,
			created_at: expect.stringMatching(/Z$/),
			updated_at: payment.created_at,
			tax_invoice_id: '',
			resource_uri: `${base}/v2/payments/${payment.id}/`,
		});
		expect(result.body.redirect_url).toBeNull();
		expect(result.body.webhook).toBeNull();
		expect(
			(await call(sandbox(), 'GET', `/v2/payments/${payment.id}/`, { token: seller.token })).body,
		).toEqual(payment);
	});

	it('records a failed payment with the failure details and no fees', async () => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()));
		const { payment } = (await pay(sandbox(), request.id, { outcome: 'failure' })).body;

		expect(payment).toMatchObject({
			status: false,
			fees: null,
			total_taxes: null,
			affiliate_commission: null,
			instrument_type: 'CARD',
			failure: { reason: 'AUTHORIZATION_FAILED', message: 'Transaction was declined by the bank' },
		});
		expect(sandbox().state.paymentRequests.get(request.id)?.status).toBe('Pending');
	});

	it.each([
		['http://shop.example/done', '?'],
		['http://shop.example/done?order=7', '&'],
		['http://shop.example/done.php?', ''],
	])('sends the buyer to %s with the three parameters appended', async (redirectUrl, joiner) => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()), {
			redirect_url: redirectUrl,
		});
		const { payment, redirect_url } = (await pay(sandbox(), request.id)).body;

		expect(redirect_url).toBe(
			`${redirectUrl}${joiner}payment_id=${payment.id}&payment_status=Credit&payment_request_id=${request.id}`,
		);
	});

	it('reports Failed in the redirect of a failed payment', async () => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()), {
			redirect_url: 'http://shop.example/',
		});
		expect((await pay(sandbox(), request.id, { outcome: 'failure' })).body.redirect_url).toContain(
			'payment_status=Failed',
		);
	});

	it('refuses a second payment unless repeated payments are allowed; a failed attempt does not count', async () => {
		const token = await appToken(sandbox());
		const once = await createPaymentRequest(sandbox(), token);
		const repeatable = await createPaymentRequest(sandbox(), token, {
			allow_repeated_payments: 'true',
		});

		await pay(sandbox(), once.id, { outcome: 'failure' });
		expect((await pay(sandbox(), once.id)).status).toBe(200);
		const again = await pay(sandbox(), once.id);
		expect([again.status, again.body]).toEqual([
			400,
			{ success: false, message: 'This payment request has already been paid.' },
		]);

		await pay(sandbox(), repeatable.id);
		expect((await pay(sandbox(), repeatable.id)).status).toBe(200);
	});

	it('refuses a request whose expires_at has passed', async () => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()), {
			expires_at: new Date(Date.now() + 60_000).toISOString(),
		});
		expect((await pay(sandbox(), request.id, { outcome: 'failure' })).status).toBe(200);

		const stored = sandbox().state.paymentRequests.get(request.id);
		if (stored) stored.expiresAt = new Date(Date.now() - 1000).toISOString();
		const answer = await pay(sandbox(), request.id);
		expect([answer.status, answer.body]).toEqual([
			400,
			{ success: false, message: 'This payment request has expired.' },
		]);
	});

	it('validates the control input and answers 404 for an unknown request', async () => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()));
		const bad = await pay(sandbox(), request.id, { outcome: 'maybe', phone: '1' });
		expect([bad.status, bad.body]).toEqual([
			400,
			{ outcome: ['"maybe" is not a valid choice.'], phone: ['Enter a valid phone number'] },
		]);
		expect((await pay(sandbox(), 'f'.repeat(32))).status).toBe(404);
	});

	it("keeps the marketplace's partner fee and the hold flag in the state", async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const request = await createPaymentRequest(sandbox(), seller.token, {
			amount: '1000',
			partner_fee_type: 'percent',
			partner_fee: '12.5',
			mark_fulfilled: 'false',
		});
		const { payment } = (await pay(sandbox(), request.id)).body;

		expect(sandbox().state.payments.get(payment.id)).toMatchObject({
			partnerFeePaise: 12500,
			held: true,
			feesPaise: 2300,
			taxesPaise: 414,
		});
	});
});

describe('listing payments', () => {
	it('lists newest first, filters by payment request, and shows a seller only their own', async () => {
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const mine = await createPaymentRequest(sandbox(), seller.token, {
			allow_repeated_payments: 'true',
		});
		const marketplaceRequest = await createPaymentRequest(sandbox(), app);
		const first = (await pay(sandbox(), mine.id)).body.payment;
		const second = (await pay(sandbox(), mine.id)).body.payment;
		const other = (await pay(sandbox(), marketplaceRequest.id)).body.payment;
		const ids = async (token: string, query: Record<string, string> = {}) =>
			(
				await call<{ payments: PaymentJson[] }>(sandbox(), 'GET', '/v2/payments/', { token, query })
			).body.payments.map((p) => p.id);

		expect(await ids(app)).toEqual([other.id, second.id, first.id]);
		expect(await ids(app, { payment_request_id: mine.id })).toEqual([second.id, first.id]);
		expect(await ids(seller.token)).toEqual([second.id, first.id]);
		expect(
			(await call(sandbox(), 'GET', `/v2/payments/${other.id}/`, { token: seller.token })).status,
		).toBe(403);
		expect(
			(await call(sandbox(), 'GET', '/v2/payments/MOJO0000000000000000/', { token: app })).status,
		).toBe(404);
	});
});

describe('fulfil (hold and release)', () => {
	it('releases a held payment once', async () => {
		const token = await appToken(sandbox());
		const request = await createPaymentRequest(sandbox(), token, { mark_fulfilled: 'false' });
		const { payment } = (await pay(sandbox(), request.id)).body;
		expect(sandbox().state.payments.get(payment.id)?.held).toBe(true);

		const released = await fulfil(payment.id, token);
		expect([released.status, released.body]).toEqual([200, { fulfil: true, success: true }]);
		expect(sandbox().state.payments.get(payment.id)?.held).toBe(false);

		const again = await fulfil(payment.id, token);
		expect([again.status, again.body]).toEqual([
			400,
			{ success: false, message: 'Payment is already fulfilled.' },
		]);
	});

	it('refuses a payment that was never held, a failed one, and an unknown one', async () => {
		const token = await appToken(sandbox());
		const request = await createPaymentRequest(sandbox(), token, {
			allow_repeated_payments: 'true',
		});
		const paid = (await pay(sandbox(), request.id)).body.payment;
		const failed = (await pay(sandbox(), request.id, { outcome: 'failure' })).body.payment;

		expect((await fulfil(paid.id, token)).body).toEqual({
			success: false,
			message: 'Payment is already fulfilled.',
		});
		expect((await fulfil(failed.id, token)).body).toEqual({
			success: false,
			message: 'Payment failed, so it cannot be fulfilled.',
		});
		expect((await fulfil('MOJO0000000000000000', token)).status).toBe(404);
	});

	it("lets a seller release their own held payment but not another seller's", async () => {
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const other = await newSeller(sandbox(), app);
		const request = await createPaymentRequest(sandbox(), seller.token, {
			mark_fulfilled: 'false',
		});
		const { payment } = (await pay(sandbox(), request.id)).body;

		expect((await fulfil(payment.id, other.token)).status).toBe(403);
		expect((await fulfil(payment.id, seller.token)).status).toBe(200);
	});
});

describe('bulk payments', () => {
	it('creates 20,000 held payments well under two seconds', async () => {
		const started = Date.now();
		const answer = await control<{ count: number; payment_ids: string[] }>(
			sandbox(),
			'POST',
			'bulk/payments',
			{ count: 20000, held: true },
		);
		const elapsed = Date.now() - started;

		expect(answer.status).toBe(200);
		expect(answer.body.payment_ids).toHaveLength(20000);
		expect(elapsed).toBeLessThan(2000);
		expect(sandbox().state.payments.size).toBe(20000);
		expect(
			[...sandbox().state.payments.values()].every((payment) => payment.held && payment.success),
		).toBe(true);
	});

	it("puts them on the given seller's account", async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		await control(sandbox(), 'POST', 'bulk/payments', { count: 3, user: seller.id });
		const listed = await call<{ count: number }>(sandbox(), 'GET', '/v2/payments/', {
			token: seller.token,
		});
		expect(listed.body.count).toBe(3);
	});

	it('rejects a bad count or user', async () => {
		expect((await control(sandbox(), 'POST', 'bulk/payments', { count: 0 })).status).toBe(400);
		expect(
			(await control(sandbox(), 'POST', 'bulk/payments', { count: 1, user: 'nobody' })).status,
		).toBe(400);
	});
});
