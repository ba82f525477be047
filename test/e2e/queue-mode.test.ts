/**
 * The package on n8n's own scale-out engine (queue mode): Redis and PostgreSQL from Debian's packages, a
 * main process, two workers and a webhook processor, each its own n8n 2.41.1 process on 127.0.0.1 with its
 * own port and task-broker port, all sharing one database and one encryption key.
 *
 * - The end-to-end flows run on the workers: onboarding, a payment link whose webhook is the trigger's
 *   production URL on the webhook processor, the buyer's payment verified there and released by a worker,
 *   a refund.
 * - A token renewed on one worker is used by the other through n8n's credential store.
 * - Executions running at once on both workers race for renewals across processes, which the credential
 *   cannot serialise (it shares renewals only within a process); the node sends a request that lost the
 *   race once more, with the tokens the winner saved. Measured, and any item that still fails says what
 *   to do. CI runs 6 such executions; INSTAMOJO_QUEUE_BURST (or INSTAMOJO_RELIABILITY_FULL=1) more.
 */
import { sleep } from 'n8n-workflow';

import { DEFAULT_SEED, type LogEntry, type Sandbox, startSandbox } from '../../sandbox/server.cjs';
import { instamojoCredential, instamojoNode, instamojoTrigger, linearWorkflow, N8nInstance, onboardNode, packPackage, type Postgres, type Service, signedDelivery, startPostgres, startRedis } from '../../harness/n8n/index.cjs';
import { bulkPayments, fault } from '../support/marketplace';
import { accepted, expireTokens, pay } from '../support/sandbox';
import { itemPath, itemWorkflow, type OutputItem, refundEachPayment, report, runItems, SETTINGS, tolerantNode } from './reliability.cjs';

const APP = { type: 'instamojoApi', id: 'queueAppCred0001', name: 'Instamojo marketplace application' };
const USER = { type: 'instamojoApi', id: 'queueUserCred001', name: 'Instamojo marketplace user' };
const WEBHOOK_ID = '2b3c4d5e-6f70-4a1b-9c2d-3e4f5a6b7c8d';
const BURST_ITEMS = 20;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const WORKFLOWS = {
	onboard: itemWorkflow('queueOnboardWf01', 'queue-onboard', [
		onboardNode(APP, { accountHolderName: 'Queue Seller', accountNumber: '001234567890', ifscCode: 'SBIN0123456' }),
	]),
	link: itemWorkflow('queueLinkWf00001', 'queue-link', [
		instamojoNode(
			'Create Link',
			{
				resource: 'paymentLink',
				operation: 'create',
				actAs: 'credential',
				amount: 799,
				purpose: '={{ $json.purpose }}',
				commissionType: 'fixed',
				commissionAmount: 50,
				holdPayout: true,
				additionalFields: { webhook: '={{ $json.webhook }}' },
			},
			USER,
		),
	]),
	paid: linearWorkflow('queuePaidWf00001', 'Queue: payment received', [
		instamojoTrigger('Instamojo Trigger', WEBHOOK_ID, {}, USER),
		instamojoNode('Release', { resource: 'release', operation: 'release', paymentId: '={{ $json.payment_id }}' }, USER),
	]),
	refund: itemWorkflow('queueRefundWf001', 'queue-refund', [refundEachPayment({ reason: 'TNR', body: 'Out of stock' }, USER)]),
	reads: itemWorkflow('queueReadsWf0001', 'queue-reads', [
		tolerantNode('Get Payment', { resource: 'payment', operation: 'get', paymentId: '={{ $json.id }}' }, USER),
	]),
};
type WorkflowName = keyof typeof WORKFLOWS;

