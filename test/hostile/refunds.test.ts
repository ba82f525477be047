/**
 * Refund → Create where a careless user or an unhelpful Instamojo would make it refund twice: a re-run with
 * the reason or explanation changed, a payment pre-read refused (403, 404, 500), and a repeated
 * transaction ID refused with a body naming no field. Whatever happens: never a second case, and the
 * item says already_refunded or fails with a clear error, never "correct the fields".
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProfileName } from '../../sandbox/decisions.cjs';
import { paidPayment } from '../support/paidPayments';
import { apiCalls, refundCases, refundParameters as refund, expectNoSecrets, fault, run, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const PROFILES: ProfileName[] = ['documented', 'pessimistic'];

const posts = () => apiCalls(sandbox()).filter((call) => call.method === 'POST');

/** The payment's own GET (not its refund path, which contains it) answered with `status`, `count` times. */
const refusePaymentRead = async (paymentId: string, status: number, count = 1) =>
	await fault(sandbox(), { type: 'status', status, count, method: 'GET', path: `/v2/payments/${paymentId}/`, retryAfter: 0 });

/** The transaction ID the node derives, from a Dry Run (which sends nothing). */
async function derivedKey(parameters: Record<string, unknown>): Promise<string> {
	const { json } = await run(sandbox(), { parameters: { ...parameters, dryRun: true } });
	return json[0].transaction_id as string;
}

describe.each(PROFILES)('in the %s world', (profile) => {
	beforeEach(() => sandbox().useProfile(profile));

	it('a ₹100 partial refund re-run with another reason and explanation opens no second refund', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });
		const first = await run(sandbox(), { parameters: refund(paymentId, { additionalFields: { refundAmount: 100 } }) });
		sandbox().clearLog();

		const second = await run(sandbox(), {
			parameters: refund(paymentId, { reason: 'PTH', body: 'Reworded: chipped in transit', additionalFields: { refundAmount: '100.00' } }),
		});

		expect(await refundCases(sandbox())).toHaveLength(1);
		expect(posts()).toEqual([]);
		expect(second.json[0]).toMatchObject({ id: first.json[0].id, refund_amount: '100.00', created: false, already_refunded: true });
	});

	it('two intended refunds of one amount need a Transaction ID each, and then open two cases', async () => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });
		const twice = (transactionId?: string) =>
			refund(paymentId, { additionalFields: { refundAmount: 100, ...(transactionId ? { transactionId } : {}) } });

		await run(sandbox(), { parameters: twice() });
		await run(sandbox(), { parameters: twice() });
		expect(await refundCases(sandbox())).toHaveLength(1);

		await run(sandbox(), { parameters: twice('order-7-return-1') });
		await run(sandbox(), { parameters: twice('order-7-return-2') });
		expect((await refundCases(sandbox())).map((refundCase) => refundCase.transactionId)).toEqual([
			expect.stringMatching(/^n8n-/),
			'order-7-return-1',
			'order-7-return-2',
		]);
	});

	it.each([
		[403, 'HTTP 403'],
		[404, 'Instamojo has no such payment'],
		[500, 'HTTP 500'],
	])('a payment read answered %s: the refund is still sent, once, with its key, and the item says what was not checked', async (status, why) => {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });
		const key = await derivedKey(refund(paymentId));
		// 500 is retried as a read is (four attempts in all): every attempt fails.
		await refusePaymentRead(paymentId, status, status === 500 ? 4 : 1);

		const { json } = await run(sandbox(), { parameters: refund(paymentId) });

		expect(posts()).toHaveLength(1);
		expect(posts()[0].body).toMatchObject({ transaction_id: key });
		const cases = await refundCases(sandbox());
		expect(cases).toHaveLength(1);
		expect(json[0]).toMatchObject({ id: cases[0].id, transaction_id: key, created: true, already_refunded: false });
		const [note] = json[0].checks_skipped as string[];
		expect(note).toMatch(/^payment succeeded, amount paid, earlier refunds: the payment could not be read \(/);
		expect(note).toContain(why);
		expectNoSecrets(json);
	});
});

