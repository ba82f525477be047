/**
 * `npm run bench` (through bench/run.sh, which installs n8n, builds and packs the package first):
 * every measurement of issue 7, each comparison side by side in one run, repeated, as JSON
 * (bench/results.json) and as BENCHMARKS.md.
 *
 *   node build/bench/run.cjs [--runs 3] [--quick] [--no-n8n] [--only 1,2,3,4,5,6] [--links 1000] [--payments 20000]
 *                            [--deliveries 1000] [--poll-accounts 1000,20000,100000] [--wait-quiet 1.5]
 *                            [--out BENCHMARKS.md] [--json bench/results.json]
 *
 * --quick uses small sizes (a smoke run); --no-n8n runs only what needs no n8n (4, 5 and 6); --only picks
 * measurements (for development: the report then says "not run" for the others).
 *   node build/bench/run.cjs --render bench/results.json [--out BENCHMARKS.md]   rewrites the report only.
 *   node build/bench/run.cjs --only 3 --keep bench/results.json   runs measurement 3 and keeps the others
 *                            from the earlier run (the report names both runs); likewise --only 6 for the poll.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { httpRequestOwnCost, instamojoGetManyMemory, instamojoOwnCost } from './inProcess.cjs';
import { READS_PER_MINUTE } from '../nodes/Instamojo/trigger/guard';
import {
	confirmableDeliveries,
	type DeliveryFlow,
	type DeliveryRun,
	forgedDeliveries,
	type N8nBench,
	runCreate,
	runDeliveries,
	runGetMany,
	signedDeliveries,
	startN8nBench,
} from './n8nBench.cjs';
import { benchItems, createLink, getOk, pageAll, requestRate } from './plainClient.cjs';
import { keepEarlier } from './keep.cjs';
import { measurePolls } from './poll.cjs';
import { renderReport } from './report.cjs';
import { type BenchSandbox, startSandboxInProcess, startSandboxProcess } from './sandbox.cjs';
import { summarize } from './stats.cjs';
import { load, machine, waitForQuiet } from './system.cjs';
import type { FlowName } from './workflows.cjs';

export interface BenchOptions {
	runs: number;
	/** Payment links per execution (measurement 1). */
	links: number;
	/** Payments to list (measurement 2). */
	payments: number;
	/** Deliveries per contender and run (measurement 3), and how many the client keeps in flight. */
	deliveries: number;
	deliveryConcurrency: number;
	/** Items of the in-process measurement (4). */
	ownCostItems: number;
	/** Requests per figure of the ceiling (5). */
	ceilingRequests: number;
	/** Account sizes the poll trigger is measured over (6); the goal's 20,000 among them. */
	pollAccounts: number[];
	/** Payments made between two polls (6). */
	pollNewPayments: number;
	/** Successive polls of the series (6). */
	pollSeries: number;
	n8n: boolean;
	/** Which measurements to run (1–6). */
	only: number[];
	/** Wait for the 1-minute load average to drop below this before starting (0: do not wait). */
	waitQuiet: number;
	/** The sandbox in this process (smoke test) instead of its own. */
	sandboxInProcess: boolean;
	/** The package tarball to install into n8n, and where n8n-nodes-base is (for measurement 4). */
	packageTgz?: string;
	nodesBaseDir?: string;
}

export const FULL: BenchOptions = {
	runs: 3,
	links: 1000,
	payments: 20_000,
	deliveries: 1000,
	deliveryConcurrency: 8,
	ownCostItems: 10_000,
	ceilingRequests: 1000,
	pollAccounts: [1000, 20_000, 100_000],
	pollNewPayments: 50,
	pollSeries: 200,
	n8n: true,
	only: [1, 2, 3, 4, 5, 6],
	waitQuiet: 0,
	sandboxInProcess: false,
};

export const QUICK: BenchOptions = {
	...FULL,
	runs: 1,
	links: 30,
	payments: 500,
	deliveries: 30,
	ownCostItems: 300,
	ceilingRequests: 50,
	pollAccounts: [200, 1000],
	pollSeries: 10,
};

/** The payment-link contenders, in the order each round runs them. */
const CREATE_FLOWS: FlowName[] = ['httpAll', 'nodeC1', 'httpLoop1', 'nodeC10', 'httpLoop10', 'nodeC10Fixed'];

