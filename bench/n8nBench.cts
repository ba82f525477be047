/**
 * Measurements 1–3 in a real n8n (the pinned n8n of the e2e suite, one server for the whole run),
 * against the sandbox in its own process. How each figure is taken:
 * - wall time: from sending the webhook request to n8n's answer (the workflow answers when its last
 *   node is done), measured by this process;
 * - n8n CPU time: user + system time of the n8n server process (/proc/<pid>/stat) from before the
 *   request until n8n has saved the execution;
 * - node time: the node's own `executionTime` in the saved execution (summed over its runs);
 * - token calls and API requests: the sandbox's request log of that execution;
 * - memory: the n8n process's peak resident memory (VmHWM after a reset) minus its RSS just before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_SEED } from '../sandbox/server.cjs';
import type { LogEntry } from '../sandbox/server.cjs';
import { type CredentialFixture, N8nInstance, paymentFields, seededCredential, signedDelivery, type WorkflowFixture } from '../harness/n8n/index.cjs';
import { benchItems } from './plainClient.cjs';
import { type BenchSandbox, tokenCalls } from './sandbox.cjs';
import { boundedAll, percentile, timed } from './stats.cjs';
import { cpuMs, peakRssDuring } from './system.cjs';
import { benchWorkflows, CREDENTIAL, FLOWS, type FlowName, HEADER_AUTH, WEBHOOK_FLOWS } from './workflows.cjs';

export interface N8nBench {
	n8n: N8nInstance;
	/** The n8n server process. */
	pid: number;
	sandbox: BenchSandbox;
	version: string;
}

/** More credentials and workflows to load with the bench's (for tests); `publish` lists workflow ids to make live. */
export interface ExtraFixtures {
	credentials?: CredentialFixture[];
	workflows?: WorkflowFixture[];
	publish?: string[];
}

