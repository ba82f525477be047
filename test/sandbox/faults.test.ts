import { appToken } from '../support/client';
import { call, control, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented' });

const addFault = async (fault: Record<string, unknown>) =>
	expect((await control(sandbox(), 'POST', 'faults', fault)).status).toBe(200);

const listPayments = async (token: string) =>
	await call(sandbox(), 'GET', '/v2/payments/', { token });

describe('status faults', () => {
	it("throttles with DRF's 429 body and Retry-After, then lets requests through again", async () => {
		const token = await appToken(sandbox());
		await addFault({ type: 'status', status: 429, retryAfter: 7, count: 2 });

		for (let i = 0; i < 2; i++) {
			const answer = await listPayments(token);
			expect([answer.status, answer.body]).toEqual([
				429,
				{ detail: 'Request was throttled. Expected available in 7 seconds.' },
			]);
			expect(answer.headers.get('retry-after')).toBe('7');
		}
		expect((await listPayments(token)).status).toBe(200);
		expect(
			sandbox()
				.log()
				.map((entry) => [entry.status, entry.fault]),
		).toEqual([
			[200, undefined],
			[429, 'status 429'],
			[429, 'status 429'],
			[200, undefined],
		]);
	});

	it.each([500, 502, 503])('answers %i without touching the state', async (status) => {
		const token = await appToken(sandbox());
		await addFault({ type: 'status', status, path: '/v2/payment_requests', method: 'post' });

		const answer = await call(sandbox(), 'POST', '/v2/payment_requests/', {
			token,
			form: { amount: '10', purpose: 'x' },
		});
		expect(answer.status).toBe(status);
		expect(answer.body).toMatchObject({ success: false });
		expect(sandbox().state.paymentRequests.size).toBe(0);
	});

	it('applies to the token endpoint too, but only to matching paths and methods', async () => {
		await addFault({ type: 'status', status: 503, path: '/oauth2/' });
		await addFault({ type: 'status', status: 500, path: '/v2/refunds', method: 'GET' });
		expect((await call(sandbox(), 'POST', '/oauth2/token/', { form: {} })).status).toBe(503);

		const token = await appToken(sandbox());
		expect((await listPayments(token)).status).toBe(200);
		expect((await call(sandbox(), 'GET', '/v2/refunds/', { token })).status).toBe(500);
	});

	it('never applies to the control API', async () => {
		await addFault({ type: 'status', status: 500, count: 5 });
		expect((await control(sandbox(), 'GET', 'state')).status).toBe(200);
		expect(
			(await control<{ faults: Array<{ count: number }> }>(sandbox(), 'GET', 'faults')).body
				.faults[0].count,
		).toBe(5);
	});

	it('is cleared by DELETE /_sandbox/faults and by reset', async () => {
		await addFault({ type: 'status', status: 500, count: 5 });
		await control(sandbox(), 'DELETE', 'faults');
		expect((await call(sandbox(), 'GET', '/v2/payments/')).status).toBe(401);

		await addFault({ type: 'status', status: 500, count: 5 });
		sandbox().reset();
		expect((await call(sandbox(), 'GET', '/v2/payments/')).status).toBe(401);
	});

	it.each([
		[{ type: 'status', status: 401 }, 'status must be one of 403, 404, 429, 500, 502, 503.'],
		[{ type: 'delay' }, 'ms must be a whole number of milliseconds.'],
		[{ type: 'drop', count: 0 }, 'count must be a positive integer.'],
		[{ type: 'explode' }, 'type must be "status", "delay" or "drop".'],
	])('rejects the fault %j', async (fault, message) => {
		const answer = await control(sandbox(), 'POST', 'faults', fault);
		expect([answer.status, answer.body]).toEqual([400, { success: false, message }]);
	});
});

describe('delay faults', () => {
	it('holds the answer back for the given time, once', async () => {
		const token = await appToken(sandbox());
		await addFault({ type: 'delay', ms: 300 });

		const started = Date.now();
		expect((await listPayments(token)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		await listPayments(token);
		expect(
			sandbox()
				.log()
				.map((entry) => entry.fault),
		).toEqual([undefined, 'delay 300ms', undefined]);
	});
});

describe('drop faults', () => {
	it('applies the request, then closes the connection without an answer', async () => {
		const token = await appToken(sandbox());
		await addFault({ type: 'drop', path: '/v2/payment_requests' });

		await expect(
			call(sandbox(), 'POST', '/v2/payment_requests/', {
				token,
				form: { amount: '10', purpose: 'lost answer' },
			}),
		).rejects.toThrow('fetch failed');
		const created = [...sandbox().state.paymentRequests.values()];
		expect(created.map((request) => request.purpose)).toEqual(['lost answer']);
		expect(sandbox().log().pop()).toMatchObject({ status: 201, fault: 'drop' });

		expect((await call(sandbox(), 'GET', '/v2/payment_requests/', { token })).body.count).toBe(1);
	});
});
