/**
 * The pessimistic world in real n8n (docs/sandbox.md "Profiles", docs/instamojo-api.md §10): list filters
 * ignored, sellers' webhooks signed with the seller's salt, an Application token's link on the marketplace's
 * own account with commission and hold dropped, refunds listed as refund objects, a repeated refund refused
 * with a generic body, booleans as "True"/"False", pages of 50. The examples run as examples.test.ts runs
 * them (test/e2e/exampleSteps.cts), then the node's own refusals and filters, all on one n8n.
 *
 * The figures (counts released vs due, what 1,000 forged deliveries cost Instamojo, times) are printed
 * with console.log so they appear in the CI log.
 */
import { sleep } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { READS_PER_MINUTE } from '../../nodes/Instamojo/trigger/guard';
import { DEMO_SELLER, INSTAMOJO_CREDENTIAL } from '../../harness/examples/catalog.cjs';
import { ExampleStack, type Execution } from '../../harness/examples/stack.cjs';
import { apiCalls, instamojoNode, manualTrigger, outputOf, packPackage, paymentFields, type WorkflowFixture } from '../../harness/n8n/index.cjs';
import {
	backdate,
	DAY_MS,
	heldPaymentNotOurs,
	isHeld,
	payOrders,
	receivedPayments,
	releaseCalls,
	sell,
	sellerInInstamojo,
	submitRefunds,
} from './exampleSteps.cjs';

/** Links example 2 creates: enough for some payments to be due and some not yet. */
const ORDERS = 4;
const FORGED = 1000;
/** Forged deliveries in flight at once. */
const PARALLEL = 16;
const FORM = 'application/x-www-form-urlencoded';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// eslint-disable-next-line no-console -- the figures belong in the CI log
const figure = (line: string) => console.log(`[pessimistic] ${line}`);

