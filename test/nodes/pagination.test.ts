/**
 * Get Many of payment links and payments: pages at the largest page size Instamojo serves (100 in the
 * sandbox, sandbox/decisions.cts) and stops exactly at Limit, for lists of 0, 1, a page, a page plus
 * one, and Limits inside the first and the second page.
 */
import type { Sandbox } from '../../sandbox/server.cjs';
import { apiCalls, bulkPayments, run, startMarketplaceSandbox } from './paymentSupport';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startMarketplaceSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

interface ListedResource {
	resource: string;
	path: string;
	/** Makes `count` objects and returns their IDs, newest first (the order Instamojo lists them in). */
	make: (count: number) => Promise<string[]>;
}

/** The sandbox's bulk call pays `count` new links, one payment each: it fills both lists at once. */
const RESOURCES: ListedResource[] = [
	{
		resource: 'payment',
		path: '/v2/payments/',
		make: async (count) => (count === 0 ? [] : (await bulkPayments(sandbox, count)).reverse()),
	},
	{
		resource: 'paymentLink',
		path: '/v2/payment_requests/',
		make: async (count) => {
			if (count > 0) await bulkPayments(sandbox, count);
			return [...sandbox.state.paymentRequests.keys()].reverse();
		},
	},
];

describe.each(RESOURCES)('Get Many of $resource', ({ resource, path, make }) => {
	async function getMany(options: { returnAll: boolean; limit?: number }) {
		sandbox.clearLog();
		const { items } = await run(sandbox, {
			parameters: { resource, operation: 'getAll', filters: {}, simple: true, actAs: 'credential', limit: 50, ...options },
		});
		const pages = apiCalls(sandbox).map((call) => {
			expect(call).toMatchObject({ method: 'GET', path, status: 200 });
			return call.query;
		});
		return { ids: items.map((item) => item.json.id), pairs: items.map((item) => item.pairedItem), pages };
	}

	it.each([
		[0, [{ page: '1', limit: '100' }]],
		[1, [{ page: '1', limit: '100' }]],
		[100, [{ page: '1', limit: '100' }]],
		[101, [{ page: '1', limit: '100' }, { page: '2', limit: '100' }]],
		[250, [{ page: '1', limit: '100' }, { page: '2', limit: '100' }, { page: '3', limit: '100' }]],
	])('with Return All, reads all %i at 100 a page', async (count, expectedPages) => {
		const expected = await make(count);

		const { ids, pairs, pages } = await getMany({ returnAll: true });

		expect(pages).toEqual(expectedPages);
		expect(ids).toEqual(expected);
		expect(new Set(ids).size).toBe(count);
		expect(pairs).toEqual(Array(count).fill({ item: 0 }));
	});

	it.each([
		[7, 20, [{ page: '1', limit: '7' }]],
		[100, 101, [{ page: '1', limit: '100' }]],
		[50, 3, [{ page: '1', limit: '50' }]],
		[150, 250, [{ page: '1', limit: '100' }, { page: '2', limit: '100' }]],
	])('with Limit %i of %i, asks for no more pages than needed and stops exactly at Limit', async (limit, count, expectedPages) => {
		const expected = await make(count);

		const { ids, pages } = await getMany({ returnAll: false, limit });

		expect(pages).toEqual(expectedPages);
		expect(ids).toEqual(expected.slice(0, limit));
	});
});
