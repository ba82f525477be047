import {
	appToken,
	createPaymentRequest,
	marketplace,
	newSeller,
	type PaymentRequestJson,
} from '../support/client';
import { call, pay, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented' });

const create = async (token: string, form: Record<string, string>) =>
	await call<PaymentRequestJson>(sandbox(), 'POST', '/v2/payment_requests/', { token, form });

const validRequest = { amount: '2500', purpose: 'FIFA 16' };

/** The key order of the link example (docs/instamojo-api.md §6), with the marketplace's partner fields after mark_fulfilled. */
const DOCUMENTED_KEY_ORDER = [
	'id',
	'user',
	'phone',
	'email',
	'buyer_name',
	'amount',
	'purpose',
	'status',
	'payments',
	'send_sms',
	'send_email',
	'sms_status',
	'email_status',
	'shorturl',
	'longurl',
	'redirect_url',
	'webhook',
	'scheduled_at',
	'expires_at',
	'allow_repeated_payments',
	'mark_fulfilled',
	'partner',
	'partner_fee',
	'partner_fee_type',
	'created_at',
	'modified_at',
	'resource_uri',
];

describe('create (POST /v2/payment_requests/)', () => {
	it("creates a request on the seller's account with the marketplace as partner, in the documented shape (docs/instamojo-api.md §6)", async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await create(seller.token, {
			amount: '2500',
			purpose: 'FIFA 16',
			buyer_name: 'John Doe',
			email: 'foo@example.com',
			phone: '9999999999',
			redirect_url: 'http://www.example.com/redirect/',
			webhook: 'http://www.example.com/webhook/',
			allow_repeated_payments: 'False',
			send_email: 'True',
			send_sms: 'true',
			partner_fee_type: 'percent',
			partner_fee: '10',
			mark_fulfilled: '0',
		});

		expect(answer.status).toBe(201);
		const { id } = answer.body;
		const base = sandbox().url;
		expect(answer.body).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			user: `${base}/v2/users/${seller.id}/`,
			phone: '+919999999999',
			email: 'foo@example.com',
			buyer_name: 'John Doe',
			amount: '2500.00',
			purpose: 'FIFA 16',
			status: 'Pending',
			payments: [],
			send_sms: true,
			send_email: true,
			sms_status: 'Pending',
			email_status: 'Pending',
			shorturl: null,
			longurl: `${base}/@${seller.username}/${id}`,
			redirect_url: 'http://www.example.com/redirect/',
			webhook: 'http://www.example.com/webhook/',
			scheduled_at: null,
			expires_at: null,
			allow_repeated_payments: false,
			mark_fulfilled: false,
			partner: `${base}/v2/users/${marketplace.id}/`,
			partner_fee: '10.00',
			partner_fee_type: 'percent',
			created_at: expect.stringMatching(/Z$/),
			modified_at: answer.body.created_at,
			resource_uri: `${base}/v2/payment_requests/${id}/`,
		});
		expect(Object.keys(answer.body)).toEqual(DOCUMENTED_KEY_ORDER);
	});

	it('takes JSON bodies with native types, and fills the decided defaults', async () => {
		const answer = await call<PaymentRequestJson>(sandbox(), 'POST', '/v2/payment_requests', {
			token: await appToken(sandbox()),
			json: {
				amount: 9.5,
				purpose: 'Minimum',
				send_sms: false,
				partner_fee_type: 'fixed',
				partner_fee: 2,
			},
		});

		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			amount: '9.50',
			mark_fulfilled: true,
			allow_repeated_payments: false,
			sms_status: null,
			partner_fee: '2.00',
			partner_fee_type: 'fixed',
			user: `${sandbox().url}/v2/users/${marketplace.id}/`,
			longurl: `${sandbox().url}/@${marketplace.username}/${answer.body.id}`,
		});
	});

	it('follows switched decisions: status 200, mark_fulfilled false, repeated payments allowed', async () => {
		Object.assign(sandbox().decisions, {
			createStatus: 200,
			markFulfilledDefault: false,
			allowRepeatedPaymentsDefault: true,
		});
		const answer = await create(await appToken(sandbox()), validRequest);

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ mark_fulfilled: false, allow_repeated_payments: true });
	});

	it('reports the missing required fields together', async () => {
		const answer = await create(await appToken(sandbox()), {});
		expect([answer.status, answer.body]).toEqual([
			400,
			{ amount: ['This field is required.'], purpose: ['This field is required.'] },
		]);
	});

	it.each([
		['amount', { amount: '8.99' }, 'Ensure this value is greater than or equal to 9.'],
		['amount', { amount: '200000.01' }, 'Ensure this value is less than or equal to 200000.'],
		['amount', { amount: 'ten' }, 'A valid number is required.'],
		['amount', { amount: '10.001' }, 'Ensure that there are no more than 2 decimal places.'],
		['purpose', { purpose: '' }, 'This field may not be blank.'],
		[
			'buyer_name',
			{ buyer_name: 'b'.repeat(101) },
			'Ensure this field has no more than 100 characters.',
		],
		['email', { email: 'nobody' }, 'Enter a valid email address.'],
		['phone', { phone: '+1 555 0100' }, 'Enter a valid phone number'],
		['redirect_url', { redirect_url: 'ftp://example.com/' }, 'Enter a valid URL.'],
		['webhook', { webhook: 'not a url' }, 'Enter a valid URL.'],
		[
			'allow_repeated_payments',
			{ allow_repeated_payments: 'yes please' },
			'Must be a valid boolean.',
		],
		['mark_fulfilled', { mark_fulfilled: '2' }, 'Must be a valid boolean.'],
		['email', { send_email: 'true' }, 'This field is required when send_email is true.'],
		['phone', { send_sms: 'true' }, 'This field is required when send_sms is true.'],
		[
			'partner_fee_type',
			{ partner_fee_type: 'percentage', partner_fee: '5' },
			'"percentage" is not a valid choice.',
		],
		['partner_fee_type', { partner_fee: '5' }, 'This field is required when partner_fee is set.'],
		[
			'partner_fee',
			{ partner_fee_type: 'fixed' },
			'This field is required when partner_fee_type is set.',
		],
		[
			'partner_fee',
			{ partner_fee_type: 'percent', partner_fee: '100.01' },
			'Ensure this value is less than or equal to 100.',
		],
		[
			'partner_fee',
			{ partner_fee_type: 'fixed', partner_fee: '2500' },
			'Ensure this value is less than the amount.',
		],
		[
			'partner_fee',
			{ partner_fee_type: 'fixed', partner_fee: '-1' },
			'Ensure this value is greater than or equal to 0.',
		],
		[
			'expires_at',
			{ expires_at: 'tomorrow' },
			'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
		],
		['expires_at', { expires_at: '2020-01-01T00:00:00Z' }, 'Ensure this value is in the future.'],
	])('rejects a bad %s: %j', async (field, fields, message) => {
		const answer = await create(await appToken(sandbox()), { ...validRequest, ...fields });
		expect([answer.status, answer.body]).toEqual([400, { [field]: [message] }]);
	});

	it('keeps a future expires_at, normalised to UTC', async () => {
		const answer = await create(await appToken(sandbox()), {
			...validRequest,
			expires_at: '2999-01-01T05:30:00+05:30',
		});
		expect(answer.body.expires_at).toBe('2999-01-01T00:00:00.000Z');
	});
});