/** A payment ID of the right shape that no one issued. */
const madeUpPaymentId = () => `MOJO${[...randomBytes(16)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;

/** A delivery as a forger writes it: plausible fields, a MAC made up (no salt is known to them). */
function forged(fields: Record<string, string>): string {
	return new URLSearchParams({ ...fields, mac: randomBytes(20).toString('hex') }).toString();
}

/** Counts of equal strings, sorted, for the figures. */
function tally(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** "<kind> → <status>: <count>, <mean> ms each", one per kind and status, for the figures. */
function answerFigures(answers: Array<{ kind: string; status: number; ms: number }>): string[] {
	const groups = new Map<string, number[]>();
	for (const { kind, status, ms } of answers) {
		const key = `${kind} → ${status}`;
		groups.set(key, [...(groups.get(key) ?? []), ms]);
	}
	return [...groups]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([key, times]) => `${key}: ${times.length}, ${Math.round(times.reduce((sum, ms) => sum + ms, 0) / times.length)} ms each`);
}

/** A workflow whose manual trigger feeds each node in parallel. */
function fanOut(name: string, nodes: Array<Record<string, unknown> & { name: string }>): WorkflowFixture {
	const start = manualTrigger();
	return {
		id: '',
		name,
		nodes: [start, ...nodes].map((node, i) => ({ ...node, position: [i === 0 ? 0 : 220, i * 160] })),
		connections: { [start.name]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('the pessimistic world in real n8n', () => {
	let stack: ExampleStack;
	let orderIds: string[] = [];
	let paymentIds: string[] = [];

	const log = () => stack.sandbox.log();

	/** Creates a workflow through n8n's public API, runs it as "Execute workflow" does and returns its execution. */
	async function runOnce(workflow: WorkflowFixture): Promise<Execution> {
		const { name, nodes, connections, settings } = workflow;
		const created = (await stack.n8n.api('POST', '/api/v1/workflows', { name, nodes, connections, settings })) as { id: string };
		await stack.n8n.rest('POST', `/rest/workflows/${created.id}/run`, { triggerToStartFrom: { name: 'Start' } });
		const [execution] = await stack.n8n.finishedExecutions(created.id, 1, 60_000);
		if (!execution) throw new Error(`"${name}" did not finish`);
		return execution;
	}

	/** Payment Link → Create in the credential's own account (an Application credential here). */
	const ownLink = (commissionType: 'none' | 'percent') =>
		instamojoNode(
			'Create link',
			{
				resource: 'paymentLink',
				operation: 'create',
				actAs: 'credential',
				amount: 499,
				purpose: 'Handmade lamp',
				commissionType,
				commissionPercent: 10,
				holdPayout: false,
			},
			INSTAMOJO_CREDENTIAL,
		);

	const getMany = (name: string, resource: string, filters: Record<string, unknown>) =>
		instamojoNode(name, { resource, operation: 'getAll', returnAll: true, filters }, INSTAMOJO_CREDENTIAL);

	beforeAll(async () => {
		stack = await ExampleStack.create({ profile: 'pessimistic' });
		await stack.setUp({ tarball: await packPackage() });
	});

	afterAll(async () => {
		await stack?.stop();
	});

	it('runs against a sandbox in the pessimistic world', () => {
		expect(stack.sandbox.profile).toBe('pessimistic');
		expect(stack.sandbox.decisions).toMatchObject({
			listFilters: 'ignored',
			webhookSalt: 'seller',
			applicationLinkFields: 'dropped',
			refundsList: 'refunds',
			duplicateRefundTransactionId: 'generic-error',
			booleanFormat: 'python',
		});
	});

	it('1 onboards the seller, 2 creates their held links with commission with the stored refresh token', async () => {
		const signup = await stack.submitForm('onboarding', DEMO_SELLER);
		const { statuses, links } = await sell(stack, ORDERS);

		orderIds = links.map((link) => String(link.order_id));
		const seller = sellerInInstamojo(stack);
		expect(signup.status).toBe(200);
		expect(statuses).toEqual(Array(ORDERS).fill('success'));
		// The seller's own token: Instamojo keeps commission and hold even where it drops them for an Application token.
		expect(orderIds.map((id) => stack.sandbox.state.paymentRequests.get(id))).toEqual(
			orderIds.map(() => expect.objectContaining({ userId: seller?.id, partnerFeeType: 'percent', partnerFee: 10, markFulfilled: false })),
		);
	});

	it("3 a payment signed with the seller's salt starts exactly one execution, confirmed with Instamojo", async () => {
		const seller = sellerInInstamojo(stack);
		stack.sandbox.clearLog();

		const paid = await payOrders(stack, orderIds);
		paymentIds = paid.paymentIds;

		// The credential holds the marketplace's salt; the seller's differs, so no signature could match.
		expect(seller?.salt).not.toBe(stack.sandbox.state.users.get(stack.sandbox.state.application.userId)?.salt);
		expect(paid.webhookStatuses).toEqual(Array(ORDERS).fill(200));
		expect(await receivedPayments(stack)).toEqual([...paymentIds].sort().map((paymentId) => ({ status: 'success', paymentId, verifiedBy: 'instamojo' })));
		expect(apiCalls(log()).filter((call) => call.startsWith('GET /v2/payments/'))).toEqual(
			paymentIds.map((paymentId) => `GET /v2/payments/${paymentId}/ application → 200`),
		);
		expect(await stack.tableRows('instamojo_orders')).toEqual(
			orderIds.map((orderId, i) => expect.objectContaining({ order_id: orderId, status: 'paid', payment_id: paymentIds[i] })),
		);
	});

	it(`3 ${FORGED} forged deliveries start no execution and cost Instamojo at most ${READS_PER_MINUTE} reads a minute`, async () => {
		const kinds: Array<[string, () => string]> = [
			['made-up payment and link', () => forged(paymentFields(madeUpPaymentId(), randomBytes(16).toString('hex')))],
			['made-up payment on a real link', () => forged(paymentFields(madeUpPaymentId(), orderIds[0]))],
			['real payment, amount lowered', () => forged({ ...paymentFields(paymentIds[0], orderIds[0]), amount: '1.00' })],
		];
		const executionsBefore = (await stack.executions('paymentReceived')).length;
		const answers: Array<{ kind: string; status: number; text: string; ms: number }> = [];
		stack.sandbox.clearLog();
		const started = Date.now();
		let next = 0;
		const sender = async () => {
			while (next < FORGED) {
				const [kind, body] = kinds[next++ % kinds.length];
				const sent = Date.now();
				const response = await fetch(stack.url('paymentReceived'), { method: 'POST', headers: { 'content-type': FORM }, body: body() });
				answers.push({ kind, status: response.status, text: await response.text(), ms: Date.now() - sent });
			}
		};
		await Promise.all(Array.from({ length: PARALLEL }, sender));
		const elapsed = Date.now() - started;
		await sleep(2000); // anything started by mistake would be stored by now

		const calls = apiCalls(log());
		const reads = calls.filter((call) => call.startsWith('GET '));
		figure(`${FORGED} forged deliveries in ${elapsed} ms (${PARALLEL} in flight), n8n's answers:`);
		for (const line of answerFigures(answers)) figure(`  ${line}`);
		figure(`API calls they caused: ${calls.length} ${JSON.stringify(tally(calls.map((call) => call.replace(/MOJO\w+/, 'MOJO…'))))}`);
		expect(await stack.executions('paymentReceived')).toHaveLength(executionsBefore);
		// Made-up payments are refused (401) or over the trigger's read budget (503); a copy of a real payment is already received.
		for (const { kind, status, text } of answers) expect(`${kind} → ${status} ${text}`).toMatch(/^(made-up .* → (401|503) |real payment, amount lowered → 200 Ignored: payment )/);
		// The budget: a burst of READS_PER_MINUTE, then one read a second.
		expect(reads.length).toBeLessThanOrEqual(READS_PER_MINUTE + Math.ceil(elapsed / 1000));
		expect(reads.every((call) => /^GET \/v2\/payments\/MOJO\w+\/ application → 404$/.test(call))).toBe(true);
		expect(calls.filter((call) => !reads.includes(call)).every((call) => call.startsWith('token client_credentials'))).toBe(true);
	});

	it('4 releases exactly the due payments, from documented data, while the server ignores list filters', async () => {
		const [dueA, dueB, soon, fresh] = paymentIds;
		const notOurs = await heldPaymentNotOurs(stack);
		backdate(stack, dueA, 10);
		backdate(stack, dueB, 8);
		backdate(stack, soon, 6); // one day short of the 7-day Hold period
		backdate(stack, notOurs, 10);
		stack.sandbox.clearLog();

		const execution = await stack.runManually('release');

		const released = releaseCalls(stack);
		figure(`example 4: released ${released.length} of 2 due (${ORDERS} held orders, 2 not yet due, 1 due held payment that is not an order)`);
		expect(execution.status).toBe('success');
		expect(released.sort()).toEqual([dueA, dueB].sort().map((id) => `POST /v2/payments/${id}/fulfil/ → 200`));
		expect([dueA, dueB, soon, fresh, notOurs].map((id) => isHeld(stack, id))).toEqual([false, false, true, true, true]);
		expect(await stack.tableRows('instamojo_orders')).toEqual(
			paymentIds.map((paymentId, i) => expect.objectContaining({ payment_id: paymentId, released: i < 2 })),
		);
		// No list read at all: what is due comes from each order's link and each payment on it.
		expect(apiCalls(log()).filter((call) => /^GET \/v2\/(payments|payment_requests)\/ /.test(call))).toEqual([]);
	});

	it('5 a refund submitted twice opens one case, and the second run says already_refunded', async () => {
		const [paymentId, other] = paymentIds;
		const refund = { payment_id: paymentId, refund_amount: '100', reason: 'Customer not satisfied', explanation: 'The lamp arrived scratched' };
		const full = { payment_id: other, reason: 'Product lost or damaged', explanation: 'Lost in transit' };

		const titles = await submitRefunds(stack, [refund, refund, full]);

		const executions = (await stack.executions('refundDesk', 3)).sort((a, b) => Number(a.id) - Number(b.id));
		const outcomes = executions.map((execution) => outputOf(execution.data.resultData.runData, 'Refund')[0]);
		const cases = [...stack.sandbox.state.refunds.values()].filter((record) => record.paymentId === paymentId);
		figure(`example 5: ${cases.length} case for a refund submitted twice; already_refunded ${outcomes.slice(0, 2).map((o) => o?.already_refunded).join(', ')}`);
		expect(titles).toEqual(['Refund opened', 'Already refunded', 'Refund opened']);
		expect(cases.map((record) => [record.amountPaise, record.type])).toEqual([[10000, 'QFL']]);
		expect(outcomes.map((outcome) => outcome?.already_refunded)).toEqual([false, true, false]);
		expect(outcomes[1]?.id).toBe(outcomes[0]?.id);
	});

	it('Payment Link → Create with an Application credential and a commission fails with nothing sent, not even a token request', async () => {
		stack.sandbox.clearLog();

		const execution = await runOnce(fanOut('Own link with commission', [ownLink('percent')]));

		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error.message).toMatch(/Application credential cannot create a link with a commission/);
		expect(log()).toEqual([]);
	});

	it("Payment Link → Create with an Application credential and no commission creates the link on the credential owner's account", async () => {
		stack.sandbox.clearLog();

		const execution = await runOnce(fanOut('Own link', [ownLink('none')]));

		const [link] = outputOf(execution.data.resultData.runData, 'Create link');
		expect(execution.status).toBe('success');
		expect(stack.sandbox.state.paymentRequests.get(String(link?.id))).toMatchObject({
			userId: stack.sandbox.state.application.userId,
			partnerFeeType: null,
			markFulfilled: true,
		});
		expect(apiCalls(log()).filter((call) => !call.startsWith('token'))).toEqual(['POST /v2/payment_requests/ application → 201']);
	});

	it('no Get Many outputs an item that fails its filter while the server ignores every filter', async () => {
		const cutoff = new Date(Date.now() - DAY_MS).toISOString();
		const [oldRefund] = [...stack.sandbox.state.refunds.values()];
		oldRefund.createdAt = new Date(Date.now() - 3 * DAY_MS).toISOString();
		const { payments, paymentRequests, refunds } = stack.sandbox.state;
		const expected = {
			'Payments of one link': [...payments.values()].filter((p) => p.paymentRequestId === orderIds[0]).map((p) => p.id),
			'Payments after': [...payments.values()].filter((p) => p.createdAt >= cutoff).map((p) => p.id),
			'Pending links': [...paymentRequests.values()].filter((r) => r.status === 'Pending').map((r) => r.id),
			'Refunds after': [...refunds.values()].filter((r) => r.createdAt >= cutoff).map((r) => r.refundId),
		};
		const everything = { 'Payments of one link': payments.size, 'Payments after': payments.size, 'Pending links': paymentRequests.size, 'Refunds after': refunds.size };
		stack.sandbox.clearLog();

		const execution = await runOnce(
			fanOut('Filtered lists', [
				getMany('Payments of one link', 'payment', { paymentLinkId: orderIds[0] }),
				getMany('Payments after', 'payment', { createdAfter: cutoff }),
				getMany('Pending links', 'paymentLink', { status: 'Pending' }),
				getMany('Refunds after', 'refund', { createdAfter: cutoff }),
			]),
		);

		const output = Object.fromEntries(
			Object.keys(expected).map((name) => [name, outputOf(execution.data.resultData.runData, name).map((item) => String(item.id)).sort()]),
		);
		figure(`lists with filters ignored by the server: ${Object.keys(expected).map((name) => `${name} ${output[name].length} of ${everything[name as keyof typeof everything]}`).join(', ')}`);
		expect(execution.status).toBe('success');
		expect(output).toEqual(Object.fromEntries(Object.entries(expected).map(([name, ids]) => [name, [...ids].sort()])));
		// Each filter excludes something the server sent, and keeps something.
		for (const [name, ids] of Object.entries(expected)) {
			expect({ name, kept: ids.length > 0, excluded: ids.length < everything[name as keyof typeof everything] }).toEqual({ name, kept: true, excluded: true });
		}
		expect(output['Refunds after'].every((id) => id.startsWith('R'))).toBe(true);
	});
});
