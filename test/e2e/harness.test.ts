/**
 * Proves the harness itself against real n8n with n8n's own nodes only (no package code involved):
 * CLI import + execute, publish, server start, a production webhook, owner + API key, the executions API.
 * If this fails, the package's e2e tests cannot be trusted either way.
 */
import { linearWorkflow, manualTrigger, N8nInstance, outputOf, packPackage, setValues, webhookTrigger } from '../../harness/n8n/index.cjs';

const MANUAL_WF = 'harnessManual001';
const WEBHOOK_WF = 'harnessWebhook01';
const WEBHOOK_PATH = 'harness-self-test';
const LATE_WF = 'harnessLateWh001';
const LATE_PATH = 'harness-late';

describe('real-n8n harness', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create();
		await n8n.installPackage(await packPackage());
		await n8n.importWorkflows([
			linearWorkflow(MANUAL_WF, 'Harness manual', [
				manualTrigger(),
				setValues('Set', { answer: 42 }),
			]),
			linearWorkflow(WEBHOOK_WF, 'Harness webhook', [
				webhookTrigger('Webhook', WEBHOOK_PATH),
				setValues('Reply', { replied: true }),
			]),
			linearWorkflow(LATE_WF, 'Harness webhook published late', [
				webhookTrigger('Webhook', LATE_PATH),
				setValues('Reply', { late: true }),
			]),
		]);
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('executes a stored workflow through the CLI and parses the result', async () => {
		const execution = await n8n.execute(MANUAL_WF);

		// Not exitCode: under load `n8n execute` (2.41.1, Node 24) sometimes segfaults while exiting, after
		// printing its complete result; the printed status is what counts.
		expect(execution.status).toBe('success');
		expect(outputOf(execution.runData, 'Set')).toEqual([{ answer: 42 }]);
	});

	it('serves a published webhook workflow and reports its executions through the API', async () => {
		await n8n.publish(WEBHOOK_WF);
		await n8n.start();

		const response = await n8n.postWebhook(WEBHOOK_PATH, { hello: 'world' });
		await n8n.setupOwnerAndApiKey();
		const webhookRuns = await n8n.listExecutions(WEBHOOK_WF);
		const cliRuns = await n8n.listExecutions(MANUAL_WF);

		expect(response.status).toBe(200);
		expect(response.json).toEqual({ replied: true });
		expect(webhookRuns).toHaveLength(1);
		expect(webhookRuns[0]).toMatchObject({ mode: 'webhook', status: 'success', finished: true });
		expect(cliRuns).toHaveLength(1);
		expect(cliRuns[0]).toMatchObject({ mode: 'cli', status: 'success' });
	});

	it('publishes a workflow on the running server through the API', async () => {
		await n8n.publish(LATE_WF);

		const response = await n8n.postWebhook(LATE_PATH, {});

		expect(response.status).toBe(200);
		expect(response.json).toEqual({ late: true });
	});

	it('runs CLI commands while the server is up (separate task broker port)', async () => {
		const execution = await n8n.execute(MANUAL_WF);

		expect(execution.status).toBe('success');
		expect(await n8n.listExecutions(MANUAL_WF)).toHaveLength(2);
	});

	it('stops the server', async () => {
		await n8n.stop();

		await expect(n8n.listExecutions(MANUAL_WF)).rejects.toThrow(/not running|no API key/);
	});
});
