/**
 * What the benchmark reads from the machine: its description, the load, and a process's CPU time and
 * memory from /proc (Linux only; other systems get NaN and the report says so).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
	nproc: number;
	cpuModel: string;
	memoryGiB: number;
	platform: string;
	kernel: string;
}

export function machine(): Machine {
	return {
		nproc: cpus().length,
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		platform: `${process.platform}-${process.arch}`,
		kernel: readText('/proc/sys/kernel/osrelease')?.trim() ?? 'unknown',
	};
}

/** The 1-, 5- and 15-minute load averages. */
export function load(): [number, number, number] {
	const [one, five, fifteen] = loadavg();
	return [one, five, fifteen];
}

/**
 * Waits until the 1-minute load average drops below `threshold`, polling every `pollMs`, for at most
 * `maxMs`. Other people's work on a shared machine skews every figure; the result says whether it got quiet.
 */
export async function waitForQuiet(
	threshold: number,
	maxMs: number,
	pollMs = 60_000,
	log: (line: string) => void = () => {},
): Promise<{ quiet: boolean; waitedMs: number; load: number }> {
	const started = Date.now();
	for (;;) {
		const [one] = load();
		if (one < threshold) return { quiet: true, waitedMs: Date.now() - started, load: one };
		if (Date.now() - started + pollMs > maxMs) return { quiet: false, waitedMs: Date.now() - started, load: one };
		log(`load ${one.toFixed(2)} ≥ ${threshold}: waiting ${Math.round(pollMs / 1000)} s for the machine to get quiet`);
		await new Promise((resolve) => setTimeout(resolve, pollMs));
	}
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time a process has used so far, in ms (10 ms resolution). NaN if unreadable. */
export function cpuMs(pid: number): number {
	const stat = readText(`/proc/${pid}/stat`);
	if (!stat) return Number.NaN;
	// Fields after the command name (which may contain spaces) start at ") ".
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
	const status = readText(`/proc/${pid}/status`);
	const match = status ? new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) : null;
	return match ? Number(match[1]) : Number.NaN;
}

/** Resident memory now, in bytes. */
export function rssBytes(pid: number): number {
	return statusKb(pid, 'VmRSS') * 1024;
}

/**
 * Measures a process's peak resident memory during `fn`: the kernel's high-water mark (VmHWM), reset to
 * the current RSS first by writing 5 to /proc/<pid>/clear_refs, and, as a cross-check and fallback, the
 * highest RSS sampled every `sampleMs`.
 */
export async function peakRssDuring<T>(
	pid: number,
	fn: () => Promise<T>,
	sampleMs = 10,
): Promise<{ value: T; baselineBytes: number; peakBytes: number; method: 'VmHWM' | 'sampled' }> {
	const resetWorked = tryWrite(`/proc/${pid}/clear_refs`, '5');
	const baselineBytes = rssBytes(pid);
	let sampled = baselineBytes;
	const timer = setInterval(() => {
		const now = rssBytes(pid);
		if (now > sampled) sampled = now;
	}, sampleMs);
	try {
		const value = await fn();
		const hwm = statusKb(pid, 'VmHWM') * 1024;
		const useHwm = resetWorked && Number.isFinite(hwm);
		return { value, baselineBytes, peakBytes: useHwm ? Math.max(hwm, sampled) : sampled, method: useHwm ? 'VmHWM' : 'sampled' };
	} finally {
		clearInterval(timer);
	}
}

function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

function tryWrite(path: string, text: string): boolean {
	try {
		writeFileSync(path, text);
		return true;
	} catch {
		return false;
	}
}