type Log = (line: string) => void;

export async function runBench(options: BenchOptions, log: Log = () => {}): Promise<Record<string, any>> {
	const startedAt = new Date();
	const result: Record<string, any> = { startedAt: startedAt.toISOString(), options: { ...options, packageTgz: undefined } };
	if (options.waitQuiet > 0) result.quiet = await waitForQuiet(options.waitQuiet, 20 * 60_000, 60_000, log);
	result.machine = machine();
	result.versions = versions(options);
	result.load = { start: load() };
	const sandbox = options.sandboxInProcess ? await startSandboxInProcess() : await startSandboxProcess();
	let bench: N8nBench | undefined;
	try {
		log(`sandbox at ${sandbox.url}; ${options.payments} payments`);
		await sandbox.control('bulk/payments', { count: options.payments });
		const token = await sandbox.applicationToken();
		const wanted = (measurement: number): boolean => options.only.includes(measurement);
		if (wanted(5)) result.ceiling = await measureCeiling(sandbox, token, options, log);
		if (wanted(4)) result.ownCost = await measureOwnCost(options, log);
		if (wanted(6)) result.poll = await measurePoll(options, log);
		if (options.n8n && (wanted(1) || wanted(2) || wanted(3))) {
			if (!options.packageTgz) throw new Error('measurements 1–3 need the package tarball (bench/run.sh packs it)');
			log('starting n8n');
			bench = await startN8nBench(sandbox, options.packageTgz);
			result.versions.n8n = bench.version;
			if (wanted(1)) result.createLinks = await measureCreates(bench, options, log);
			if (wanted(2)) result.getMany = await measureGetMany(bench, options, log);
			if (wanted(3)) result.trigger = await measureTrigger(bench, options, log);
		}
	} finally {
		await bench?.n8n.dispose();
		await sandbox.stop();
	}
	result.load.end = load();
	result.finishedAt = new Date().toISOString();
	return result;
}

/** The repository: the nearest folder up from here with this package's package.json (source or build/). */
export function repoRoot(from = __dirname): string {
	for (let dir = from; ; dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'n8n-nodes-instamojo') return dir;
		if (dirname(dir) === dir) throw new Error(`no n8n-nodes-instamojo package.json above ${from}`);
	}
}

function versions(options: BenchOptions): Record<string, string | undefined> {
	const root = repoRoot();
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
	return {
		package: `${manifest.name}@${manifest.version}`,
		node: process.version,
		n8n: undefined,
		n8nNodesBase: options.nodesBaseDir ? readVersion(join(options.nodesBaseDir, 'package.json')) : undefined,
	};
}

function readVersion(path: string): string | undefined {
	try {
		return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
	} catch {
		return undefined;
	}
}

/** Measurement 5: the sandbox's request rate from a plain client on this machine. */
async function measureCeiling(sandbox: BenchSandbox, token: string, options: BenchOptions, log: Log): Promise<Record<string, any>> {
	const items = benchItems(options.ceilingRequests);
	const pageUrl = `${sandbox.url}/v2/payments/?limit=100&page=`;
	const pages = Math.max(1, Math.floor(options.payments / 100));
	const figures: Record<string, number[]> = { createC1: [], createC10: [], createC50: [], page100C1: [] };
	for (let run = 0; run < options.runs; run++) {
		log(`ceiling: run ${run + 1}/${options.runs}`);
		figures.createC1.push(await requestRate(items.length, 1, (i) => createLink(sandbox.url, token, items[i])));
		figures.createC10.push(await requestRate(items.length, 10, (i) => createLink(sandbox.url, token, items[i])));
		figures.createC50.push(await requestRate(items.length, 50, (i) => createLink(sandbox.url, token, items[i])));
		figures.page100C1.push(await requestRate(Math.min(pages, options.ceilingRequests), 1, (i) => getOk(`${pageUrl}${i + 1}`, token)));
		await sandbox.clearLog();
	}
	return Object.fromEntries(Object.entries(figures).map(([key, values]) => [key, summarize(values)]));
}

