/**
 * The sandbox's worlds (docs/sandbox.md "Profiles"): each decision key the profiles switch, tested in
 * both of its answers, plus how a profile is chosen, switched and reset.
 */
import { createHmac } from 'node:crypto';

import { parseArguments } from '../../sandbox/cli.cjs';
import {
	DEFAULT_DECISIONS,
	type ProfileName,
	profileDecisions,
	type Sandbox,
	startSandbox,
} from '../../sandbox/server.cjs';
import { appToken, createPaymentRequest, marketplace, newSeller } from '../support/client';
import { call, control, type Json, pay, useSandbox, useServer } from '../support/sandbox';
import { projectProfile, withProfileEnv } from './profileEnv.cjs';
import { startReceiver } from '../support/receiver.cjs';

describe('choosing a profile', () => {
	const started: Sandbox[] = [];
	afterEach(async () => {
		await Promise.all(started.splice(0).map(async (sandbox) => await sandbox.close()));
	});
	const start = async (options: Parameters<typeof startSandbox>[0]) => {
		const sandbox = await startSandbox(options);
		started.push(sandbox);
		return sandbox;
	};

	it('loads the profile, then the decisions given on top of it', async () => {
		const sandbox = await start({ profile: 'pessimistic', decisions: { maxPageSize: 20 } });
		expect(sandbox.profile).toBe('pessimistic');
		expect(sandbox.decisions).toEqual({ ...profileDecisions('pessimistic'), maxPageSize: 20 });
	});

	it('names every pessimistic answer', () => {
		expect(profileDecisions('pessimistic')).toEqual({
			...DEFAULT_DECISIONS,
			listFilters: 'ignored',
			webhookSalt: 'seller',
			applicationLinkFields: 'dropped',
			refundsList: 'refunds',
			duplicateRefundTransactionId: 'generic-error',
			paymentListCases: false,
			booleanFormat: 'python',
			maxPageSize: 50,
		});
		expect(profileDecisions('documented')).toEqual(DEFAULT_DECISIONS);
	});

	it('takes its default from INSTAMOJO_SANDBOX_PROFILE and refuses an unknown name', async () => {
		for (const name of ['documented', 'pessimistic'] as ProfileName[])
			await withProfileEnv(name, async () => expect((await start({})).profile).toBe(name));
		await withProfileEnv('optimistic', async () => {
			await expect(startSandbox({})).rejects.toThrow(
				'Unknown sandbox profile "optimistic": use documented or pessimistic',
			);
		});
	});

	it("starts in the jest project's profile when the test names none", async () => {
		const project = projectProfile();
		expect(['documented', 'pessimistic']).toContain(project);
		const sandbox = await start({});
		expect(sandbox.profile).toBe(project);
		expect(sandbox.decisions).toEqual(profileDecisions(project as ProfileName));
	});

	it('switches at runtime through PUT /_sandbox/profile and goes back to the start profile on reset', async () => {
		const sandbox = await start({ profile: 'documented', decisions: { createStatus: 200 } });
		const switched = await control(sandbox, 'PUT', 'profile', { profile: 'pessimistic' });
		expect(switched.status).toBe(200);
		expect(switched.body).toEqual({
			profile: 'pessimistic',
			decisions: profileDecisions('pessimistic'),
		});
		expect((await control(sandbox, 'GET', 'profile')).body.profile).toBe('pessimistic');
		expect(sandbox.decisions.booleanFormat).toBe('python');

		expect(await control(sandbox, 'PUT', 'profile', { profile: 'rosy' })).toMatchObject({
			status: 400,
			body: { success: false, message: 'profile must be one of: documented, pessimistic.' },
		});

		await control(sandbox, 'POST', 'reset');
		expect(sandbox.profile).toBe('documented');
		expect(sandbox.decisions).toEqual({ ...DEFAULT_DECISIONS, createStatus: 200 });
	});

	it('reads --profile on the command line', () => {
		expect(parseArguments(['--profile', 'pessimistic'])).toEqual({
			port: 0,
			profile: 'pessimistic',
			decisions: {},
		});
		expect(() => parseArguments(['--profile', 'rosy'])).toThrow(
			'--profile expects documented or pessimistic, got "rosy"',
		);
	});
});

