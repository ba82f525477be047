/**
 * `--keep`: a run of some measurements merged with the others of an earlier result, each measurement
 * naming the run it was taken in.
 */

/** Where each measurement lives in a result. */
export const MEASUREMENT_KEYS: Record<number, string> = { 1: 'createLinks', 2: 'getMany', 3: 'trigger', 4: 'ownCost', 5: 'ceiling', 6: 'poll' };

/**
 * The measurements not run now, taken from an earlier result, each with the run it was taken in (an
 * earlier result may itself have kept some from a run before it), which the report then names.
 */
export function keepEarlier(result: Record<string, any>, earlier: Record<string, any>, ran: number[]): Record<string, any> {
	const kept = Object.keys(MEASUREMENT_KEYS).map(Number).filter((m) => !ran.includes(m) && earlier[MEASUREMENT_KEYS[m]] !== undefined);
	const before = keptRuns(earlier);
	const ownRun = { measurements: kept.filter((m) => !before.some((run) => run.measurements.includes(m))), startedAt: earlier.startedAt, finishedAt: earlier.finishedAt };
	const runs = [ownRun, ...before.map((run) => ({ ...run, measurements: run.measurements.filter((m) => kept.includes(m)) }))];
	const merged: Record<string, any> = { ...result, kept: runs.filter((run) => run.measurements.length > 0) };
	for (const m of kept) merged[MEASUREMENT_KEYS[m]] = earlier[MEASUREMENT_KEYS[m]];
	// A run without n8n keeps the n8n version the kept measurements ran on.
	merged.versions = { ...result.versions, n8n: result.versions?.n8n ?? earlier.versions?.n8n };
	return merged;
}

export interface KeptRun {
	measurements: number[];
	startedAt: string;
	finishedAt: string;
}

/** The earlier runs a result kept measurements from (one object in results written before this list). */
export function keptRuns(result: Record<string, any>): KeptRun[] {
	const kept = result.kept as KeptRun | KeptRun[] | undefined;
	if (kept === undefined) return [];
	return Array.isArray(kept) ? kept : [kept];
}
