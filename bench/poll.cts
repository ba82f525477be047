/**
 * Measurement 6, the Payment Poll Trigger's cost: its real `poll()` in this process, with the
 * unit tests' stand-in for n8n's poll context (harness/standIn/pollTrigger.ts: parameters, static data kept between
 * polls, the credential store with n8n's HTTP behaviour), against a sandbox of its own in each world.
 * Requests are counted from the sandbox's request log; memory is this process's JS heap (the sandbox runs
 * in its own process in `npm run bench`, so its 100,000 payments are not in that figure).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProfileName } from '../sandbox/server.cjs';
import { DEFAULT_SEED } from '../sandbox/server.cjs';
import { credentialFor } from '../harness/standIn/actionNode';
import { poll } from '../harness/standIn/pollTrigger';
import type { BenchSandbox } from './sandbox.cjs';
import { type Summary, summarize, timed } from './stats.cjs';

export interface PollBenchOptions {
	/** Payments in the account before the first poll, one figure per size. */
	accounts: number[];
	/** Payments made between two polls (the goal's 50). */
	newPayments: number;
	runs: number;
	/** Successive polls, one new payment before each, over the account of `accounts[0]` payments. */
	series: number;
}

/** The worlds the poll is measured in: 'documented' pages 100 at a time, 'pessimistic' 50. */
export const POLL_PROFILES: ProfileName[] = ['documented', 'pessimistic'];

/** Payments made one by one, this far apart, so each has an instant of its own as real payments do. */
const PAYMENT_GAP_MS = 2;

const wait = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

/** One poll of the active workflow: what it output and what it cost. */
interface PollRun {
	ids: string[];
	ms: number;
	/** Requests for a page of GET /v2/payments/. */
	pages: number;
	/** Every /v2/ request (pages included); token calls are not counted. */
	requests: number;
	staticDataBytes: number;
	/** Largest growth of this process's JS heap during the poll, after a full GC; undefined without --expose-gc. */
	peakHeapGrowthBytes?: number;
}

/** The trigger of one workflow: the stored credential and static data n8n would keep between polls. */
function activeWorkflow(sandbox: BenchSandbox) {
	const { clientId, clientSecret } = DEFAULT_SEED.application;
	const credential = credentialFor(sandbox.url, { clientId, clientSecret, authentication: 'application' });
	const staticData: IDataObject = {};
	const gc = (globalThis as { gc?: () => void }).gc;
	return {
		staticData,
		async poll(): Promise<PollRun> {
			await sandbox.clearLog();
			gc?.();
			const baseline = process.memoryUsage().heapUsed;
			let peak = baseline;
			const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
			const { ms, value } = await timed(async () => await poll({ credential, staticData }));
			clearInterval(sampler);
			peak = Math.max(peak, process.memoryUsage().heapUsed);
			const log = await sandbox.log();
			return {
				ids: value.items.map((item) => String(item.id)),
				ms,
				pages: log.filter((entry) => entry.path.replace(/\/+$/, '') === '/v2/payments').length,
				requests: log.filter((entry) => entry.path.startsWith('/v2/')).length,
				staticDataBytes: Buffer.byteLength(JSON.stringify(staticData)),
				peakHeapGrowthBytes: gc ? peak - baseline : undefined,
			};
		},
	};
}

/** `count` payments made one after the other, each at an instant of its own; their IDs, oldest first. */
async function paymentsOverTime(sandbox: BenchSandbox, count: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		await wait(PAYMENT_GAP_MS);
		ids.push(...((await sandbox.control('bulk/payments', { count: 1 })) as { payment_ids: string[] }).payment_ids);
	}
	return ids;
}

/** An account of `size` payments: a bulk history, the newest `recent` of them made over time. */
async function account(sandbox: BenchSandbox, profile: ProfileName, size: number, recent: number): Promise<void> {
	await sandbox.reset();
	await sandbox.useProfile(profile);
	if (size > recent) await sandbox.control('bulk/payments', { count: size - recent });
	await paymentsOverTime(sandbox, Math.min(size, recent));
}

/** A poll that did not output exactly what was made fails the benchmark: a cheap wrong poll proves nothing. */
function expectOutput(run: PollRun, made: string[], what: string): PollRun {
	if (run.ids.join() !== made.join()) {
		throw new Error(`${what}: the poll output ${run.ids.length} payment(s), expected the ${made.length} made since the last poll`);
	}
	return run;
}

