/**
 * Seller → Create, Update and Onboard against the sandbox: what Instamojo received (from the request
 * log), what the workflow gets, and that no password, secret or token leaks where it must not.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogEntry } from '../../sandbox/server.cjs';
import { useSandbox } from '../support/sandbox';
import { appToken } from '../support/client';
import { app, appCredentialAt, expectNoSecrets as expectNoSeedSecrets, fault, marketplace, userTokens } from '../support/marketplace';
import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { runNode, runNodeError } from '../../harness/standIn/actionNode';

/** A seller who exists before the tests, so Update has an account and tokens to work with. */
const existing = {
	id: '0a1b2c3d4e5f40718293a4b5c6d7e8f9',
	username: 'asha_crafts',
	password: 'asha-example-pass-1',
	email: 'asha@crafts.example',
	phone: '+919812345678',
};

/** The seller the tests sign up. The password has inner spaces: it must be sent exactly as typed. */
const newSeller = {
	email: 'ravi@pottery.example',
	password: 'ravi Secret pass 42',
	phone: '+91 91234 56789',
	normalisedPhone: '+919123456789',
	username: 'ravi_pottery',
};

const bank = { accountHolderName: 'Ravi Kumar', accountNumber: '1234 5678 9012', ifscCode: ' sbin0001234 ' };

const sandbox = useSandbox({ seed: { sellers: [existing] } });
/** The node's credential: Application flow, holding a token already, so each log shows only the node's calls. */
let credential: StoredCredential;

beforeEach(async () => {
	credential = appCredentialAt(sandbox().url, { defaultReferrer: app.referrer, accessToken: await appToken(sandbox()) });
	sandbox().clearLog();
});

const existingSellerTokens = async () => await userTokens(sandbox(), existing);