describe('n8n queue mode: main, two workers, a webhook processor', () => {
	let sandbox: Sandbox;
	let redis: Service;
	let postgres: Postgres;
	let main: N8nInstance;
	let webhooks: N8nInstance;
	let workers: N8nInstance[];
	let paymentIds: string[];

	/** Runs a workflow through the webhook processor; a worker executes it and the answer is relayed back. */
	const run = async (name: WorkflowName, items: Array<Record<string, unknown>>) => await runItems(webhooks, itemPath(WORKFLOWS[name]), items);
	const mark = (): number => sandbox.log().at(-1)?.seq ?? 0;
	const since = (seq: number): LogEntry[] => sandbox.log().filter((entry) => entry.seq > seq);
	const tokenCalls = (entries: LogEntry[]) => entries.filter((entry) => entry.path === '/oauth2/token/');

	/** Which worker ran an execution, from the workers' logs ("Worker started execution N"). */
	async function workerOf(executionId: string): Promise<number> {
		const logs = await Promise.all(workers.map(async (worker) => await worker.logTail(100_000)));
		const found = logs.findIndex((log) => new RegExp(`Worker started execution ${executionId} `).test(log));
		if (found === -1) throw new Error(`no worker logged execution ${executionId}`);
		return found;
	}

	/** The ids of a workflow's executions that finished, newest first (main's public API). */
	async function finishedExecutions(name: WorkflowName, atLeast = 1): Promise<OutputItem[]> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const executions = (await main.listExecutions(WORKFLOWS[name].id)).filter((e) => e.stoppedAt);
			if (executions.length >= atLeast || Date.now() > deadline) return executions;
			await sleep(250);
		}
	}

	async function startCluster(): Promise<void> {
		[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		const shared = {
			...postgres.n8nEnv,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
		};
		webhooks = await N8nInstance.create({ env: shared });
		// Every process builds production webhook URLs from this: the webhook processor's.
		const env = { ...shared, N8N_WEBHOOK_URL: `${webhooks.baseUrl}/` };
		main = await N8nInstance.create({ env: { ...env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } });
		workers = [await N8nInstance.create({ env }), await N8nInstance.create({ env })];
		const tarball = await packPackage();
		await Promise.all([main, webhooks, ...workers].map(async (instance) => await instance.installPackage(tarball)));
	}

	beforeAll(async () => {
		sandbox = await startSandbox({});
		paymentIds = await bulkPayments(sandbox, BURST_ITEMS);
		const started = Date.now();
		await startCluster();
		const application = DEFAULT_SEED.application;
		await main.importCredentials([
			instamojoCredential({ ...APP, application, baseUrl: sandbox.url, authentication: 'application', data: { defaultReferrer: application.referrer } }),
			instamojoCredential({
				...USER,
				application,
				baseUrl: sandbox.url,
				authentication: 'user',
				data: {
					username: DEFAULT_SEED.marketplace.username,
					password: DEFAULT_SEED.marketplace.password,
					privateSaltSecret: DEFAULT_SEED.marketplace.salt,
				},
			}),
		]);
		await main.importWorkflows(Object.values(WORKFLOWS));
		await main.start();
		await main.setupOwnerAndApiKey();
		for (const workflow of Object.values(WORKFLOWS)) await main.publish(workflow.id);
		// One job at a time per worker, so two executions at once land on both workers.
		await Promise.all([...workers.map(async (worker) => await worker.start('worker', ['--concurrency=1'])), webhooks.start('webhook')]);
		report(`queue mode: Redis, PostgreSQL and 4 n8n processes ready in ${Date.now() - started} ms`);
	});

	afterAll(async () => {
		await Promise.all([webhooks, ...(workers ?? []), main].map(async (instance) => await instance?.dispose()));
		await Promise.all([redis?.stop(), postgres?.stop()]);
		await sandbox?.close();
	});

	it('runs the flows on the workers: onboard, link, payment through the webhook processor, release, refund', async () => {
		const [seller] = await run('onboard', [{ email: 'queue-seller@shop.example', password: 'queue-seller-pass', phone: '9876543214' }]);
		expect(seller).toMatchObject({ email: 'queue-seller@shop.example', bank_account: expect.objectContaining({ account_number_last4: '7890' }) });

		const webhookUrl = `${webhooks.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
		const [link] = await run('link', [{ purpose: 'Queue mode lamp', webhook: webhookUrl }]);
		expect(sandbox.state.paymentRequests.get(String(link.id))).toMatchObject({ webhook: webhookUrl, markFulfilled: false });

		const paid = accepted(await pay(sandbox, String(link.id), { outcome: 'success' }));
		expect(paid.webhook?.status).toBe(200);
		const [delivered] = await finishedExecutions('paid');
		expect(delivered.status).toBe('success');
		expect(sandbox.state.payments.get(paid.payment.id)?.held).toBe(false);

		const [refund] = await run('refund', [{ paymentId: paid.payment.id }]);
		expect(refund).toMatchObject({ payment_id: paid.payment.id, created: true });

		// A forged delivery is refused by the webhook processor and queues nothing.
		const fields = { payment_id: paid.payment.id, payment_request_id: String(link.id), status: 'Credit', amount: '1.00' };
		const forged = await webhooks.postWebhook(`${WEBHOOK_ID}/webhook`, signedDelivery(fields, 'not-the-salt'), FORM);
		expect(forged.status).toBe(401);
		await sleep(1_000);
		expect(await finishedExecutions('paid')).toHaveLength(1);

		// Every execution ran on a worker; main's log has none.
		expect(await workerOf(String(delivered.id))).toBeGreaterThanOrEqual(0);
		expect(await main.logTail(100_000)).not.toMatch(/started execution/);
	});

	it('uses a token renewed on one worker on the other, through the credential store', async () => {
		await expireTokens(sandbox, { kind: 'user' });
		const renewal = mark();
		const [first] = await run('reads', [{ id: paymentIds[0] }]);
		expect(first.error).toBeUndefined();
		expect(tokenCalls(since(renewal)).map((e) => `${e.grantType} → ${e.status}`)).toEqual(['refresh_token → 200']);
		const [renewer] = await finishedExecutions('reads');
		const renewedOn = await workerOf(String(renewer.id));

		// Two slow executions at once: with one job per worker, each worker takes one.
		const after = mark();
		for (const id of paymentIds.slice(1, 3)) await fault(sandbox, { type: 'delay', ms: 1_500, count: 1, path: `/v2/payments/${id}/` });
		const outputs = await Promise.all(paymentIds.slice(1, 3).map(async (id) => await run('reads', [{ id }])));
		const both = (await finishedExecutions('reads', 3)).slice(0, 2);
		const ranOn = await Promise.all(both.map(async (execution) => await workerOf(String(execution.id))));

		report(`renewal on worker ${renewedOn}; the next two executions ran on workers ${ranOn.join(' and ')}`);
		expect(outputs.flat().map((item) => item.error)).toEqual([undefined, undefined]);
		expect(new Set(ranOn)).toEqual(new Set([0, 1]));
		expect(tokenCalls(since(after))).toEqual([]);
		expect(since(after).filter((e) => e.path.startsWith('/v2/')).map((e) => `${e.auth.kind} → ${e.status}`)).toEqual([
			'user → 200',
			'user → 200',
		]);
	});

	it(`runs ${SETTINGS.queueBurst} executions at once on both workers while tokens expire: items succeed or say what to do`, async () => {
		const before = mark();
		let finished = false;
		const items = paymentIds.map((id) => ({ id }));
		const runs = Promise.all(Array.from({ length: SETTINGS.queueBurst }, async () => await run('reads', items))).finally(() => (finished = true));
		const total = SETTINGS.queueBurst * items.length;
		for (const point of [0.25, 0.5, 0.75]) {
			while (!finished && since(before).filter((e) => e.path.startsWith('/v2/payments/') && e.status === 200).length < total * point) await sleep(5);
			if (!finished) await expireTokens(sandbox, { kind: 'user' });
		}
		const outputs: OutputItem[] = (await runs).flat();
		const failed = outputs.filter((item) => item.error !== undefined);
		const grants = tokenCalls(since(before));

		report(
			`queue burst: ${SETTINGS.queueBurst}×${items.length} items on 2 workers: ${failed.length} failed ` +
				`(${((100 * failed.length) / outputs.length).toFixed(2)} %), renewals ${grants.filter((e) => e.status === 200).length} ok / ${grants.filter((e) => e.status !== 200).length} refused`,
		);
		for (const message of new Set(failed.map((item) => String(item.error).replace(/ \[item \d+\]$/, '')))) report(`  failed item: ${message}`);
		expect(outputs).toHaveLength(total);
		if (SETTINGS.measureOnly) return;
		for (const item of failed) expect(item.error).toMatch(/another n8n process using this credential .* renewed it at the same moment .* run this item again/);

		// However the races went, the stored credential still works.
		const after = await run('reads', items.slice(0, 3));
		expect(after.map((item) => item.error)).toEqual([undefined, undefined, undefined]);
	});
});