export interface AccountFigures {
	payments: number;
	/** Page requests, every /v2/ request, wall time and heap of the poll after `newPayments` new ones, per run. */
	pagesNew: number[];
	requestsNew: number[];
	msNew: Summary;
	peakHeapGrowthBytesNew: Summary | null;
	/** The same for a poll with nothing new. */
	pagesNothing: number[];
	requestsNothing: number[];
	msNothing: Summary;
	/** The workflow's static data (the cursor) as JSON after each poll. */
	staticDataBytes: number[];
}

/** The activation poll, then `runs` times: `newPayments` made, a poll; a poll with nothing new. */
async function measureAccount(sandbox: BenchSandbox, profile: ProfileName, size: number, options: PollBenchOptions): Promise<AccountFigures> {
	await account(sandbox, profile, size, options.newPayments);
	const workflow = activeWorkflow(sandbox);
	const activation = await workflow.poll();
	expectOutput(activation, [], `${profile}, ${size} payments, first poll`);
	const fresh: PollRun[] = [];
	const nothing: PollRun[] = [];
	for (let run = 0; run < options.runs; run++) {
		const made = await paymentsOverTime(sandbox, options.newPayments);
		fresh.push(expectOutput(await workflow.poll(), made, `${profile}, ${size} payments, ${made.length} new`));
		nothing.push(expectOutput(await workflow.poll(), [], `${profile}, ${size} payments, nothing new`));
	}
	const heap = fresh.map((run) => run.peakHeapGrowthBytes).filter((bytes): bytes is number => bytes !== undefined);
	return {
		payments: size,
		pagesNew: fresh.map((run) => run.pages),
		requestsNew: fresh.map((run) => run.requests),
		msNew: summarize(fresh.map((run) => run.ms)),
		peakHeapGrowthBytesNew: heap.length ? summarize(heap) : null,
		pagesNothing: nothing.map((run) => run.pages),
		requestsNothing: nothing.map((run) => run.requests),
		msNothing: summarize(nothing.map((run) => run.ms)),
		staticDataBytes: [activation, ...fresh, ...nothing].map((run) => run.staticDataBytes),
	};
}

export interface SeriesFigures {
	profile: ProfileName;
	payments: number;
	polls: number;
	/** Static data after the first and the last poll, and the largest in between. */
	staticDataBytes: { first: number; max: number; last: number };
	/** This process's JS heap after a full GC, after the first and after the last poll; null without --expose-gc. */
	heapAfterGcBytes: { first: number; last: number } | null;
}

/** Many successive polls, one new payment before each: neither the static data nor the heap grows with them. */
async function measureSeries(sandbox: BenchSandbox, options: PollBenchOptions): Promise<SeriesFigures> {
	const [profile] = POLL_PROFILES;
	const size = options.accounts[0];
	await account(sandbox, profile, size, options.newPayments);
	const workflow = activeWorkflow(sandbox);
	await workflow.poll();
	const gc = (globalThis as { gc?: () => void }).gc;
	const heapAfterGc = (): number => (gc?.(), process.memoryUsage().heapUsed);
	const bytes: number[] = [];
	let firstHeap = 0;
	for (let i = 0; i < options.series; i++) {
		const made = await paymentsOverTime(sandbox, 1);
		bytes.push(expectOutput(await workflow.poll(), made, `poll ${i + 1} of ${options.series}`).staticDataBytes);
		if (i === 0) firstHeap = heapAfterGc();
	}
	return {
		profile,
		payments: size,
		polls: options.series,
		staticDataBytes: { first: bytes[0], max: Math.max(...bytes), last: bytes[bytes.length - 1] },
		heapAfterGcBytes: gc ? { first: firstHeap, last: heapAfterGc() } : null,
	};
}

export interface PollFigures {
	newPayments: number;
	/** Per world: the page size the sandbox allows and the figures per account size. */
	profiles: Record<string, { pageCap: number; accounts: AccountFigures[] }>;
	series: SeriesFigures;
}

export async function measurePolls(sandbox: BenchSandbox, options: PollBenchOptions, log: (line: string) => void): Promise<PollFigures> {
	const profiles: PollFigures['profiles'] = {};
	for (const profile of POLL_PROFILES) {
		const accounts: AccountFigures[] = [];
		let pageCap = Number.NaN;
		for (const size of options.accounts) {
			log(`poll: ${profile}, ${size} payments, ${options.newPayments} new, ${options.runs} runs`);
			accounts.push(await measureAccount(sandbox, profile, size, options));
			pageCap = ((await sandbox.control('decisions')) as { maxPageSize: number }).maxPageSize;
		}
		profiles[profile] = { pageCap, accounts };
	}
	log(`poll: ${options.series} successive polls`);
	const series = await measureSeries(sandbox, options);
	return { newPayments: options.newPayments, profiles, series };
}
