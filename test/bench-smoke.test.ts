/**
 * A smoke of `npm run bench` without n8n (which the bench itself needs; see test/e2e/bench-smoke.test.ts):
 * the measurements that run in this process (4: the node's own cost, 5: the sandbox's ceiling, 6: the
 * poll trigger) at tiny sizes, the report written from their JSON, and the arithmetic the goals are judged with.
 */
import { QUICK, runBench } from '../bench/run.cjs';
import { keepEarlier } from '../bench/keep.cjs';
import { causeOf, evaluateGoals, fewestPages, renderReport } from '../bench/report.cjs';
import { formatNumber, median, percentile, ratio } from '../bench/stats.cjs';

describe('npm run bench, without n8n', () => {
	let result: Awaited<ReturnType<typeof runBench>>;

	beforeAll(async () => {
		result = await runBench({
			...QUICK,
			n8n: false,
			sandboxInProcess: true,
			only: [4, 5, 6],
			payments: 150,
			ownCostItems: 100,
			ceilingRequests: 15,
			pollAccounts: [60, 150],
			pollSeries: 5,
		});
	});

	it("measures the sandbox's request rates and the node's own cost per item", () => {
		for (const figure of ['createC1', 'createC10', 'createC50', 'page100C1']) {
			expect(result.ceiling[figure].median).toBeGreaterThan(0);
		}
		for (const figure of ['instamojoC1', 'instamojoC10']) {
			expect(result.ownCost[figure].median).toBeGreaterThan(0);
			expect(result.ownCost[figure].runs.length).toBeGreaterThanOrEqual(3);
		}
		expect(result.ownCost.httpRequest).toBeNull();
	});

	it("counts the poll trigger's requests in both worlds and sees its static data stay the same size", () => {
		const { documented, pessimistic } = result.poll.profiles;
		expect([documented.pageCap, pessimistic.pageCap]).toEqual([100, 50]);
		const figures = (world: typeof documented, key: string) => world.accounts.map((account: Record<string, number[]>) => account[key]);

		expect(documented.accounts.map((account: { payments: number }) => account.payments)).toEqual([60, 150]);
		expect(figures(documented, 'pagesNew')).toEqual([[1], [1]]);
		expect(figures(pessimistic, 'pagesNew')).toEqual([[2], [2]]);
		expect([...figures(documented, 'requestsNothing'), ...figures(pessimistic, 'requestsNothing')]).toEqual([[1], [1], [1], [1]]);
		const bytes = [documented, pessimistic].flatMap((world) => figures(world, 'staticDataBytes').flat());
		expect(new Set(bytes).size).toBe(1);
		expect(result.poll.series).toMatchObject({ polls: 5, staticDataBytes: { first: bytes[0], max: bytes[0], last: bytes[0] }, heapAfterGcBytes: null });
	});

	it('--keep names the run each kept measurement was taken in, also when the earlier result kept some itself', () => {
		const earlier = {
			startedAt: 'B0',
			finishedAt: 'B1',
			versions: { n8n: '2.41.1' },
			kept: { measurements: [1, 2, 4, 5], startedAt: 'A0', finishedAt: 'A1' },
			...Object.fromEntries(['createLinks', 'getMany', 'trigger', 'ownCost', 'ceiling'].map((key) => [key, { from: key }])),
		};
		const merged = keepEarlier({ ...result, versions: { ...result.versions, n8n: undefined } }, earlier, [4, 6]);

		expect(merged.kept).toEqual([
			{ measurements: [3], startedAt: 'B0', finishedAt: 'B1' },
			{ measurements: [1, 2, 5], startedAt: 'A0', finishedAt: 'A1' },
		]);
		expect(merged.ownCost).toBe(result.ownCost);
		expect(merged.poll).toBe(result.poll);
		expect(merged.ceiling).toEqual({ from: 'ceiling' });
		expect(merged.versions.n8n).toBe('2.41.1');
		expect(renderReport({ ...merged, createLinks: undefined, getMany: undefined, trigger: undefined, ceiling: result.ceiling })).toContain(
			'Kept from earlier runs (`--keep`): measurement 3 from the run of B0 to B1; measurements 1, 2, 5 from the run of A0 to A1.',
		);
	});

	it('records the machine, the versions and the load', () => {
		expect(result.machine.nproc).toBeGreaterThan(0);
		expect(result.versions.package).toMatch(/^n8n-nodes-instamojo@\d+\.\d+\.\d+/);
		expect(result.load.start).toHaveLength(3);
		expect(result.load.end).toHaveLength(3);
	});

	it('writes a report with every section, saying which measurements did not run', () => {
		const report = renderReport(result);

		for (const heading of ['## Machine and versions', '## Goals', '## 1. ', '## 2. ', '## 3. ', '## 4. ', '## 5. ', '## 6. ', '## How each figure is taken']) {
			expect(report).toContain(heading);
		}
		expect(report).toContain('Not run (needs n8n).');
		expect(report).toContain('| pessimistic (50) | 150 | 2 |');
		// Without --expose-gc the heap is not measured, so the memory goal is not judged.
		expect(evaluateGoals(result).map((goal) => goal.met)).toEqual([...Array(9).fill(null), true, true, true, null]);
	});
});

