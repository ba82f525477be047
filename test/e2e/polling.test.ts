/**
 * The Instamojo Payment Poll Trigger in real n8n, polling every minute (the shortest Poll Times n8n allows)
 * against the sandbox's pessimistic world: no list filter, booleans as "True"/"False", pages of 50.
 *
 * n8n polls once when it activates a workflow (publishing, and every start of n8n) and then at the Poll
 * Times. The first poll only notes where the payment list stands; each later one starts one execution with
 * the payments made since. n8n 2.41 keeps the trigger's cursor in the workflow's static data, saved when a
 * poll starts an execution and after an activation: a restart between two polls, with payments made just
 * before it and while n8n is down, must output each of them once, and nothing twice afterwards.
 *
 * Waiting for two real minute polls keeps this file around three minutes; the restart's own activation poll
 * stands in for a third.
 */
import { sleep } from 'n8n-workflow';

import { type Execution } from '../../harness/examples/stack.cjs';
import { linearWorkflow, type N8nInstance, outputOf, paymentPollTrigger, seededCredential } from '../../harness/n8n/index.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { bulkPayments } from '../support/marketplace';
import { useSandboxAndN8n } from './lifecycle.cjs';

const APP = { type: 'instamojoApi', id: 'pollAppCred00001', name: 'Instamojo marketplace application' };
const TRIGGER = 'New payment';
const WORKFLOW = linearWorkflow('pollPaymentsWf01', 'Poll: new payments', [
	paymentPollTrigger(TRIGGER, [{ mode: 'everyMinute' }], APP),
]);
/** Payments in the account before the workflow is published: more than one page of the pessimistic world. */
const HISTORY = 120;
/** A minute poll comes at most a minute after the last one; room for the execution to be saved. */
const NEXT_POLL_MS = 75_000;
const MINUTE_MS = 60_000;

// eslint-disable-next-line no-console -- the figures belong in the CI log
const figure = (line: string) => console.log(`[polling] ${line}`);

describe('Instamojo Payment Poll Trigger in real n8n', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const started = Date.now();

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		await makeHistory(sandbox);
		await n8n.importCredentials([seededCredential(APP, sandbox.url, 'application')]);
		await n8n.importWorkflows([WORKFLOW]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
	}, { sandbox: { profile: 'pessimistic' } });

	/** Payments made by buyers, each on its own payment link of the marketplace. */
	async function buyersPay(count: number): Promise<string[]> {
		return await bulkPayments(sandbox, count);
	}

	/** The workflow's finished executions, oldest first, once there are `count` (or the time is up). */
	async function executions(count: number, timeoutMs = 5_000): Promise<Execution[]> {
		return (await n8n.finishedExecutions(WORKFLOW.id, count, timeoutMs)).reverse();
	}

	const paymentsOf = (execution: Execution): string[] => outputOf(execution.data.resultData.runData, TRIGGER).map((item) => String(item.id));

	/**
	 * The cursor the activation's poll stored, once it is there: n8n answers the publish before its poll has
	 * run, and a payment made in between is history to the trigger, not new.
	 */
	async function activationCursor(timeoutMs = 30_000): Promise<unknown> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const workflow = (await n8n.api('GET', `/api/v1/workflows/${WORKFLOW.id}`)) as { staticData?: Record<string, { paymentCursor?: unknown } | undefined> | null };
			const cursor = workflow.staticData?.[`node:${TRIGGER}`]?.paymentCursor;
			if (cursor !== undefined || Date.now() > deadline) return cursor;
			await sleep(250);
		}
	}

	const pageRequests = () => sandbox.log().filter((entry) => entry.path === '/v2/payments/').length;

	it('publishing polls once: it notes where the list stands in static data and starts nothing', async () => {
		sandbox.clearLog();

		await n8n.publish(WORKFLOW.id);

		const cursor = await activationCursor();
		const newest = [...sandbox.state.payments.values()].at(-1);
		expect(cursor).toEqual({ createdAt: newest?.createdAt, ids: [newest?.id] });
		expect(await executions(0, 0)).toEqual([]);
		expect(pageRequests()).toBe(1);
		figure(`activation poll: ${pageRequests()} page request among ${HISTORY} payments, no execution`);
	});

	let paidFirst: string[] = [];

	it('the next minute poll starts one execution with exactly the payments made since, oldest first', async () => {
		paidFirst = await buyersPay(2);
		const paidAt = Date.now();

		const [execution] = await executions(1, NEXT_POLL_MS);

		expect(execution?.status).toBe('success');
		expect(paymentsOf(execution)).toEqual(paidFirst);
		expect(outputOf(execution.data.resultData.runData, TRIGGER)[0]).toMatchObject({ status: true, amount_number: 100 });
		figure(`minute poll: 1 execution with ${paidFirst.length} payments, ${((Date.now() - paidAt) / 1000).toFixed(1)} s after they were made`);
	});

	it('across a restart of n8n between two polls, with payments just before it and while n8n is down: each payment once, none lost', async () => {
		const beforeStop = await buyersPay(1); // after the last poll, before the next one (a minute away)
		let whileDown: string[] = [];
		const stopping = Date.now();
		await n8n.restart(async () => {
			whileDown = await buyersPay(2);
		});
		const restartMs = Date.now() - stopping;

		// Starting n8n activates the workflow, which polls at once.
		const afterRestart = await executions(2, NEXT_POLL_MS);
		const lastPaid = await buyersPay(1);
		const all = await executions(3, NEXT_POLL_MS);

		expect(afterRestart.map(paymentsOf)).toEqual([paidFirst, [...beforeStop, ...whileDown]]);
		expect(all.map(paymentsOf)).toEqual([paidFirst, [...beforeStop, ...whileDown], lastPaid]);
		expect(all.map((execution) => execution.status)).toEqual(['success', 'success', 'success']);
		const output = all.flatMap(paymentsOf);
		const made = [...paidFirst, ...beforeStop, ...whileDown, ...lastPaid];
		expect(new Set(output).size).toBe(output.length);
		expect(output).toEqual(made);
		figure(
			`restart: n8n down and up in ${(restartMs / 1000).toFixed(1)} s; ${all.length} executions output ${output.length} payments ` +
				`(${made.length} made after publishing, ${HISTORY} before), ${pageRequests()} page requests in all; ` +
				`file wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
		);
	});
});

/** Payments of the past, one a minute up to a minute ago, so the activation's poll reads one page. */
async function makeHistory(sandbox: Sandbox): Promise<void> {
	const ids = await bulkPayments(sandbox, HISTORY);
	const now = Date.now();
	ids.forEach((id, index) => {
		const payment = sandbox.state.payments.get(id);
		if (!payment) throw new Error(`no payment ${id}`);
		payment.createdAt = new Date(now - (ids.length - index) * MINUTE_MS).toISOString();
	});
}