/** One n8n server with the package installed, the bench credential and workflows, every webhook live. */
export async function startN8nBench(sandbox: BenchSandbox, packageTgz: string, extra: ExtraFixtures = {}): Promise<N8nBench> {
	const n8n = await N8nInstance.create();
	try {
		await n8n.installPackage(packageTgz);
		await n8n.importCredentials([
			seededCredential(CREDENTIAL, sandbox.url, 'application'),
			{ id: HEADER_AUTH.id, name: HEADER_AUTH.name, type: HEADER_AUTH.type, data: { name: HEADER_AUTH.header, value: HEADER_AUTH.value } },
			...(extra.credentials ?? []),
		]);
		await n8n.importWorkflows([...benchWorkflows(sandbox.url, await sandbox.applicationToken()), ...(extra.workflows ?? [])]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		for (const id of [...WEBHOOK_FLOWS.map((flow) => FLOWS[flow].id), ...(extra.publish ?? [])]) await n8n.publish(id);
		const pid = Number(readFileSync(join(n8n.root, 'n8n.pid'), 'utf8'));
		return { n8n, pid, sandbox, version: n8nVersion(n8n) };
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

function n8nVersion(n8n: N8nInstance): string {
	const manifest = join(n8n.paths.n8nBin, '..', '..', 'package.json');
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

interface ExecutionSummary {
	id: string;
	status: string;
	/** n8n's own start-to-stop time of the execution. */
	durationMs: number;
	/** The contender node's executionTime, summed over its runs (Loop Over Items runs it many times). */
	nodeMs: number;
	/** Items the contender output, over all its runs. */
	outputItems: number;
}

async function latestExecutionId(bench: N8nBench, flow: FlowName): Promise<string | undefined> {
	const page = (await bench.n8n.api('GET', `/api/v1/executions?workflowId=${FLOWS[flow].id}&limit=1`)) as { data: Array<{ id: string }> };
	return page.data[0]?.id;
}

/** Waits until an execution newer than `after` has finished (n8n answers a webhook before it saves). */
async function waitForFinished(bench: N8nBench, flow: FlowName, after: string | undefined, timeoutMs = 120_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const page = (await bench.n8n.api('GET', `/api/v1/executions?workflowId=${FLOWS[flow].id}&limit=1`)) as {
			data: Array<{ id: string; finished: boolean; stoppedAt: string | null }>;
		};
		const latest = page.data[0];
		if (latest && latest.id !== after && latest.stoppedAt) return latest.id;
		if (Date.now() > deadline) throw new Error(`no finished execution of ${flow} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function executionSummary(bench: N8nBench, flow: FlowName, id: string): Promise<ExecutionSummary> {
	const execution = (await bench.n8n.api('GET', `/api/v1/executions/${id}?includeData=true`)) as Record<string, any>;
	const runs = (execution.data?.resultData?.runData?.[FLOWS[flow].node] ?? []) as Array<Record<string, any>>;
	return {
		id,
		status: String(execution.status),
		durationMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		nodeMs: runs.reduce((sum, run) => sum + Number(run.executionTime ?? 0), 0),
		outputItems: runs.reduce((sum, run) => sum + ((run.data?.main?.[0] as unknown[] | undefined)?.length ?? 0), 0),
	};
}

export interface WorkflowRun extends ExecutionSummary {
	flow: FlowName;
	/** Webhook request to answer, as the caller saw it. */
	wallMs: number;
	n8nCpuMs: number;
	sandboxCpuMs: number;
	tokenCalls: number;
	/** API requests the sandbox received (token calls excluded), and how they were answered. */
	apiRequests: number;
	statuses: Record<string, number>;
	/** The sandbox's log of this execution. */
	log: LogEntry[];
}

/** What is known of an execution n8n did not save: only that it succeeded (the webhook answered 200). */
const UNSAVED: ExecutionSummary = { id: '', status: 'success', durationMs: Number.NaN, nodeMs: Number.NaN, outputItems: Number.NaN };

/**
 * Runs one workflow through its webhook and takes every figure of it. For a workflow that saves no
 * successful execution (`saved` false), the figures end with n8n's answer.
 */
export async function runFlow(bench: N8nBench, flow: FlowName, body: unknown, saved = true): Promise<WorkflowRun> {
	const { n8n, pid, sandbox } = bench;
	const before = saved ? await latestExecutionId(bench, flow) : undefined;
	await sandbox.clearLog();
	const cpuBefore = cpuMs(pid);
	const sandboxCpuBefore = cpuMs(sandbox.pid);
	const { ms } = await timed(async () => {
		const answer = await n8n.postWebhook(FLOWS[flow].path, body);
		if (answer.status !== 200) throw new Error(`${flow}: the webhook answered ${answer.status}: ${answer.text.slice(0, 500)}`);
	});
	const id = saved ? await waitForFinished(bench, flow, before) : '';
	const n8nCpuMs = cpuMs(pid) - cpuBefore;
	const sandboxCpuMs = cpuMs(sandbox.pid) - sandboxCpuBefore;
	const log = await sandbox.log();
	const api = log.filter((entry) => entry.path.startsWith('/v2/'));
	const statuses: Record<string, number> = {};
	for (const entry of api) statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
	return {
		flow,
		wallMs: ms,
		n8nCpuMs,
		sandboxCpuMs,
		tokenCalls: tokenCalls(log),
		apiRequests: api.length,
		statuses,
		log,
		...(saved ? await executionSummary(bench, flow, id) : UNSAVED),
	};
}

/** Measurement 1: one execution creating `count` payment links. */
export async function runCreate(bench: N8nBench, flow: FlowName, count: number): Promise<Omit<WorkflowRun, 'log'>> {
	const { log: _log, ...run } = await runFlow(bench, flow, { items: benchItems(count) });
	return run;
}

export interface GetManyRun extends Omit<WorkflowRun, 'log'> {
	pageSizes: string[];
	baselineRssBytes: number;
	peakRssBytes: number;
	memoryMethod: string;
}

/** Measurement 2: Get Many with Return All over every payment, with n8n's peak memory growth. */
export async function runGetMany(bench: N8nBench, flow: 'getMany' | 'getManyUnsaved' = 'getMany'): Promise<GetManyRun> {
	const measured = await peakRssDuring(bench.pid, () => runFlow(bench, flow, {}, flow === 'getMany'));
	const { log, ...run } = measured.value;
	const pages = log.filter((entry) => entry.path.startsWith('/v2/payments'));
	return {
		...run,
		pageSizes: [...new Set(pages.map((entry) => String(entry.query.limit)))],
		baselineRssBytes: measured.baselineBytes,
		peakRssBytes: measured.peakBytes,
		memoryMethod: measured.method,
	};
}

// ---------------------------------------------------------------------------------------------------------
// Measurement 3: signed deliveries
// ---------------------------------------------------------------------------------------------------------

/**
 * `count` deliveries as Instamojo sends them, each for a different payment, signed with the salt. The ids
 * have Instamojo's forms (the trigger refuses any other): MOJO and 16 letters or digits, 32 hex digits.
 */
export function signedDeliveries(tag: string, count: number, salt = String(DEFAULT_SEED.marketplace.salt)): string[] {
	const unique = tag.replace(/[^0-9a-f]/g, '').slice(-8).padStart(8, '0');
	return Array.from({ length: count }, (_, i) => {
		const requestId = `${unique}${i.toString(16).padStart(8, '0')}`.padEnd(32, '0');
		return signedDelivery(paymentFields(`MOJO${unique}${i.toString().padStart(8, '0')}`, requestId), salt);
	});
}

/** `count` deliveries naming made-up payments, signed with a salt the forger guessed: refused, never run. */
export function forgedDeliveries(tag: string, count: number): string[] {
	return signedDeliveries(`f${tag}`, count, 'a-salt-the-forger-guessed');
}

/**
 * `count` deliveries of payments the sandbox really has (made for the purpose), as Instamojo would send
 * them, so the trigger set to Ask Instamojo confirms each with one read.
 */
export async function confirmableDeliveries(sandbox: BenchSandbox, token: string, count: number): Promise<string[]> {
	const { payment_ids: ids } = (await sandbox.control('bulk/payments', { count })) as { payment_ids: string[] };
	return await Promise.all(
		ids.map(async (id) => {
			const answer = await fetch(`${sandbox.url}/v2/payments/${id}/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
			const payment = (await answer.json()) as { payment_request: string; amount: string | number };
			const link = String(payment.payment_request).replace(/\/+$/, '').split('/').pop() as string;
			return signedDelivery({ ...paymentFields(id, link), amount: Number(payment.amount).toFixed(2) });
		}),
	);
}

export interface DeliveryRun {
	flow: FlowName;
	deliveries: number;
	concurrency: number;
	/** All answers received. */
	answeredMs: number;
	/** Every execution finished (n8n answers these webhooks when the execution starts). */
	completedMs: number;
	p50Ms: number;
	p99Ms: number;
	statuses: Record<string, number>;
	n8nCpuMs: number;
}

/** Executions of a workflow so far (n8n's internal REST API answers with a count). */
async function executionCount(bench: N8nBench, flow: FlowName): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: FLOWS[flow].id, status: ['success'] }));
	const page = (await bench.n8n.rest('GET', `/rest/executions?filter=${filter}&limit=1`)) as { count: number };
	return page.count;
}