/** Measurement 4: execute() over many items with an instant responder, in this process. */
async function measureOwnCost(options: BenchOptions, log: Log): Promise<Record<string, any>> {
	log(`own cost: ${options.ownCostItems} items`);
	const runs = Math.max(3, options.runs);
	return {
		items: options.ownCostItems,
		instamojoC1: await instamojoOwnCost(options.ownCostItems, runs, 1),
		instamojoC10: await instamojoOwnCost(options.ownCostItems, runs, 10),
		httpRequest: options.nodesBaseDir ? ((await httpRequestOwnCost(options.nodesBaseDir, options.ownCostItems, runs)) ?? null) : null,
	};
}

/** Measurement 6: the poll trigger, against a sandbox of its own (it resets it for every account size). */
async function measurePoll(options: BenchOptions, log: Log): Promise<Record<string, any>> {
	const sandbox = options.sandboxInProcess ? await startSandboxInProcess() : await startSandboxProcess();
	try {
		const { pollAccounts: accounts, pollNewPayments: newPayments, runs, pollSeries: series } = options;
		return { ...(await measurePolls(sandbox, { accounts, newPayments, runs, series }, log)), sandboxInProcess: sandbox.inProcess };
	} finally {
		await sandbox.stop();
	}
}

/** Measurement 1: the node against the HTTP Request node, `links` creates per execution. */
async function measureCreates(bench: N8nBench, options: BenchOptions, log: Log): Promise<Record<string, any>> {
	// Warm-up (not counted): every workflow once with a few items. The first is the node's first use of
	// the credential (no token stored) with 10 items in flight: exactly one token call is the goal.
	const warmUp: Record<string, number> = {};
	for (const flow of ['nodeC10', ...CREATE_FLOWS.filter((name) => name !== 'nodeC10')] as FlowName[]) {
		warmUp[flow] = (await runCreate(bench, flow, 20)).tokenCalls;
	}
	const runs: Record<string, Array<Awaited<ReturnType<typeof runCreate>>>> = {};
	for (let round = 0; round < options.runs; round++) {
		for (const flow of CREATE_FLOWS) {
			log(`create ${options.links}: ${flow}, run ${round + 1}/${options.runs}`);
			(runs[flow] ??= []).push(await runCreate(bench, flow, options.links));
		}
	}
	// Last, because expiring tokens also ends the HTTP Request node's fixed token: the node must renew
	// once per execution, whatever its concurrency.
	const expired: Record<string, Awaited<ReturnType<typeof runCreate>>> = {};
	for (const flow of ['nodeC1', 'nodeC10'] as FlowName[]) {
		await bench.sandbox.control('tokens/expire', {});
		log(`create ${options.links}: ${flow} after the token expired`);
		expired[flow] = await runCreate(bench, flow, options.links);
	}
	const summary = Object.fromEntries(
		Object.entries(runs).map(([flow, list]) => [
			flow,
			{
				wallMs: summarize(list.map((run) => run.wallMs)),
				n8nCpuMs: summarize(list.map((run) => run.n8nCpuMs)),
				sandboxCpuMs: summarize(list.map((run) => run.sandboxCpuMs)),
				nodeMs: summarize(list.map((run) => run.nodeMs)),
				tokenCalls: list.map((run) => run.tokenCalls),
				apiRequests: list.map((run) => run.apiRequests),
				outputItems: list.map((run) => run.outputItems),
				statuses: list.map((run) => run.statuses),
				executionStatus: list.map((run) => run.status),
			},
		]),
	);
	return {
		links: options.links,
		warmUpTokenCalls: warmUp,
		flows: summary,
		afterExpiry: Object.fromEntries(
			Object.entries(expired).map(([flow, run]) => [flow, { tokenCalls: run.tokenCalls, wallMs: run.wallMs, statuses: run.statuses, outputItems: run.outputItems }]),
		),
	};
}

