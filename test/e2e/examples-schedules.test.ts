/**
 * The scheduled examples in real n8n, on the demo's stack (harness/examples/stack.cts) in the sandbox's pessimistic
 * world (sellers' webhooks signed with their own salt, booleans as "True"/"False", no list filter):
 *
 * - 6, reconciliation: a buyer pays while example 3 is unpublished (n8n answers Instamojo's webhook 404);
 *   example 6 marks the order paid from documented reads, once; when the webhook arrives later after all,
 *   example 3 runs and changes nothing.
 * - 7, scheduled refunds: orders marked for a full and a partial refund in its table; two runs in a row
 *   open one case per order and record it.
 *
 * Both run from their schedule trigger in the server, as the editor's "Execute workflow" does. Example 6
 * waits 30 minutes before it calls an order unpaid; the test sets its "Unpaid for" to 0 before importing,
 * the one value changed.
 */
import { sleep } from 'n8n-workflow';

import { DEMO_SELLER } from '../../harness/examples/catalog.cjs';
import { ExampleStack, type Execution } from '../../harness/examples/stack.cjs';
import { outputOf, packPackage } from '../../harness/n8n/index.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { deliverWebhook, webhookFields, webhookSaltFor } from '../../sandbox/webhook.cjs';
import { sell } from './exampleSteps.cjs';

type Row = Record<string, unknown>;

// eslint-disable-next-line no-console -- the figures belong in the CI log
const figure = (line: string) => console.log(`[schedules] ${line}`);

