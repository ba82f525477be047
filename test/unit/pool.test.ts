import { sleep } from 'n8n-workflow';

import { runPool } from '../../nodes/Instamojo/helpers/pool';

/** A task that records how many run at once and finishes after `delays[index]` ms. */
function tracked(delays: number[], fail: number[] = []) {
	const stats = { running: 0, most: 0, started: [] as number[] };
	const task = async (index: number): Promise<string> => {
		stats.started.push(index);
		stats.running++;
		stats.most = Math.max(stats.most, stats.running);
		await sleep(delays[index] ?? 0);
		stats.running--;
		if (fail.includes(index)) throw new Error(`task ${index} failed`);
		return `result ${index}`;
	};
	return { stats, task };
}

describe('runPool', () => {
	it('returns every outcome by index, whatever order the tasks finished in', async () => {
		const { task } = tracked([40, 5, 25, 0, 10, 30]);

		const outcomes = await runPool(6, 3, task, false);

		expect(outcomes).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ state: 'done', value: `result ${i}` })));
	});

	it('never has more than the limit running, and uses all of it', async () => {
		const { stats, task } = tracked(Array(20).fill(5));

		await runPool(20, 4, task, false);

		expect(stats.most).toBe(4);
		expect(stats.started).toEqual([...Array(20).keys()]);
	});

	it('with a limit of 1 runs one task after the other and stops at the first failure', async () => {
		const { stats, task } = tracked(Array(5).fill(1), [2]);

		const outcomes = await runPool(5, 1, task, true);

		expect(stats.most).toBe(1);
		expect(outcomes.map((outcome) => outcome.state)).toEqual(['done', 'done', 'failed', 'skipped', 'skipped']);
	});

	it('after a failure starts nothing new but waits for the tasks already running', async () => {
		// Task 1 fails at once while 0 and 2 are still running: both finish, 3 and 4 never start.
		const { stats, task } = tracked([30, 0, 30, 0, 0], [1]);

		const outcomes = await runPool(5, 3, task, true);

		expect(stats.started).toEqual([0, 1, 2]);
		expect(outcomes.map((outcome) => outcome.state)).toEqual(['done', 'failed', 'done', 'skipped', 'skipped']);
	});

	it('without stopping on failure runs every task and keeps each error in its place', async () => {
		const { task } = tracked([0, 0, 0, 0], [0, 3]);

		const outcomes = await runPool(4, 2, task, false);

		expect(outcomes.map((outcome) => outcome.state)).toEqual(['failed', 'done', 'done', 'failed']);
		expect(outcomes[3]).toMatchObject({ error: new Error('task 3 failed') });
	});

	it('treats a limit below 1 as 1 and copes with no tasks', async () => {
		const { stats, task } = tracked([0, 0, 0]);

		await runPool(3, 0, task, false);

		expect(stats.most).toBe(1);
		expect(await runPool(0, 5, task, false)).toEqual([]);
	});
});
