/**
 * The n8n half of `npm run bench` at tiny sizes (one n8n, the bench's own workflows and measuring code),
 * and, in the same n8n, the proof the node's speed relies on: with several requests in flight, a token
 * that expires mid-execution is renewed once, the renewed token is used by every later item, and the
 * rotated refresh token n8n stored is the one that works next time.
 */
import { sleep } from 'n8n-workflow';

import type { LogEntry } from '../../sandbox/server.cjs';
import { confirmableDeliveries, forgedDeliveries, type N8nBench, runCreate, runDeliveries, runGetMany, signedDeliveries, startN8nBench } from '../../bench/n8nBench.cjs';
import { benchItems } from '../../bench/plainClient.cjs';
import { type BenchSandbox, startSandboxInProcess, tokenCalls } from '../../bench/sandbox.cjs';
import { createLinksWorkflow } from '../../bench/workflows.cjs';
import { packPackage, seededCredential } from '../../harness/n8n/index.cjs';

const USER_CREDENTIAL = { type: 'instamojoApi', id: 'benchSmokeUser01', name: 'Instamojo user (bench smoke)' };
const USER_FLOW = { id: 'benchSmokeUserWf', path: 'bench-smoke-user-c5' };

const creates = (log: LogEntry[]) => log.filter((entry) => entry.method === 'POST' && entry.path.startsWith('/v2/payment_requests'));
const grants = (log: LogEntry[]) => log.filter((entry) => entry.path.startsWith('/oauth2/')).map((entry) => `${entry.grantType} → ${entry.status}`);

describe('the bench in real n8n', () => {
	let sandbox: BenchSandbox;
	let bench: N8nBench;

	beforeAll(async () => {
		sandbox = await startSandboxInProcess();
		await sandbox.control('bulk/payments', { count: 250 });
		bench = await startN8nBench(sandbox, await packPackage(), {
			credentials: [
				seededCredential(USER_CREDENTIAL, sandbox.url, 'user'),
			],
			workflows: [createLinksWorkflow(USER_FLOW.id, USER_FLOW.path, 5, USER_CREDENTIAL)],
			publish: [USER_FLOW.id],
		});
	});

	afterAll(async () => {
		await bench?.n8n.dispose();
		await sandbox?.stop();
	});

	it('creates links with the node and with the HTTP Request node, and counts one token call on first use only', async () => {
		const first = await runCreate(bench, 'nodeC10', 15);
		const again = await runCreate(bench, 'nodeC1', 15);
		const http = await runCreate(bench, 'httpLoop10', 15);

		for (const run of [first, again, http]) {
			expect(run).toMatchObject({ status: 'success', outputItems: 15, apiRequests: 15, statuses: { 201: 15 } });
			expect(run.wallMs).toBeGreaterThan(0);
			expect(run.n8nCpuMs).toBeGreaterThan(0);
		}
		expect([first.tokenCalls, again.tokenCalls, http.tokenCalls]).toEqual([1, 0, 0]);
	});

	it('lists every payment at 100 a page and measures the memory it took', async () => {
		const run = await runGetMany(bench);

		expect(run).toMatchObject({ status: 'success', outputItems: 250, apiRequests: 3, pageSizes: ['100'] });
		expect(run.peakRssBytes).toBeGreaterThanOrEqual(run.baselineRssBytes);
	});

	it('delivers signed payments to the trigger and to a plain Webhook node', async () => {
		const bodies = signedDeliveries(`s${Date.now().toString(16)}`, 6);

		for (const flow of ['trigger', 'webhook'] as const) {
			const run = await runDeliveries(bench, flow, bodies, 3);
			expect(run.statuses).toEqual({ 200: 6 });
			expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
		}
	});

	it('has forgeries refused without an execution, and real payments confirmed by the trigger set to Ask Instamojo', async () => {
		const forged = await runDeliveries(bench, 'triggerSalt', forgedDeliveries(`s${Date.now().toString(16)}`, 6), 3, 0);
		expect(forged.statuses).toEqual({ 401: 6 });
		const confirmable = await confirmableDeliveries(sandbox, await sandbox.applicationToken(), 4);
		await sandbox.clearLog(); // after confirmableDeliveries read the payments to sign them
		const confirmed = await runDeliveries(bench, 'triggerApi', confirmable, 2);
		expect(confirmed.statuses).toEqual({ 200: 4 });
		const reads = (await sandbox.log()).filter((entry) => entry.method === 'GET' && entry.path.startsWith('/v2/payments/') && entry.status === 200);
		// The four reads the trigger made, one per delivery.
		expect(reads).toHaveLength(4);
	});

	it("renews a user's expiring token once mid-execution, uses it for every later item, and keeps the rotation", async () => {
		const post = async (count: number) => await bench.n8n.postWebhook(USER_FLOW.path, { items: benchItems(count) });
		expect((await post(3)).status).toBe(200); // first use: the password grant
		await sandbox.clearLog();

		// Slow the creates down so the execution is still running when every token expires.
		await sandbox.control('faults', { type: 'delay', ms: 40, count: 40, path: '/v2/payment_requests' });
		const running = post(40);
		for (let seen = 0; seen < 10; seen = creates(await sandbox.log()).length) await sleep(20);
		await sandbox.control('tokens/expire', {});
		const answer = await running;
		const log = await sandbox.log();

		expect(answer.status).toBe(200);
		expect(grants(log)).toEqual(['refresh_token → 200']);
		const renewedAt = log.findIndex((entry) => entry.path.startsWith('/oauth2/'));
		const afterRenewal = creates(log.slice(renewedAt + 1));
		// Only requests already in flight (at most 5) and the one that renewed were answered 401.
		expect(creates(log).filter((entry) => entry.status === 401).length).toBeLessThanOrEqual(6);
		expect(afterRenewal.length).toBeGreaterThan(0);
		expect(afterRenewal.every((entry) => entry.status === 201 && entry.auth.kind === 'user')).toBe(true);
		expect(creates(log).filter((entry) => entry.status === 201)).toHaveLength(40);

		// The renewed access token and the rotated refresh token were stored: the next execution needs no
		// token call, and after another expiry the stored refresh token is accepted.
		await sandbox.clearLog();
		expect((await post(5)).status).toBe(200);
		expect(tokenCalls(await sandbox.log())).toBe(0);
		await sandbox.control('tokens/expire', {});
		await sandbox.clearLog();
		expect((await post(5)).status).toBe(200);
		expect(grants(await sandbox.log())).toEqual(['refresh_token → 200']);
	});
});
