/**
 * Injected failures for /v2/ and /oauth2/ requests, so clients' retry and error paths can be tested:
 * an error status (429 with Retry-After, 5xx), a delay, or a dropped connection after the request
 * took effect. Faults are used up in the order they were added, one per matching request.
 */
import { failure, type Reply } from './http.cjs';

interface FaultTarget {
	/** How many matching requests the fault still applies to. */
	count: number;
	/** Substring of the path the fault is limited to. */
	path?: string;
	method?: string;
}

export type Fault = FaultTarget &
	(
		| { type: 'status'; status: 403 | 404 | 429 | 500 | 502 | 503; retryAfter?: number }
		| { type: 'delay'; ms: number }
		| { type: 'drop' }
	);

const FAULT_STATUSES = [403, 404, 429, 500, 502, 503];

const isCount = (value: unknown): value is number =>
	Number.isInteger(value) && (value as number) > 0;
const isSeconds = (value: unknown): value is number =>
	Number.isInteger(value) && (value as number) >= 0;

/** Checks a fault posted to the control API; the message names the first thing wrong. */
export function parseFault(body: Record<string, unknown>): Fault {
	const target: FaultTarget = { count: body.count === undefined ? 1 : (body.count as number) };
	if (!isCount(target.count)) throw failure(400, 'count must be a positive integer.');
	if (body.path !== undefined) target.path = String(body.path);
	if (body.method !== undefined) target.method = String(body.method).toUpperCase();
	switch (body.type) {
		case 'status':
			if (!FAULT_STATUSES.includes(body.status as number))
				throw failure(400, `status must be one of ${FAULT_STATUSES.join(', ')}.`);
			if (body.retryAfter !== undefined && !isSeconds(body.retryAfter))
				throw failure(400, 'retryAfter must be a whole number of seconds.');
			return {
				...target,
				type: 'status',
				status: body.status as 429,
				retryAfter: body.retryAfter as number | undefined,
			};
		case 'delay':
			if (!isSeconds(body.ms)) throw failure(400, 'ms must be a whole number of milliseconds.');
			return { ...target, type: 'delay', ms: body.ms };
		case 'drop':
			return { ...target, type: 'drop' };
		default:
			throw failure(400, 'type must be "status", "delay" or "drop".');
	}
}

export class FaultQueue {
	private faults: Fault[] = [];

	add(fault: Fault): void {
		this.faults.push(fault);
	}

	clear(): void {
		this.faults = [];
	}

	list(): Fault[] {
		return this.faults.map((fault) => ({ ...fault }));
	}

	/** The first fault that matches the request, used up by one. */
	take(method: string, path: string): Fault | undefined {
		const fault = this.faults.find(
			(f) =>
				(f.path === undefined || path.includes(f.path)) &&
				(f.method === undefined || f.method === method),
		);
		if (!fault) return undefined;
		fault.count -= 1;
		if (fault.count === 0) this.faults = this.faults.filter((f) => f !== fault);
		return fault;
	}
}

/** What the log's `fault` field says about an applied fault. */
export function describeFault(fault: Fault): string {
	if (fault.type === 'status') return `status ${fault.status}`;
	if (fault.type === 'delay') return `delay ${fault.ms}ms`;
	return 'drop';
}

/**
 * The answer of a status fault. 429 is DRF's throttle answer (docs/instamojo-api.md §3: invented, nothing is documented);
 * 5xx look like what a proxy or crashed worker would send.
 */
export function statusFaultReply(fault: Extract<Fault, { type: 'status' }>): Reply {
	const headers: Record<string, string> =
		fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
	if (fault.status === 429) {
		const wait = fault.retryAfter ?? 1;
		return {
			status: 429,
			body: {
				detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`,
			},
			headers: { 'retry-after': String(wait) },
		};
	}
	// 403 and 404 as the API's own refusals (http.cts), for a call a real token may not make (e.g. reading a seller's payment).
	const reasons = {
		403: 'You do not have permission to perform this action.',
		404: 'Not found',
		500: 'Internal Server Error',
		502: 'Bad Gateway',
		503: 'Service Unavailable',
	};
	return {
		status: fault.status,
		body: { success: false, message: reasons[fault.status] },
		headers,
	};
}
