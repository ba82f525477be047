/**
 * A smoke of `npm run bench` without n8n (which the bench itself needs; see test/e2e/bench-smoke.test.ts):
 * the measurements that run in this process (4: the node's own cost, 5: the sandbox's ceiling) at tiny
 * sizes, the report written from their JSON, and the arithmetic the goals are judged with.
 */
import { QUICK, runBench } from '../bench/run.cjs';
import { causeOf, evaluateGoals, renderReport } from '../bench/report.cjs';
import { formatNumber, median, percentile, ratio } from '../bench/stats.cjs';

describe('npm run bench, without n8n', () => {
	let result: Awaited<ReturnType<typeof runBench>>;

	beforeAll(async () => {
		result = await runBench({
			...QUICK,
			n8n: false,
			sandboxInProcess: true,
			only: [4, 5],
			payments: 150,
			ownCostItems: 100,
			ceilingRequests: 15,
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

	it('records the machine, the versions and the load', () => {
		expect(result.machine.nproc).toBeGreaterThan(0);
		expect(result.versions.package).toMatch(/^n8n-nodes-instamojo@\d+\.\d+\.\d+/);
		expect(result.load.start).toHaveLength(3);
		expect(result.load.end).toHaveLength(3);
	});

	it('writes a report with every section, saying which measurements did not run', () => {
		const report = renderReport(result);

		for (const heading of ['## Machine and versions', '## Goals', '## 1. ', '## 2. ', '## 3. ', '## 4. ', '## 5. ', '## How each figure is taken']) {
			expect(report).toContain(heading);
		}
		expect(report).toContain('Not run (needs n8n).');
		expect(evaluateGoals(result).map((goal) => goal.met)).toEqual(Array(9).fill(null));
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

	it('rounds figures to three significant digits', () => {
		expect(formatNumber(1234.5)).toBe('1235');
		expect(formatNumber(0.012345)).toBe('0.0123');
		expect(formatNumber(Number.NaN)).toBe('–');
	});
});
