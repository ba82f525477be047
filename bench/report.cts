/**
 * BENCHMARKS.md from the JSON of a run: the machine, every figure as a median over the runs (with
 * min–max), the ratios the goals of issues 7 and 14 are stated in, and whether each goal was met.
 */
import { READS_PER_MINUTE } from '../nodes/Instamojo/trigger/guard';
import { keptRuns } from './keep.cjs';
import { formatNumber as n, ratio, type Summary } from './stats.cjs';

type Result = Record<string, any>;

export interface GoalCheck {
	measurement: string;
	goal: string;
	figure: string;
	/** null when the measurement was not run. */
	met: boolean | null;
}

const s = (ms: number): string => `${n(ms / 1000)} s`;
const x = (value: number): string => `${n(value)}×`;
const mib = (bytes: number): string => `${n(bytes / 2 ** 20)} MiB`;
const range = (summary: Summary | undefined, unit: (v: number) => string): string =>
	summary ? `${unit(summary.median)} (${unit(summary.min)}–${unit(summary.max)})` : '–';
const all = (values: number[] | undefined, expected: number): boolean => !!values?.length && values.every((value) => value === expected);

/** Every goal of issues 7 and 14 with the figure it is judged on. */
export function evaluateGoals(result: Result): GoalCheck[] {
	return [...createGoals(result.createLinks), ...getManyGoals(result.getMany), ...triggerGoals(result.trigger), ...pollGoals(result.poll)];
}

function createGoals(create: Result | undefined): GoalCheck[] {
	const flows = create?.flows;
	const wall = (flow: string): number => flows?.[flow]?.wallMs?.median ?? Number.NaN;
	const sameOne = ratio(wall('nodeC1'), wall('httpLoop1'));
	const sameTen = ratio(wall('nodeC10'), wall('httpLoop10'));
	const speedUp = ratio(wall('httpLoop1'), wall('nodeC10'));
	const counted = ['nodeC1', 'nodeC10'].flatMap((flow) => (flows?.[flow]?.tokenCalls as number[] | undefined) ?? []);
	const renewals = Object.values(create?.afterExpiry ?? {}).map((run: any) => run.tokenCalls as number);
	const firstUse = create?.warmUpTokenCalls?.nodeC10;
	const ran = create !== undefined;
	return [
		{
			measurement: '1',
			goal: 'Node time ≤ 1.0× the HTTP Request node at the same concurrency: one at a time',
			figure: `${x(sameOne)} (Concurrency 1 vs Loop Over Items of 1)`,
			met: ran ? sameOne <= 1 : null,
		},
		{
			measurement: '1',
			goal: 'Node time ≤ 1.0× the HTTP Request node at the same concurrency: at most 10 in flight',
			figure: `${x(sameTen)} (Concurrency 10 vs Loop Over Items of 10)`,
			met: ran ? sameTen <= 1 : null,
		},
		{
			measurement: '1',
			goal: 'Exactly one token call per execution, none while the cached token is valid',
			figure: `first use with 10 in flight: ${firstUse ?? '–'}; after the token expired: ${renewals.join(', ') || '–'}; with a valid token: ${counted.join(', ') || '–'}`,
			met: ran ? firstUse === 1 && all(renewals, 1) && all(counted, 0) : null,
		},
		{
			measurement: '1',
			goal: 'With bounded parallel requests, ≥ 3× faster than the sequential HTTP Request node',
			figure: `${x(speedUp)} (Concurrency 10 vs Loop Over Items of 1)`,
			met: ran ? speedUp >= 3 : null,
		},
	];
}

function getManyGoals(getMany: Result | undefined): GoalCheck[] {
	const ran = getMany !== undefined;
	const time = ratio(getMany?.nodeMs?.median, getMany?.plainMs?.median);
	const memory = ratio(getMany?.rssGrowthBytes?.max, getMany?.jsonBytes);
	const sizes = ((getMany?.pageSizesNode ?? []) as string[][]).flat();
	return [
		{
			measurement: '2',
			goal: 'Pages at the largest page size (100, the sandbox cap)',
			figure: `page sizes sent: ${[...new Set(sizes)].join(', ') || '–'}; pages: ${(getMany?.pagesNode ?? []).join(', ') || '–'}`,
			met: ran ? sizes.length > 0 && sizes.every((size) => size === '100') : null,
		},
		{
			measurement: '2',
			goal: 'Time within 1.2× of a plain HTTP client paging the same data',
			figure: `${x(time)} (node ${range(getMany?.nodeMs, s)} vs plain ${range(getMany?.plainMs, s)})`,
			met: ran ? time <= 1.2 : null,
		},
		{
			measurement: '2',
			goal: 'Peak memory growth under 3× the JSON size of the data',
			figure: `${x(memory)} (largest growth ${getMany ? mib(getMany.rssGrowthBytes.max) : '–'} for ${getMany ? mib(getMany.jsonBytes) : '–'} of JSON)`,
			met: ran ? memory < 3 : null,
		},
	];
}