describe('the arithmetic of the report', () => {
	it('takes medians, nearest-rank percentiles and ratios', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(percentile([...Array(100).keys()].map((i) => i + 1), 99)).toBe(99);
		expect(percentile([10, 20, 30], 50)).toBe(20);
		expect(ratio(3, 2)).toBe(1.5);
		expect(ratio(3, 0)).toBeNaN();
	});

	it('judges a goal on the figures of a run', () => {
		const flows = (ms: Record<string, number>) =>
			Object.fromEntries(Object.entries(ms).map(([flow, wall]) => [flow, { wallMs: { median: wall }, tokenCalls: [0, 0] }]));
		const goals = evaluateGoals({
			createLinks: {
				flows: flows({ nodeC1: 900, httpLoop1: 1000, nodeC10: 400, httpLoop10: 500 }),
				warmUpTokenCalls: { nodeC10: 1 },
				afterExpiry: { nodeC1: { tokenCalls: 1 }, nodeC10: { tokenCalls: 1 } },
			},
		});

		expect(goals.slice(0, 4).map((goal) => goal.met)).toEqual([true, true, true, false]);
		expect(goals[3].figure).toContain('2.50×');
	});

	it('explains each goal that is not met by its own cause', () => {
		const run = {
			getMany: { nodeMs: { median: 1000 }, plainMs: { median: 1000 }, rssGrowthBytes: { max: 400 }, jsonBytes: 100, unsavedRssGrowthBytes: { max: 50 }, pageSizesNode: [['100']] },
			trigger: {
				ratios: { triggerToWebhookAuth: { median: 0.9, min: 0.85, max: 0.97 }, triggerToWebhook: { median: 0.61, min: 0.6, max: 0.65 } },
				webhook: { n8nCpuMsPerDelivery: { median: 40 } },
				webhookAuth: { n8nCpuMsPerDelivery: { median: 75 } },
				trigger: { n8nCpuMsPerDelivery: { median: 80 } },
				triggerNoDedup: { n8nCpuMsPerDelivery: { median: 77 } },
			},
		};
		const goals = evaluateGoals(run);
		const unmet = goals.filter((goal) => goal.met === false);

		expect(goals.filter((goal) => goal.measurement === '3').map((goal) => goal.met)).toEqual([false, true]);
		expect(unmet.map((goal) => goal.measurement)).toEqual(['2', '3']);
		expect(unmet[1].figure).toBe('0.900× (0.850×–0.970×), the ratio within each round');
		expect(causeOf(unmet[0], run)).toMatch(/^n8n saving the execution: .* at most 0\.500×/);
		expect(causeOf(unmet[1], run)).toMatch(/^each delivery is one n8n execution.* 35\.0 ms is n8n's own work .* Beyond Header Auth the trigger costs 5\.00 ms, of which 3\.00 ms is deduplication/);
	});

	it('judges the poll goals on every run of every account size', () => {
		const account = (payments: number, pagesNew: number[], heap: number, staticDataBytes = [89, 89]) => ({
			payments,
			pagesNew,
			requestsNew: pagesNew,
			requestsNothing: [1, 1],
			staticDataBytes,
			peakHeapGrowthBytesNew: { median: heap },
		});
		const run = (documented: object[], pessimistic: object[], heapAfterGcBytes = { first: 1000, last: 2000 }) => ({
			poll: {
				newPayments: 50,
				profiles: { documented: { pageCap: 100, accounts: documented }, pessimistic: { pageCap: 50, accounts: pessimistic } },
				series: { polls: 200, staticDataBytes: { first: 89, max: 89, last: 89 }, heapAfterGcBytes },
			},
		});
		const pollGoals = (result: object) => evaluateGoals(result).filter((goal) => goal.measurement === '6').map((goal) => goal.met);

		expect(fewestPages(50, 100)).toBe(1);
		expect(fewestPages(50, 50)).toBe(2);
		expect(fewestPages(100, 50)).toBe(3);
		expect(pollGoals(run([account(1000, [1, 1], 800), account(100_000, [1, 1], 900)], [account(1000, [2, 2], 800), account(100_000, [2, 2], 800)]))).toEqual([true, true, true, true]);
		// One run paging twice at 100 a page; one at 50 paging once more than needed.
		expect(pollGoals(run([account(1000, [1, 1], 800), account(100_000, [1, 2], 900)], [account(1000, [2, 3], 800), account(100_000, [2, 2], 800)]))).toEqual([false, false, true, true]);
		// Static data or heap growing with the account, or the heap growing over the series.
		expect(pollGoals(run([account(1000, [1], 800), account(100_000, [1], 900, [89, 120])], [account(1000, [2], 800)]))[3]).toBe(false);
		expect(pollGoals(run([account(1000, [1], 800), account(100_000, [1], 1300)], [account(1000, [2], 800)]))[3]).toBe(false);
		expect(pollGoals(run([account(1000, [1], 800)], [account(1000, [2], 800)], { first: 0, last: 2 ** 21 }))[3]).toBe(false);
	});

	it('rounds figures to three significant digits', () => {
		expect(formatNumber(1234.5)).toBe('1235');
		expect(formatNumber(0.012345)).toBe('0.0123');
		expect(formatNumber(Number.NaN)).toBe('–');
	});
});
