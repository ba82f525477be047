/** Identifier formats of docs/instamojo-api.md §3, so fixtures look like the real thing and clients can't rely on fakes. */
import { randomFillSync, randomUUID } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const UPPER = LOWER.toUpperCase();
const ALPHANUMERIC = UPPER + LOWER + DIGITS;

/**
 * Random bytes drawn from a pool refilled 64 KiB at a time: one system call per ~2,000 ids instead of
 * one per id, which is what lets the bulk control endpoint create tens of thousands of payments quickly.
 */
const pool = Buffer.alloc(64 * 1024);
let poolOffset = pool.length;

function random(length: number): Buffer {
	if (poolOffset + length > pool.length) {
		randomFillSync(pool);
		poolOffset = 0;
	}
	poolOffset += length;
	return pool.subarray(poolOffset - length, poolOffset);
}

/** Random characters from an alphabet. The slight modulo bias is irrelevant for a simulator. */
function randomString(length: number, alphabet: string): string {
	const bytes = random(length);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

/** User and payment request ids: 32 lowercase hex. */
export const hexId = (): string => random(16).toString('hex');

/** Payment ids: `MOJO` + 16 alphanumerics, e.g. `MOJO5a06005J21512197`. */
export const paymentId = (): string => 'MOJO' + randomString(16, ALPHANUMERIC);

/** Refund (resolution case) ids: `C` + 9 characters, e.g. `C5c0751269`. */
export const caseId = (): string => 'C' + randomString(9, LOWER + DIGITS);

/** Refund object ids: `R` + 12 letters and digits, like the official Node SDK's test id `R0312ONS85032`. */
export const refundObjectId = (): string => 'R' + randomString(12, UPPER + DIGITS);

/** Access and refresh tokens: 30 alphanumerics, as in the docs' examples. */
export const tokenString = (): string => randomString(30, ALPHANUMERIC);

/** A seller's private salt: 32 hex, the length of the salts Instamojo shows on its developer page. */
export const saltString = (): string => random(16).toString('hex');

/** The bank's reference of a completed refund, e.g. `IGAJRIYGL4`. */
export const bankReference = (): string => randomString(10, UPPER + DIGITS);

/** Ids of the refund transfers inside a case are UUIDs in the case example of docs/instamojo-api.md §8. */
export const uuid = (): string => randomUUID();
