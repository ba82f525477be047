/**
 * Retries of the Payment Link and Payment operations, driven by the sandbox's injected faults: reads
 * and idempotent writes are retried (honouring Retry-After), a create is resent only after a 429,
 * and a create that may have been applied is reported as such instead of being duplicated.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode, runNodeError, type RunOptions } from '../../harness/standIn/actionNode';
import { apiCalls, bulkPayments, fault, getManyParameters, run, runError, userCredential, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const createParameters = {
	resource: 'paymentLink',
	operation: 'create',
	amount: 500,
	purpose: 'Retry me',
	commissionType: 'percent',
	commissionPercent: 10,
	holdPayout: true,
	allowRepeatedPayments: false,
	simple: true,
	additionalFields: {},
	actAs: 'credential',
};

const links = () => [...sandbox().state.paymentRequests.values()];

/** Writes on a user's account (a commission link, disable) with a User-flow credential: a user's token. */
const runAsUser = async (options: Omit<RunOptions, 'credential'>) => await runNode({ credential: userCredential(sandbox()), ...options });
const runAsUserError = async (options: Omit<RunOptions, 'credential'>) => await runNodeError({ credential: userCredential(sandbox()), ...options });

/** [status, fault] of each /v2/ request, in order. */
const attempts = () => apiCalls(sandbox()).map((call) => [call.status, call.fault ?? null]);

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const started = Date.now();
	const result = await work();
	return { result, ms: Date.now() - started };
}

describe('reads', () => {
	it('waits out a 429 for its Retry-After, then reads the list', async () => {
		const ids = await bulkPayments(sandbox(), 3);
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 1, count: 1, path: '/v2/payments' });

		const { result, ms } = await timed(async () => await run(sandbox(), { parameters: getManyParameters('payment') }));

		expect(attempts()).toEqual([
			[429, 'status 429'],
			[200, null],
		]);
		expect(ms).toBeGreaterThanOrEqual(950);
		expect(result.json.map((payment) => payment.id)).toEqual([...ids].reverse());
	});

	it('retries a GET answered 503, then outputs the link', async () => {
		await bulkPayments(sandbox(), 1);
		const [link] = links();
		await fault(sandbox(), { type: 'status', status: 503, count: 1, path: `/v2/payment_requests/${link.id}` });

		const { json } = await run(sandbox(), {
			parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: link.id, simple: true, actAs: 'credential' },
		});

		expect(attempts()).toEqual([
			[503, 'status 503'],
			[200, null],
		]);
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({ id: link.id, status: 'Completed', amount_number: link.amountPaise / 100 });
	});

	it('retries a GET whose connection dropped', async () => {
		const [id] = await bulkPayments(sandbox(), 1);
		await fault(sandbox(), { type: 'drop', count: 1, path: `/v2/payments/${id}` });

		const { json } = await run(sandbox(), {
			parameters: { resource: 'payment', operation: 'get', paymentId: id, simple: true, actAs: 'credential' },
		});

		expect(attempts()).toEqual([
			[200, 'drop'],
			[200, null],
		]);
		expect(json[0]).toMatchObject({ id, status: true });
	});

	it('gives up after four attempts and says so', async () => {
		await bulkPayments(sandbox(), 1);
		const [link] = links();
		await fault(sandbox(), { type: 'status', status: 503, retryAfter: 0, count: 4, path: '/v2/payment_requests' });

		const error = await runError(sandbox(), {
			parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: link.id, simple: true, actAs: 'credential' },
		});

		expect(attempts()).toHaveLength(4);
		expect(error.message).toBe('Instamojo refused to get the payment link (HTTP 503) after 4 attempts: Service Unavailable [item 0]');
		expect(error.description).toContain('Try again later');
	});
});

describe('Enable and Disable (idempotent writes)', () => {
	it('resends a disable answered 503: disabling twice is harmless', async () => {
		await bulkPayments(sandbox(), 1);
		const [link] = links();
		await fault(sandbox(), { type: 'status', status: 503, retryAfter: 0, count: 1, path: '/disable' });

		const { json } = await runAsUser({
			parameters: { resource: 'paymentLink', operation: 'disable', paymentLinkId: link.id, actAs: 'credential' },
		});

		expect(attempts()).toEqual([
			[503, 'status 503'],
			[200, null],
		]);
		expect(json).toEqual([{ id: link.id, enabled: false }]);
		expect(link.disabled).toBe(true);
	});
});

describe('Create (sent at most once unless Instamojo surely did not process it)', () => {
	it('resends a create refused with 429, which guarantees it was not processed', async () => {
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 1, count: 1, path: '/v2/payment_requests' });

		const { json } = await runAsUser({ parameters: createParameters });

		expect(attempts()).toEqual([
			[429, 'status 429'],
			[201, null],
		]);
		expect(apiCalls(sandbox()).map((call) => (call.body as IDataObject).partner_fee)).toEqual(['10.00', '10.00']);
		expect(links()).toHaveLength(1);
		expect(json[0]).toMatchObject({ id: links()[0].id, mark_fulfilled: false, commission_preview: { commission_amount: 50 } });
	});

	it('does not resend a create answered 503, and says it was not resent and may exist', async () => {
		await fault(sandbox(), { type: 'status', status: 503, count: 1, path: '/v2/payment_requests' });

		const error = await runAsUserError({ parameters: createParameters });

		expect(attempts()).toEqual([[503, 'status 503']]);
		expect(error.message).toBe(
			'Instamojo failed while trying to create the payment link (HTTP 503); it was not sent again because Instamojo may have applied it [item 0]',
		);
		expect(error.description).toContain('Get Many of the payment links');
		expect((error as unknown as { httpCode?: string }).httpCode).toBe('503');
		expect(links()).toHaveLength(0);
	});

	it('does not resend a create whose connection dropped after Instamojo applied it: exactly one link exists', async () => {
		await fault(sandbox(), { type: 'drop', count: 1, path: '/v2/payment_requests' });

		const error = await runAsUserError({ parameters: createParameters });

		expect(attempts()).toEqual([[201, 'drop']]);
		expect(error.message).toMatch(/^The connection to Instamojo failed while trying to create the payment link \(.+\); Instamojo may have applied it \[item 0\]$/);
		expect(error.description).toContain('It was not sent again');
		expect(links()).toHaveLength(1);
		expect(links()[0]).toMatchObject({ purpose: 'Retry me', markFulfilled: false });
	});

	it('with Continue On Fail, reports the dropped create in place and creates the next item once', async () => {
		await fault(sandbox(), { type: 'drop', count: 1, path: '/v2/payment_requests' });

		const { items } = await runAsUser({
			continueOnFail: true,
			items: [{ purpose: 'Dropped' }, { purpose: 'Fine' }],
			parameters: { ...createParameters, purpose: (item: IDataObject) => item.purpose },
		});

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(items[0].json.error)).toContain('Instamojo may have applied it [item 0]');
		expect(items[1].json).toMatchObject({ purpose: 'Fine' });
		expect(links().map((link) => link.purpose)).toEqual(['Dropped', 'Fine']);
		expect(attempts()).toEqual([
			[201, 'drop'],
			[201, null],
		]);
	});
});