describe('get, list, enable, disable', () => {
	it('gets a request with the URLs of its payments after one is made', async () => {
		const token = await appToken(sandbox());
		const request = await createPaymentRequest(sandbox(), token);
		const payment = (await pay(sandbox(), request.id)).body.payment;

		const answer = await call<PaymentRequestJson>(
			sandbox(),
			'GET',
			`/v2/payment_requests/${request.id}`,
			{ token },
		);
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			status: 'Completed',
			payments: [`${sandbox().url}/v2/payments/${payment.id}/`],
		});
	});

	it('lists newest first and filters by status and creation time', async () => {
		const token = await appToken(sandbox());
		const first = await createPaymentRequest(sandbox(), token, { purpose: 'first' });
		const second = await createPaymentRequest(sandbox(), token, { purpose: 'second' });
		await pay(sandbox(), first.id);
		const list = async (query: Record<string, string> = {}) =>
			(
				await call<{ count: number; payment_requests: PaymentRequestJson[] }>(
					sandbox(),
					'GET',
					'/v2/payment_requests/',
					{ token, query },
				)
			).body;

		expect((await list()).payment_requests.map((r) => r.id)).toEqual([second.id, first.id]);
		expect((await list({ status: 'Completed' })).payment_requests.map((r) => r.id)).toEqual([
			first.id,
		]);
		expect((await list({ min_created_at: '2999-01-01T00:00:00Z' })).count).toBe(0);
		expect((await list({ max_created_at: '2000-01-01' })).count).toBe(0);
		expect((await list({ min_modified_at: first.created_at as string })).count).toBe(2);
		const bad = await call(sandbox(), 'GET', '/v2/payment_requests/', {
			token,
			query: { min_created_at: 'yesterday' },
		});
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body)).toEqual(['min_created_at']);
	});

	it('disables a request so it cannot be paid, and enables it again', async () => {
		const token = await appToken(sandbox());
		const request = await createPaymentRequest(sandbox(), token);

		const disabled = await call(sandbox(), 'POST', `/v2/payment_requests/${request.id}/disable/`, {
			token,
		});
		expect([disabled.status, disabled.body]).toEqual([200, { success: true }]);
		const refused = await pay(sandbox(), request.id);
		expect([refused.status, refused.body]).toEqual([
			400,
			{ success: false, message: 'This payment request is disabled.' },
		]);

		expect(
			(await call(sandbox(), 'POST', `/v2/payment_requests/${request.id}/enable`, { token })).body,
		).toEqual({ success: true });
		expect((await pay(sandbox(), request.id)).status).toBe(200);
	});
});

