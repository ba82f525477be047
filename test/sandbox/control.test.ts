import { parseArguments } from '../../sandbox/cli.cjs';
import { DEFAULT_DECISIONS, parseDecisionArgument } from '../../sandbox/decisions.cjs';
import { DEFAULT_SEED, startSandbox } from '../../sandbox/server.cjs';
import { application, appToken, createPaymentRequest, marketplace } from '../support/client';
import { call, control, type Json, pay, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented', decisions: { createStatus: 200 } });

describe('startSandbox', () => {
	it('listens on 127.0.0.1 and reports its URL without a trailing slash', () => {
		expect(sandbox().url).toBe(`http://127.0.0.1:${sandbox().port}`);
	});

	it('starts with the default seed: one application owned by the marketplace account', () => {
		expect(DEFAULT_SEED.application).toEqual({
			clientId: 'sandbox-client-id',
			clientSecret: 'sandbox-client-secret',
			referrer: 'sandbox-marketplace',
		});
		expect(DEFAULT_SEED.marketplace).toMatchObject({
			username: 'marketplace',
			password: 'marketplace-password',
			email: 'ops@marketplace.example',
			salt: 'sandbox-marketplace-salt',
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
		expect(sandbox().state.application.userId).toBe(marketplace.id);
		expect([...sandbox().state.users.keys()]).toEqual([marketplace.id]);
	});

	it('refuses unknown or invalid decisions', async () => {
		await expect(startSandbox({ decisions: { createStatus: 202 as 201 } })).rejects.toThrow(
			'createStatus: invalid value 202',
		);
		await expect(startSandbox({ decisions: { colour: 'blue' } as never })).rejects.toThrow(
			'colour: unknown decision',
		);
	});
});

describe('decisions', () => {
	it('starts from the options and goes back to them on reset', async () => {
		expect((await control(sandbox(), 'GET', 'decisions')).body).toEqual({
			...DEFAULT_DECISIONS,
			createStatus: 200,
		});

		const patched = await control(sandbox(), 'PATCH', 'decisions', {
			webhookSalt: 'seller',
			instamojoFee: { percent: 0, fixed: 0, gstPercent: 0 },
		});
		expect(patched.body).toMatchObject({
			createStatus: 200,
			webhookSalt: 'seller',
			instamojoFee: { percent: 0, fixed: 0, gstPercent: 0 },
		});
		expect(sandbox().decisions.webhookSalt).toBe('seller');

		await control(sandbox(), 'POST', 'reset');
		expect(sandbox().decisions).toEqual({ ...DEFAULT_DECISIONS, createStatus: 200 });
	});

	it('rejects a bad patch as a whole', async () => {
		const answer = await control(sandbox(), 'PATCH', 'decisions', {
			maxPageSize: 0,
			failureWebhooks: true,
		});
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain('maxPageSize: invalid value 0');
		expect(sandbox().decisions.failureWebhooks).toBe(false);
	});

	it('changes what the fee decision charges', async () => {
		await control(sandbox(), 'PATCH', 'decisions', {
			instamojoFee: { percent: 3, fixed: 0, gstPercent: 0 },
		});
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()));
		expect((await pay(sandbox(), request.id)).body.payment).toMatchObject({
			fees: '3.00',
			total_taxes: '0.00',
		});
	});
});

describe('log', () => {
	it('records every API call with its query, body, caller and status, and none of the control calls', async () => {
		const token = await appToken(sandbox());
		await call(sandbox(), 'GET', '/v2/payments', { token, query: { limit: 5, page: 1 } });
		await call(sandbox(), 'POST', '/v2/payment_requests/', {
			token,
			json: { amount: 10, purpose: 'logged' },
		});
		await control(sandbox(), 'GET', 'state');

		const { requests } = (await control<{ requests: Json[] }>(sandbox(), 'GET', 'log')).body;
		expect(requests).toEqual([
			expect.objectContaining({
				seq: 1,
				method: 'POST',
				path: '/oauth2/token/',
				grantType: 'client_credentials',
				clientId: application.clientId,
			}),
			{
				seq: 2,
				method: 'GET',
				path: '/v2/payments',
				query: { limit: '5', page: '1' },
				contentType: '',
				body: {},
				auth: { kind: 'application', userId: marketplace.id, username: marketplace.username },
				status: 200,
			},
			expect.objectContaining({
				seq: 3,
				path: '/v2/payment_requests/',
				contentType: 'application/json',
				body: { amount: 10, purpose: 'logged' },
				status: 200,
			}),
		]);
		expect(sandbox().log()).toEqual(requests);
	});

	it('is emptied by DELETE /_sandbox/log and clearLog()', async () => {
		await appToken(sandbox());
		await control(sandbox(), 'DELETE', 'log');
		expect(sandbox().log()).toEqual([]);
		await appToken(sandbox());
		sandbox().clearLog();
		expect(sandbox().log()).toEqual([]);
	});

	it('keeps the body out of the log when it cannot be parsed', async () => {
		await fetch(`${sandbox().url}/oauth2/token/`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"password": "hunter2"',
		});
		expect(sandbox().log()[0]).toMatchObject({ body: null, status: 400 });
	});
});

