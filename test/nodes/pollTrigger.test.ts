/**
 * Instamojo Payment Poll Trigger against the sandbox: the cursor in static data, the first activation, a test
 * run, its own filters, and the cost of a poll, read from the sandbox's request log.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { poll, pollError, type PollSetup } from '../../harness/standIn/pollTrigger';
import { paidPayment } from '../support/paidPayments';
import { apiCalls, appCredential, bulkPayments, fault, WITH_SELLER } from '../support/marketplace';
import { accepted, control, useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const MINUTE = 60_000;

/** A poll as the active workflow runs it, with static data kept between polls like n8n keeps it. */
function activeTrigger(parameters: Record<string, unknown> = {}) {
	const staticData: IDataObject = {};
	const setup = (): PollSetup => ({ credential: appCredential(sandbox()), parameters, staticData });
	return { staticData, poll: async () => await poll(setup()) };
}

/** Gives payments the times of a real history, one a minute up to `endMs`, in the order they were made. */
function spreadOver(ids: string[], endMs: number, stepMs = MINUTE): void {
	ids.forEach((id, index) => {
		const record = sandbox().state.payments.get(id);
		if (!record) throw new Error(`no payment ${id}`);
		record.createdAt = new Date(endMs - (ids.length - 1 - index) * stepMs).toISOString();
	});
}

/** `count` payments made now, after the history. */
async function newPayments(count: number): Promise<string[]> {
	const ids = await bulkPayments(sandbox(), count);
	spreadOver(ids, Date.now(), 1);
	return ids;
}

const paymentPages = () => apiCalls(sandbox()).filter((call) => call.path === '/v2/payments/');

describe('first activation and later polls', () => {
	test('the first poll outputs nothing and notes where the list stands; the next outputs each new payment once, oldest first', async () => {
		spreadOver(await bulkPayments(sandbox(), 30), Date.now() - MINUTE);
		const trigger = activeTrigger();
		sandbox().clearLog();

		expect((await trigger.poll()).emittedNothing).toBe(true);
		expect(paymentPages()).toHaveLength(1);

		const made = await newPayments(3);
		const second = await trigger.poll();
		expect(second.items.map((item) => item.id)).toEqual(made);
		expect(second.items[0]).toMatchObject({ status: true, amount: '100.00', amount_number: 100, currency: 'INR' });

		sandbox().clearLog();
		expect((await trigger.poll()).emittedNothing).toBe(true);
		expect(paymentPages()).toHaveLength(1);
	});

	test('an account without payments at activation: every later payment is new', async () => {
		const trigger = activeTrigger();
		expect((await trigger.poll()).emittedNothing).toBe(true);
		expect(trigger.staticData.paymentCursor).toEqual({ createdAt: null, ids: [] });
		const made = await newPayments(2);
		expect((await trigger.poll()).items.map((item) => item.id)).toEqual(made);
	});

	test('static data holds only the boundary, however long the history', async () => {
		spreadOver(await bulkPayments(sandbox(), 500), Date.now() - MINUTE);
		const trigger = activeTrigger();
		await trigger.poll();
		await newPayments(120);
		await trigger.poll();
		const cursor = trigger.staticData.paymentCursor as { createdAt: string; ids: string[] };
		expect(Object.keys(trigger.staticData)).toEqual(['paymentCursor']);
		// The 120 were made at one-millisecond steps: only the newest shares its instant.
		expect(cursor.ids).toHaveLength(1);
	});
});

describe('test run (Fetch Test Event)', () => {
	test('outputs the most recent payment and leaves the production cursor alone', async () => {
		const [, newest] = await newPayments(2);
		const staticData: IDataObject = {};
		const result = await poll({ credential: appCredential(sandbox()), staticData, mode: 'manual' });
		expect(result.items.map((item) => item.id)).toEqual([newest]);
		expect(staticData).toEqual({});
	});

	test('says what to do when no recent payment matches', async () => {
		await newPayments(1);
		const error = await pollError({ credential: appCredential(sandbox()), mode: 'manual', parameters: { payments: 'failed' } });
		expect(error.message).toBe('No failed payment among the most recent payments');
		expect(error.description).toMatch(/change Trigger On/);
	});
});

describe("the trigger's own filters, whatever the list does with query parameters", () => {
	test.each(['json', 'python'] as const)('status read as a boolean, never by truthiness (booleans as %s)', async (format) => {
		sandbox().decisions.booleanFormat = format;
		const successful = activeTrigger({ payments: 'successful' });
		const failed = activeTrigger({ payments: 'failed' });
		const all = activeTrigger({ payments: 'all' });
		await Promise.all([successful.poll(), failed.poll(), all.poll()]);
		const paid = await paidPayment(sandbox(), { outcome: 'success' });
		const declined = await paidPayment(sandbox(), { outcome: 'failure' });

		expect((await successful.poll()).items.map((item) => [item.id, item.status])).toEqual([[paid, true]]);
		expect((await failed.poll()).items.map((item) => [item.id, item.status])).toEqual([[declined, false]]);
		expect((await all.poll()).items.map((item) => item.id)).toEqual([paid, declined]);
	});

	test.each(['honoured', 'ignored'] as const)('Payment Link ID: only that link, and the list is sent no filter (filters %s)', async (listFilters) => {
		sandbox().decisions.listFilters = listFilters;
		const linkId = async (payment: string) => String(accepted(await control<{ payments: IDataObject[] }>(sandbox(), 'GET', 'state')).payments.find((p) => p.id === payment)?.paymentRequestId);
		const trigger = activeTrigger();
		await trigger.poll();
		const mine = await paidPayment(sandbox());
		await paidPayment(sandbox());
		const onLink = activeTrigger({ options: { paymentLinkId: (await linkId(mine)).toUpperCase() } });
		onLink.staticData.paymentCursor = trigger.staticData.paymentCursor;
		sandbox().clearLog();

		expect((await onLink.poll()).items.map((item) => item.id)).toEqual([mine]);
		expect(paymentPages().map((call) => Object.keys(call.query).sort())).toEqual([['limit', 'page']]);
	});

	test('a Payment Link ID that is not one is refused before any request', async () => {
		const error = await pollError({ credential: appCredential(sandbox()), parameters: { options: { paymentLinkId: 'MOJO123' } } });
		expect(error.message).toMatch(/Payment Link ID "?mojo123"? is not an Instamojo ID/i);
		expect(sandbox().log()).toHaveLength(0);
	});
});