/** Deliveries answered per second by the trigger against another contender, taken within each round. */
function triggerRatio(trigger: Result | undefined, key: 'triggerToWebhookAuth' | 'triggerToWebhook'): Summary | undefined {
	return trigger?.ratios?.[key] as Summary | undefined;
}

function triggerGoals(trigger: Result | undefined): GoalCheck[] {
	const ran = trigger !== undefined;
	const goal = (key: 'triggerToWebhookAuth' | 'triggerToWebhook', text: string, least: number): GoalCheck => {
		const figure = triggerRatio(trigger, key);
		return {
			measurement: '3',
			goal: `Trigger deliveries answered per second (defaults: Private Salt, Else Ask Instamojo; Ignore Repeat Deliveries on) ≥ ${least}× ${text}`,
			figure: `${range(figure, x)}, the ratio within each round`,
			met: ran ? (figure?.median ?? Number.NaN) >= least : null,
		};
	};
	return [goal('triggerToWebhookAuth', "n8n's Webhook node with Header Auth", 0.95), goal('triggerToWebhook', "n8n's plain Webhook node", 0.6)];
}

/** One world of measurement 6: its page cap and the figures per account size. */
interface PollWorld {
	pageCap: number;
	accounts: Array<Record<string, any>>;
}

const pollWorlds = (poll: Result | undefined): Array<[string, PollWorld]> => Object.entries((poll?.profiles ?? {}) as Record<string, PollWorld>);

/** `key` of every run at every account size of a world, as "1,000: 1, 1, 1; 20,000: …". */
function perAccount(world: PollWorld | undefined, key: string): string {
	return (world?.accounts ?? []).map((a) => `${a.payments.toLocaleString('en-US')}: ${(a[key] as number[]).join(', ')}`).join('; ') || '–';
}

const everyRun = (world: PollWorld | undefined, key: string, expected: (world: PollWorld) => number): boolean =>
	!!world && world.accounts.length > 0 && world.accounts.every((a) => all(a[key] as number[], expected(world)));

/**
 * The fewest page requests any reader of a newest-first list needs for `fresh` new payments: the new ones
 * and one it has seen before, which shows it has reached its cursor.
 */
export const fewestPages = (fresh: number, pageCap: number): number => Math.ceil((fresh + 1) / pageCap);

/** The largest static data of a world at its smallest and at its largest account. */
function staticDataEnds(world: PollWorld): [number, number] {
	const largest = (a: Record<string, any>): number => Math.max(...(a.staticDataBytes as number[]));
	return [largest(world.accounts[0]), largest(world.accounts[world.accounts.length - 1])];
}

/** Peak heap growth of a poll of 50 new at the largest account, against the smallest (median of the runs). */
function heapGrowthRatio(world: PollWorld): number {
	const heap = (a: Record<string, any>): number => a.peakHeapGrowthBytesNew?.median ?? Number.NaN;
	return ratio(heap(world.accounts[world.accounts.length - 1]), heap(world.accounts[0]));
}

/** Heap after the last poll of the series against after the first may grow by this much (noise of the process). */
const SERIES_HEAP_SLACK_BYTES = 2 ** 20;