const run = async (parameters: IDataObject, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
	await runNode({ parameters, credential, ...options });

const runError = async (parameters: IDataObject) => await runNodeError({ parameters, credential });

type FormEntry = LogEntry & { body: Record<string, string> };

const calls = (): FormEntry[] => sandbox().log() as FormEntry[];
const route = (entry: LogEntry) => `${entry.method} ${entry.path}`;

/** No password, client secret or (unless allowed) token may appear in what the user sees. */
const expectNoSecrets = (value: unknown, ...more: string[]) => expectNoSeedSecrets(value, existing.password, newSeller.password, ...more);

const userByEmail = (email: string) => [...sandbox().state.users.values()].find((user) => user.email === email);

describe('Seller → Create', () => {
	const create = (overrides: IDataObject = {}): IDataObject => ({
		resource: 'seller',
		operation: 'create',
		email: newSeller.email,
		password: newSeller.password,
		phone: newSeller.phone,
		additionalFields: { username: newSeller.username },
		...overrides,
	});

	it('signs the seller up with the application token, the normalised phone and the Default Referrer', async () => {
		const { json, items } = await run(create());

		const [signup] = calls();
		expect(calls()).toHaveLength(1);
		expect(route(signup)).toBe('POST /v2/users/');
		expect(signup.contentType).toBe('application/x-www-form-urlencoded');
		expect(signup.auth).toMatchObject({ kind: 'application', username: marketplace.username });
		expect(signup.body).toEqual({
			email: newSeller.email,
			password: '[redacted]',
			phone: newSeller.normalisedPhone,
			referrer: app.referrer,
			username: newSeller.username,
		});
		// The password arrived exactly as typed, inner spaces included.
		expect(userByEmail(newSeller.email)?.password).toBe(newSeller.password);

		const created = userByEmail(newSeller.email)!;
		expect(json).toEqual([
			{
				id: created.id,
				username: newSeller.username,
				email: newSeller.email,
				phone: newSeller.normalisedPhone,
				resource_uri: `${sandbox().url}/v2/users/${created.id}/`,
			},
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expectNoSecrets(json);
	});

	it('lets Instamojo choose the username when none is given, and outputs it', async () => {
		const { json } = await run(create({ additionalFields: {} }));

		expect(calls()[0].body).not.toHaveProperty('username');
		expect(json[0].username).toBe(userByEmail(newSeller.email)?.username);
		expect(json[0].username).toEqual(expect.any(String));
	});

	it('sends the Referrer of Additional Fields instead of the Default Referrer', async () => {
		const error = await runError(create({ additionalFields: { referrer: 'another-marketplace' } }));

		expect(calls()[0].body.referrer).toBe('another-marketplace');
		// The sandbox knows only the seed's referrer, so Instamojo's field message reaches the user.
		expect(error.message).toBe('Instamojo refused to sign the seller up (HTTP 400): referrer: Invalid referrer. [item 0]');
	});

	it('refuses to send a signup without any referrer, and says where to set one', async () => {
		credential = appCredentialAt(sandbox().url, { accessToken: credential.data.accessToken, defaultReferrer: '' });

		const error = await runError(create());

		expect(error.message).toBe('Referrer is required to sign a seller up [item 0]');
		expect(error.description).toContain('Default Referrer in the Instamojo credential');
		expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
		expect(calls()).toEqual([]);
	});

	it.each([
		['a malformed email', { email: 'ravi-at-pottery' }, 'Email "ravi-at-pottery" is not a valid email address'],
		['a non-Indian phone', { phone: '+1 415 555 0100' }, 'Phone "+1 415 555 0100" is not an Indian mobile number'],
		['an empty password', { password: '   ' }, 'Password is required'],
		['a username over 35 characters', { additionalFields: { username: 'r'.repeat(36) } }, 'Username is longer than 35 characters'],
	])('sends nothing for %s', async (_case, overrides, message) => {
		const error = await runError(create(overrides));

		expect(error.message).toBe(`${message} [item 0]`);
		expect(calls()).toEqual([]);
		expectNoSecrets(error);
	});

	it('with continueOnFail, keeps order and pairing and signs up only the valid item', async () => {
		const items = [{ email: 'bad-address' }, { email: newSeller.email }, { email: 'meena@weaves.example', phone: '12345' }];

		const { json, items: output } = await run(
			create({
				email: (item: IDataObject) => item.email,
				phone: (item: IDataObject) => item.phone ?? newSeller.phone,
				additionalFields: {},
			}),
			{ items, continueOnFail: true },
		);

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(json[0]).toMatchObject({ error: 'Email "bad-address" is not a valid email address [item 0]', itemIndex: 0 });
		expect(json[1]).toMatchObject({ email: newSeller.email, id: userByEmail(newSeller.email)?.id });
		expect(json[2]).toMatchObject({ error: 'Phone "12345" is not an Indian mobile number [item 2]', itemIndex: 2 });
		expect(calls().map(route)).toEqual(['POST /v2/users/']);
		expectNoSecrets(json);
	});

	it("passes on Instamojo's field messages, e.g. an email already taken", async () => {
		const error = await runError(create({ email: existing.email }));

		expect(error.message).toBe('Instamojo refused to sign the seller up (HTTP 400): email: Email already exists. [item 0]');
		expect(error.description).toBe('Correct the fields Instamojo named and run the node again.');
		expectNoSecrets(error);
	});

	it('tells the user to switch to Authentication: Application when Instamojo answers 403', async () => {
		credential = appCredentialAt(sandbox().url, {
			defaultReferrer: app.referrer,
			authentication: 'user',
			username: marketplace.username,
			password: marketplace.password,
		});

		const error = await runError(create());

		const signup = calls().find((entry) => entry.path === '/v2/users/');
		expect(signup).toMatchObject({ status: 403, auth: { kind: 'user', username: marketplace.username } });
		expect(error.message).toContain('Instamojo refused to sign the seller up (HTTP 403)');
		expect(error.description).toContain('use an Instamojo credential with Authentication: Application');
		expectNoSecrets(error);
		expect(userByEmail(newSeller.email)).toBeUndefined();
	});

	it('resends a signup after a 429, which guarantees it was not processed', async () => {
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 0, path: '/v2/users', count: 1 });

		const { json } = await run(create());

		expect(calls().map((entry) => [route(entry), entry.status])).toEqual([
			['POST /v2/users/', 429],
			['POST /v2/users/', 201],
		]);
		expect(json[0].id).toBe(userByEmail(newSeller.email)?.id);
	});

	it('does not resend a signup after a 503, and says the seller may exist', async () => {
		await fault(sandbox(), { type: 'status', status: 503, path: '/v2/users', count: 1 });

		const error = await runError(create());

		expect(calls().map(route)).toEqual(['POST /v2/users/']);
		expect(error.message).toContain('it was not sent again because Instamojo may have applied it');
	});
});

describe('Seller → Update', () => {
	const update = (overrides: IDataObject = {}): IDataObject => ({
		resource: 'seller',
		operation: 'update',
		sellerId: existing.id,
		updateFields: { firstName: 'Asha', lastName: 'Verma', location: 'Jaipur, India', phone: '09123456780' },
		simple: true,
		actAs: 'sellerAccessToken',
		...overrides,
	});

	it("PATCHes only the given fields with the seller's token and outputs the simplified profile", async () => {
		const tokens = await existingSellerTokens();
		sandbox().clearLog();

		const { json } = await run(update({ sellerAccessToken: tokens.access_token }));

		const [patch] = calls();
		expect(calls()).toHaveLength(1);
		expect(route(patch)).toBe(`PATCH /v2/users/${existing.id}/`);
		expect(patch.contentType).toBe('application/x-www-form-urlencoded');
		expect(patch.auth).toMatchObject({ kind: 'user', userId: existing.id, username: existing.username });
		expect(patch.body).toEqual({ first_name: 'Asha', last_name: 'Verma', location: 'Jaipur, India', phone: '+919123456780' });
		expect(json).toEqual([
			{
				id: existing.id,
				username: existing.username,
				first_name: 'Asha',
				last_name: 'Verma',
				email: existing.email,
				phone: '+919123456780',
				location: 'Jaipur, India',
				resource_uri: `${sandbox().url}/v2/users/${existing.id}/`,
			},
		]);
		expect(sandbox().state.users.get(existing.id)).toMatchObject({ firstName: 'Asha', location: 'Jaipur, India' });
		expectNoSecrets(json, tokens.access_token);
	});

	it("outputs Instamojo's whole user object with Simplify off", async () => {
		const tokens = await existingSellerTokens();

		const { json } = await run(update({ sellerAccessToken: tokens.access_token, updateFields: { location: 'Pune' }, simple: false }));

		expect(calls().at(-1)?.body).toEqual({ location: 'Pune' });
		expect(json[0]).toMatchObject({ id: existing.id, location: 'Pune', date_joined: expect.any(String), tags: [] });
	});

	it("with a seller's refresh token, uses a fresh access token and outputs the rotated refresh token", async () => {
		const tokens = await existingSellerTokens();
		sandbox().clearLog();

		const { json } = await run(
			update({ actAs: 'sellerRefreshToken', sellerRefreshToken: tokens.refresh_token, updateFields: { firstName: 'Asha' } }),
		);

		expect(calls().map((entry) => [route(entry), entry.grantType])).toEqual([
			['POST /oauth2/token/', 'refresh_token'],
			[`PATCH /v2/users/${existing.id}/`, undefined],
		]);
		const rotated = json[0].refresh_token as string;
		expect(rotated).not.toBe(tokens.refresh_token);
		expect(sandbox().state.refreshTokens.get(rotated)?.refreshState).toBe('active');
		expect(sandbox().state.refreshTokens.get(tokens.refresh_token)?.refreshState).toBe('used');
		expect(json[0]).toMatchObject({ first_name: 'Asha', access_token_expires_at: expect.any(String) });
	});

	it.each([
		['no field to change', { updateFields: {} }, 'Nothing to update'],
		['only empty fields', { updateFields: { firstName: '  ', location: '' } }, 'Nothing to update'],
		['a first name over 30 characters', { updateFields: { firstName: 'A'.repeat(31) } }, 'First Name is longer than 30 characters'],
		['a bad phone', { updateFields: { phone: '555-0100' } }, 'Phone "555-0100" is not an Indian mobile number'],
		['a malformed seller ID', { sellerId: 'asha_crafts' }, 'Seller ID "asha_crafts" is not an Instamojo ID'],
	])('sends nothing for %s', async (_case, overrides, message) => {
		const error = await runError(update({ sellerAccessToken: 'unused-token', ...overrides }));

		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
		expect(calls()).toEqual([]);
	});

	it('with My Account and an Application credential: refused before anything is sent, naming the account to choose', async () => {
		const error = await runError(update({ actAs: 'credential' }));

		expect(calls()).toEqual([]);
		expect(error.message).toBe("My Account with an Application credential cannot update a seller's details [item 0]");
		expect(error.description).toContain("Set Account to Seller's Account (Refresh Token)");
		expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
	});
});

describe('Seller → Onboard', () => {
	const onboard = (overrides: IDataObject = {}): IDataObject => ({
		resource: 'seller',
		operation: 'onboard',
		email: newSeller.email,
		password: newSeller.password,
		phone: newSeller.phone,
		...bank,
		additionalFields: { username: newSeller.username },
		...overrides,
	});

	it('signs up, gets the seller tokens and saves the bank account, and outputs what to store', async () => {
		const { json } = await run(onboard());

		const seller = userByEmail(newSeller.email)!;
		const [signup, password, account] = calls();
		expect(calls().map(route)).toEqual([
			'POST /v2/users/',
			'POST /oauth2/token/',
			`PUT /v2/users/${seller.id}/inrbankaccount/`,
		]);
		expect(signup.auth.kind).toBe('application');
		expect(password).toMatchObject({ grantType: 'password', clientId: app.clientId, contentType: 'application/x-www-form-urlencoded' });
		expect(password.body).toMatchObject({ username: newSeller.username, password: '[redacted]', client_secret: '[redacted]' });
		expect(account.auth).toMatchObject({ kind: 'user', userId: seller.id, username: newSeller.username });
		expect(account.contentType).toBe('application/x-www-form-urlencoded');
		expect(account.body).toEqual({ account_holder_name: 'Ravi Kumar', account_number: '123456789012', ifsc_code: 'SBIN0001234' });

		expect(seller.bankAccount).toMatchObject({ accountHolderName: 'Ravi Kumar', accountNumber: '123456789012', ifscCode: 'SBIN0001234' });
		const output = json[0];
		expect(output).toEqual({
			id: seller.id,
			username: newSeller.username,
			email: newSeller.email,
			phone: newSeller.normalisedPhone,
			resource_uri: `${sandbox().url}/v2/users/${seller.id}/`,
			access_token: expect.any(String),
			refresh_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 36000,
			expires_at: expect.any(String),
			bank_account: {
				account_holder_name: 'Ravi Kumar',
				account_number_last4: '9012',
				ifsc_code: 'SBIN0001234',
				bank_name: '',
				updated_at: seller.bankAccount?.updatedAt,
			},
		});
		// The tokens are the seller's own and usable: the workflow can store them instead of the password.
		expect(sandbox().state.accessTokens.get(output.access_token as string)).toMatchObject({ kind: 'user', userId: seller.id });
		expect(sandbox().state.refreshTokens.get(output.refresh_token as string)?.refreshState).toBe('active');
		expect(Date.parse(output.expires_at as string)).toBeGreaterThan(Date.now() + 35_000_000);
		expectNoSecrets(json);
		expect(JSON.stringify(json)).not.toContain('123456789012');
	});

	it.each([
		['a malformed IFSC', { ifscCode: 'SBIN1234' }, 'IFSC "SBIN1234" is not valid'],
		['an account number with letters', { accountNumber: '12AB34' }, 'Account Number must contain digits only (at most 50)'],
		['no account holder', { accountHolderName: ' ' }, 'Account Holder Name is required'],
		['a malformed email', { email: 'ravi' }, 'Email "ravi" is not a valid email address'],
	])('validates everything, bank account included, before signing anyone up: %s', async (_case, overrides, message) => {
		const error = await runError(onboard(overrides));

		expect(error.message).toBe(`${message} [item 0]`);
		expect(calls()).toEqual([]);
		expect(userByEmail(newSeller.email)).toBeUndefined();
	});

	it('reports a failed signup as it is: nothing exists, nothing else is sent', async () => {
		const error = await runError(onboard({ email: existing.email }));

		expect(calls().map(route)).toEqual(['POST /v2/users/']);
		expect(error.message).toBe('Instamojo refused to sign the seller up (HTTP 400): email: Email already exists. [item 0]');
		expect(error.context?.partial).toBeUndefined();
	});

	it('when the token step fails, names it and returns the created seller as partial (continueOnFail)', async () => {
		await fault(sandbox(), { type: 'status', status: 500, path: '/oauth2/token', count: 1 });

		const { json, items } = await run(onboard(), { continueOnFail: true });

		const seller = userByEmail(newSeller.email)!;
		expect(calls().map((entry) => [route(entry), entry.status])).toEqual([
			['POST /v2/users/', 201],
			['POST /oauth2/token/', 500],
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const error = json[0];
		expect(error.error).toBe(
			`Onboard stopped at step 2 of 3 (get the seller's tokens) after seller "${newSeller.username}" (ID ${seller.id}) was signed up. ` +
				"Instamojo's token endpoint is unavailable (HTTP 500). This is on Instamojo's side, not the credential's: try again later. [item 0]",
		);
		expect(error.description).toContain(`run Token → Get Seller Tokens with username "${newSeller.username}"`);
		expect(error.description).toContain(`Bank Account → Update with Seller ID ${seller.id}`);
		expect(error.description).toContain('Do not run Onboard again for this seller');
		expect(error.partial).toEqual({
			seller: {
				id: seller.id,
				username: newSeller.username,
				email: newSeller.email,
				phone: newSeller.normalisedPhone,
				resource_uri: `${sandbox().url}/v2/users/${seller.id}/`,
			},
			completed_steps: ['sign_up'],
			failed_step: 'get_seller_tokens',
		});
		expectNoSecrets(json);
	});

	it('when saving the bank account fails, returns the seller and its tokens as partial, so they are not lost', async () => {
		// A Retry-After too long to wait out inside an execution: the transport gives up at once.
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 3600, path: 'inrbankaccount', count: 1 });

		const { json } = await run(onboard(), { continueOnFail: true });

		const seller = userByEmail(newSeller.email)!;
		expect(calls().map((entry) => [route(entry), entry.status])).toEqual([
			['POST /v2/users/', 201],
			['POST /oauth2/token/', 200],
			[`PUT /v2/users/${seller.id}/inrbankaccount/`, 429],
		]);
		expect(seller.bankAccount).toBeNull();
		const error = json[0];
		expect(error.error).toMatch(
			new RegExp(
				`^Onboard stopped at step 3 of 3 \\(save the seller's bank account\\) after seller "${newSeller.username}" \\(ID ${seller.id}\\) was signed up and got its tokens\\. Instamojo refused to save the seller's bank account \\(HTTP 429\\)`,
			),
		);
		expect(error.httpCode).toBe('429');
		expect(error.description).toContain('partial.tokens');
		expect(error.description).toContain(`Bank Account → Update with Seller ID ${seller.id}`);
		const partial = error.partial as IDataObject;
		expect(partial).toMatchObject({
			seller: { id: seller.id, username: newSeller.username },
			completed_steps: ['sign_up', 'get_seller_tokens'],
			failed_step: 'save_bank_account',
		});
		const tokens = partial.tokens as IDataObject;
		expect(sandbox().state.refreshTokens.get(tokens.refresh_token as string)).toMatchObject({ userId: seller.id, refreshState: 'active' });
		// Tokens only in `partial`, where they must be; never in the message or the hint.
		expectNoSecrets(json);
		expectNoSecrets({ error: error.error, description: error.description }, tokens.access_token as string, tokens.refresh_token as string);
	});

	it('without continueOnFail, the thrown error carries the same partial', async () => {
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 3600, path: 'inrbankaccount', count: 1 });

		const error = await runError(onboard());

		const partial = error.context?.partial as IDataObject;
		expect(error.message).toContain('Onboard stopped at step 3 of 3');
		expect(partial.failed_step).toBe('save_bank_account');
		expect((partial.seller as IDataObject).id).toBe(userByEmail(newSeller.email)?.id);
		expect(partial.tokens).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
		expect(`${error.message} ${error.description}`).not.toContain((partial.tokens as IDataObject).refresh_token);
		expectNoSecrets(error);
	});
});
