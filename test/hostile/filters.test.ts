/**
 * Get Many against a server that ignores every list filter (sandbox decision `listFilters: 'ignored'`, as
 * the pessimistic profile has it): the node still sends each filter as a hint, and outputs no object that
 * fails it. Limit counts the objects kept, and a newest-first list stops at the first page older than a
 * Created After bound, never earlier.
 */
import type { IDataObject } from 'n8n-workflow';

import { CREATED, timeRangeFilter } from '../../nodes/Instamojo/actions/common/filters';
import { apiCalls, app, bulkPayments, getManyParameters, run, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);
beforeEach(() => {
	sandbox().decisions.listFilters = 'ignored';
});

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** Get Many of `resource` with these filters (support's getManyParameters); `more` overrides the rest. */
const getMany = (resource: string, filters: IDataObject, more: IDataObject = {}) => getManyParameters(resource, { filters, ...more });

/** Moves the creation (and change) time of payments and their links back by `days`. */
function backdate(paymentIds: string[], days: number): void {
	for (const id of paymentIds) {
		const payment = sandbox().state.payments.get(id);
		if (!payment) throw new Error(`no payment ${id}`);
		payment.createdAt = daysAgo(days);
		const link = sandbox().state.paymentRequests.get(payment.paymentRequestId);
		if (link) Object.assign(link, { createdAt: daysAgo(days), modifiedAt: daysAgo(days) });
	}
}

const linkOf = (paymentId: string) => String(sandbox().state.payments.get(paymentId)?.paymentRequestId);

describe('with list filters ignored by the server', () => {
	it('the server really ignores them (the premise of this file)', async () => {
		const [one] = await bulkPayments(sandbox(), 3);
		const token = await fetch(`${sandbox().url}/oauth2/token/`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret }).toString(),
		}).then(async (response) => ((await response.json()) as { access_token: string }).access_token);

		const response = await fetch(`${sandbox().url}/v2/payments/?payment_request_id=${linkOf(one)}`, { headers: { authorization: `Bearer ${token}` } });

		expect(((await response.json()) as { payments: unknown[] }).payments).toHaveLength(3);
	});

	it('Payment → Get Many with a Payment Link ID outputs only that link\'s payments, and still sends the hint', async () => {
		const ids = await bulkPayments(sandbox(), 30);
		const wanted = ids[17];
		sandbox().clearLog();

		const { json } = await run(sandbox(), { parameters: getMany('payment', { paymentLinkId: linkOf(wanted) }) });

		expect(json.map((payment) => payment.id)).toEqual([wanted]);
		expect(json[0].payment_request_id).toBe(linkOf(wanted));
		expect(apiCalls(sandbox())[0].query).toMatchObject({ payment_request_id: linkOf(wanted) });
	});

	it.each([
		['Created Before', (cut: string) => ({ createdBefore: cut }), 'old'],
		['Created After', (cut: string) => ({ createdAfter: cut }), 'new'],
	] as const)('Payment → Get Many with %s outputs only the payments inside the range', async (_label, filters, side) => {
		const old = await bulkPayments(sandbox(), 12);
		const recent = await bulkPayments(sandbox(), 9);
		backdate(old, 10);

		const { json } = await run(sandbox(), { parameters: getMany('payment', filters(daysAgo(7))) });

		const expected = side === 'old' ? old : recent;
		expect(json.map((payment) => payment.id).sort()).toEqual([...expected].sort());
	});

	it('Payment Link → Get Many with a Status outputs only links in that status', async () => {
		await bulkPayments(sandbox(), 4); // paid: Completed
		for (let i = 0; i < 3; i++) {
			await run(sandbox(), {
				parameters: { resource: 'paymentLink', operation: 'create', actAs: 'credential', amount: 100 + i, purpose: `Unpaid ${i}`, commissionType: 'none', holdPayout: false, simple: true },
			});
		}

		const pending = await run(sandbox(), { parameters: getMany('paymentLink', { status: 'Pending' }) });
		const completed = await run(sandbox(), { parameters: getMany('paymentLink', { status: 'Completed' }) });

		expect(pending.json.map((link) => link.purpose).sort()).toEqual(['Unpaid 0', 'Unpaid 1', 'Unpaid 2']);
		expect(completed.json).toHaveLength(4);
		expect(completed.json.every((link) => link.status === 'Completed')).toBe(true);
	});

	it('Payment Link → Get Many with a change-time range outputs only links changed inside it', async () => {
		const old = await bulkPayments(sandbox(), 5);
		const recent = await bulkPayments(sandbox(), 2);
		backdate(old, 3);

		const { json } = await run(sandbox(), { parameters: getMany('paymentLink', { modifiedAfter: daysAgo(1) }) });

		expect(json.map((link) => link.id).sort()).toEqual(recent.map(linkOf).sort());
	});

	it('Limit counts the objects kept: it pages on past objects it drops, and stops at Limit kept ones', async () => {
		const old = await bulkPayments(sandbox(), 160);
		const recent = await bulkPayments(sandbox(), 3);
		// Newest first: the 3 recent come first, then 160 old; a filter on the old ones must read past page 1.
		backdate(old, 10);

		const { json } = await run(sandbox(), {
			parameters: getMany('payment', { createdBefore: daysAgo(7) }, { returnAll: false, limit: 150 }),
		});

		expect(json).toHaveLength(150);
		expect(json.every((payment) => old.includes(String(payment.id)))).toBe(true);
		expect(json.some((payment) => recent.includes(String(payment.id)))).toBe(false);
		expect(apiCalls(sandbox()).length).toBeGreaterThan(1);
	});

	it('a newest-first list stops at the first page older than Created After, and outputs every newer payment', async () => {
		const old = await bulkPayments(sandbox(), 250);
		const recent = await bulkPayments(sandbox(), 150);
		backdate(old, 10);
		sandbox().clearLog();

		const { json } = await run(sandbox(), { parameters: getMany('payment', { createdAfter: daysAgo(7) }) });

		expect(json.map((payment) => payment.id).sort()).toEqual([...recent].sort());
		const served = Math.min(100, sandbox().decisions.maxPageSize);
		// The first page whose first object is old: no page after it is asked for.
		const firstOldPage = Math.ceil(150 / served) + 1;
		expect(apiCalls(sandbox()).map((call) => Number(call.query.page))).toEqual(Array.from({ length: firstOldPage }, (_, i) => i + 1));
	});

	it('outputs nothing, rather than anything unfiltered, when no object matches', async () => {
		await bulkPayments(sandbox(), 5);

		const { json } = await run(sandbox(), { parameters: getMany('payment', { paymentLinkId: '0123456789abcdef0123456789abcdef' }) });

		expect(json).toEqual([]);
	});
});

