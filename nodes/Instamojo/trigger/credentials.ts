import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * How long a credential read for one delivery also serves later ones. n8n reads and decrypts the
 * credential on every `getCredentials` call, the largest part of a verified delivery's cost
 * (BENCHMARKS.md, 3); with this bound a salt that was replaced (say after a leak) still verifies for at
 * most a minute, and the decrypted secret lives in this process at most a minute past its last read.
 * A new salt needs no wait: a signature that does not match has the credential read again first.
 */
export const CREDENTIAL_TTL_MS = 60_000;

/**
 * At most one read after a mismatch per credential in this time, shared by every delivery waiting for
 * it: a stream of forged deliveries costs one credential read per 5 s instead of one each. The price:
 * a salt changed within 5 s after a forgery is picked up by the next read, up to 5 s later.
 */
export const REREAD_INTERVAL_MS = 5_000;

type Read = () => Promise<ICredentialDataDecryptedObject>;

interface Entry {
	data: Promise<ICredentialDataDecryptedObject>;
	readAt: number;
	/** When a mismatch last had the credential read again. */
	rereadAt: number;
}

/**
 * Credentials read by the trigger in this process, by credential id (n8n gives a node the id and name of
 * its credential, nothing that changes when the credential is edited). Never shared between two
 * credentials; expired entries are dropped on every use (no timers in a node).
 */
const entries = new Map<string, Entry>();

function dropExpired(now: number): void {
	for (const [key, entry] of entries) if (now - entry.readAt >= CREDENTIAL_TTL_MS) entries.delete(key);
}

/** Drops the cached copy of one credential. */
export function forgetCredential(key: string): void {
	entries.delete(key);
}

/** Reads through n8n and keeps the read; a failed read is not kept, so the next delivery tries again. */
function readInto(key: string, read: Read, now: number, rereadAt: number): Promise<ICredentialDataDecryptedObject> {
	const data = read();
	entries.set(key, { data, readAt: now, rereadAt });
	data.catch(() => {
		if (entries.get(key)?.data === data) entries.delete(key);
	});
	return data;
}

/**
 * One delivery's view of its credential: `current()` is the cached copy (read once, single-flight, while
 * younger than the bound); `afterMismatch(tried)` is a newer copy than `tried`, read again unless this delivery
 * read it or it was read again less than REREAD_INTERVAL_MS ago (then the copy that read gave,
 * or undefined if it is `tried`);
 * `forget()` drops the cached copy, e.g. once its access token was renewed. Without a credential id
 * (`key` undefined) the credential is read once per delivery and there is nothing newer to try.
 */
export class TriggerCredential {
	private own: Promise<ICredentialDataDecryptedObject> | undefined;
	/** Whether this delivery's `current()` read the credential itself: nothing newer to have then. */
	private readHere = false;

	constructor(
		private readonly key: string | undefined,
		private readonly read: Read,
	) {}

	async current(): Promise<ICredentialDataDecryptedObject> {
		if (this.key === undefined) return await (this.own ??= this.read());
		const now = Date.now();
		dropExpired(now);
		const entry = entries.get(this.key);
		if (entry) return await entry.data;
		this.readHere = true;
		return await readInto(this.key, this.read, now, 0);
	}

	async afterMismatch(tried: ICredentialDataDecryptedObject): Promise<ICredentialDataDecryptedObject | undefined> {
		if (this.key === undefined || this.readHere) return undefined;
		const now = Date.now();
		const entry = entries.get(this.key);
		if (entry && now - entry.rereadAt < REREAD_INTERVAL_MS) {
			const data = await entry.data;
			return data === tried ? undefined : data;
		}
		return await readInto(this.key, this.read, now, now);
	}

	forget(): void {
		if (this.key !== undefined) forgetCredential(this.key);
	}
}