function pollGoals(poll: Result | undefined): GoalCheck[] {
	const ran = poll !== undefined;
	const worlds = pollWorlds(poll);
	const documented = poll?.profiles?.documented as PollWorld | undefined;
	const pessimistic = poll?.profiles?.pessimistic as PollWorld | undefined;
	const fresh = poll?.newPayments ?? 50;
	const sizes = (documented?.accounts ?? []).map((a) => a.payments.toLocaleString('en-US')).join(' / ') || '20,000';
	const series = poll?.series;
	const seriesHeap = series?.heapAfterGcBytes ? series.heapAfterGcBytes.last - series.heapAfterGcBytes.first : Number.NaN;
	const staticFlat = worlds.every(([, world]) => staticDataEnds(world)[1] <= staticDataEnds(world)[0]) && series?.staticDataBytes?.max <= series?.staticDataBytes?.first;
	const heapFlat = worlds.every(([, world]) => heapGrowthRatio(world) <= 1.5) && seriesHeap <= SERIES_HEAP_SLACK_BYTES;
	// Without node --expose-gc (e.g. under jest) the heap is not measured, so this goal cannot be judged.
	const heapMeasured = series?.heapAfterGcBytes != null;
	return [
		{
			measurement: '6',
			goal: `Poll Trigger, ${fresh} new payments since the last poll, ${sizes} payments in the account: 1 page request (pages of ${documented?.pageCap ?? 100}, the documented world)`,
			figure: `page requests per run, by account size: ${perAccount(documented, 'pagesNew')}`,
			met: ran ? everyRun(documented, 'pagesNew', () => 1) && everyRun(documented, 'requestsNew', () => 1) : null,
		},
		{
			measurement: '6',
			goal: `The same where a page holds at most ${pessimistic?.pageCap ?? 50} (the pessimistic world): the fewest the page size allows, ⌈(${fresh} + 1) / ${pessimistic?.pageCap ?? 50}⌉ = ${fewestPages(fresh, pessimistic?.pageCap ?? 50)}`,
			figure: `page requests per run, by account size: ${perAccount(pessimistic, 'pagesNew')}`,
			met: ran ? everyRun(pessimistic, 'pagesNew', (world) => fewestPages(fresh, world.pageCap)) && everyRun(pessimistic, 'requestsNew', (world) => fewestPages(fresh, world.pageCap)) : null,
		},
		{
			measurement: '6',
			goal: 'Poll Trigger, nothing new since the last poll: 1 request (both worlds)',
			figure: worlds.map(([name, world]) => `${name}: ${perAccount(world, 'requestsNothing')}`).join('; ') || '–',
			met: ran ? worlds.length > 0 && worlds.every(([, world]) => everyRun(world, 'requestsNothing', () => 1)) : null,
		},
		{
			measurement: '6',
			goal: "Poll Trigger memory does not grow with the account's history: static data no larger at the largest account or after many polls; a poll's heap growth at most 1.5× from the smallest to the largest account; the heap after many polls within 1 MiB of that after the first",
			figure: ran
				? `static data ${worlds.map(([name, world]) => `${name} ${staticDataEnds(world).join(' → ')} bytes`).join(', ')}; over ${series?.polls} polls ${series?.staticDataBytes?.first} → ${series?.staticDataBytes?.last} bytes; heap growth of a poll ${worlds.map(([name, world]) => `${name} ${x(heapGrowthRatio(world))}`).join(', ')}; heap after ${series?.polls} polls ${Number.isNaN(seriesHeap) ? '–' : `${seriesHeap >= 0 ? '+' : ''}${n(seriesHeap / 1024)} KiB`}`
				: '–',
			met: ran && heapMeasured ? staticFlat && heapFlat : null,
		},
	];
}

const mark = (met: boolean | null): string => (met === null ? 'not run' : met ? '**met**' : '**not met**');

export function renderReport(result: Result): string {
	const lines: string[] = [];
	const push = (...more: string[]): number => lines.push(...more);
	push('# Benchmarks', '');
	push(
		`Generated by \`npm run bench\` (bench/run.cts) from ${result.startedAt} to ${result.finishedAt}; every figure is the median of ${result.options.runs} runs, with the range (min–max) in brackets. Raw figures: [bench/results.json](bench/results.json).`,
		'',
	);
	const kept = keptRuns(result);
	if (kept.length > 0) {
		const from = kept.map((run) => `${run.measurements.length > 1 ? 'measurements' : 'measurement'} ${run.measurements.join(', ')} from the run of ${run.startedAt} to ${run.finishedAt}`);
		push(`Kept from earlier runs (\`--keep\`): ${from.join('; ')}. The machine and load figures below are those of this run.`, '');
	}
	renderMachine(result, push);
	push('## Goals', '', '| # | Goal | Figure | |', '|---|---|---|---|');
	for (const goal of evaluateGoals(result)) push(`| ${goal.measurement} | ${goal.goal} | ${goal.figure} | ${mark(goal.met)} |`);
	push('');
	renderGaps(result, push);
	renderCreates(result, push);
	renderGetMany(result, push);
	renderTrigger(result, push);
	renderOwnCost(result, push);
	renderCeiling(result, push);
	renderPoll(result, push);
	renderMethod(result, push);
	return `${lines.join('\n')}\n`;
}

type Push = (...lines: string[]) => number;