describe('the newest-first stop, on pages in any order', () => {
	const page = (...days: number[]) => days.map((d) => ({ created_at: daysAgo(d) }));

	it('stops at a page older than the bound only while every page came newest first', () => {
		const { endsWith } = timeRangeFilter({ createdAfter: daysAgo(5) }, [CREATED]);

		expect(endsWith?.(page(1, 2, 3))).toBe(false);
		expect(endsWith?.(page(6, 7))).toBe(true);
	});

	it('never stops on a list that was not newest first, so no matching object is missed', () => {
		const { endsWith } = timeRangeFilter({ createdAfter: daysAgo(5) }, [CREATED]);

		expect(endsWith?.(page(3, 1, 2))).toBe(false);
		expect(endsWith?.(page(6, 7))).toBe(false);
		expect(endsWith?.(page(8, 9))).toBe(false);
	});

	it('drops an object whose time cannot be read when a bound is set, and keeps everything without a filter', () => {
		const bounded = timeRangeFilter({ createdBefore: daysAgo(1) }, [CREATED]);
		const open = timeRangeFilter({}, [CREATED]);

		expect(bounded.keep?.({ created_at: 'yesterday-ish' })).toBe(false);
		expect(bounded.keep?.({ created_at: daysAgo(2) })).toBe(true);
		expect(open.keep).toBeUndefined();
		expect(open.query).toEqual({});
	});
});