describe('scheduled example workflows in real n8n', () => {
	let stack: ExampleStack;
	/** Example 2's orders: A is paid while example 3 is down, B stays unpaid, C is paid normally. */
	let orders: { a: string; b: string; c: string };
	const payments: { a?: string; c?: string } = {};
	const started = Date.now();

	beforeAll(async () => {
		stack = await ExampleStack.create({ profile: 'pessimistic' });
		setUnpaidFor(stack, 0);
		await stack.setUp({ tarball: await packPackage() });
		expect((await stack.submitForm('onboarding', DEMO_SELLER)).status).toBe(200);
		const { statuses, links } = await sell(stack, 3);
		expect(statuses).toEqual(['success', 'success', 'success']);
		const [a, b, c] = links.map((link) => String(link.order_id));
		orders = { a, b, c };
	});

	afterAll(async () => {
		await stack?.stop();
	});

	const orderRow = async (orderId: string): Promise<Row | undefined> =>
		(await stack.tableRows('instamojo_orders')).find((row) => row.order_id === orderId);

	it('6 marks paid, once, the order whose webhook n8n missed; the late webhook then changes nothing', async () => {
		const exampleThree = stack.examples.paymentReceived.id;
		await stack.n8n.unpublish(exampleThree);
		await untilListening(stack, false);
		const missed = await stack.pay(orders.a);
		payments.a = missed.payment.id;

		const first = await stack.runManually('reconciliation');
		const afterFirst = await orderRow(orders.a);
		const second = await stack.runManually('reconciliation');
		const afterSecond = await orderRow(orders.a);

		expect(missed.webhook?.status).toBe(404);
		expect([first.status, second.status]).toEqual(['success', 'success']);
		expect(outputOf(first.data.resultData.runData, 'Mark order paid')).toEqual([
			expect.objectContaining({ order_id: orders.a, status: 'paid', payment_id: payments.a }),
		]);
		expect(outputOf(second.data.resultData.runData, 'Mark order paid')).toEqual([]);
		expect(afterFirst).toMatchObject({ status: 'paid', payment_id: payments.a, paid_at: expect.any(String) });
		expect(afterSecond).toEqual(afterFirst);
		expect(await orderRow(orders.b)).toMatchObject({ status: 'created', payment_id: '' });

		// Example 3 back up; Instamojo's delivery arrives after all, signed as it was sent.
		await stack.n8n.publish(exampleThree);
		await untilListening(stack, true);
		const late = await redeliver(stack.sandbox, stack.url('paymentReceived'), payments.a);
		const [lateRun] = await runsForPayment(stack, payments.a, 1);

		expect(late.status).toBe(200);
		expect(lateRun.status).toBe('success');
		expect(outputOf(lateRun.data.resultData.runData, 'Instamojo Trigger')).toEqual([
			expect.objectContaining({ payment_id: payments.a, verified_by: 'instamojo' }),
		]);
		expect(outputOf(lateRun.data.resultData.runData, 'Mark order paid')).toEqual([]);
		expect(await orderRow(orders.a)).toEqual(afterFirst);
		figure(
			`example 6: order paid by reconciliation in 1 of 2 runs, late webhook answered ${late.status} and changed nothing ` +
				`(row updatedAt ${String(afterFirst?.updatedAt)} kept)`,
		);
	});

	it('6 leaves alone an order example 3 marked paid, and still-unpaid orders', async () => {
		const paid = await stack.pay(orders.c);
		payments.c = paid.payment.id;
		await stack.executions('paymentReceived', 2);
		const marked = await orderRow(orders.c);

		const run = await stack.runManually('reconciliation');

		expect(paid.webhook?.status).toBe(200);
		expect(marked).toMatchObject({ status: 'paid', payment_id: payments.c });
		expect(run.status).toBe('success');
		expect(outputOf(run.data.resultData.runData, 'Mark order paid')).toEqual([]);
		expect(await orderRow(orders.c)).toEqual(marked);
		expect(await orderRow(orders.b)).toMatchObject({ status: 'created' });
	});

	it('7 refunds the orders marked for it, full and partial, once over two runs in a row, and records each case', async () => {
		// The first run creates its table; the store then marks two orders.
		const empty = await stack.runManually('scheduledRefunds');
		expect(empty.status).toBe('success');
		await insertRows(stack, 'instamojo_refunds', [
			{ order_id: orders.a, payment_id: payments.a, refund_amount: null, reason: 'TNR', explanation: 'Not shipped in time', status: 'requested' },
			{ order_id: orders.c, payment_id: payments.c, refund_amount: 100, reason: 'QFL', explanation: 'Scratched lamp', status: 'requested' },
		]);
		stack.sandbox.clearLog();

		const runs = [await stack.runManually('scheduledRefunds'), await stack.runManually('scheduledRefunds')];

		const cases = [...stack.sandbox.state.refunds.values()];
		const refundRows = await stack.tableRows('instamojo_refunds');
		const refundCalls = stack.sandbox.log().filter((entry) => entry.method === 'POST' && /^\/v2\/payments\/[^/]+\/refund\/$/.test(entry.path));
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		expect(cases.map((refund) => [refund.paymentId, refund.amountPaise, refund.type])).toEqual([
			[payments.a, 49900, 'TNR'],
			[payments.c, 10000, 'QFL'],
		]);
		expect(refundCalls).toHaveLength(2);
		expect(refundRows).toEqual([
			expect.objectContaining({ order_id: orders.a, status: 'refunded', case_id: cases[0].id, refunded_at: expect.any(String) }),
			expect.objectContaining({ order_id: orders.c, status: 'refunded', case_id: cases[1].id, refunded_at: expect.any(String) }),
		]);
		expect([await orderRow(orders.a), await orderRow(orders.c), await orderRow(orders.b)]).toEqual([
			expect.objectContaining({ status: 'refunded' }),
			expect.objectContaining({ status: 'refunded' }),
			expect.objectContaining({ status: 'created' }),
		]);
		figure(
			`example 7: ${runs.length} runs, ${refundCalls.length} refund requests, ${cases.length} cases for ${refundRows.length} orders; ` +
				`file wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
		);
	});
});

/**
 * Waits until example 3's trigger is registered (`listening`) or gone: n8n answers a publish or unpublish
 * before it has done it. An empty POST starts nothing: 400 while registered, 404 once gone.
 */
async function untilListening(stack: ExampleStack, listening: boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(stack.url('paymentReceived'), { method: 'POST' });
		await response.arrayBuffer();
		if ((response.status !== 404) === listening) return;
		if (Date.now() > deadline) throw new Error(`example 3 still ${listening ? 'not ' : ''}registered after ${timeoutMs} ms`);
		await sleep(200);
	}
}

/** Example 3's finished runs for one payment, newest first, once there are `count` (or 15 s have passed). */
async function runsForPayment(stack: ExampleStack, paymentId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const runs = (await stack.executions('paymentReceived'))
			.filter((execution) => execution.stoppedAt && outputOf(execution.data.resultData.runData, 'Instamojo Trigger')[0]?.payment_id === paymentId)
			.sort((a, b) => Number(b.id) - Number(a.id));
		if (runs.length >= count || Date.now() > deadline) return runs;
		await sleep(250);
	}
}

/** Example 6's "Unpaid for" (minutes), changed in the imported copy only. */
function setUnpaidFor(stack: ExampleStack, minutes: number): void {
	const node = stack.examples.reconciliation.nodes.find((candidate) => candidate.name === 'Unpaid for') as
		| { parameters: { assignments: { assignments: Array<{ name: string; value: unknown }> } } }
		| undefined;
	const assignment = node?.parameters.assignments.assignments.find((candidate) => candidate.name === 'minutes');
	if (!assignment) throw new Error('example 6 has no "Unpaid for" minutes');
	assignment.value = minutes;
}

/** The webhook Instamojo sent for a payment, sent again to `url`: same fields, same signature. */
async function redeliver(sandbox: Sandbox, url: string, paymentId: string): Promise<{ status: number | null }> {
	const payment = sandbox.state.payments.get(paymentId);
	const request = payment && sandbox.state.paymentRequests.get(payment.paymentRequestId);
	if (!payment || !request) throw new Error(`no payment ${paymentId} on a payment link`);
	return await deliverWebhook(url, webhookFields(payment, request, webhookSaltFor(sandbox.state, sandbox.decisions, request)));
}

/** Adds rows to an n8n Data Table through n8n's public API, as a store's own system would. */
async function insertRows(stack: ExampleStack, table: string, rows: Row[]): Promise<void> {
	const filter = encodeURIComponent(JSON.stringify({ name: table }));
	const tables = (await stack.n8n.api('GET', `/api/v1/data-tables?filter=${filter}`)) as { data: Array<{ id: string; name: string }> };
	const found = tables.data.find((candidate) => candidate.name === table);
	if (!found) throw new Error(`no Data Table ${table}`);
	await stack.n8n.api('POST', `/api/v1/data-tables/${found.id}/rows`, { data: rows, returnType: 'count' });
}