/** For every goal not met, its cause, worked out from the figures of the run. */
function renderGaps(result: Result, push: Push): void {
	const unmet = evaluateGoals(result).filter((goal) => goal.met === false);
	if (unmet.length === 0) return;
	push('### Where a goal is not met, and why', '');
	for (const goal of unmet) {
		const cause = causeOf(goal, result);
		push(`- **${goal.goal}** (${goal.figure}): ${cause}`);
	}
	push('');
}

/** Why a goal was not met, from the figures of the run. */
export function causeOf(goal: GoalCheck, result: Result): string {
	const create = result.createLinks;
	const f = create?.flows ?? {};
	const perItem = (flow: string): number => ratio(f[flow]?.n8nCpuMs?.median, create?.links);
	if (goal.goal.startsWith('With bounded parallel requests')) {
		const expressions = perItem('nodeC10') - perItem('nodeC10Fixed');
		const best = Math.max(result.ceiling?.createC10?.median ?? 0, result.ceiling?.createC50?.median ?? 0);
		return (
			`n8n, not the node or the sandbox, sets the pace. n8n runs a workflow on one thread, and each item costs n8n ${n(perItem('nodeC10'))} ms of CPU at Concurrency 10 (${n(perItem('httpLoop10'))} ms for the HTTP Request node in batches of 10), so parallel requests can only overlap waiting, not that work. ` +
			`${n(expressions)} ms of it is n8n's expression engine evaluating the two expressions per item (amount and purpose): with fixed values the same node takes ${n(perItem('nodeC10Fixed'))} ms per item and is ${x(ratio(f.httpLoop1?.wallMs?.median, f.nodeC10Fixed?.wallMs?.median))} as fast as the sequential HTTP Request node. ` +
			`Most of the rest is n8n's HTTP client (a new connection per request). The sandbox could take ${n(best)} creates per second from a plain client (measurement 5), i.e. ${s(((create?.links ?? 0) * 1000) / best)} for all of them.`
		);
	}
	if (goal.goal.includes('at most 10 in flight') || goal.goal.includes('one at a time')) {
		return `both spend about the same n8n CPU time per item (node ${n(perItem(goal.goal.includes('one') ? 'nodeC1' : 'nodeC10'))} ms, HTTP Request node ${n(perItem(goal.goal.includes('one') ? 'httpLoop1' : 'httpLoop10'))} ms): the node adds nothing measurable, and the wall times vary between runs (see the ranges in measurement 1).`;
	}
	if (goal.goal.includes('Time within')) {
		return `each page is a round trip through n8n's HTTP client; the sandbox answers a page of 100 in ${n(1000 / (result.ceiling?.page100C1?.median ?? Number.NaN))} ms at best (measurement 5).`;
	}
	if (goal.goal.includes('memory')) {
		const g = result.getMany;
		return `n8n saving the execution: the same workflow saving no successful execution grew by at most ${x(ratio(g?.unsavedRssGrowthBytes?.max, g?.jsonBytes))} the JSON size, and the node itself needs ${g?.ownMemory ? x(ratio(g.ownMemory.peakHeapGrowthBytes, g.ownMemory.jsonBytes)) : '–'} at its peak (${g?.ownMemory ? mib(g.ownMemory.outputHeapBytes) : '–'} for the output it hands to n8n). n8n then serializes all ${g?.outputItems?.[0] ?? '–'} output items into its database, which is where the rest of the growth comes from.`;
	}
	if (goal.goal.includes('Trigger')) return triggerCause(result.trigger);
	return 'see the measurement below.';
}

/** n8n's CPU time per delivery of one flow of measurement 3 (NaN when it did not run). */
const cpuPerDelivery = (flow: any): number => flow?.n8nCpuMsPerDelivery?.median ?? Number.NaN;

/** Where n8n's CPU time per delivery goes, in the terms of measurement 3. */
function triggerCostSplit(t: Result | undefined): string {
	const cpu = (flow: string): number => cpuPerDelivery(t?.[flow]);
	const beyondAuth = cpu('trigger') - cpu('webhookAuth');
	const deduplication = n(cpu('trigger') - cpu('triggerNoDedup'));
	// A difference within the noise can come out negative: then "less than", never "costs -3.26 ms".
	const beyond =
		beyondAuth < 0
			? `The trigger costs ${n(-beyondAuth)} ms less than the Webhook node with Header Auth, though ${deduplication} ms of its cost is deduplication`
			: `Beyond Header Auth the trigger costs ${n(beyondAuth)} ms, of which ${deduplication} ms is deduplication`;
	return (
		`n8n spends ${n(cpu('webhook'))} ms of CPU per delivery on the plain Webhook node, ${n(cpu('webhookAuth'))} ms with Header Auth and ${n(cpu('trigger'))} ms on the trigger. ` +
		`${n(cpu('webhookAuth') - cpu('webhook'))} ms is n8n's own work for any workflow whose trigger has a credential (n8n 2.41 \`workflow-runner.js\` → \`CredentialsPermissionChecker.check\`, database queries before each execution), which the trigger pays too. ` +
		`${beyond} (n8n saving the workflow's static data, the recent delivery keys, after each delivery); ` +
		'the Private Salt comes from a copy of the credential kept for at most 60 s, so n8n decrypts it about once a minute, not on every delivery.'
	);
}

