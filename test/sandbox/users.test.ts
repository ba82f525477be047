import { application, appToken, marketplace, newSeller, userTokens } from '../support/client';
import { call, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({
	profile: 'documented',
	seed: {
		sellers: [
			{
				username: 'seeded-seller',
				password: 'seeded-password',
				email: 'seeded@shop.example',
				salt: 'seeded-salt',
				bankAccount: {
					accountHolderName: 'Seeded Seller',
					accountNumber: '1234567890',
					ifscCode: 'HDFC0001234',
				},
			},
		],
	},
});

const signupForm = (fields: Record<string, string> = {}) => ({
	email: 'new.seller@shop.example',
	password: 'secret-1',
	phone: '+91 98765-43210',
	referrer: application.referrer,
	...fields,
});

const signup = async (form: Record<string, string>, token?: string) =>
	await call(sandbox(), 'POST', '/v2/users/', {
		token: token ?? (await appToken(sandbox())),
		form,
	});

describe('signup (POST /v2/users/)', () => {
	it('creates a seller of the marketplace and answers with the signup object (docs/instamojo-api.md §5)', async () => {
		const answer = await signup(signupForm({ username: 'newseller' }));

		expect(answer.status).toBe(201);
		const id = answer.body.id as string;
		expect(answer.body).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			username: 'newseller',
			email: 'new.seller@shop.example',
			phone: '+919876543210',
			resource_uri: `${sandbox().url}/v2/users/${id}/`,
			promo_code: null,
		});
		const stored = sandbox().state.users.get(id);
		expect(stored).toMatchObject({
			partnerId: marketplace.id,
			password: 'secret-1',
			bankAccount: null,
		});
		expect(stored?.salt).toMatch(/^[0-9a-f]{32}$/);
		expect(stored?.salt).not.toBe(marketplace.salt);
	});

	it('makes a username from the email when none is sent, and a free one when that is taken', async () => {
		const first = await signup(signupForm({ email: 'Priya.K@shop.example' }));
		const second = await signup(signupForm({ email: 'priya.k@other.example' }));

		expect(first.body.username).toBe('priyak');
		expect(second.body.username).toMatch(/^priyak\d{4}$/);
		expect((await userTokens(sandbox(), 'priyak', 'secret-1')).access_token).toBeDefined();
	});

	it('answers with 200 when the createStatus decision says so', async () => {
		sandbox().decisions.createStatus = 200;
		expect((await signup(signupForm())).status).toBe(200);
	});

	it('reports every missing field at once', async () => {
		const answer = await signup({});
		expect([answer.status, answer.body]).toEqual([
			400,
			{
				email: ['This field is required.'],
				password: ['This field is required.'],
				phone: ['This field is required.'],
				referrer: ['This field is required.'],
			},
		]);
	});

	it.each([
		['email', { email: 'not-an-email' }, 'Enter a valid email address.'],
		['email', { email: marketplace.email.toUpperCase() }, 'Email already exists.'],
		['phone', { phone: '12345' }, 'Enter a valid phone number'],
		['referrer', { referrer: 'someone-else' }, 'Invalid referrer.'],
		['username', { username: marketplace.username }, 'Username is not available.'],
		['username', { username: 'u'.repeat(36) }, 'Ensure this field has no more than 35 characters.'],
	])('rejects a bad %s: %j', async (field, fields, message) => {
		const answer = await signup(signupForm(fields));
		expect([answer.status, answer.body]).toEqual([400, { [field]: [message] }]);
	});

	it('refuses a user token (403) and no token (401)', async () => {
		const user = (await userTokens(sandbox(), marketplace.username, marketplace.password))
			.access_token;
		expect((await signup(signupForm(), user)).status).toBe(403);
		expect((await call(sandbox(), 'POST', '/v2/users/', { form: signupForm() })).status).toBe(401);
	});
});

