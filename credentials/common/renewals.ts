import { createHash } from 'node:crypto';

import type { TokenSet } from './oauth';

/**
 * How long a renewal is remembered: as long as the request timeout, so a request sent just before the
 * token rotated still finds it, and short, since a late writer could store an older pair over a newer
 * one saved by another process.
 */
export const RENEWAL_MEMORY_MS = 30_000;
/** A bound on following renewals of renewals, in case a chain is ever circular. */
const MAX_SUCCESSORS = 20;

interface Renewal {
	tokens: Promise<TokenSet>;
	startedAt: number;
}

/** What a renewal gave this caller, and whether another caller made it. */
export interface RenewalOutcome {
	tokens: TokenSet;
	joined: boolean;
}

/**
 * Refresh-token renewals made in this n8n process. Instamojo refresh tokens work once, and n8n runs a
 * credential's `preAuthentication` without a lock: executions that see the access token expire at the
 * same moment would each spend the same refresh token, and all but the first would fail with
 * invalid_grant. Here the first renews and the others wait for its result. A process cannot see
 * renewals made by other processes (queue-mode workers, `n8n execute`); those still race.
 * Entries are keyed by a hash (no token is kept as a key) and forgotten after `memoryMs`.
 */
export class RenewalRegistry {
	private readonly renewals = new Map<string, Renewal>();

	constructor(
		private readonly memoryMs = RENEWAL_MEMORY_MS,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * The tokens this refresh token was (or is being) exchanged for in this process, followed to their
	 * newest known successor; otherwise the result of `exchange`, remembered for the next caller.
	 * `scope` keeps tokens of different token endpoints and clients apart.
	 */
	async renew(scope: string, refreshToken: string, exchange: () => Promise<TokenSet>): Promise<RenewalOutcome> {
		this.forgetOld();
		const key = renewalKey(scope, refreshToken);
		const known = this.renewals.get(key);
		if (known) return { tokens: await this.newest(scope, await known.tokens), joined: true };

		const tokens = exchange();
		const renewal = { tokens, startedAt: this.now() };
		this.renewals.set(key, renewal);
		// A failed renewal is not remembered: the next caller tries again (and learns the cause itself).
		tokens.catch(() => {
			if (this.renewals.get(key) === renewal) this.renewals.delete(key);
		});
		return { tokens: await tokens, joined: false };
	}

	/** How many renewals are remembered (for tests). */
	get size(): number {
		return this.renewals.size;
	}

	private async newest(scope: string, tokens: TokenSet): Promise<TokenSet> {
		let current = tokens;
		for (let hop = 0; hop < MAX_SUCCESSORS; hop++) {
			const successor = this.renewals.get(renewalKey(scope, current.refreshToken));
			if (!successor) return current;
			try {
				current = await successor.tokens;
			} catch {
				return current;
			}
		}
		return current;
	}

	private forgetOld(): void {
		const cutoff = this.now() - this.memoryMs;
		for (const [key, renewal] of this.renewals) {
			if (renewal.startedAt < cutoff) this.renewals.delete(key);
		}
	}
}

function renewalKey(scope: string, refreshToken: string): string {
	return createHash('sha256').update(`${scope}\n${refreshToken}`).digest('hex');
}