function triggerCause(t: Result | undefined): string {
	return `each delivery is one n8n execution, and most of its cost is n8n's. ${triggerCostSplit(t)}`;
}

function renderMachine(result: Result, push: Push): void {
	const m = result.machine;
	const v = result.versions;
	const [startLoad] = result.load.start as number[];
	const [endLoad] = (result.load.end ?? []) as number[];
	push('## Machine and versions', '', '| | |', '|---|---|');
	push(`| CPUs (nproc) | ${m.nproc} × ${m.cpuModel} |`, `| Memory | ${m.memoryGiB} GiB |`, `| Kernel | ${m.platform}, ${m.kernel} |`);
	push(`| Package | ${v.package} |`, `| n8n | ${v.n8n ?? 'not run'} (n8n-nodes-base ${v.n8nNodesBase ?? '–'}) |`, `| Node.js | ${v.node} (bench, in-process figures and n8n) |`);
	const quiet = result.quiet
		? result.quiet.quiet
			? `; waited ${Math.round(result.quiet.waitedMs / 1000)} s for it to drop below ${result.options.waitQuiet}`
			: `; it never dropped below ${result.options.waitQuiet} within 20 min, so the run went ahead on a busy machine`
		: '';
	push(`| 1-minute load average | ${n(startLoad)} at the start, ${n(endLoad)} at the end${quiet} |`, '');
	push(
		'The machine is shared: other people run n8n on the same cores, so absolute figures move between runs. Each comparison runs its contenders alternately within the same run, so a ratio is steadier than either of its figures.',
		'',
	);
}

function renderCreates(result: Result, push: Push): void {
	const create = result.createLinks;
	push(`## 1. Creating ${create?.links ?? '–'} payment links in one execution`, '');
	if (!create) return void push('Not run (needs n8n).', '');
	const label: Record<string, string> = {
		httpAll: 'HTTP Request node alone (n8n starts every item’s request at once)',
		httpLoop1: 'HTTP Request node in Loop Over Items of 1 (one at a time)',
		httpLoop10: 'HTTP Request node in Loop Over Items of 10 (at most 10 at once)',
		nodeC1: 'Instamojo node, Concurrency 1 (default)',
		nodeC10: 'Instamojo node, Concurrency 10',
		nodeC10Fixed: 'Instamojo node, Concurrency 10, amount and purpose fixed (no expressions)',
	};
	const base = create.flows.httpLoop1?.wallMs?.median;
	push('| Workflow | Wall time | vs HTTP one at a time | n8n CPU | Sandbox CPU | Node time | Token calls | Requests |', '|---|---|---|---|---|---|---|---|');
	for (const flow of ['httpAll', 'httpLoop1', 'httpLoop10', 'nodeC1', 'nodeC10', 'nodeC10Fixed']) {
		const f = create.flows[flow];
		if (!f) continue;
		push(
			`| ${label[flow]} | ${range(f.wallMs, s)} | ${x(ratio(f.wallMs.median, base))} | ${range(f.n8nCpuMs, s)} | ${range(f.sandboxCpuMs, s)} | ${range(f.nodeMs, s)} | ${(f.tokenCalls as number[]).join(', ')} | ${(f.apiRequests as number[]).join(', ')} |`,
		);
	}
	push('');
	const after = Object.entries(create.afterExpiry ?? {})
		.map(([flow, run]: [string, any]) => `${label[flow]}: ${run.tokenCalls} token call(s), ${run.outputItems} links, ${s(run.wallMs)}`)
		.join('; ');
	push(
		`Token calls: the credential starts with no token; its first use (the warm-up of “Concurrency 10”, 20 items, 10 in flight) made ${create.warmUpTokenCalls.nodeC10} token call(s). Every counted run above found the cached token valid. After the sandbox expired every access token (the first request of the execution is answered 401): ${after}.`,
		'',
	);
	const alone = ratio(create.flows.nodeC10?.wallMs?.median, create.flows.httpAll?.wallMs?.median);
	const cpu = ratio(create.flows.nodeC1?.n8nCpuMs?.median, create.flows.httpLoop1?.n8nCpuMs?.median);
	const cpuAlone = ratio(create.flows.nodeC10?.n8nCpuMs?.median, create.flows.httpAll?.n8nCpuMs?.median);
	push(
		`Against the HTTP Request node on its own (every request at once, unbounded), Concurrency 10 takes ${x(alone)} its time with ${x(cpuAlone)} its n8n CPU time. One at a time, the node uses ${x(cpu)} the n8n CPU time of the HTTP Request node in Loop Over Items.`,
		'',
	);
}

