import type { IDataObject } from 'n8n-workflow';

import { apiBoolean } from '../helpers/values';

/** What one read of `GET /v2/payments/{id}/` gave. */
export type PaymentRead =
	| { kind: 'payment'; payment: IDataObject }
	/** A definite answer about this payment (403, 404…): asking again soon gives the same. */
	| { kind: 'refused'; statusCode: number; detail?: string }
	/** No answer worth keeping (network, 5xx, 429, a token that could not be had): maybe next time. */
	| { kind: 'unavailable'; reason: string };

export type GuardedRead = PaymentRead | { kind: 'overBudget' };

/**
 * Reads per trigger per minute. Anyone who learns a trigger's URL can post deliveries naming made-up
 * payments, and in the modes that ask Instamojo each one costs a read with the marketplace's token: this
 * caps what they can make it send at one read a second, far below anything that could get the account
 * throttled, while a trigger still confirms 60 new payments a minute (3,600 an hour) in the worst world,
 * where no delivery's signature can be checked. A burst of up to 60 is answered at once.
 */
export const READS_PER_MINUTE = 60;

/** How many payment reads each trigger remembers, and for how long: bounded memory, no stale verdicts. */
export const REMEMBERED_READS = 1000;
export const REMEMBER_MS = 10 * 60_000;

const MINUTE_MS = 60_000;

/**
 * One trigger's reads: a token bucket refilled from `Date.now()` (no timers), one read in flight per
 * payment shared by every delivery naming it, and recent definite answers remembered, so repeating a
 * forged payment id costs nothing. Only final answers are remembered: a refusal (403, 404) and a payment
 * whose status is settled (true or false), never an unfinished payment or an outage.
 */
export class ReadGuard {
	private tokens = READS_PER_MINUTE;
	private refilledAt: number;
	private readonly inFlight = new Map<string, Promise<PaymentRead>>();
	private readonly remembered = new Map<string, { read: PaymentRead; until: number }>();

	constructor(now: number) {
		this.refilledAt = now;
	}

	/** The payment's read: remembered, joined while in flight, or fetched if the budget allows. */
	async read(paymentId: string, fetch: () => Promise<PaymentRead>): Promise<GuardedRead> {
		const key = paymentId.toLowerCase();
		const now = Date.now();
		const known = this.remembered.get(key);
		if (known && known.until > now) return known.read;
		if (known) this.remembered.delete(key);
		const pending = this.inFlight.get(key);
		if (pending) return await pending;
		if (!this.take(now)) return { kind: 'overBudget' };
		const reading = fetch();
		this.inFlight.set(key, reading);
		try {
			const read = await reading;
			if (isFinal(read)) this.remember(key, read, Date.now());
			return read;
		} finally {
			this.inFlight.delete(key);
		}
	}

	private take(now: number): boolean {
		const refill = ((now - this.refilledAt) * READS_PER_MINUTE) / MINUTE_MS;
		this.tokens = Math.min(READS_PER_MINUTE, this.tokens + refill);
		this.refilledAt = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	private remember(key: string, read: PaymentRead, now: number): void {
		this.remembered.delete(key);
		this.remembered.set(key, { read, until: now + REMEMBER_MS });
		// A Map iterates in insertion order: the first key is the oldest.
		if (this.remembered.size > REMEMBERED_READS) this.remembered.delete(this.remembered.keys().next().value as string);
	}
}

function isFinal(read: PaymentRead): boolean {
	if (read.kind === 'refused') return true;
	return read.kind === 'payment' && apiBoolean(read.payment.status) !== undefined;
}

/** Module-level: every delivery to one trigger (workflow and node) in this n8n process shares one guard. */
const guards = new Map<string, ReadGuard>();

export function guardOf(workflowId: string, nodeId: string): ReadGuard {
	const key = `${workflowId}\u0000${nodeId}`;
	let guard = guards.get(key);
	if (!guard) {
		guard = new ReadGuard(Date.now());
		guards.set(key, guard);
	}
	return guard;
}
