import { appToken, createPaymentRequest, newSeller } from '../support/client';
import {
	type Answer,
	call,
	control,
	type Json,
	type PaymentJson,
	pay,
	useSandbox,
} from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented' });

let token: string;
beforeEach(async () => {
	token = await appToken(sandbox());
});

interface RefundAnswer {
	refund: Json & { id: string };
	success: boolean;
}

async function paidPayment(
	fields: Record<string, string> = { amount: '100' },
	as = token,
): Promise<PaymentJson> {
	const request = await createPaymentRequest(sandbox(), as, fields);
	return (await pay(sandbox(), request.id)).body.payment;
}

const refund = async (
	paymentId: string,
	form: Record<string, string>,
	as = token,
): Promise<Answer<RefundAnswer>> =>
	await call<RefundAnswer>(sandbox(), 'POST', `/v2/payments/${paymentId}/refund/`, {
		token: as,
		form,
	});

const reason = { type: 'QFL', body: "Customer isn't satisfied with the quality" };

describe('create (POST /v2/payments/{id}/refund/)', () => {
	it('refunds the whole payment by default and answers in the documented shape (docs/instamojo-api.md §8)', async () => {
		const payment = await paidPayment();
		const answer = await refund(payment.id, { ...reason, transaction_id: 'txn-1' });

		expect(answer.status).toBe(201);
		expect(answer.body).toEqual({
			refund: {
				id: expect.stringMatching(/^C[0-9a-z]{9}$/),
				payment_id: payment.id,
				status: 'Refunded',
				type: 'QFL',
				body: reason.body,
				refund_amount: '100.00',
				total_amount: '100.00',
				created_at: expect.stringMatching(/Z$/),
			},
			success: true,
		});
		const fetched = await call(sandbox(), 'GET', `/v2/payments/${payment.id}/`, { token });
		expect(fetched.body.cases).toEqual([
			`${sandbox().url}/v2/resolutioncenter/cases/${answer.body.refund.id}/`,
		]);
	});

	it('takes partial refunds until nothing is left', async () => {
		const payment = await paidPayment();
		expect(
			(await refund(payment.id, { ...reason, refund_amount: '40', transaction_id: 'a' })).status,
		).toBe(201);

		const tooMuch = await refund(payment.id, {
			...reason,
			refund_amount: '60.01',
			transaction_id: 'b',
		});
		expect([tooMuch.status, tooMuch.body]).toEqual([
			400,
			{ refund_amount: ['Ensure this value is less than or equal to 60.00.'] },
		]);
		const defaultFull = await refund(payment.id, { ...reason, transaction_id: 'c' });
		expect(defaultFull.body).toEqual({
			refund_amount: ['Ensure this value is less than or equal to 60.00.'],
		});

		expect(
			(await refund(payment.id, { ...reason, refund_amount: '60', transaction_id: 'd' })).status,
		).toBe(201);
		const nothingLeft = await refund(payment.id, {
			...reason,
			refund_amount: '1',
			transaction_id: 'e',
		});
		expect(nothingLeft.body).toEqual({
			success: false,
			message: 'This payment has already been refunded in full.',
		});
	});

	it('validates type, body and amount', async () => {
		const payment = await paidPayment();
		const missing = await refund(payment.id, {});
		expect([missing.status, missing.body]).toEqual([
			400,
			{ type: ['This field is required.'], body: ['This field is required.'] },
		]);

		const bad = await refund(payment.id, { type: 'TNT', body: 'x', refund_amount: '0' });
		expect(bad.body).toEqual({
			type: ['"TNT" is not a valid choice.'],
			refund_amount: ['Ensure this value is greater than or equal to 0.01.'],
		});
	});

	it.each(['RFD', 'TNR', 'QFL', 'QNR', 'EWN', 'TAN', 'PTH'])(
		'accepts the reason code %s',
		async (type) => {
			expect((await refund((await paidPayment()).id, { type, body: 'reason' })).status).toBe(201);
		},
	);

	it('refuses to refund a failed payment', async () => {
		const request = await createPaymentRequest(sandbox(), token);
		const failed = (await pay(sandbox(), request.id, { outcome: 'failure' })).body.payment;
		const answer = await refund(failed.id, reason);
		expect([answer.status, answer.body]).toEqual([
			400,
			{ success: false, message: 'Only successful payments can be refunded.' },
		]);
	});

	it("answers 404 for an unknown payment and 403 for another seller's", async () => {
		const seller = await newSeller(sandbox(), token);
		const other = await newSeller(sandbox(), token);
		const payment = await paidPayment({ amount: '100' }, seller.token);

		expect((await refund('MOJO0000000000000000', reason)).status).toBe(404);
		expect((await refund(payment.id, reason, other.token)).status).toBe(403);
		expect((await refund(payment.id, reason, seller.token)).status).toBe(201);
	});
});