describe('a robust cursor', () => {
	test('payments sharing the boundary instant: those seen are not output again, one listed later is', async () => {
		const history = await bulkPayments(sandbox(), 10);
		const instant = new Date(Date.now() - MINUTE).toISOString();
		spreadOver(history, Date.now() - 2 * MINUTE);
		for (const id of history.slice(-4)) (sandbox().state.payments.get(id) as { createdAt: string }).createdAt = instant;
		const trigger = activeTrigger();
		await trigger.poll();
		expect(trigger.staticData.paymentCursor).toEqual({ createdAt: instant, ids: history.slice(-4).reverse() });

		const [late] = await bulkPayments(sandbox(), 1);
		(sandbox().state.payments.get(late) as { createdAt: string }).createdAt = instant;
		expect((await trigger.poll()).items.map((item) => item.id)).toEqual([late]);
		expect((await trigger.poll()).emittedNothing).toBe(true);
	});

	test('a payment made while the pages are read is output by the next poll, and none twice', async () => {
		sandbox().decisions.maxPageSize = 50;
		spreadOver(await bulkPayments(sandbox(), 200), Date.now() - 10 * MINUTE);
		const trigger = activeTrigger();
		await trigger.poll();
		const made = await newPayments(120);
		// Page 1 answers at once; page 2 waits while a buyer pays, which pushes the list down by one.
		await fault(sandbox(), { type: 'delay', ms: 0, path: '/v2/payments' });
		await fault(sandbox(), { type: 'delay', ms: 300, path: '/v2/payments' });
		sandbox().clearLog();
		const during = trigger.poll();
		// Page 2 asked for, so page 1 was answered: the buyer pays while page 2 is held back. The log
		// is cleared first, or the earlier poll's page would count and the buyer could pay before page 1.
		while (paymentPages().length < 2) await sleep(5);
		const racer = await newPayments(1);
		const first = await during;
		expect(first.items.map((item) => item.id)).toEqual(made);
		expect((await trigger.poll()).items.map((item) => item.id)).toEqual(racer);
	});

	test('the boundary payment gone from the list: the poll still stops at its time and outputs only what is new', async () => {
		spreadOver(await bulkPayments(sandbox(), 300), Date.now() - MINUTE);
		const trigger = activeTrigger();
		await trigger.poll();
		const [boundary] = (trigger.staticData.paymentCursor as { ids: string[] }).ids;
		sandbox().state.payments.delete(boundary);
		sandbox().clearLog();
		expect((await trigger.poll()).emittedNothing).toBe(true);
		expect(paymentPages()).toHaveLength(1);

		const made = await newPayments(5);
		expect((await trigger.poll()).items.map((item) => item.id)).toEqual(made);
	});

	test('an unreadable created_at stops the poll with an error and keeps the cursor', async () => {
		spreadOver(await bulkPayments(sandbox(), 3), Date.now() - MINUTE);
		const trigger = activeTrigger();
		await trigger.poll();
		const before = structuredClone(trigger.staticData);
		const [made] = await newPayments(1);
		(sandbox().state.payments.get(made) as { createdAt: string }).createdAt = 'yesterday';
		await expect(trigger.poll()).rejects.toThrow(`Instamojo listed payment ${made} without a readable created_at`);
		expect(trigger.staticData).toEqual(before);
	});
});

describe('cost of a poll: 20,000 payments in the account', () => {
	let history: string[];
	beforeEach(async () => {
		history = await bulkPayments(sandbox(), 20_000);
		spreadOver(history, Date.now() - MINUTE);
	});

	test.each([
		[100, 1],
		[50, 2],
	])('50 new since the last poll, page cap %i: %i page request(s); nothing new: 1', async (cap, pages) => {
		sandbox().decisions.maxPageSize = cap;
		const trigger = activeTrigger();
		await trigger.poll();
		const made = await newPayments(50);
		sandbox().clearLog();

		expect((await trigger.poll()).items.map((item) => item.id)).toEqual(made);
		expect(paymentPages()).toHaveLength(pages);
		expect(apiCalls(sandbox())).toHaveLength(pages);

		sandbox().clearLog();
		expect((await trigger.poll()).emittedNothing).toBe(true);
		expect(apiCalls(sandbox())).toHaveLength(1);
	});
});