/** Measurement 2: Get Many over every payment, against a plain client paging the same list in the same run. */
async function measureGetMany(bench: N8nBench, options: BenchOptions, log: Log): Promise<Record<string, any>> {
	// A token of its own: measurement 1 ended by expiring every token.
	const token = await bench.sandbox.applicationToken();
	const plain: Array<Awaited<ReturnType<typeof pageAll>>> = [];
	const node: Array<Awaited<ReturnType<typeof runGetMany>>> = [];
	const unsaved: Array<Awaited<ReturnType<typeof runGetMany>>> = [];
	for (let run = 0; run < options.runs; run++) {
		log(`get many ${options.payments}: run ${run + 1}/${options.runs}`);
		// Alternating, the node first: its first run after n8n started shows the largest memory growth.
		node.push(await runGetMany(bench, 'getMany'));
		plain.push(await pageAll(bench.sandbox.url, token, '/v2/payments/', 'payments', 100));
		unsaved.push(await runGetMany(bench, 'getManyUnsaved'));
	}
	const jsonBytes = plain[0].jsonBytes;
	const growth = node.map((run) => run.peakRssBytes - run.baselineRssBytes);
	const own = await instamojoGetManyMemory(plain[0].objects);
	return {
		ownMemory: own ?? null,
		unsavedWallMs: summarize(unsaved.map((run) => run.wallMs)),
		unsavedRssGrowthBytes: summarize(unsaved.map((run) => run.peakRssBytes - run.baselineRssBytes)),
		payments: plain[0].objects,
		jsonBytes,
		pagesPlain: plain[0].pages,
		pagesNode: node.map((run) => run.apiRequests),
		pageSizesNode: node.map((run) => run.pageSizes),
		outputItems: node.map((run) => run.outputItems),
		tokenCalls: node.map((run) => run.tokenCalls),
		plainMs: summarize(plain.map((run) => run.ms)),
		nodeMs: summarize(node.map((run) => run.nodeMs)),
		wallMs: summarize(node.map((run) => run.wallMs)),
		executionMs: summarize(node.map((run) => run.durationMs)),
		n8nCpuMs: summarize(node.map((run) => run.n8nCpuMs)),
		rssGrowthBytes: summarize(growth),
		baselineRssBytes: node.map((run) => run.baselineRssBytes),
		memoryMethod: node[0]?.memoryMethod,
	};
}

/** One contender of measurement 3: which workflow gets which deliveries, and how many of them should run. */
interface DeliveryContender {
	flow: DeliveryFlow;
	bodies: (round: number) => string[] | Promise<string[]>;
	/** Deliveries that start an execution: all, or none for forgeries. */
	runs: boolean;
}

/**
 * Measurement 3: n8n's Webhook node (plain and with Header Auth) against the Instamojo Trigger, the same
 * client, signed bodies, concurrency and rounds, in an order that rotates each round. Besides: the trigger
 * without deduplication (what remembering costs), the trigger asking Instamojo (as many deliveries as its
 * read budget lets through at once), and forged deliveries, refused by the trigger set to Private Salt
 * only and by the defaults (which then ask Instamojo, within the budget).
 */
async function measureTrigger(bench: N8nBench, options: BenchOptions, log: Log): Promise<Record<string, any>> {
	const token = await bench.sandbox.applicationToken();
	const signed = new Map<number, string[]>();
	const signedFor = (round: number): string[] => {
		if (!signed.has(round)) signed.set(round, signedDeliveries(`r${round}${Date.now().toString(16)}`, options.deliveries));
		return signed.get(round) as string[];
	};
	const forged = (round: number): string[] => forgedDeliveries(`${round}${Date.now().toString(16)}`, options.deliveries);
	const contenders: Record<string, DeliveryContender> = {
		webhook: { flow: 'webhook', bodies: signedFor, runs: true },
		webhookAuth: { flow: 'webhookAuth', bodies: signedFor, runs: true },
		trigger: { flow: 'trigger', bodies: signedFor, runs: true },
		triggerNoDedup: { flow: 'triggerNoDedup', bodies: signedFor, runs: true },
		triggerApi: { flow: 'triggerApi', bodies: async () => await confirmableDeliveries(bench.sandbox, token, Math.min(READS_PER_MINUTE, options.deliveries)), runs: true },
		forgedSalt: { flow: 'triggerSalt', bodies: forged, runs: false },
		forgedDefault: { flow: 'trigger', bodies: forged, runs: false },
	};
	const names = Object.keys(contenders);
	const runs: Record<string, Array<Awaited<ReturnType<typeof runDeliveries>>>> = Object.fromEntries(names.map((name) => [name, []]));
	for (let round = 0; round < options.runs; round++) {
		const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
		for (const name of order) {
			const { flow, bodies, runs: started } = contenders[name];
			const sent = await bodies(round);
			log(`deliveries ${sent.length}: ${name}, run ${round + 1}/${options.runs}`);
			runs[name].push(await runDeliveries(bench, flow, sent, options.deliveryConcurrency, started ? sent.length : 0));
		}
	}
	const perSecond = (run: DeliveryRun, ms: number): number => (run.deliveries * 1000) / ms;
	const summary = (list: DeliveryRun[]) => ({
		deliveries: list[0]?.deliveries,
		answeredPerSecond: summarize(list.map((run) => perSecond(run, run.answeredMs))),
		completedPerSecond: summarize(list.map((run) => perSecond(run, run.completedMs))),
		p50Ms: summarize(list.map((run) => run.p50Ms)),
		p99Ms: summarize(list.map((run) => run.p99Ms)),
		n8nCpuMsPerDelivery: summarize(list.map((run) => run.n8nCpuMs / run.deliveries)),
		statuses: list.map((run) => run.statuses),
	});
	/** A ratio of two contenders taken within each round, where both met the same load. */
	const roundRatio = (a: string, b: string) => summarize(runs[a].map((run, i) => perSecond(run, run.answeredMs) / perSecond(runs[b][i], runs[b][i].answeredMs)));
	return {
		deliveries: options.deliveries,
		concurrency: options.deliveryConcurrency,
		...Object.fromEntries(names.map((name) => [name, summary(runs[name])])),
		ratios: { triggerToWebhookAuth: roundRatio('trigger', 'webhookAuth'), triggerToWebhook: roundRatio('trigger', 'webhook') },
	};
}