describe('a repeated transaction ID refused, the payment unreadable: the answer by world', () => {
	/** Refunds a payment twice, its read refused both times; the second run's item (continueOnFail). */
	async function refundTwiceUnread(): Promise<{ paymentId: string; second: IDataObject }> {
		const paymentId = await paidPayment(sandbox(), { amount: '500' });
		await refusePaymentRead(paymentId, 403);
		await run(sandbox(), { parameters: refund(paymentId) });
		await refusePaymentRead(paymentId, 403);
		sandbox().clearLog();
		const { json } = await run(sandbox(), { continueOnFail: true, parameters: refund(paymentId) });
		return { paymentId, second: json[0] };
	}

	it.each(['error', 'generic-error'] as const)(
		'a refunds list of cases confirms the case (refusal: %s): already_refunded, from the list matched by payment and transaction ID',
		async (duplicateRefundTransactionId) => {
			Object.assign(sandbox().decisions, { refundsList: 'cases', duplicateRefundTransactionId });

			const { paymentId, second } = await refundTwiceUnread();

			const [onlyCase] = await refundCases(sandbox());
			expect(await refundCases(sandbox())).toHaveLength(1);
			expect(second).toMatchObject({ id: onlyCase.id, payment_id: paymentId, refund_amount: '500.00', created: false, already_refunded: true });
			expect(apiCalls(sandbox()).map((call) => `${call.method} ${call.path}`)).toEqual([
				`GET /v2/payments/${paymentId}/`,
				`POST /v2/payments/${paymentId}/refund/`,
				'GET /v2/refunds/',
			]);
		},
	);

	it('a field error on transaction_id, unconfirmed (refund objects carry no transaction ID): the clear error', async () => {
		Object.assign(sandbox().decisions, { refundsList: 'refunds', duplicateRefundTransactionId: 'error' });

		const { paymentId, second } = await refundTwiceUnread();

		expect(await refundCases(sandbox())).toHaveLength(1);
		expect(second.error).toMatch(new RegExp(`^A refund with transaction ID "n8n-[0-9a-f]{24}" already exists for payment ${paymentId}\\. Instamojo refused`));
		expect(second.description).toBe(
			"Nothing new was refunded. Check the payment's refunds in Instamojo (the dashboard, or Refund → Get Many) before running this item again. To refund the payment again on purpose, set a new Transaction ID.",
		);
	});

	it('a generic body naming no field, unconfirmed: the clear error, quoting Instamojo', async () => {
		Object.assign(sandbox().decisions, { refundsList: 'refunds', duplicateRefundTransactionId: 'generic-error' });

		const { paymentId, second } = await refundTwiceUnread();

		expect(await refundCases(sandbox())).toHaveLength(1);
		expect(second.error).toBe(
			`A refund with transaction ID "${(await refundCases(sandbox()))[0].transactionId as string}" may already exist for payment ${paymentId}. Instamojo refused to refund the payment (HTTP 400): Could not create the refund. Please try again later. [item 0]`,
		);
		expect(second.description).toContain("Check the payment's refunds in Instamojo");
		expect(second.description).not.toContain('Correct the fields');
	});
});

describe('a generic refusal when the payment reads but its cases do not', () => {
	it('the case is confirmed once readable again: already_refunded', async () => {
		Object.assign(sandbox().decisions, { duplicateRefundTransactionId: 'generic-error' });
		const paymentId = await paidPayment(sandbox(), { amount: '500' });
		const first = await run(sandbox(), { parameters: refund(paymentId) });
		// The look-up before the refund cannot read the case; the one after the refusal can.
		await fault(sandbox(), { type: 'status', status: 403, count: 1, path: '/v2/resolutioncenter/cases/' });
		sandbox().clearLog();

		const { json } = await run(sandbox(), { parameters: refund(paymentId) });

		expect(await refundCases(sandbox())).toHaveLength(1);
		expect(posts().map((post) => post.status)).toEqual([400]);
		expect(json[0]).toMatchObject({ id: first.json[0].id, created: false, already_refunded: true });
		expect(json[0].checks_skipped).toEqual([expect.stringMatching(/^earlier refunds: .*HTTP 403/)]);
	});
});
