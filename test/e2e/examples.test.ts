/**
 * The five example workflows of examples/, imported as they are into the pinned real n8n (only example 2's
 * webhook URL is pointed at this n8n's port) and run against the local Instamojo sandbox in the order a
 * marketplace uses them: each test starts from what the previous one left in Instamojo and in n8n's Data
 * Tables. The stack (sandbox, n8n, credentials, imports, publishing) is the demo's: harness/examples/stack.cts.
 *
 * Manual and scheduled examples run in the server, as the editor's "Execute workflow" does: the Data Table
 * node needs n8n's modules, which `n8n execute` does not load.
 */
import { DEMO_SELLER } from '../../harness/examples/catalog.cjs';
import { ExampleStack } from '../../harness/examples/stack.cjs';
import { packPackage } from '../../harness/n8n/index.cjs';
import { fault } from '../support/marketplace';
import {
	backdate,
	heldPaymentNotOurs,
	isHeld,
	payOrders,
	receivedPayments,
	refreshTokenState,
	releaseCalls,
	sell,
	sellerInInstamojo,
	storedRefreshToken,
	submitRefunds,
} from './exampleSteps.cjs';

describe('example workflows in real n8n', () => {
	let stack: ExampleStack;
	/** Payment links created by example 2, in order. */
	let orderIds: string[] = [];
	/** The payment made on each of them, in the same order. */
	let paymentIds: string[] = [];

	beforeAll(async () => {
		stack = await ExampleStack.create({ profile: 'documented' });
		await stack.setUp({ tarball: await packPackage() });
	});

	afterAll(async () => {
		await stack?.stop();
	});

	it('1 onboards a seller from the form: Instamojo has them with a bank account, the store their refresh token, n8n nothing of the form', async () => {
		const signup = await stack.submitForm('onboarding', DEMO_SELLER);
		const sameEmailAgain = await stack.submitForm('onboarding', {
			...DEMO_SELLER,
			phone: '9876501235',
		});

		const seller = sellerInInstamojo(stack);
		const rows = await stack.tableRows('instamojo_sellers');
		expect([signup.status, sameEmailAgain.status]).toEqual([200, 200]);
		expect(seller?.bankAccount).toMatchObject({
			accountHolderName: DEMO_SELLER.account_holder_name,
			accountNumber: DEMO_SELLER.account_number,
			ifscCode: 'SBIN0001234',
		});
		expect(rows).toEqual([
			expect.objectContaining({
				email: DEMO_SELLER.email,
				seller_id: seller?.id,
				username: seller?.username,
				status: 'active',
				bank_account_last4: '7890',
			}),
			// The second signup is refused by Instamojo and recorded, leaving the first seller's row alone.
			expect.objectContaining({
				email: DEMO_SELLER.email,
				seller_id: '',
				refresh_token: '',
				status: 'failed',
				note: expect.stringMatching(/Email already exists/),
			}),
		]);
		expect(stack.sandbox.state.refreshTokens.get(rows[0].refresh_token)).toMatchObject({
			userId: seller?.id,
			refreshState: 'active',
		});
		expect(JSON.stringify(rows)).not.toContain(DEMO_SELLER.password);
		expect(JSON.stringify(rows)).not.toContain(DEMO_SELLER.account_number);
		// The workflow saves no execution data, so the form's answers are not kept in n8n.
		expect(await stack.executions('onboarding')).toEqual([]);
	});

	it('2 creates a held payment link with commission for the stored seller, twice, each run with the refresh token the previous one stored', async () => {
		const { statuses, links, tokens } = await sell(stack, 2);

		expect(statuses).toEqual(['success', 'success']);
		orderIds = links.map((link) => String(link.order_id));
		const seller = sellerInInstamojo(stack);
		expect(links).toHaveLength(2);
		for (const link of links) {
			const created = stack.sandbox.state.paymentRequests.get(String(link.order_id));
			expect(created).toMatchObject({
				userId: seller?.id,
				amountPaise: 49900,
				partnerFeeType: 'percent',
				partnerFee: 10,
				markFulfilled: false,
				webhook: stack.url('paymentReceived'),
			});
			expect(link.checkout_url).toBe(`${created?.longurl}?embed=form`);
		}
		// Instamojo rotates a refresh token on every use: three different ones, each spent by the next run.
		expect(new Set(tokens).size).toBe(3);
		expect(tokens.map((token) => refreshTokenState(stack, token))).toEqual(['used', 'used', 'active']);
		expect(await stack.tableRows('instamojo_orders')).toEqual(
			orderIds.map((orderId) =>
				expect.objectContaining({
					order_id: orderId,
					seller_id: seller?.id,
					amount: 499,
					commission: 49.9,
					hold: true,
					status: 'created',
					released: false,
				}),
			),
		);
	});

	it('2 keeps the rotated refresh token when creating the link fails after the token exchange', async () => {
		const before = await storedRefreshToken(stack);
		// One 500 on the create: Instamojo may have applied it, so the node does not resend it and fails.
		await fault(stack.sandbox, {
			type: 'status',
			status: 500,
			count: 1,
			path: '/v2/payment_requests',
		});

		const execution = await stack.runManually('sell');

		const after = await storedRefreshToken(stack);
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.lastNodeExecuted).toBe('Payment link not created');
		expect(after).not.toBe(before);
		expect([before, after].map((token) => refreshTokenState(stack, token))).toEqual(['used', 'active']);
		expect(await stack.tableRows('instamojo_orders')).toHaveLength(orderIds.length);
	});

	it('3 a paid link starts Payment received exactly once, which marks the order paid', async () => {
		const paid = await payOrders(stack, orderIds);
		paymentIds = paid.paymentIds;

		expect(paid.webhookStatuses).toEqual([200, 200]);
		// Signed with the marketplace's salt in this world: the signature alone is enough.
		expect(await receivedPayments(stack)).toEqual(
			[...paymentIds].sort().map((paymentId) => ({ status: 'success', paymentId, verifiedBy: 'signature' })),
		);
		expect(await stack.tableRows('instamojo_orders')).toEqual(
			orderIds.map((orderId, index) =>
				expect.objectContaining({
					order_id: orderId,
					status: 'paid',
					payment_id: paymentIds[index],
				}),
			),
		);
	});

	it('4 the daily release releases exactly the held payments that are due', async () => {
		const [due, recent] = paymentIds;
		// A held payment older than the window that is not one of the marketplace's stored orders.
		const notOurs = await heldPaymentNotOurs(stack);
		backdate(stack, due, 10);
		backdate(stack, notOurs, 10);
		stack.sandbox.clearLog();

		const execution = await stack.runManually('release');

		expect(execution.status).toBe('success');
		expect(releaseCalls(stack)).toEqual([`POST /v2/payments/${due}/fulfil/ → 200`]);
		expect([due, recent, notOurs].map((paymentId) => isHeld(stack, paymentId))).toEqual([false, true, true]);
		expect(await stack.tableRows('instamojo_orders')).toEqual([
			expect.objectContaining({ payment_id: due, released: true }),
			expect.objectContaining({ payment_id: recent, released: false }),
		]);
	});

	it('5 the refund desk opens one refund case for the same request submitted twice, and refunds in full too', async () => {
		const [due, recent] = paymentIds;
		const partial = {
			payment_id: due,
			refund_amount: '100',
			reason: 'Customer not satisfied',
			explanation: 'The lamp arrived scratched',
		};
		const full = {
			payment_id: recent,
			reason: 'Product lost or damaged',
			explanation: 'Lost in transit',
		};

		const anonymous = await stack.submitForm('refundDesk', partial);
		const titles = await submitRefunds(stack, [partial, partial, full]);

		expect(anonymous.status).toBe(401);
		expect(titles).toEqual(['Refund opened', 'Already refunded', 'Refund opened']);
		expect(
			[...stack.sandbox.state.refunds.values()].map((refund) => [
				refund.paymentId,
				refund.amountPaise,
				refund.type,
			]),
		).toEqual([
			[due, 10000, 'QFL'],
			[recent, 49900, 'QNR'],
		]);
		const executions = await stack.executions('refundDesk', 3);
		expect(executions.map((execution) => execution.status)).toEqual([
			'success',
			'success',
			'success',
		]);
	});
});