function renderGetMany(result: Result, push: Push): void {
	const g = result.getMany;
	push(`## 2. Get Many over ${g?.payments ?? '–'} payments`, '');
	if (!g) return void push('Not run (needs n8n).', '');
	push('| | Time | | |', '|---|---|---|---|');
	push(`| Plain client (fetch, ${g.pagesPlain} pages of 100, one after the other) | ${range(g.plainMs, s)} | | |`);
	push(`| Instamojo node: its own execution time | ${range(g.nodeMs, s)} | ${x(ratio(g.nodeMs.median, g.plainMs.median))} the plain client | |`);
	push(`| Instamojo workflow: webhook call to answer | ${range(g.wallMs, s)} | n8n CPU ${range(g.n8nCpuMs, s)} | |`);
	push('');
	push(`| Instamojo workflow that saves no successful execution: webhook call to answer | ${range(g.unsavedWallMs, s)} | | |`, '');
	const method = g.memoryMethod === 'VmHWM' ? 'the kernel’s high-water mark VmHWM, reset before each run' : 'RSS sampled every 10 ms';
	push(
		`Memory: the JSON of the ${g.payments} payments is ${mib(g.jsonBytes)}. The growth of n8n’s resident memory is measured as ${method}, minus the RSS just before (baselines ${((g.baselineRssBytes as number[]) ?? []).map(mib).join(', ')}).`,
		'',
		'| | Memory growth | × JSON size |',
		'|---|---|---|',
		`| n8n, Get Many workflow (n8n saves the execution with its ${g.outputItems[0]} items) | ${range(g.rssGrowthBytes, mib)} | ${x(ratio(g.rssGrowthBytes.max, g.jsonBytes))} at most |`,
		`| n8n, the same workflow saving no successful execution | ${range(g.unsavedRssGrowthBytes, mib)} | ${x(ratio(g.unsavedRssGrowthBytes?.max, g.jsonBytes))} at most |`,
		g.ownMemory
			? `| The node alone (in-process, pages parsed afresh, peak JS heap growth after a full GC; the output itself keeps ${mib(g.ownMemory.outputHeapBytes)}) | ${mib(g.ownMemory.peakHeapGrowthBytes)} | ${x(ratio(g.ownMemory.peakHeapGrowthBytes, g.ownMemory.jsonBytes))} |`
			: '| The node alone | not measured (needs node --expose-gc) | |',
		'',
	);
}

