/**
 * Get Many of payment links and payments: asks for the largest page size (100), follows `next` when the
 * server serves fewer (the pessimistic profile caps pages at 50), and stops exactly at Limit, for lists
 * of 0, 1, a page, a page plus one, and Limits inside the first and the second page.
 */
import { apiCalls, bulkPayments, getManyParameters, run, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

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
		make: async (count) => (count === 0 ? [] : (await bulkPayments(sandbox(), count)).reverse()),
	},
	{
		resource: 'paymentLink',
		path: '/v2/payment_requests/',
		make: async (count) => {
			if (count > 0) await bulkPayments(sandbox(), count);
			return [...sandbox().state.paymentRequests.keys()].reverse();
		},
	},
];

describe.each(RESOURCES)('Get Many of $resource', ({ resource, path, make }) => {
	async function getMany(options: { returnAll: boolean; limit?: number }) {
		sandbox().clearLog();
		const { items } = await run(sandbox(), {
			parameters: getManyParameters(resource, options),
		});
		const pages = apiCalls(sandbox()).map((call) => {
			expect(call).toMatchObject({ method: 'GET', path, status: 200 });
			return call.query;
		});
		return { ids: items.map((item) => item.json.id), pairs: items.map((item) => item.pairedItem), pages };
	}

	/** The pages the node asks for: `limit` per page; the sandbox serves at most its page cap (100 or 50) of them. */
	function expectedPages(count: number, limit: string, wanted = count): Array<{ page: string; limit: string }> {
		const served = Math.min(Number(limit), sandbox().decisions.maxPageSize);
		const pages = Math.max(1, Math.ceil(Math.min(wanted, count) / served));
		return Array.from({ length: pages }, (_, index) => ({ page: String(index + 1), limit }));
	}

	it.each([0, 1, 100, 101, 250])('with Return All, reads all %i at 100 a page (or the server\'s cap)', async (count) => {
		const expected = await make(count);

		const { ids, pairs, pages } = await getMany({ returnAll: true });

		expect(pages).toEqual(expectedPages(count, '100'));
		expect(ids).toEqual(expected);
		expect(new Set(ids).size).toBe(count);
		expect(pairs).toEqual(Array(count).fill({ item: 0 }));
	});

	it.each([
		[7, 20, '7'],
		[100, 101, '100'],
		[50, 3, '50'],
		[150, 250, '100'],
	])('with Limit %i of %i, asks for no more pages than needed and stops exactly at Limit', async (limit, count, pageLimit) => {
		const expected = await make(count);

		const { ids, pages } = await getMany({ returnAll: false, limit });

		expect(pages).toEqual(expectedPages(count, pageLimit, limit));
		expect(ids).toEqual(expected.slice(0, limit));
	});
});
