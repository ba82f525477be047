import type { IDataObject } from 'n8n-workflow';

import { type InstamojoClient, MAX_PAGE_SIZE } from '../transport';
import { createdAtMs, paymentIdOf } from './cursor';

/** The poll is one execution of its own: its requests are "item 0" for the client's error messages. */
const ITEM = 0;

async function readPage(client: InstamojoClient, page: number): Promise<{ payments: IDataObject[]; more: boolean }> {
	const body = await client.request<IDataObject>(
		{
			method: 'GET',
			path: '/v2/payments/',
			// Only page and limit: no source documents a filter on this list (docs/instamojo-api.md §7, §10 Q13).
			qs: { page, limit: MAX_PAGE_SIZE },
			retry: 'read',
			action: 'list payments',
		},
		ITEM,
		{ kind: 'credential' },
	);
	const payments = Array.isArray(body.payments) ? (body.payments as IDataObject[]) : [];
	return { payments, more: Boolean(body.next) && payments.length > 0 };
}

/**
 * Every payment from the newest down to the first one created before `floor` (ms), page by page at the
 * largest page size; with no floor, down to the newest payment's own instant. Pages are numbered, so a
 * payment made while they are read pushes the list down and the next page repeats one already read: each
 * payment is kept once. The newest one missed that way is newer than every payment read, so the next poll
 * has it.
 */
export async function readNewestDownTo(client: InstamojoClient, floor?: number): Promise<IDataObject[]> {
	const read = new Map<string, IDataObject>();
	for (let page = 1; ; page++) {
		const { payments, more } = await readPage(client, page);
		for (const payment of payments) {
			const id = paymentIdOf(payment);
			if (!read.has(id)) read.set(id, payment);
		}
		floor ??= payments.length > 0 ? createdAtMs(payments[0]) : undefined;
		const pastFloor = floor !== undefined && payments.some((payment) => createdAtMs(payment) < (floor as number));
		if (!more || pastFloor) return [...read.values()];
	}
}

/** The newest payment that `matches`, looking at the first page only: a test run should answer at once. */
export async function newestMatching(client: InstamojoClient, matches: (payment: IDataObject) => boolean): Promise<IDataObject | undefined> {
	const { payments } = await readPage(client, 1);
	return payments.find(matches);
}