function renderTrigger(result: Result, push: Push): void {
	const t = result.trigger;
	push(`## 3. ${t?.deliveries ?? '–'} deliveries: Instamojo Trigger vs n8n's Webhook node`, '');
	if (!t) return void push('Not run (needs n8n).', '');
	push(
		`The same client on the loopback keeps ${t.concurrency} requests in flight for every contender; each round runs every contender once, in an order that rotates from round to round. The Webhook nodes and the trigger get the same form-encoded, signed bodies (a different payment each). Both answer as soon as the execution starts; “completed” waits until n8n has finished and saved every execution.`,
		'',
	);
	push('| | Deliveries | Answered per second | Completed per second | Latency p50 | Latency p99 | n8n CPU per delivery | Answers |', '|---|---|---|---|---|---|---|---|');
	const ms = (v: number): string => `${n(v)} ms`;
	const answers = (f: any): string =>
		[...new Set((f.statuses as Array<Record<string, number>>).map((run) => Object.entries(run).map(([status, count]) => `${count}× ${status}`).join(', ')))].join('; ');
	const rows: Array<[string, any, boolean]> = [
		['Webhook node', t.webhook, true],
		['Webhook node with Header Auth: n8n checks a header against a credential', t.webhookAuth, true],
		['Instamojo Trigger, the defaults (Private Salt, Else Ask Instamojo; Ignore Repeat Deliveries on)', t.trigger, true],
		['Instamojo Trigger, the defaults without Ignore Repeat Deliveries', t.triggerNoDedup, true],
		["Instamojo Trigger, Ask Instamojo: real payments, one read each (as many as the trigger's read budget lets through at once)", t.triggerApi, true],
		['Forged deliveries (wrong salt), trigger set to Private Salt only: refused', t.forgedSalt, false],
		['Forged deliveries (wrong salt, made-up payments), trigger with the defaults: refused after asking Instamojo, within its budget of reads', t.forgedDefault, false],
	];
	for (const [name, f, runs] of rows.filter(([, figures]) => figures?.answeredPerSecond?.runs?.length)) {
		const completed = runs ? range(f.completedPerSecond, n) : 'none run';
		push(`| ${name} | ${f.deliveries ?? t.deliveries} | ${range(f.answeredPerSecond, n)} | ${completed} | ${range(f.p50Ms, ms)} | ${range(f.p99Ms, ms)} | ${range(f.n8nCpuMsPerDelivery, ms)} | ${answers(f)} |`);
	}
	push('');
	if (Number.isFinite(cpuPerDelivery(t.triggerNoDedup))) push(triggerCostSplit(t), '');
	if (Number.isFinite(cpuPerDelivery(t.forgedSalt))) {
		push(
			`A forged delivery costs n8n ${n(cpuPerDelivery(t.forgedSalt))} ms of CPU to refuse with the Private Salt, against ${n(cpuPerDelivery(t.webhook))} ms for a delivery the plain Webhook node runs. A signature that does not match has the credential read again (a new salt proves its first delivery), but at most once per credential every 5 s, shared by every delivery waiting: the unit tests count 3 credential reads for 1,000 forgeries over 10 s, where each forgery used to cost one. With the defaults a forgery is asked of Instamojo, at most ${READS_PER_MINUTE} reads a minute per trigger; past that it is answered 503 without a read.`,
			'',
		);
	}
}

function renderPoll(result: Result, push: Push): void {
	const p = result.poll;
	push(`## 6. The Payment Poll Trigger: what a poll costs`, '');
	if (!p) return void push('Not run.', '');
	push(
		`The trigger's real \`poll()\` in the bench process with the unit tests' stand-in for n8n's poll context (harness/standIn/pollTrigger.ts: parameters, static data kept between polls, the credential with n8n's HTTP behaviour), against ${p.sandboxInProcess ? 'the sandbox in the same process (so the heap figures include its work)' : 'the sandbox in its own process'}, Application credential, Trigger On: Successful Payments. For each world and account size: a bulk history, its newest ${p.newPayments} payments made one by one (each at an instant of its own, as real payments are), the first poll (it only notes where the list stands), then ${p.profiles?.documented?.accounts?.[0]?.pagesNew?.length ?? '–'} rounds of: ${p.newPayments} new payments made one by one, a poll (which must output exactly them, oldest first, or the bench fails), a poll with nothing new (which must output nothing). Requests are counted from the sandbox's request log; the token call of the first poll is not among them.`,
		'',
	);
	push(
		`| World (largest page) | Payments in the account | Page requests, ${p.newPayments} new | Time of that poll | Peak heap growth during it | Requests, nothing new | Time of that poll | Static data (the cursor) |`,
		'|---|---|---|---|---|---|---|---|',
	);
	const ms = (v: number): string => `${n(v)} ms`;
	const kib = (bytes: number): string => `${n(bytes / 1024)} KiB`;
	for (const [name, world] of pollWorlds(p)) {
		for (const a of world.accounts) {
			const bytes = [...new Set(a.staticDataBytes as number[])].join(', ');
			push(
				`| ${name} (${world.pageCap}) | ${a.payments.toLocaleString('en-US')} | ${(a.pagesNew as number[]).join(', ')} | ${range(a.msNew, ms)} | ${a.peakHeapGrowthBytesNew ? range(a.peakHeapGrowthBytesNew, kib) : 'not measured (needs node --expose-gc)'} | ${(a.requestsNothing as number[]).join(', ')} | ${range(a.msNothing, ms)} | ${bytes} bytes |`,
			);
		}
	}
	push('');
	const heap = p.series.heapAfterGcBytes;
	push(
		`${p.series.polls} successive polls (${p.series.profile} world, ${p.series.payments.toLocaleString('en-US')} payments at the start, one new payment before each poll, each output once): the static data was ${p.series.staticDataBytes.first} bytes after the first, ${p.series.staticDataBytes.last} after the last, ${p.series.staticDataBytes.max} at most; ${heap ? `the bench process's heap after a full GC was ${mib(heap.first)} after the first poll and ${mib(heap.last)} after the last` : 'the heap was not measured (needs node --expose-gc)'}.`,
		'',
	);
	push(
		`The static data holds only the cursor: the newest payment's \`created_at\` and the IDs created at that same instant, never the history. A poll reads pages newest first at the largest size the API gives and stops at the first page that reaches below the cursor, so it pages over what is new, not over the account. Where a page holds no more than the ${p.newPayments} new payments (the pessimistic world's ${p.profiles?.pessimistic?.pageCap ?? '–'}), it takes the next page to see that nothing older is new. The time of a poll grows with the account only because the sandbox builds its whole list for every page it answers (\`visibleNewestFirst\` in sandbox/api.cts); the poll's requests, heap and static data do not.`,
		'',
	);
}