const sandbox = useSandbox({ profile: 'documented' });
const use = (name: ProfileName) => sandbox().useProfile(name);

interface Page<T = Json> {
	count: number;
	payments?: T[];
	payment_requests?: T[];
	refunds?: T[];
}

const list = async (token: string, path: string, query: Record<string, string | number> = {}) =>
	await call<Page>(sandbox(), 'GET', path, { token, query });

/** A paid ₹100 link of a new seller; the seller's token and the payment id. */
async function paidLink(app: string) {
	const seller = await newSeller(sandbox(), app);
	const request = await createPaymentRequest(sandbox(), seller.token);
	const payment = (await pay(sandbox(), request.id)).body.payment;
	return { seller, request, paymentId: payment.id };
}

const refund = async (token: string, paymentId: string, transactionId: string) =>
	await call(sandbox(), 'POST', `/v2/payments/${paymentId}/refund/`, {
		token,
		form: { type: 'QFL', body: 'Damaged', refund_amount: '10', transaction_id: transactionId },
	});

describe('listFilters', () => {
	it("'honoured': every filter narrows the list", async () => {
		const app = await appToken(sandbox());
		const first = await paidLink(app);
		await paidLink(app);
		const payments = await list(app, '/v2/payments/', { payment_request_id: first.request.id });
		expect(payments.body.payments?.map((payment) => payment.id)).toEqual([first.paymentId]);
		const future = new Date(Date.now() + 60_000).toISOString();
		expect((await list(app, '/v2/refunds/', { min_created_at: future })).body.count).toBe(0);
		expect((await list(app, '/v2/payment_requests/', { status: 'Pending' })).body.count).toBe(0);
	});

	it("'ignored': every list answers page and limit only, even for a malformed bound", async () => {
		use('pessimistic');
		const app = await appToken(sandbox());
		const first = await paidLink(app);
		const second = await paidLink(app);
		await refund(app, first.paymentId, 'probe-1');
		const payments = await list(app, '/v2/payments/', {
			payment_request_id: first.request.id,
			min_created_at: 'yesterday',
		});
		expect(payments.status).toBe(200);
		expect(payments.body.payments?.map((payment) => payment.id)).toEqual([
			second.paymentId,
			first.paymentId,
		]);
		const future = new Date(Date.now() + 60_000).toISOString();
		expect((await list(app, '/v2/refunds/', { min_created_at: future })).body.count).toBe(1);
		expect((await list(app, '/v2/payment_requests/', { status: 'Pending' })).body.count).toBe(2);
		expect((await list(app, '/v2/payments/', { limit: 1 })).body.payments).toHaveLength(1);
	});
});

describe('applicationLinkFields', () => {
	const marketplaceFields = {
		partner_fee_type: 'fixed',
		partner_fee: '10',
		mark_fulfilled: 'false',
	};

	it("'kept': an Application-token link is the marketplace's own and keeps commission and hold", async () => {
		const link = await createPaymentRequest(
			sandbox(),
			await appToken(sandbox()),
			marketplaceFields,
		);
		expect(link).toMatchObject({
			user: `${sandbox().url}/v2/users/${marketplace.id}/`,
			partner_fee: '10.00',
			partner_fee_type: 'fixed',
			mark_fulfilled: false,
		});
		const payment = (await pay(sandbox(), link.id)).body.payment;
		expect(sandbox().state.payments.get(payment.id)).toMatchObject({
			held: true,
			partnerFeePaise: 1000,
		});
	});

	it("'dropped': the same link silently loses commission and hold; a seller's link keeps both", async () => {
		sandbox().decisions.applicationLinkFields = 'dropped';
		const app = await appToken(sandbox());
		const link = await createPaymentRequest(sandbox(), app, marketplaceFields);
		expect(link).toMatchObject({
			user: `${sandbox().url}/v2/users/${marketplace.id}/`,
			partner_fee: null,
			partner_fee_type: null,
			mark_fulfilled: true,
		});
		const payment = (await pay(sandbox(), link.id)).body.payment;
		expect(sandbox().state.payments.get(payment.id)).toMatchObject({
			held: false,
			partnerFeePaise: 0,
		});

		const seller = await newSeller(sandbox(), app);
		const sellerLink = await createPaymentRequest(sandbox(), seller.token, marketplaceFields);
		expect(sellerLink).toMatchObject({ partner_fee: '10.00', mark_fulfilled: false });
	});
});