describe('transaction_id', () => {
	it('never opens a second case for a repeated transaction_id: 400 by default', async () => {
		const payment = await paidPayment();
		await refund(payment.id, { ...reason, refund_amount: '10', transaction_id: 'txn-7' });
		const repeat = await refund(payment.id, {
			...reason,
			refund_amount: '10',
			transaction_id: 'txn-7',
		});

		expect([repeat.status, repeat.body]).toEqual([
			400,
			{ transaction_id: ['A refund with this transaction_id already exists for this payment.'] },
		]);
		expect(sandbox().state.refunds.size).toBe(1);
	});

	it("returns the first case with 200 when duplicateRefundTransactionId is 'return-existing'", async () => {
		sandbox().decisions.duplicateRefundTransactionId = 'return-existing';
		const payment = await paidPayment();
		const first = await refund(payment.id, { ...reason, transaction_id: 'txn-8' });
		const repeat = await refund(payment.id, { ...reason, transaction_id: 'txn-8' });

		expect(repeat.status).toBe(200);
		expect(repeat.body).toEqual(first.body);
		expect(sandbox().state.refunds.size).toBe(1);
	});

	it('allows the same transaction_id on another payment', async () => {
		const one = await paidPayment();
		const two = await paidPayment();
		await refund(one.id, { ...reason, transaction_id: 'shared' });
		expect((await refund(two.id, { ...reason, transaction_id: 'shared' })).status).toBe(201);
	});

	it('is required when refundTransactionIdRequired is on', async () => {
		sandbox().decisions.refundTransactionIdRequired = true;
		const answer = await refund((await paidPayment()).id, reason);
		expect(answer.body).toEqual({ transaction_id: ['This field is required.'] });
	});
});

describe('get and list', () => {
	it('reads a case through both paths in the case shape (docs/instamojo-api.md §8)', async () => {
		const payment = await paidPayment();
		const created = (
			await refund(payment.id, {
				...reason,
				refund_amount: '25.50',
				transaction_id: '1603367841023',
			})
		).body.refund;
		const viaRefunds = await call(sandbox(), 'GET', `/v2/refunds/${created.id}/`, { token });
		const viaCases = await call(sandbox(), 'GET', `/v2/resolutioncenter/cases/${created.id}`, {
			token,
		});

		expect(viaRefunds.status).toBe(200);
		expect(viaCases.body).toEqual(viaRefunds.body);
		expect(viaRefunds.body).toEqual({
			id: created.id,
			created_by: null,
			payment: `${sandbox().url}/v2/payments/${payment.id}/`,
			status: 'FINI',
			resolution_status: 'FINI_CONC',
			status_text: 'Refunded',
			type: 'QFL',
			body: reason.body,
			refund_amount: '25.50',
			references: [],
			refunds: [
				{
					id: expect.stringMatching(/^[0-9a-f-]{36}$/),
					status: 'Completed',
					bank_reference_number: expect.stringMatching(/^[A-Z0-9]{10}$/),
					created_at: expect.stringMatching(/Z$/),
				},
			],
			transaction_id: '1603367841023',
			created_at: created.created_at,
			updated_at: expect.stringMatching(/Z$/),
			resource_uri: `${sandbox().url}/v2/resolutioncenter/cases/${created.id}/`,
			creator_name: 'Sandbox Marketplace',
		});
	});

	it('starts refunds as pending when refundInitialStatus says so, until the control API completes them', async () => {
		sandbox().decisions.refundInitialStatus = 'Pending';
		const created = (await refund((await paidPayment()).id, reason)).body.refund;
		expect(created.status).toBe('Pending');
		const pending = await call(sandbox(), 'GET', `/v2/refunds/${created.id}/`, { token });
		expect(pending.body).toMatchObject({
			status: 'OPEN',
			resolution_status: null,
			status_text: 'Pending',
			refunds: [],
		});

		expect((await control(sandbox(), 'POST', `refunds/${created.id}/complete`)).body).toEqual({
			success: true,
			status: 'Refunded',
		});
		const done = await call(sandbox(), 'GET', `/v2/refunds/${created.id}/`, { token });
		expect(done.body).toMatchObject({
			status: 'FINI',
			status_text: 'Refunded',
			refunds: [{ status: 'Completed' }],
		});
	});

	it('lists refunds newest first, a seller seeing only their own', async () => {
		const seller = await newSeller(sandbox(), token);
		const sellerRefund = (
			await refund((await paidPayment({ amount: '50' }, seller.token)).id, reason, seller.token)
		).body.refund;
		const ownRefund = (await refund((await paidPayment()).id, reason)).body.refund;
		const ids = async (as: string) =>
			(
				await call<{ count: number; refunds: Json[] }>(sandbox(), 'GET', '/v2/refunds/', {
					token: as,
				})
			).body.refunds.map((r) => r.id);

		expect(await ids(token)).toEqual([ownRefund.id, sellerRefund.id]);
		expect(await ids(seller.token)).toEqual([sellerRefund.id]);
		expect(
			(await call(sandbox(), 'GET', `/v2/refunds/${ownRefund.id}/`, { token: seller.token }))
				.status,
		).toBe(403);
		expect((await call(sandbox(), 'GET', '/v2/refunds/C000000000/', { token })).status).toBe(404);
	});
});
