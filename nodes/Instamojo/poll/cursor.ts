/**
 * Where the last poll stopped in Instamojo's newest-first payment list (docs/instamojo-api.md §3, §7), kept in
 * the workflow's static data. Only the boundary is kept, never the account's history: the newest payment's
 * `created_at` and the IDs of the payments created at that same instant, so a payment sharing the instant
 * but listed later is still new, and one already output is not output again.
 */
import type { IDataObject } from 'n8n-workflow';

export interface PaymentCursor {
	/** `created_at` of the newest payment seen; null when the account had no payment yet. */
	createdAt: string | null;
	/** IDs of the payments seen with exactly that `created_at`. */
	ids: string[];
}

/** Thrown for a list item the cursor cannot place; the poll turns it into a node error. */
export class UnreadablePaymentError extends Error {}

export function paymentIdOf(payment: IDataObject): string {
	const id = payment.id;
	if (typeof id !== 'string' || id === '') throw new UnreadablePaymentError('Instamojo listed a payment without an ID');
	return id;
}

/** `created_at` in milliseconds; an unreadable time is an error, never a guess about where the payment belongs. */
export function createdAtMs(payment: IDataObject): number {
	const time = typeof payment.created_at === 'string' ? Date.parse(payment.created_at) : Number.NaN;
	if (Number.isNaN(time)) {
		throw new UnreadablePaymentError(`Instamojo listed payment ${String(payment.id)} without a readable created_at`);
	}
	return time;
}

/** The cursor as stored, or undefined before the first production poll (or if it was damaged). */
export function storedCursor(staticData: IDataObject): PaymentCursor | undefined {
	const cursor = staticData.paymentCursor as Partial<PaymentCursor> | undefined;
	if (typeof cursor !== 'object' || cursor === null || !Array.isArray(cursor.ids)) return undefined;
	if (cursor.createdAt !== null && (typeof cursor.createdAt !== 'string' || Number.isNaN(Date.parse(cursor.createdAt)))) return undefined;
	return { createdAt: cursor.createdAt, ids: cursor.ids.map(String) };
}

export function storeCursor(staticData: IDataObject, cursor: PaymentCursor): void {
	staticData.paymentCursor = { createdAt: cursor.createdAt, ids: cursor.ids };
}

/** The time below which no payment is new: nothing for an account that was empty. */
export function floorOf(cursor: PaymentCursor): number {
	return cursor.createdAt === null ? Number.NEGATIVE_INFINITY : Date.parse(cursor.createdAt);
}

/** Whether a payment was created after the cursor, or at its instant without having been seen. */
export function isNew(payment: IDataObject, cursor: PaymentCursor): boolean {
	const time = createdAtMs(payment);
	const floor = floorOf(cursor);
	return time > floor || (time === floor && !cursor.ids.includes(paymentIdOf(payment)));
}

/**
 * The cursor after reading `payments` (every payment down to the old boundary): the newest instant seen
 * and every ID at it. It never moves back, even if the newest payments were deleted since.
 */
export function cursorAfter(cursor: PaymentCursor | undefined, payments: IDataObject[]): PaymentCursor {
	const empty: PaymentCursor = cursor ?? { createdAt: null, ids: [] };
	if (payments.length === 0) return empty;
	const newest = payments.reduce((best, payment) => (createdAtMs(payment) > createdAtMs(best) ? payment : best));
	const newestTime = createdAtMs(newest);
	if (newestTime < floorOf(empty)) return empty;
	const idsAtNewest = payments.filter((payment) => createdAtMs(payment) === newestTime).map(paymentIdOf);
	const kept = newestTime === floorOf(empty) ? empty.ids : [];
	return { createdAt: String(newest.created_at), ids: [...new Set([...kept, ...idsAtNewest])] };
}