function parseArguments(argv: string[]): { options: BenchOptions; out: string; json: string; keep?: string } {
	let options: BenchOptions = argv.includes('--quick') ? { ...QUICK } : { ...FULL };
	const root = repoRoot();
	let out = join(root, 'BENCHMARKS.md');
	let json = join(root, 'bench', 'results.json');
	let keep: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		if (flag === '--quick') continue;
		if (flag === '--no-n8n') options = { ...options, n8n: false };
		else if (flag === '--runs') (options.runs = Number(value)), i++;
		else if (flag === '--only') (options.only = value.split(',').map(Number)), i++;
		else if (flag === '--links') (options.links = Number(value)), i++;
		else if (flag === '--payments') (options.payments = Number(value)), i++;
		else if (flag === '--deliveries') (options.deliveries = Number(value)), i++;
		else if (flag === '--poll-accounts') (options.pollAccounts = value.split(',').map(Number)), i++;
		else if (flag === '--wait-quiet') (options.waitQuiet = Number(value)), i++;
		else if (flag === '--out') (out = resolve(value)), i++;
		else if (flag === '--json') (json = resolve(value)), i++;
		else if (flag === '--keep') (keep = resolve(value)), i++;
		else throw new Error(`unknown option ${flag}`);
	}
	options.packageTgz = process.env.INSTAMOJO_E2E_PACKAGE_TGZ;
	options.nodesBaseDir = process.env.INSTAMOJO_E2E_N8N_BIN ? join(process.env.INSTAMOJO_E2E_N8N_BIN, '..', '..', '..', 'n8n-nodes-base') : undefined;
	return { options, out, json, keep };
}

async function main(): Promise<void> {
	const log: Log = (line) => process.stderr.write(`[bench] ${line}\n`);
	const argv = process.argv.slice(2);
	if (argv[0] === '--render') {
		// Rewrites the report from the JSON of an earlier run, e.g. after a change to its wording.
		const { out } = parseArguments(argv.slice(2));
		writeFileSync(out, renderReport(JSON.parse(readFileSync(resolve(argv[1]), 'utf8')) as Record<string, any>));
		log(`wrote ${out} from ${argv[1]}`);
		return;
	}
	const { options, out, json, keep } = parseArguments(argv);
	const earlier = keep === undefined ? undefined : (JSON.parse(readFileSync(keep, 'utf8')) as Record<string, any>);
	const fresh = await runBench(options, log);
	const result = earlier === undefined ? fresh : keepEarlier(fresh, earlier, options.only);
	writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
	writeFileSync(out, renderReport(result));
	log(`wrote ${out} and ${json}`);
}

if (require.main === module) {
	main().catch((error: Error) => {
		process.stderr.write(`[bench] failed: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
