/**
 * Release → Release Payment against the sandbox: a payment held by a link created with
 * mark_fulfilled=false is released once; a repeat is an outcome, not a crash; Dry Run sends nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { saysAlreadyReleased } from '../../nodes/Instamojo/actions/release/release';
import { credentialFor, runNode, runNodeError } from '../../harness/standIn/actionNode';

import { startFixedAnswer } from '../support/fixedAnswer.cjs';
import { paidPayment } from '../support/paidPayments';
import { apiCalls, expectNoSecrets, fault, run, runError, seller, sellerAccessToken, WITH_SELLER } from '../support/marketplace';
import { useSandbox, useServer } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const release = (paymentId: unknown, more: Record<string, unknown> = {}) => ({
	resource: 'release',
	operation: 'release',
	paymentId,
	...more,
});

const isHeld = (paymentId: string) => sandbox().state.payments.get(paymentId)?.held;

describe('Release → Release Payment', () => {
	it('releases a held payment: one POST to fulfil, with no body, on the credential', async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });
		expect(isHeld(paymentId)).toBe(true);

		const { json, items } = await run(sandbox(), { parameters: release(paymentId) });

		const calls = apiCalls(sandbox());
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			path: `/v2/payments/${paymentId}/fulfil/`,
			contentType: '',
			body: {},
			auth: { kind: 'application' },
			status: 200,
		});
		expect(json).toEqual([{ payment_id: paymentId, released: true, already_released: false }]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(isHeld(paymentId)).toBe(false);
	});

	it('a second release is reported as already_released, not as an error', async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });
		await run(sandbox(), { parameters: release(paymentId) });

		const { json } = await run(sandbox(), { parameters: release(paymentId) });

		expect(json).toEqual([
			{
				payment_id: paymentId,
				released: false,
				already_released: true,
				message: 'Payment is already fulfilled.',
				instamojo_answer: { status: 400, body: expect.objectContaining({ message: 'Payment is already fulfilled.' }) },
			},
		]);
		expect(isHeld(paymentId)).toBe(false);
	});

	it('Dry Run sends nothing and shows the request', async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });

		const { json } = await run(sandbox(), { parameters: release(paymentId, { dryRun: true }) });

		expect(sandbox().log()).toEqual([]);
		expect(json).toEqual([
			{ dry_run: true, payment_id: paymentId, request: { method: 'POST', path: `/v2/payments/${paymentId}/fulfil/` } },
		]);
		expect(isHeld(paymentId)).toBe(true);
	});

	it("acts as the seller with an access token from the item", async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });
		const accessToken = await sellerAccessToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ access_token: accessToken }],
			parameters: release(paymentId, { actAs: 'sellerAccessToken', sellerAccessToken: (item: IDataObject) => item.access_token }),
		});

		expect(sandbox().log().map((entry) => [entry.path, entry.auth])).toEqual([
			[`/v2/payments/${paymentId}/fulfil/`, { kind: 'user', userId: seller.id, username: seller.username }],
		]);
		expect(json[0]).toMatchObject({ released: true });
		expectNoSecrets(json, accessToken);
	});

	it('is retried after a 503 (a repeat cannot release twice) and releases once', async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });
		await fault(sandbox(), { type: 'status', status: 503, count: 1, path: '/fulfil' });

		const { json } = await run(sandbox(), { parameters: release(paymentId) });

		expect(apiCalls(sandbox()).map((call) => call.status)).toEqual([503, 200]);
		expect(json[0]).toMatchObject({ released: true, already_released: false });
	});

	it('after a dropped connection the retry finds the payment released: one release, no error', async () => {
		const paymentId = await paidPayment(sandbox(), { held: true });
		await fault(sandbox(), { type: 'drop', count: 1, path: '/fulfil' });

		const { json } = await run(sandbox(), { parameters: release(paymentId) });

		expect(apiCalls(sandbox()).map((call) => call.fault ?? call.status)).toEqual(['drop', 400]);
		expect(isHeld(paymentId)).toBe(false);
		// The lost attempt did the release, so this run reports it as its own.
		expect(json[0]).toMatchObject({ payment_id: paymentId, released: true, already_released: false });
	});

	describe('failures', () => {
		it('an unknown payment: a 404 that names the payment', async () => {
			const error = await runError(sandbox(), { parameters: release('MOJO5a06005J21512197') });

			expect(error.constructor.name).toBe('NodeApiError');
			expect(error.message).toBe('Instamojo has no such payment: Not found [item 0]');
			expect(error.description).toContain('Check the ID');
		});

		it("a failed payment: Instamojo's message", async () => {
			const paymentId = await paidPayment(sandbox(), { outcome: 'failure' });

			const error = await runError(sandbox(), { parameters: release(paymentId) });

			expect(error.message).toBe('Instamojo refused to release the payment (HTTP 400): Payment failed, so it cannot be fulfilled. [item 0]');
		});

		it.each([['a malformed payment ID', 'MOJO-1'], ['an empty payment ID', '  ']])('%s sends nothing, even in Dry Run', async (_case, paymentId) => {
			for (const dryRun of [false, true]) {
				const error = await runError(sandbox(), { parameters: release(paymentId, { dryRun }) });

				expect(error.message).toBe(`Payment ID "${paymentId.trim()}" is not an Instamojo payment ID [item 0]`);
				expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
			}
			expect(sandbox().log()).toEqual([]);
		});

		it('with continueOnFail: error items paired with their input, the rest released, in order', async () => {
			const held = await paidPayment(sandbox(), { held: true });

			const { items } = await run(sandbox(), {
				continueOnFail: true,
				items: [{ payment: 'MOJO-1' }, { payment: held }, { payment: 'MOJO5a06005J21512197' }],
				parameters: release((item: IDataObject) => item.payment),
			});

			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json).toMatchObject({ error: 'Payment ID "MOJO-1" is not an Instamojo payment ID [item 0]', itemIndex: 0 });
			expect(items[1].json).toEqual({ payment_id: held, released: true, already_released: false });
			expect(items[2].json).toMatchObject({ error: 'Instamojo has no such payment: Not found [item 2]', httpCode: '404' });
		});
	});
});

describe('"already released" in the words of any plausible answer', () => {
	it.each([
		[409, '{"message": "Conflict"}'],
		[409, ''],
		[400, 'Payment is already fulfilled.'],
		[400, 'This payment has already been released'],
		[400, 'PAYMENT ALREADY SETTLED'],
		[400, 'Payment is not on hold'],
		[400, 'payment no longer on hold'],
		[400, 'Payment fulfilled'],
		[400, "Payment's payout was released earlier"],
	])('%i %s: already released', (status, detail) => {
		expect(saysAlreadyReleased(status, detail)).toBe(true);
	});

	it.each([
		[400, 'Payment failed, so it cannot be fulfilled.'],
		[400, 'Payment has not been released yet'],
		[400, "Payment can't be settled"],
		[400, 'Unable to release this payment'],
		[400, 'Payment is on hold'],
		[400, 'Invalid payment'],
		[400, undefined],
		[403, 'Payment is already fulfilled.'],
		[404, 'Not found'],
		[422, 'released'],
	])('%i %s: an error', (status, detail) => {
		expect(saysAlreadyReleased(status, detail)).toBe(false);
	});
});

describe('a server that answers a release with its own words', () => {
	const server = useServer(startFixedAnswer);

	const releaseVia = (more: Record<string, unknown> = {}) => ({
		credential: credentialFor(server().url, { authentication: 'application', clientId: 'id', clientSecret: 'not-used' }),
		parameters: release('MOJO5a06005J21512197', { actAs: 'sellerAccessToken', sellerAccessToken: 'seller-token', ...more }),
	});

	it.each([
		[409, { success: false, message: 'Payment already released' }],
		[400, { success: 'False', message: 'Payment is not on hold.' }],
		[400, { success: false, errors: { payment: ['This payment has been settled'] } }],
	])('%i %j: already_released, with the raw answer on the item', async (status, body) => {
		Object.assign(server().answer, { status, body: JSON.stringify(body) });

		const { json } = await runNode(releaseVia());

		expect(json).toEqual([
			expect.objectContaining({ payment_id: 'MOJO5a06005J21512197', released: false, already_released: true, instamojo_answer: { status, body } }),
		]);
	});

	it.each([
		[400, { success: false, message: 'Payment failed, so it cannot be fulfilled.' }],
		[400, { success: false, message: 'Invalid payment' }],
		[422, { success: false, message: 'Payment already released' }],
	])('%i %j stays an error', async (status, body) => {
		Object.assign(server().answer, { status, body: JSON.stringify(body) });

		const error = await runNodeError(releaseVia());

		expect(error.message).toContain(`(HTTP ${status})`);
	});
});