/**
 * One delivery and how long its answer took. A 404 means n8n has not registered the webhook yet (it
 * reports ready slightly before): such an answer is retried and not counted.
 */
async function deliver(url: string, body: string, extraHeaders: Record<string, string>): Promise<{ ms: number; status: number }> {
	const deadline = Date.now() + 30_000;
	const headers = { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders };
	for (;;) {
		const { ms, value: status } = await timed(async () => {
			const response = await fetch(url, { method: 'POST', headers, body });
			await response.arrayBuffer();
			return response.status;
		});
		if (status !== 404 || Date.now() > deadline) return { ms, status };
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

export type DeliveryFlow = 'trigger' | 'triggerNoDedup' | 'triggerApi' | 'triggerSalt' | 'webhook' | 'webhookAuth';

/**
 * Sends the deliveries with `concurrency` in flight (loopback), then waits until n8n ran `executions` of
 * them (all by default; 0 for deliveries that must be refused).
 */
export async function runDeliveries(bench: N8nBench, flow: DeliveryFlow, bodies: string[], concurrency: number, executions = bodies.length): Promise<DeliveryRun> {
	const url = `${bench.n8n.baseUrl}/webhook/${FLOWS[flow].path}`;
	const startCount = await executionCount(bench, flow);
	const cpuBefore = cpuMs(bench.pid);
	const started = process.hrtime.bigint();
	const since = (): number => Number(process.hrtime.bigint() - started) / 1e6;
	const headers: Record<string, string> = flow === 'webhookAuth' ? { [HEADER_AUTH.header]: HEADER_AUTH.value } : {};
	const answers = await boundedAll(bodies.length, concurrency, async (i) => await deliver(url, bodies[i], headers));
	const answeredMs = since();
	const statuses: Record<string, number> = {};
	for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
	if (executions === bodies.length && statuses['200'] !== executions) throw new Error(`${flow}: answers ${JSON.stringify(statuses)}, not ${executions}× 200`);
	const deadline = Date.now() + 300_000;
	for (let ran = 0; (ran = (await executionCount(bench, flow)) - startCount) < executions; ) {
		if (Date.now() > deadline) throw new Error(`${flow}: ${ran} of ${executions} executions succeeded; answers ${JSON.stringify(statuses)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const completedMs = since();
	const latencies = answers.map((answer) => answer.ms);
	return {
		flow,
		deliveries: bodies.length,
		concurrency,
		answeredMs,
		completedMs,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99),
		statuses,
		n8nCpuMs: cpuMs(bench.pid) - cpuBefore,
	};
}