describe('refundsList', () => {
	it("'cases': /v2/refunds/ lists cases; /v2/refunds/{id}/ reads a case by C… id and a refund object by R… id", async () => {
		const app = await appToken(sandbox());
		const { paymentId } = await paidLink(app);
		await refund(app, paymentId, 'probe-1');
		const item = (await list(app, '/v2/refunds/')).body.refunds?.[0] as Json;
		expect(item.id).toMatch(/^C/);
		expect(item.refund_amount).toBe('10.00');
		expect((await call(sandbox(), 'GET', `/v2/refunds/${item.id}/`, { token: app })).body).toEqual(
			item,
		);
		const refundId = [...sandbox().state.refunds.values()][0].refundId;
		const object = await call(sandbox(), 'GET', `/v2/refunds/${refundId}/`, { token: app });
		expect(object.body).toMatchObject({ id: refundId, amount: '10.00' });
	});

	it("'refunds': /v2/refunds/ lists refund objects with R… ids, which its detail path reads; C… ids 404 there", async () => {
		sandbox().decisions.refundsList = 'refunds';
		const app = await appToken(sandbox());
		const { paymentId } = await paidLink(app);
		await refund(app, paymentId, 'probe-1');
		const item = (await list(app, '/v2/refunds/')).body.refunds?.[0] as Json;
		expect(item).toEqual({
			id: expect.stringMatching(/^R[0-9A-Z]{12}$/),
			payment: `${sandbox().url}/v2/payments/${paymentId}/`,
			amount: '10.00',
			buyer: 'buyer@example.com',
			status: 'Refunded',
			type: 'QFL',
			body: 'Damaged',
			created_at: expect.any(String),
			updated_at: expect.any(String),
			resource_uri: `${sandbox().url}/v2/refunds/${item.id as string}/`,
		});
		expect(
			(await call(sandbox(), 'GET', `/v2/refunds/${item.id as string}/`, { token: app })).body,
		).toEqual(item);
		const caseId = [...sandbox().state.refunds.keys()][0];
		expect((await call(sandbox(), 'GET', `/v2/refunds/${caseId}/`, { token: app })).status).toBe(
			404,
		);
		const viaCases = await call(sandbox(), 'GET', `/v2/resolutioncenter/cases/${caseId}/`, {
			token: app,
		});
		expect(viaCases.body).toMatchObject({ id: caseId, refund_amount: '10.00' });
	});
});

describe("duplicateRefundTransactionId 'generic-error'", () => {
	it('refuses a repeated transaction_id with a body that names no field, and opens no second case', async () => {
		sandbox().decisions.duplicateRefundTransactionId = 'generic-error';
		const app = await appToken(sandbox());
		const { paymentId } = await paidLink(app);
		expect((await refund(app, paymentId, 'once')).status).toBe(201);
		const again = await refund(app, paymentId, 'once');
		expect(again.status).toBe(400);
		expect(Object.keys(again.body).sort()).toEqual(['message', 'success']);
		expect(again.body.success).toBe(false);
		expect(sandbox().state.refunds.size).toBe(1);
	});
});