describe('update user (PATCH /v2/users/{id}/)', () => {
	it('changes only the fields sent and answers with the full user object (docs/instamojo-api.md §5)', async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'PATCH', `/v2/users/${seller.id}/`, {
			token: seller.token,
			form: { first_name: 'Asha', location: 'Pune, India', phone: '919812345678' },
		});

		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			id: seller.id,
			username: seller.username,
			first_name: 'Asha',
			last_name: '',
			phone: '+919812345678',
			email: expect.stringContaining('@shop.example'),
			date_joined: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			is_email_verified: false,
			is_phone_verified: false,
			bio: '',
			location: 'Pune, India',
			public_phone: null,
			public_email: null,
			public_website: null,
			avatar_image_url: null,
			profile_image_url: null,
			tags: [],
			resource_uri: `${sandbox().url}/v2/users/${seller.id}/`,
		});
	});

	it('validates lengths and the phone number', async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'PATCH', `/v2/users/${seller.id}`, {
			token: seller.token,
			json: {
				first_name: 'x'.repeat(31),
				last_name: 'y'.repeat(31),
				location: 'z'.repeat(101),
				phone: '555',
			},
		});
		expect([answer.status, answer.body]).toEqual([
			400,
			{
				first_name: ['Ensure this field has no more than 30 characters.'],
				last_name: ['Ensure this field has no more than 30 characters.'],
				location: ['Ensure this field has no more than 100 characters.'],
				phone: ['Enter a valid phone number'],
			},
		]);
	});

	it("takes only the user's own token: 403 for the application or another seller, 404 for an unknown id", async () => {
		const app = await appToken(sandbox());
		const seller = await newSeller(sandbox(), app);
		const other = await newSeller(sandbox(), app);
		const patch = async (id: string, token: string) =>
			await call(sandbox(), 'PATCH', `/v2/users/${id}/`, { token, form: { first_name: 'X' } });

		expect((await patch(seller.id, app)).status).toBe(403);
		expect((await patch(seller.id, other.token)).body).toEqual({
			success: false,
			message: 'You do not have permission to perform this action.',
		});
		expect((await patch('0'.repeat(32), seller.token)).body).toEqual({
			success: false,
			message: 'Not found',
		});
	});

	it('answers 405 for a method the path does not take', async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'GET', `/v2/users/${seller.id}/`, { token: seller.token });
		expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'PATCH']);
	});
});

describe('bank account (PUT /v2/users/{id}/inrbankaccount/)', () => {
	const account = {
		account_holder_name: 'Asha Rao',
		account_number: '001234567890',
		ifsc_code: 'SBIN0123456',
	};

	it('stores the account and answers with the bank account object (docs/instamojo-api.md §5)', async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'PUT', `/v2/users/${seller.id}/inrbankaccount/`, {
			token: seller.token,
			form: account,
		});

		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			user: `${sandbox().url}/v2/users/${seller.id}/`,
			account_holder_name: 'Asha Rao',
			bank_name: '',
			account_number: '001234567890',
			ifsc_code: 'SBIN0123456',
			updated_at: expect.stringMatching(/Z$/),
		});
		expect(sandbox().state.users.get(seller.id)?.bankAccount).toMatchObject({
			accountNumber: '001234567890',
			ifscCode: 'SBIN0123456',
		});
	});

	it('requires all three fields', async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'PUT', `/v2/users/${seller.id}/inrbankaccount/`, {
			token: seller.token,
			form: {},
		});
		expect(answer.body).toEqual({
			account_holder_name: ['This field is required.'],
			account_number: ['This field is required.'],
			ifsc_code: ['This field is required.'],
		});
	});

	it.each([
		['ifsc_code', { ifsc_code: 'SBIN1123456' }, 'Enter a valid IFSC code.'],
		['ifsc_code', { ifsc_code: 'sbin0123456' }, 'Enter a valid IFSC code.'],
		['account_number', { account_number: '12-34' }, 'Enter a valid account number.'],
		[
			'account_number',
			{ account_number: '1'.repeat(51) },
			'Ensure this field has no more than 50 characters.',
		],
		[
			'account_holder_name',
			{ account_holder_name: 'n'.repeat(101) },
			'Ensure this field has no more than 100 characters.',
		],
	])('rejects a bad %s: %j', async (field, fields, message) => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const answer = await call(sandbox(), 'PUT', `/v2/users/${seller.id}/inrbankaccount/`, {
			token: seller.token,
			form: { ...account, ...fields },
		});
		expect([answer.status, answer.body]).toEqual([400, { [field]: [message] }]);
	});

	it('lets a seeded seller log in, and keeps the seeded bank account', async () => {
		const tokens = await userTokens(sandbox(), 'seeded-seller', 'seeded-password');
		const seeded = [...sandbox().state.users.values()].find(
			(user) => user.username === 'seeded-seller',
		);

		expect(seeded).toMatchObject({
			salt: 'seeded-salt',
			partnerId: marketplace.id,
			bankAccount: { ifscCode: 'HDFC0001234', bankName: '' },
		});
		expect(seeded?.id).toMatch(/^[0-9a-f]{32}$/);
		const answer = await call(sandbox(), 'PUT', `/v2/users/${seeded?.id}/inrbankaccount/`, {
			token: tokens.access_token,
			form: account,
		});
		expect(answer.status).toBe(200);
	});
});
