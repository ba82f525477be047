import { createHash } from 'node:crypto';

/** Marks keys the node derived, so a case opened from n8n is recognisable in Instamojo's dashboard. */
export const DERIVED_KEY_PREFIX = 'n8n-';

/** 24 hex characters (96 bits): no two different requests collide in practice, and the key stays short. */
const DIGEST_LENGTH = 24;

/**
 * A key that is the same whenever the same request is made, so that a re-run workflow or a retried
 * request carries it again and the API can refuse to apply it twice. `purpose` keeps keys of
 * different kinds of request apart even when their parts coincide.
 */
export function idempotencyKey(purpose: string, parts: string[]): string {
	const digest = createHash('sha256').update([purpose, ...parts].join('\n')).digest('hex');
	return DERIVED_KEY_PREFIX + digest.slice(0, DIGEST_LENGTH);
}