describe('paymentListCases', () => {
	it.each([true, false])(
		'%s: list items carry cases only when true; the detail always does',
		async (carried) => {
			sandbox().decisions.paymentListCases = carried;
			const app = await appToken(sandbox());
			const { paymentId } = await paidLink(app);
			await refund(app, paymentId, 'probe-1');
			const item = (await list(app, '/v2/payments/')).body.payments?.[0] as Json;
			expect('cases' in item).toBe(carried);
			const detail = await call(sandbox(), 'GET', `/v2/payments/${paymentId}/`, { token: app });
			expect(detail.body.cases).toHaveLength(1);
		},
	);
});

describe('booleanFormat', () => {
	it('\'python\': every boolean of a /v2/ answer is "True" or "False", errors included', async () => {
		sandbox().decisions.booleanFormat = 'python';
		const app = await appToken(sandbox());
		const link = await call(sandbox(), 'POST', '/v2/payment_requests/', {
			token: app,
			form: {
				amount: '100',
				purpose: 'Python',
				mark_fulfilled: 'False',
				allow_repeated_payments: 'true',
			},
		});
		expect(link.body).toMatchObject({
			mark_fulfilled: 'False',
			allow_repeated_payments: 'True',
			send_email: 'False',
			send_sms: 'False',
		});
		const payment = (await pay(sandbox(), link.body.id as string)).body.payment;
		const read = await call(sandbox(), 'GET', `/v2/payments/${payment.id}/`, { token: app });
		expect(read.body.status).toBe('True');
		const fulfil = await call(sandbox(), 'POST', `/v2/payments/${payment.id}/fulfil/`, {
			token: app,
		});
		expect(fulfil.body).toEqual({ fulfil: 'True', success: 'True' });
		const missing = await call(sandbox(), 'GET', '/v2/payments/MOJO0000/', { token: app });
		expect(missing.body).toEqual({ success: 'False', message: 'Not found' });
	});

	it("'json': the same answers carry JSON booleans, and True/False are read as input too", async () => {
		const app = await appToken(sandbox());
		const link = await createPaymentRequest(sandbox(), app, {
			mark_fulfilled: 'False',
			allow_repeated_payments: 'True',
		});
		expect(link).toMatchObject({ mark_fulfilled: false, allow_repeated_payments: true });
	});
});

describe('maxPageSize in the pessimistic profile', () => {
	it('caps limit=100 at 50 items and points to the next page', async () => {
		use('pessimistic');
		await control(sandbox(), 'POST', 'bulk/payments', { count: 60 });
		const page = await call<Page & { next: string | null }>(sandbox(), 'GET', '/v2/payments/', {
			token: await appToken(sandbox()),
			query: { limit: 100 },
		});
		expect(page.body.payments).toHaveLength(50);
		expect(page.body.count).toBe(60);
		expect(page.body.next).toContain('page=2');
	});
});

describe('webhookSalt in the pessimistic profile', () => {
	const receiver = useServer(startReceiver);

	it("signs a seller's link with the seller's salt, which the API never shows", async () => {
		use('pessimistic');
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const request = await createPaymentRequest(sandbox(), seller.token, { webhook: receiver().url });
		await pay(sandbox(), request.id);
		const fields = new URLSearchParams(receiver().received.at(-1)?.rawBody);
		const mac = fields.get('mac');
		fields.delete('mac');
		const message = [...fields.keys()]
			.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
			.map((key) => fields.get(key))
			.join('|');
		const salt = sandbox().state.users.get(seller.id)?.salt as string;
		expect(mac).toBe(createHmac('sha1', salt).update(message).digest('hex'));
		expect(mac).not.toBe(
			createHmac('sha1', marketplace.salt as string)
				.update(message)
				.digest('hex'),
		);
		const signup = await call(sandbox(), 'GET', '/v2/payment_requests/', { token: seller.token });
		expect(JSON.stringify(signup.body)).not.toContain(salt);
	});
});
