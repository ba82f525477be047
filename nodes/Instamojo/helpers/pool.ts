/** What happened to one task of a pool run: its value, its error, or nothing when it was never started. */
export type TaskOutcome<T> =
	| { state: 'done'; value: T }
	| { state: 'failed'; error: unknown }
	| { state: 'skipped' };

/**
 * Runs `task(0)` … `task(count - 1)` with at most `limit` of them pending at any time, starting them in
 * index order. Outcomes come back by index, whatever order they finished in.
 *
 * With `stopOnFailure`, no task starts after one has failed; those already running are awaited (they
 * may have reached the API, so their outcome must not be lost) and the rest are `skipped`. With a limit
 * of 1 this is exactly the sequential loop: a failure stops everything after it.
 */
export async function runPool<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	stopOnFailure: boolean,
): Promise<Array<TaskOutcome<T>>> {
	const outcomes: Array<TaskOutcome<T>> = Array.from({ length: count }, () => ({ state: 'skipped' }));
	let next = 0;
	let stopped = false;

	const worker = async (): Promise<void> => {
		while (!stopped && next < count) {
			const index = next++;
			try {
				outcomes[index] = { state: 'done', value: await task(index) };
			} catch (error) {
				outcomes[index] = { state: 'failed', error };
				if (stopOnFailure) stopped = true;
			}
		}
	};

	const workers = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