describe('who sees what', () => {
	it("shows a seller only their own requests, and the application every request of the marketplace's sellers", async () => {
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const other = await newSeller(sandbox(), app);
		const own = await createPaymentRequest(sandbox(), seller.token);
		const theirs = await createPaymentRequest(sandbox(), other.token);
		const marketplaceOwn = await createPaymentRequest(sandbox(), app);
		const ids = async (token: string) =>
			(
				await call<{ payment_requests: PaymentRequestJson[] }>(
					sandbox(),
					'GET',
					'/v2/payment_requests/',
					{ token },
				)
			).body.payment_requests.map((r) => r.id);

		expect(await ids(seller.token)).toEqual([own.id]);
		expect(await ids(app)).toEqual([marketplaceOwn.id, theirs.id, own.id]);
		expect(
			(await call(sandbox(), 'GET', `/v2/payment_requests/${theirs.id}/`, { token: seller.token }))
				.status,
		).toBe(403);
		expect(
			(
				await call(sandbox(), 'POST', `/v2/payment_requests/${theirs.id}/disable/`, {
					token: seller.token,
				})
			).status,
		).toBe(403);
		expect(
			(await call(sandbox(), 'GET', `/v2/payment_requests/${own.id}/`, { token: app })).status,
		).toBe(200);
	});

	it('answers 404 for an unknown request and for an unknown route', async () => {
		const token = await appToken(sandbox());
		const unknown = await call(sandbox(), 'GET', `/v2/payment_requests/${'f'.repeat(32)}/`, {
			token,
		});
		const route = await call(sandbox(), 'GET', '/v2/nothing/here/', { token });

		expect([unknown.status, unknown.body]).toEqual([404, { success: false, message: 'Not found' }]);
		expect([route.status, route.body]).toEqual([404, { success: false, message: 'Not found' }]);
	});

	it('answers 401 before anything else on a known route', async () => {
		const answer = await call(sandbox(), 'GET', '/v2/payment_requests/');
		expect(answer.status).toBe(401);
		expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
	});
});

describe('request bodies', () => {
	it('rejects a malformed JSON body and an unsupported media type', async () => {
		const token = await appToken(sandbox());
		const headers = { authorization: `Bearer ${token}` };
		const malformed = await fetch(`${sandbox().url}/v2/payment_requests/`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: '{"amount": ',
		});
		const text = await fetch(`${sandbox().url}/v2/payment_requests/`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'text/plain' },
			body: 'amount=10',
		});

		expect([malformed.status, await malformed.json()]).toEqual([
			400,
			{ success: false, message: 'JSON parse error.' },
		]);
		expect(text.status).toBe(415);
	});
});
