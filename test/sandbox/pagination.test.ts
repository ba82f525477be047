import { appToken } from '../support/client';
import { call, control, type PaymentJson, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented' });

interface Page {
	count: number;
	next: string | null;
	previous: string | null;
	payments: PaymentJson[];
}

let token: string;
beforeEach(async () => {
	token = await appToken(sandbox());
});

const fill = async (count: number) =>
	await control<{ payment_ids: string[] }>(sandbox(), 'POST', 'bulk/payments', { count });

const page = async (query: Record<string, string | number> = {}, path = '/v2/payments/') =>
	await call<Page>(sandbox(), 'GET', path, { token, query });

describe('pagination', () => {
	it('answers page 1 of an empty list, and 404 Invalid page for page 2', async () => {
		expect((await page()).body).toEqual({ count: 0, next: null, previous: null, payments: [] });
		const beyond = await page({ page: 2 });
		expect([beyond.status, beyond.body]).toEqual([
			404,
			{ success: false, message: 'Invalid page.' },
		]);
	});

	it('has no next link when the items fill exactly one page', async () => {
		await fill(10);
		const answer = await page({ limit: 10 });
		expect([
			answer.body.count,
			answer.body.payments.length,
			answer.body.next,
			answer.body.previous,
		]).toEqual([10, 10, null, null]);
	});

	it('links a page and one more item both ways, dropping page=1 from the link back as DRF does', async () => {
		const ids = (await fill(11)).body.payment_ids;
		const first = await page({ limit: 10 });
		expect(first.body.next).toBe(`${sandbox().url}/v2/payments/?limit=10&page=2`);
		expect(first.body.payments[0].id).toBe(ids[10]);

		const second = await call<Page>(
			sandbox(),
			'GET',
			(first.body.next as string).slice(sandbox().url.length),
			{ token },
		);
		expect(second.body.payments.map((p) => p.id)).toEqual([ids[0]]);
		expect([second.body.next, second.body.previous]).toEqual([
			null,
			`${sandbox().url}/v2/payments/?limit=10`,
		]);
	});

	it('keeps filters in the links and the path as the client wrote it', async () => {
		await fill(25);
		const answer = await page(
			{ limit: 10, min_created_at: '2000-01-01T00:00:00Z', page: 2 },
			'/v2/payments',
		);
		expect(answer.body.next).toBe(
			`${sandbox().url}/v2/payments?limit=10&min_created_at=2000-01-01T00%3A00%3A00Z&page=3`,
		);
		expect(answer.body.previous).toBe(
			`${sandbox().url}/v2/payments?limit=10&min_created_at=2000-01-01T00%3A00%3A00Z`,
		);
	});

	it('returns 50 items by default and caps a larger limit at 100', async () => {
		await fill(150);
		expect((await page()).body.payments).toHaveLength(50);
		const capped = await page({ limit: 500 });
		expect(capped.body.payments).toHaveLength(100);
		expect(capped.body.next).toBe(`${sandbox().url}/v2/payments/?limit=500&page=2`);
	});

	it('follows the page size decisions', async () => {
		await fill(30);
		Object.assign(sandbox().decisions, { defaultPageSize: 5, maxPageSize: 20 });
		expect((await page()).body.payments).toHaveLength(5);
		expect((await page({ limit: 25 })).body.payments).toHaveLength(20);
	});

	it.each(['0', '-1', 'abc', '1.5'])('answers 404 Invalid page for page=%s', async (value) => {
		expect((await page({ page: value })).body).toEqual({
			success: false,
			message: 'Invalid page.',
		});
	});

	it('ignores a limit it cannot use', async () => {
		await fill(60);
		expect((await page({ limit: 'many' })).body.payments).toHaveLength(50);
	});

	it('paginates every list the same way', async () => {
		await fill(3);
		const requests = await call<Record<string, unknown>>(
			sandbox(),
			'GET',
			'/v2/payment_requests/',
			{ token, query: { limit: 2 } },
		);
		expect(Object.keys(requests.body)).toEqual(['count', 'next', 'previous', 'payment_requests']);
		expect([requests.body.count, requests.body.next]).toEqual([
			3,
			`${sandbox().url}/v2/payment_requests/?limit=2&page=2`,
		]);

		const refunds = await call<Record<string, unknown>>(sandbox(), 'GET', '/v2/refunds/', {
			token,
			query: { page: 2 },
		});
		expect(refunds.body).toEqual({ success: false, message: 'Invalid page.' });
	});
});
