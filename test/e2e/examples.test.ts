/**
 * The five example workflows of examples/, imported as they are into the pinned real n8n (only example 2's
 * webhook URL is pointed at this n8n's port) and run against the local Instamojo sandbox in the order a
 * marketplace uses them: each test starts from what the previous one left in Instamojo and in n8n's Data
 * Tables. The stack (sandbox, n8n, credentials, imports, publishing) is the demo's: scripts/demo.cts.
 *
 * Manual and scheduled examples run in the server, as the editor's "Execute workflow" does: the Data Table
 * node needs n8n's modules, which `n8n execute` does not load.
 */
import { sleep } from 'n8n-workflow';

import { DEMO_SELLER, DESK_LOGIN, ExampleStack } from '../../scripts/demo.cjs';
import { outputOf } from './fixtures.cjs';
import { packPackage, postJson } from './harness.cjs';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('example workflows in real n8n', () => {
	let stack: ExampleStack;
	/** Payment links created by example 2, in order. */
	let orderIds: string[] = [];
	/** The payment made on each of them, in the same order. */
	const paymentIds: string[] = [];

	const sellerInInstamojo = () =>
		[...stack.sandbox.state.users.values()].find((user) => user.email === DEMO_SELLER.email);

	/** The refresh token example 1 stored for the seller, as the store has it now. */
	async function storedRefreshToken(): Promise<string> {
		const rows = await stack.tableRows('instamojo_sellers');
		return String(rows.find((row) => row.status === 'active')?.refresh_token);
	}

	/** 'active', 'used' or 'revoked' in Instamojo, for a refresh token the store has. */
	const refreshTokenState = (token: string) =>
		stack.sandbox.state.refreshTokens.get(token)?.refreshState;

	function backdate(paymentId: string, days: number): void {
		const payment = stack.sandbox.state.payments.get(paymentId);
		if (!payment) throw new Error(`no payment ${paymentId}`);
		payment.createdAt = new Date(Date.now() - days * DAY_MS).toISOString();
	}

	const isHeld = (paymentId: string) => stack.sandbox.state.payments.get(paymentId)?.held;

	const releaseCalls = () =>
		stack.sandbox
			.log()
			.filter((entry) => entry.path.endsWith('/fulfil/'))
			.map((entry) => `${entry.method} ${entry.path} → ${entry.status}`);

	/** The title of a form's ending page. */
	const pageTitle = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

	beforeAll(async () => {
		stack = await ExampleStack.create();
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

		const seller = sellerInInstamojo();
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
		const tokens = [await storedRefreshToken()];
		const links: Array<Record<string, unknown>> = [];
		for (const run of [1, 2]) {
			const execution = await stack.runManually('sell');
			expect({ run, status: execution.status }).toEqual({ run, status: 'success' });
			links.push(...outputOf(execution.data.resultData.runData, 'Checkout link'));
			tokens.push(await storedRefreshToken());
		}

		orderIds = links.map((link) => String(link.order_id));
		const seller = sellerInInstamojo();
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
		expect(tokens.map(refreshTokenState)).toEqual(['used', 'used', 'active']);
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
		const before = await storedRefreshToken();
		// One 500 on the create: Instamojo may have applied it, so the node does not resend it and fails.
		await postJson(`${stack.sandbox.url}/_sandbox/faults`, {
			type: 'status',
			status: 500,
			count: 1,
			path: '/v2/payment_requests',
		});

		const execution = await stack.runManually('sell');

		const after = await storedRefreshToken();
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.lastNodeExecuted).toBe('Payment link not created');
		expect(after).not.toBe(before);
		expect([before, after].map(refreshTokenState)).toEqual(['used', 'active']);
		expect(await stack.tableRows('instamojo_orders')).toHaveLength(orderIds.length);
	});

	it('3 a paid link starts Payment received exactly once, which marks the order paid', async () => {
		for (const [index, orderId] of orderIds.entries()) {
			const paid = await stack.pay(orderId);
			expect(paid.webhook?.status).toBe(200);
			paymentIds.push(paid.payment.id);
			await stack.executions('paymentReceived', index + 1);
		}
		await sleep(1000); // room for a second execution, if one were to start

		const executions = await stack.executions('paymentReceived');
		const received = executions.map((execution) => ({
			status: execution.status,
			paymentId: outputOf(execution.data.resultData.runData, 'Instamojo Trigger')[0]?.payment_id,
		}));
		expect(received.sort((a, b) => (String(a.paymentId) < String(b.paymentId) ? -1 : 1))).toEqual(
			[...paymentIds].sort().map((paymentId) => ({ status: 'success', paymentId })),
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
		const {
			payment_ids: [notOurs],
		} = (await postJson(`${stack.sandbox.url}/_sandbox/bulk/payments`, {
			count: 1,
			held: true,
		})) as {
			payment_ids: string[];
		};
		backdate(due, 10);
		backdate(notOurs, 10);
		stack.sandbox.clearLog();

		const execution = await stack.runManually('release');

		expect(execution.status).toBe('success');
		expect(releaseCalls()).toEqual([`POST /v2/payments/${due}/fulfil/ → 200`]);
		expect([due, recent, notOurs].map(isHeld)).toEqual([false, true, true]);
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
			reason: 'Customer not satisfied (QFL)',
			explanation: 'The lamp arrived scratched',
		};
		const full = {
			payment_id: recent,
			reason: 'Product lost or damaged (QNR)',
			explanation: 'Lost in transit',
		};
		const login = { authorization: `Basic ${btoa(`${DESK_LOGIN.user}:${DESK_LOGIN.password}`)}` };

		const anonymous = await stack.submitForm('refundDesk', partial);
		const titles = [];
		for (const answers of [partial, partial, full]) {
			const submitted = await stack.submitForm('refundDesk', answers, login);
			titles.push(pageTitle(await stack.openEndingPage(submitted.json.formWaitingUrl)));
		}

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