describe('state and reset', () => {
	it('exposes users with salts, requests, payments with the hold flag, and refunds', async () => {
		const token = await appToken(sandbox());
		const requestId = (await createPaymentRequest(sandbox(), token)).id;
		const { payment } = (await pay(sandbox(), requestId)).body;
		await call(sandbox(), 'POST', `/v2/payments/${payment.id}/refund/`, {
			token,
			form: { type: 'RFD', body: 'duplicate' },
		});

		const state = (await control<Record<string, Json[]>>(sandbox(), 'GET', 'state')).body;
		expect(state.users).toEqual([
			expect.objectContaining({ id: marketplace.id, salt: marketplace.salt, bankAccount: null }),
		]);
		expect(state.payment_requests).toEqual([
			expect.objectContaining({ id: requestId, status: 'Completed', disabled: false }),
		]);
		expect(state.payments).toEqual([
			expect.objectContaining({ id: payment.id, held: false, success: true }),
		]);
		expect(state.refunds).toEqual([
			expect.objectContaining({ paymentId: payment.id, type: 'RFD', amountPaise: 10000 }),
		]);
	});

	it('goes back to the seed on reset, keeping the state object the same', async () => {
		const state = sandbox().state;
		const token = await appToken(sandbox());
		await createPaymentRequest(sandbox(), token);

		expect((await control(sandbox(), 'POST', 'reset')).body).toEqual({ success: true });
		expect(sandbox().state).toBe(state);
		expect([state.paymentRequests.size, state.accessTokens.size, sandbox().log().length]).toEqual([
			0, 0, 0,
		]);
		expect((await call(sandbox(), 'GET', '/v2/payments/', { token })).status).toBe(401);
	});

	it('answers 404 for an unknown control path and 405 for a wrong method', async () => {
		expect((await control(sandbox(), 'GET', 'nothing')).status).toBe(404);
		expect((await control(sandbox(), 'GET', 'reset')).status).toBe(405);
	});
});

describe('paths', () => {
	it('treats a path with and without its trailing slash as the same resource', async () => {
		const token = await appToken(sandbox());
		const requestId = (await createPaymentRequest(sandbox(), token)).id;
		for (const path of [
			`/v2/payment_requests/${requestId}`,
			`/v2/payment_requests/${requestId}/`,
		]) {
			expect((await call(sandbox(), 'GET', path, { token })).body.id).toBe(requestId);
		}
		expect((await control(sandbox(), 'GET', 'state/')).status).toBe(200);
	});

	it('answers 404 with the Instamojo envelope outside every known prefix', async () => {
		const answer = await call(sandbox(), 'GET', '/api/1.1/payment-requests/');
		expect([answer.status, answer.body]).toEqual([404, { success: false, message: 'Not found' }]);
	});
});

describe('command line', () => {
	it('reads port, host, token lifetime, seed file and decisions', () => {
		expect(
			parseArguments([
				'--port',
				'8765',
				'--host',
				'0.0.0.0',
				'--token-lifetime',
				'60',
				'--decision',
				'createStatus=200',
				'--decision',
				'webhookSalt=seller',
			]),
		).toEqual({
			port: 8765,
			host: '0.0.0.0',
			tokenLifetimeSeconds: 60,
			decisions: { createStatus: 200, webhookSalt: 'seller' },
		});
	});

	it('defaults to a random port and rejects what it does not understand', () => {
		expect(parseArguments([])).toEqual({ port: 0, decisions: {} });
		expect(() => parseArguments(['--port'])).toThrow('--port needs a value');
		expect(() => parseArguments(['--port', 'eighty'])).toThrow('--port expects a whole number');
		expect(() => parseArguments(['--colour', 'blue'])).toThrow('Unknown option --colour');
		expect(() => parseDecisionArgument('createStatus')).toThrow('--decision expects key=value');
		expect(() => parseDecisionArgument('refundInitialStatus=Lost')).toThrow(
			'refundInitialStatus: invalid value "Lost"',
		);
	});
});
