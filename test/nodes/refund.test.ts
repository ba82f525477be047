/**
 * Refund → Create, Get and Get Many against the sandbox: what Instamojo received (from the request
 * log), what the workflow gets, and that a refund is never opened twice — not by a re-run, not by a
 * retry after a dropped connection.
 */
import type { IDataObject } from 'n8n-workflow';

import { paidPayment } from '../support/paidPayments';
import { apiCalls, refundCases, refundParameters as createRefund, expectNoSecrets, fault, run, runError, seller, sellerAccessToken, sellerRefreshToken, WITH_SELLER, tokenCalls } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const DERIVED_KEY = /^n8n-[0-9a-f]{24}$/;

const refundPosts = () => apiCalls(sandbox()).filter((entry) => entry.method === 'POST');

describe('Refund → Create', () => {
	it('refunds the full amount: one POST with the reason, explanation and a derived transaction ID', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });

		const { json, items } = await run(sandbox(), { parameters: createRefund(paymentId) });

		const calls = apiCalls(sandbox());
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /v2/payments/${paymentId}/`,
			`POST /v2/payments/${paymentId}/refund/`,
		]);
		const post = calls[1];
		expect(post.contentType).toBe('application/x-www-form-urlencoded');
		expect(post.auth.kind).toBe('application');
		const body = post.body as Record<string, string>;
		expect(body).toEqual({ type: 'QFL', body: 'The vase arrived chipped', transaction_id: expect.stringMatching(DERIVED_KEY) });

		const [refund] = await refundCases(sandbox());
		expect(json).toEqual([
			{
				id: refund.id,
				payment_id: paymentId,
				status: 'Refunded',
				type: 'QFL',
				body: 'The vase arrived chipped',
				refund_amount: '500.00',
				refund_amount_number: 500,
				total_amount: '500.00',
				total_amount_number: 500,
				created_at: refund.createdAt,
				transaction_id: body.transaction_id,
				created: true,
				already_refunded: false,
			},
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(refund).toMatchObject({ paymentId, transactionId: body.transaction_id, amountPaise: 50000 });
	});

	it('sends a partial amount as a two-decimal string and outputs it as a number too', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });

		const { json } = await run(sandbox(), {
			parameters: createRefund(paymentId, { additionalFields: { refundAmount: 150.5 } }),
		});

		expect(refundPosts()[0].body).toMatchObject({ refund_amount: '150.50' });
		expect(json[0]).toMatchObject({ refund_amount: '150.50', refund_amount_number: 150.5, total_amount: '500.00', created: true });
	});

	it('sends the transaction ID the user gives, as given', async () => {
		const paymentId = await paidPayment(sandbox());

		const { json } = await run(sandbox(), {
			parameters: createRefund(paymentId, { additionalFields: { transactionId: 'order-1042-refund' } }),
		});

		expect(refundPosts()[0].body).toMatchObject({ transaction_id: 'order-1042-refund' });
		expect(json[0]).toMatchObject({ transaction_id: 'order-1042-refund', created: true });
	});

	it('derives the transaction ID from payment and amount only: another reason or explanation is the same refund', async () => {
		const paymentId = await paidPayment(sandbox());
		const keyOf = async (more: Record<string, unknown>) =>
			(await run(sandbox(), { parameters: createRefund(paymentId, { dryRun: true, ...more }) })).json[0].transaction_id;

		const key = await keyOf({});
		expect(key).toMatch(DERIVED_KEY);
		expect(await keyOf({ body: 'Reworded explanation' })).toBe(key);
		expect(await keyOf({ reason: 'QNR' })).toBe(key);
		expect(await keyOf({ additionalFields: { refundAmount: 100 } })).not.toBe(key);
		expect(await keyOf({ additionalFields: { refundAmount: '100.00' } })).toBe(await keyOf({ additionalFields: { refundAmount: 100 } }));
	});

	it('Dry Run sends nothing and shows the request, with the transaction ID a real run then uses', async () => {
		const paymentId = await paidPayment(sandbox());

		const { json } = await run(sandbox(), {
			parameters: createRefund(paymentId, { dryRun: true, additionalFields: { refundAmount: 120 } }),
		});

		expect(sandbox().log()).toEqual([]);
		const transactionId = json[0].transaction_id as string;
		expect(transactionId).toMatch(DERIVED_KEY);
		expect(json).toEqual([
			{
				dry_run: true,
				payment_id: paymentId,
				transaction_id: transactionId,
				full_refund: false,
				refund_amount: '120.00',
				refund_amount_number: 120,
				request: {
					method: 'POST',
					path: `/v2/payments/${paymentId}/refund/`,
					body: { transaction_id: transactionId, type: 'QFL', body: 'The vase arrived chipped', refund_amount: '120.00' },
				},
			},
		]);
		expect(await refundCases(sandbox())).toEqual([]);

		await run(sandbox(), { parameters: createRefund(paymentId, { additionalFields: { refundAmount: 120 } }) });
		expect(refundPosts()[0].body).toMatchObject({ transaction_id: transactionId });
	});

	it.each(['error', 'return-existing', 'generic-error'] as const)(
		'running the same refund twice opens one case; the second run says already_refunded and sends no refund (reuse answered with %s)',
		async (mode) => {
			sandbox().decisions.duplicateRefundTransactionId = mode;
			const paymentId = await paidPayment(sandbox());

			const first = await run(sandbox(), { parameters: createRefund(paymentId) });
			sandbox().clearLog();
			const second = await run(sandbox(), { parameters: createRefund(paymentId) });

			expect(await refundCases(sandbox())).toHaveLength(1);
			// Found among the payment's cases, so the answer to a reused transaction ID never matters.
			expect(refundPosts()).toEqual([]);
			expect(apiCalls(sandbox()).map((call) => call.path)).toEqual([
				`/v2/payments/${paymentId}/`,
				`/v2/resolutioncenter/cases/${first.json[0].id}/`,
			]);
			expect(second.json[0]).toEqual({ ...first.json[0], created: false, already_refunded: true });
		},
	);

	it.each(['error', 'generic-error'] as const)(
		'the same refund in two items sent at once opens one case; the item whose request was refused says already_refunded (reuse answered with %s)',
		async (mode) => {
			sandbox().decisions.duplicateRefundTransactionId = mode;
			const paymentId = await paidPayment(sandbox());

			const { json } = await run(sandbox(), {
				items: [{}, {}],
				parameters: createRefund(paymentId, { options: { concurrency: 2 } }),
			});

			const cases = await refundCases(sandbox());
			expect(cases).toHaveLength(1);
			// Both looked before either refunded, so both sent the refund: Instamojo refused the second.
			expect(refundPosts().map((post) => post.status).sort()).toEqual([201, 400]);
			expect(json.map((item) => item.id)).toEqual([cases[0].id, cases[0].id]);
			expect(json.map((item) => item.created).sort()).toEqual([false, true]);
		},
	);

	it('two different partial refunds of one payment open two cases', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });

		const { json } = await run(sandbox(), {
			items: [{ amount: 100 }, { amount: 150 }],
			parameters: createRefund(paymentId, { additionalFields: (item: IDataObject) => ({ refundAmount: item.amount }) }),
		});

		expect(json.map((refund) => [refund.refund_amount, refund.created])).toEqual([
			['100.00', true],
			['150.00', true],
		]);
		expect(json[0].transaction_id).not.toBe(json[1].transaction_id);
		expect(await refundCases(sandbox())).toHaveLength(2);
	});

	it.each(['error', 'return-existing', 'generic-error'] as const)(
		'a refund retried after a dropped connection leaves one case and outputs it (transaction ID reuse answered with %s)',
		async (mode) => {
			sandbox().decisions.duplicateRefundTransactionId = mode;
			const paymentId = await paidPayment(sandbox());
			await fault(sandbox(), { type: 'drop', count: 1, path: '/refund' });

			const { json } = await run(sandbox(), { parameters: createRefund(paymentId) });

			const cases = await refundCases(sandbox());
			expect(cases).toHaveLength(1);
			const posts = refundPosts();
			expect(posts).toHaveLength(2);
			expect(posts[0].fault).toBe('drop');
			expect(posts[1].body).toEqual(posts[0].body);
			// The case did not exist before this run: the run opened it, even though its first answer was lost.
			expect(json[0]).toMatchObject({
				id: cases[0].id,
				payment_id: paymentId,
				status: 'Refunded',
				refund_amount: '500.00',
				refund_amount_number: 500,
				transaction_id: posts[0].body && (posts[0].body as IDataObject).transaction_id,
				created: true,
				already_refunded: false,
			});
		},
	);

	it('waits out a 429 with Retry-After and then refunds once', async () => {
		const paymentId = await paidPayment(sandbox());
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 1, count: 1, path: '/refund' });

		const started = Date.now();
		const { json } = await run(sandbox(), { parameters: createRefund(paymentId) });

		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(refundPosts().map((post) => post.status)).toEqual([429, 201]);
		expect(await refundCases(sandbox())).toHaveLength(1);
		expect(json[0]).toMatchObject({ created: true });
	});

	it('acts as a seller with a refresh token from the item and outputs the rotated one', async () => {
		const paymentId = await paidPayment(sandbox());
		const refreshToken = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: refreshToken }],
			parameters: createRefund(paymentId, {
				actAs: 'sellerRefreshToken',
				sellerRefreshToken: (item: IDataObject) => item.refresh_token,
			}),
		});

		// The seller's token is exchanged once, through the credential (which may first fetch its own token).
		expect(tokenCalls(sandbox()).filter((call) => call.grantType === 'refresh_token')).toHaveLength(1);
		for (const call of apiCalls(sandbox())) expect(call.auth).toMatchObject({ kind: 'user', username: seller.username });
		expect(json[0]).toMatchObject({ created: true, refresh_token: expect.any(String), access_token_expires_at: expect.any(String) });
		expect(json[0].refresh_token).not.toBe(refreshToken);
		expectNoSecrets(json);
	});

	describe('validation: nothing is sent', () => {
		it.each([
			['a malformed payment ID', createRefund('MOJO123'), 'Payment ID "MOJO123" is not an Instamojo payment ID'],
			['an empty explanation', createRefund('MOJO5a06005J21512197', { body: '  ' }), 'Explanation is required'],
			['an unknown reason code', createRefund('MOJO5a06005J21512197', { reason: 'XYZ' }), 'Reason "XYZ" is not one of Instamojo\'s refund reasons'],
			['a zero amount', createRefund('MOJO5a06005J21512197', { additionalFields: { refundAmount: 0 } }), 'Refund Amount ₹0.00 is not a refundable amount'],
			['three decimals', createRefund('MOJO5a06005J21512197', { additionalFields: { refundAmount: '10.005' } }), 'Refund Amount "10.005" is not an amount in rupees'],
			['a negative amount', createRefund('MOJO5a06005J21512197', { additionalFields: { refundAmount: -5 } }), 'Refund Amount "-5" is not an amount in rupees'],
			['a transaction ID over 100 characters', createRefund('MOJO5a06005J21512197', { additionalFields: { transactionId: 'x'.repeat(101) } }), 'Transaction ID is longer than 100 characters'],
		])('%s', async (_case, parameters, message) => {
			const error = await runError(sandbox(), { parameters });

			expect(error.message).toBe(`${message} [item 0]`);
			expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
			expect(sandbox().log()).toEqual([]);
		});

		it('also with Dry Run', async () => {
			const error = await runError(sandbox(), { parameters: createRefund('MOJO123', { dryRun: true }) });

			expect(error.message).toContain('[item 0]');
			expect(sandbox().log()).toEqual([]);
		});
	});

	describe("Instamojo's refusals", () => {
		it.each(['json', 'python'] as const)(
			'a failed payment (status answered as %s) is refused from the payment read: no refund is sent',
			async (booleanFormat) => {
				sandbox().decisions.booleanFormat = booleanFormat;
				const paymentId = await paidPayment(sandbox(), { outcome: 'failure' });

				const error = await runError(sandbox(), { parameters: createRefund(paymentId) });

				expect(error.constructor.name).toBe('NodeOperationError');
				expect(error.message).toBe(`Payment ${paymentId} did not succeed, so there is nothing to refund [item 0]`);
				expect(error.description).toBe('Only successful payments can be refunded: check the Payment ID. The payment was read; no refund was sent.');
				expect(apiCalls(sandbox()).map((call) => `${call.method} ${call.path}`)).toEqual([`GET /v2/payments/${paymentId}/`]);
				expect(await refundCases(sandbox())).toEqual([]);
			},
		);

		it('a successful payment answered with status "True" is refunded', async () => {
			sandbox().decisions.booleanFormat = 'python';
			const paymentId = await paidPayment(sandbox());

			const { json } = await run(sandbox(), { parameters: createRefund(paymentId) });

			expect(json[0]).toMatchObject({ created: true, already_refunded: false });
			expect(json[0]).not.toHaveProperty('checks_skipped');
			expect(await refundCases(sandbox())).toHaveLength(1);
		});

		it('an amount above what was paid is refused from the payment read: no refund is sent', async () => {
			const paymentId = await paidPayment(sandbox(), { amount: '500' });

			const error = await runError(sandbox(), {
				parameters: createRefund(paymentId, { additionalFields: { refundAmount: 600 } }),
			});

			expect(error.message).toBe('Refund Amount ₹600.00 is more than the ₹500.00 paid [item 0]');
			expect(error.description).toBe('Use at most ₹500.00, or leave Refund Amount out to refund the full amount. The payment was read; no refund was sent.');
			expect(refundPosts()).toEqual([]);
		});

		it("an amount above what is left after an earlier refund: Instamojo's refusal, naming the field", async () => {
			const paymentId = await paidPayment(sandbox(), { amount: '500' });
			await run(sandbox(), { parameters: createRefund(paymentId, { additionalFields: { refundAmount: 300 } }) });
			sandbox().clearLog();

			const error = await runError(sandbox(), {
				parameters: createRefund(paymentId, { additionalFields: { refundAmount: 250 } }),
			});

			expect(error.message).toBe(
				'Instamojo refused to refund the payment (HTTP 400): refund_amount: Ensure this value is less than or equal to 200.00. [item 0]',
			);
			expect(refundPosts()).toHaveLength(1);
			expect(await refundCases(sandbox())).toHaveLength(1);
		});

		it("an unknown payment: the read's 404 does not stop the refund, whose own 404 names the payment", async () => {
			const error = await runError(sandbox(), { parameters: createRefund('MOJO5a06005J21512197') });

			expect(error.message).toBe('Instamojo has no such payment: Not found [item 0]');
			expect(error.description).toContain('Check the ID');
			expect(apiCalls(sandbox()).map((call) => [call.method, call.status])).toEqual([
				['GET', 404],
				['POST', 404],
			]);
		});

		it('with continueOnFail: error items paired with their input, the rest refunded, in order', async () => {
			const good = await paidPayment(sandbox());
			const failed = await paidPayment(sandbox(), { outcome: 'failure' });

			const { items } = await run(sandbox(), {
				continueOnFail: true,
				items: [{ payment: good }, { payment: 'not-a-payment' }, { payment: failed }],
				parameters: createRefund((item: IDataObject) => item.payment),
			});

			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ payment_id: good, created: true });
			expect(items[1].json).toMatchObject({
				error: 'Payment ID "not-a-payment" is not an Instamojo payment ID [item 1]',
				itemIndex: 1,
			});
			expect(items[2].json).toMatchObject({
				error: `Payment ${failed} did not succeed, so there is nothing to refund [item 2]`,
				itemIndex: 2,
			});
			expect(await refundCases(sandbox())).toHaveLength(1);
		});
	});
});

/** Opens refund cases through the node, one per payment, and clears the log. */
async function refundsFor(paymentIds: string[]): Promise<IDataObject[]> {
	const { json } = await run(sandbox(), {
		items: paymentIds.map((payment) => ({ payment })),
		parameters: createRefund((item: IDataObject) => item.payment),
	});
	sandbox().clearLog();
	return json;
}

describe('Refund → Get', () => {
	const getRefund = (refundId: unknown, more: Record<string, unknown> = {}) => ({ resource: 'refund', operation: 'get', refundId, ...more });

	it('reads the case from the resolution centre and outputs the main fields', async () => {
		const [created] = await refundsFor([await paidPayment(sandbox())]);

		const { json } = await run(sandbox(), { parameters: getRefund(created.id) });

		const [call] = apiCalls(sandbox());
		expect(call).toMatchObject({ method: 'GET', path: `/v2/resolutioncenter/cases/${created.id}/`, auth: { kind: 'application' } });
		expect(json).toEqual([
			{
				id: created.id,
				payment_id: created.payment_id,
				transaction_id: created.transaction_id,
				status: 'FINI',
				status_text: 'Refunded',
				type: 'QFL',
				body: 'The vase arrived chipped',
				refund_amount: '500.00',
				refund_amount_number: 500,
				created_at: created.created_at,
			},
		]);
	});

	it('with Simplify off outputs the whole case, amounts also as numbers', async () => {
		const [created] = await refundsFor([await paidPayment(sandbox())]);

		const { json } = await run(sandbox(), { parameters: getRefund(created.id, { simple: false }) });

		expect(json[0]).toMatchObject({
			id: created.id,
			payment: expect.stringContaining(`/v2/payments/${created.payment_id}/`),
			resolution_status: 'FINI_CONC',
			refunds: [expect.objectContaining({ status: 'Completed' })],
			refund_amount: '500.00',
			refund_amount_number: 500,
			payment_id: created.payment_id,
		});
	});

	it("reads as the seller with an access token from the item", async () => {
		const [created] = await refundsFor([await paidPayment(sandbox())]);
		const token = await sellerAccessToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ access_token: token }],
			parameters: getRefund(created.id, { actAs: 'sellerAccessToken', sellerAccessToken: (item: IDataObject) => item.access_token }),
		});

		expect(sandbox().log()).toEqual([expect.objectContaining({ method: 'GET', auth: expect.objectContaining({ kind: 'user', username: seller.username }) })]);
		expect(json[0]).toMatchObject({ id: created.id, status_text: 'Refunded' });
		expectNoSecrets(json, token);
	});

	it('reads a refund object (R…, as Get Many may list them) at /v2/refunds/{id}/', async () => {
		sandbox().decisions.refundsList = 'refunds';
		const [created] = await refundsFor([await paidPayment(sandbox(), { amount: '250' })]);
		const listed = (await run(sandbox(), { parameters: { resource: 'refund', operation: 'getAll', returnAll: true } })).json[0];
		sandbox().clearLog();

		const { json } = await run(sandbox(), { parameters: getRefund(listed.id) });

		expect(apiCalls(sandbox()).map((call) => call.path)).toEqual([`/v2/refunds/${listed.id as string}/`]);
		expect(json[0]).toMatchObject({ id: listed.id, payment_id: created.payment_id, amount: '250.00', amount_number: 250 });
	});

	it('an unknown refund: a 404 that names the refund', async () => {
		const error = await runError(sandbox(), { parameters: getRefund('C000000000') });

		expect(error.message).toBe('Instamojo has no such refund: Not found [item 0]');
		expect(apiCalls(sandbox())).toHaveLength(1);
	});

	it('a malformed refund ID sends nothing', async () => {
		const error = await runError(sandbox(), { parameters: getRefund('../payments/x') });

		expect(error.message).toBe('Refund ID "../payments/x" is not an Instamojo refund ID [item 0]');
		expect(sandbox().log()).toEqual([]);
	});
});

describe('Refund → Get Many', () => {
	const getMany = (more: Record<string, unknown> = {}) => ({ resource: 'refund', operation: 'getAll', ...more });

	it('Return All: asks for the largest page and outputs every case, newest first', async () => {
		sandbox().decisions.refundsList = 'cases';
		const created = await refundsFor([await paidPayment(sandbox()), await paidPayment(sandbox()), await paidPayment(sandbox())]);

		const { json, items } = await run(sandbox(), { parameters: getMany({ returnAll: true }) });

		const [call] = apiCalls(sandbox());
		expect(call).toMatchObject({ method: 'GET', path: '/v2/refunds/', query: { page: '1', limit: '100' }, auth: { kind: 'application' } });
		expect(json.map((refund) => refund.id)).toEqual(created.map((refund) => refund.id).reverse());
		expect(json[0]).toMatchObject({ refund_amount: '500.00', refund_amount_number: 500, status_text: 'Refunded' });
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Limit inside a page: asks for exactly that many', async () => {
		await refundsFor([await paidPayment(sandbox()), await paidPayment(sandbox()), await paidPayment(sandbox())]);

		const { json } = await run(sandbox(), { parameters: getMany({ returnAll: false, limit: 2 }) });

		expect(apiCalls(sandbox()).map((call) => call.query)).toEqual([{ page: '1', limit: '2' }]);
		expect(json).toHaveLength(2);
	});

	it('no refunds: no items', async () => {
		const { json } = await run(sandbox(), { parameters: getMany({ returnAll: true }) });

		expect(json).toEqual([]);
	});

	it('lists refund objects (R…) as Instamojo returns them, the amount typed and kept by Simplify', async () => {
		sandbox().decisions.refundsList = 'refunds';
		const [created] = await refundsFor([await paidPayment(sandbox(), { amount: '250' })]);

		const { json } = await run(sandbox(), { parameters: getMany({ returnAll: true }) });

		expect(json).toEqual([
			{
				id: expect.stringMatching(/^R/),
				payment_id: created.payment_id,
				status: 'Refunded',
				type: 'QFL',
				body: 'The vase arrived chipped',
				amount: '250.00',
				amount_number: 250,
				buyer: expect.any(String),
				created_at: created.created_at,
			},
		]);
	});

	it('with Simplify off: the whole refund object, its payment link kept, the amount also as a number', async () => {
		sandbox().decisions.refundsList = 'refunds';
		const [created] = await refundsFor([await paidPayment(sandbox(), { amount: '250' })]);

		const { json } = await run(sandbox(), { parameters: getMany({ returnAll: true, simple: false }) });

		expect(json[0]).toMatchObject({
			payment: expect.stringContaining(`/v2/payments/${created.payment_id}/`),
			payment_id: created.payment_id,
			amount: '250.00',
			amount_number: 250,
		});
	});

	it.each(['honoured', 'ignored'] as const)('enforces the creation-time range itself (filters %s by Instamojo)', async (listFilters) => {
		sandbox().decisions.listFilters = listFilters;
		await refundsFor([await paidPayment(sandbox()), await paidPayment(sandbox())]);

		const future = await run(sandbox(), { parameters: getMany({ returnAll: true, filters: { createdAfter: '2999-01-01T00:00:00Z' } }) });
		const past = await run(sandbox(), { parameters: getMany({ returnAll: true, filters: { createdBefore: '2000-01-01T00:00:00Z' } }) });
		const now = await run(sandbox(), { parameters: getMany({ returnAll: true, filters: { createdAfter: '2000-01-01T00:00:00Z' } }) });

		expect(future.json).toEqual([]);
		expect(past.json).toEqual([]);
		expect(now.json).toHaveLength(2);
	});

	it('filters by creation time in ISO UTC', async () => {
		await refundsFor([await paidPayment(sandbox())]);

		const { json } = await run(sandbox(), {
			parameters: getMany({ returnAll: true, filters: { createdAfter: '2999-01-01T05:30:00+05:30' } }),
		});

		expect(apiCalls(sandbox())[0].query).toMatchObject({ min_created_at: '2999-01-01T00:00:00.000Z' });
		expect(json).toEqual([]);
	});

	it('a range that ends before it starts sends nothing', async () => {
		const error = await runError(sandbox(), {
			parameters: getMany({ returnAll: true, filters: { createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' } }),
		});

		expect(error.message).toContain('[item 0]');
		expect(sandbox().log()).toEqual([]);
	});
});