function renderOwnCost(result: Result, push: Push): void {
	const o = result.ownCost;
	push(`## 4. The node's own cost: execute() over ${o?.items ?? '–'} items, instant responder`, '');
	if (!o) return void push('Not run.', '');
	push('| | µs per item |', '|---|---|');
	push(`| Instamojo node, Payment Link → Create, Concurrency 1 | ${range(o.instamojoC1, n)} |`);
	push(`| Instamojo node, Concurrency 10 | ${range(o.instamojoC10, n)} |`);
	push(`| HTTP Request node (n8n-nodes-base, typeVersion 4.2), same fields, fixed bearer | ${o.httpRequest ? range(o.httpRequest, n) : 'not measured: n8n-nodes-base not found'} |`);
	push('');
	push(
		'In this process, with one stand-in for n8n’s execute context for both: parameters are values or functions of the item (evaluated on every read, in place of n8n’s expression engine), and the HTTP helper answers a canned 201 at once. So the figure is the node’s own work per item (parameters, validation, request, output, pairing); n8n’s expression engine, credential store and HTTP stack are in measurement 1.',
		'',
	);
}

function renderCeiling(result: Result, push: Push): void {
	const c = result.ceiling;
	push('## 5. The ceiling: the sandbox from a plain client', '');
	if (!c) return void push('Not run.', '');
	const rate = (v: number): string => `${n(v)}/s`;
	push('| Requests | Rate |', '|---|---|');
	push(`| Create a payment link, 1 in flight | ${range(c.createC1, rate)} |`, `| Create a payment link, 10 in flight | ${range(c.createC10, rate)} |`);
	push(`| Create a payment link, 50 in flight | ${range(c.createC50, rate)} |`, `| A page of 100 payments, 1 in flight | ${range(c.page100C1, rate)} |`);
	push('');
	const links = result.createLinks?.links;
	const best = Math.max(c.createC1?.median ?? 0, c.createC10?.median ?? 0, c.createC50?.median ?? 0);
	if (links && best > 0) {
		const floor = (links * 1000) / best;
		const node = result.createLinks.flows.nodeC10?.wallMs?.median;
		push(
			`At its best rate the sandbox needs ${s(floor)} for ${links} creates; the node at Concurrency 10 took ${s(node)}, i.e. it ran at ${n((100 * floor) / node)} % of the sandbox's ceiling (both share the same two cores with n8n).`,
			'',
		);
	}
}

function renderMethod(_result: Result, push: Push): void {
	push('## How each figure is taken', '');
	push(
		'- Real n8n (the pinned version of the e2e suite) runs as one server; each workflow starts with a production Webhook that answers when the last node is done, and a Split Out node turns the request body into the items. The sandbox runs in its own process.',
		'- Wall time: from sending the webhook request to n8n’s answer, measured by the bench process.',
		'- n8n CPU time: user + system time of the n8n server process from /proc/<pid>/stat, read before the request and after n8n has saved the execution. Sandbox CPU time likewise for the sandbox process.',
		'- Node time: the node’s `executionTime` in the saved execution (summed over its runs inside Loop Over Items).',
		'- Token calls and requests: the sandbox’s request log of each execution.',
		'- The HTTP Request node sends the same form fields with a fixed bearer token fetched before the run. On its own it starts every item’s request at once (n8n-nodes-base HttpRequestV3 awaits them together), so “the same concurrency” is only reachable inside Loop Over Items: batches of 1 keep one request in flight, batches of 10 at most ten.',
		'- Memory: n8n’s peak resident memory during the execution (VmHWM after writing 5 to /proc/<pid>/clear_refs), minus its RSS just before; the JSON size is that of the payments as the API returns them, as one array.',
		'- Deliveries: a client on the loopback keeps a fixed number of requests in flight; latency is per request; “completed” counts successful executions through n8n’s REST API.',
		'',
	);
}
