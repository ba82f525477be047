/**
 * The arithmetic of the benchmark: medians over repeated runs, latency percentiles, ratios. Pure, so the
 * smoke test can check it without n8n.
 */

/** The middle value (mean of the two middle ones for an even count); NaN for no samples. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100): the smallest sample with at least p % of samples at or below it. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1];
}

/** a / b, or NaN when b is not a positive number. */
export function ratio(a: number, b: number): number {
	return b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

/** Every sample of a figure, its median, min and max. */
export interface Summary {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

export function summarize(values: readonly number[]): Summary {
	return {
		median: median(values),
		min: values.length ? Math.min(...values) : Number.NaN,
		max: values.length ? Math.max(...values) : Number.NaN,
		runs: [...values],
	};
}

/** A figure rounded for a table: 3 significant digits, never in exponent form. */
export function formatNumber(value: number, digits = 3): string {
	if (!Number.isFinite(value)) return '–';
	if (value === 0) return '0';
	const magnitude = Math.floor(Math.log10(Math.abs(value)));
	const decimals = Math.max(0, digits - 1 - magnitude);
	return value.toFixed(Math.min(decimals, 6));
}

/** Measures one async call's wall time in milliseconds (monotonic clock). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** Runs `task(0..count-1)` with at most `limit` pending, like a client with a connection limit. */
export async function boundedAll<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}
