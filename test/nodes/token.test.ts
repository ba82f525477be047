/**
 * Token → Get Application Token, Get Seller Tokens and Refresh Seller Tokens against the sandbox.
 * Their purpose is to output tokens; their errors must still carry no password, secret or token.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogEntry } from '../../sandbox/server.cjs';
import { useSandbox } from '../support/sandbox';
import { appToken } from '../support/client';
import { app, appCredentialAt, expectNoSecrets as expectNoSeedSecrets, marketplace, userTokens } from '../support/marketplace';
import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { runNode, runNodeError } from '../../harness/standIn/actionNode';

const seller = {
	id: '0a1b2c3d4e5f40718293a4b5c6d7e8f9',
	username: 'asha_crafts',
	password: 'asha-example-pass-1',
	email: 'asha@crafts.example',
	phone: '+919812345678',
};

const wrongPassword = 'not the example password';

const sandbox = useSandbox({ seed: { sellers: [seller] } });
/** The node's credential, already holding its own token, so each log shows only the node's own grant. */
let credential: StoredCredential;

beforeEach(async () => {
	credential = appCredentialAt(sandbox().url, { accessToken: await appToken(sandbox()) });
	sandbox().clearLog();
});

/** The seller's refresh token, as the platform stored it after onboarding. */
async function storedRefreshToken(): Promise<string> {
	const { refresh_token } = await userTokens(sandbox(), seller);
	sandbox().clearLog();
	return refresh_token;
}

const run = async (parameters: IDataObject, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
	await runNode({ parameters, credential, ...options });

const runError = async (parameters: IDataObject) => await runNodeError({ parameters, credential });

type FormEntry = LogEntry & { body: Record<string, string> };

/** The one request of a test: to the token endpoint, form-encoded, with the client ID of the credential. */
function onlyTokenCall(): FormEntry {
	const log = sandbox().log() as FormEntry[];
	expect(log).toHaveLength(1);
	expect(log[0]).toMatchObject({
		method: 'POST',
		path: '/oauth2/token/',
		contentType: 'application/x-www-form-urlencoded',
		clientId: app.clientId,
	});
	expect(log[0].body.client_secret).toBe('[redacted]');
	return log[0];
}

/** No password, client secret or token (beyond those a test allows) may appear in what the user sees. */
const expectNoSecrets = (value: unknown, ...more: string[]) => expectNoSeedSecrets(value, seller.password, wrongPassword, ...more);

/** expires_at is about expires_in seconds from now. */
function expectExpiry(output: IDataObject): void {
	const expected = Date.now() + (output.expires_in as number) * 1000;
	expect(Math.abs(Date.parse(output.expires_at as string) - expected)).toBeLessThan(60_000);
}

describe('Token → Get Application Token', () => {
	const parameters = { resource: 'token', operation: 'getApplicationToken' };

	it("runs the client credentials grant through the credential and outputs the marketplace's token", async () => {
		const { json, items } = await run(parameters);

		const call = onlyTokenCall();
		expect(call.grantType).toBe('client_credentials');
		expect(call.body).toEqual({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: '[redacted]' });
		expect(json).toEqual([
			{ access_token: expect.any(String), token_type: 'Bearer', expires_in: 36000, expires_at: expect.any(String) },
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(sandbox().state.accessTokens.get(json[0].access_token as string)).toMatchObject({
			kind: 'application',
			userId: marketplace.id,
		});
		expectExpiry(json[0]);
		expectNoSecrets(json);
	});

	it('says the Client ID or Secret is wrong, without showing it', async () => {
		const badSecret = 'wrong-client-secret-value';
		credential = appCredentialAt(sandbox().url, { accessToken: credential.data.accessToken, clientSecret: badSecret });

		const error = await runError(parameters);

		expect(onlyTokenCall().status).toBe(401);
		expect(error.message).toContain('Instamojo rejected the Client ID or Client Secret (invalid_client)');
		expect(error.message).toMatch(/\[item 0\]$/);
		expectNoSecrets(error, badSecret);
	});
});

describe('Token → Get Seller Tokens', () => {
	const parameters = (overrides: IDataObject = {}): IDataObject => ({
		resource: 'token',
		operation: 'getSellerTokens',
		username: seller.username,
		password: seller.password,
		...overrides,
	});

	it("exchanges the seller's username and password for the seller's token pair", async () => {
		const { json } = await run(parameters());

		const call = onlyTokenCall();
		expect(call.grantType).toBe('password');
		expect(call.body).toEqual({
			grant_type: 'password',
			username: seller.username,
			password: '[redacted]',
			client_id: app.clientId,
			client_secret: '[redacted]',
		});
		expect(json).toEqual([
			{
				access_token: expect.any(String),
				refresh_token: expect.any(String),
				token_type: 'Bearer',
				expires_in: 36000,
				expires_at: expect.any(String),
			},
		]);
		const output = json[0];
		expect(sandbox().state.accessTokens.get(output.access_token as string)).toMatchObject({ kind: 'user', userId: seller.id });
		expect(sandbox().state.refreshTokens.get(output.refresh_token as string)?.refreshState).toBe('active');
		expectExpiry(output);
		expectNoSecrets(json);
	});

	it('says the username or password is wrong, without showing the password', async () => {
		const error = await runError(parameters({ password: wrongPassword }));

		expect(onlyTokenCall().status).toBe(400);
		expect(error.message).toBe(`Instamojo rejected the username "${seller.username}" or its password (invalid_grant) [item 0]`);
		expect(error.description).toContain('not the email address');
		expectNoSecrets(error);
	});

	it('points at the username returned at signup when given an email address', async () => {
		const error = await runError(parameters({ username: seller.email }));

		expect(error.message).toBe(`Instamojo rejected the username "${seller.email}" or its password (invalid_grant) [item 0]`);
		expect(error.description).toContain('Use the username returned by Seller → Create or Onboard (not the email address)');
		expectNoSecrets(error);
	});

	it.each([
		['an empty username', { username: ' ' }, 'Username is required'],
		['an empty password', { password: '' }, 'Password is required'],
	])('sends nothing for %s', async (_case, overrides, message) => {
		const error = await runError(parameters(overrides));

		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
		expect(sandbox().log()).toEqual([]);
	});
});

describe('Token → Refresh Seller Tokens', () => {
	const parameters = (refreshToken: unknown): IDataObject => ({
		resource: 'token',
		operation: 'refreshSellerTokens',
		refreshToken: refreshToken as IDataObject[string],
	});

	it('outputs a new pair; the old refresh token is dead afterwards and fails with a clear message', async () => {
		const old = await storedRefreshToken();

		const { json } = await run(parameters(old));

		const call = onlyTokenCall();
		expect(call.grantType).toBe('refresh_token');
		expect(call.body).toEqual({
			grant_type: 'refresh_token',
			refresh_token: '[redacted]',
			client_id: app.clientId,
			client_secret: '[redacted]',
		});
		const output = json[0];
		expect(output).toEqual({
			access_token: expect.any(String),
			refresh_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 36000,
			expires_at: expect.any(String),
		});
		expect(output.refresh_token).not.toBe(old);
		expect(sandbox().state.refreshTokens.get(output.refresh_token as string)).toMatchObject({ userId: seller.id, refreshState: 'active' });
		expect(sandbox().state.refreshTokens.get(old)?.refreshState).toBe('used');
		expectExpiry(output);
		expectNoSecrets(json);

		sandbox().clearLog();
		const error = await runError(parameters(old));

		expect(onlyTokenCall().status).toBe(400);
		expect(error.message).toBe(
			'Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired [item 0]',
		);
		expect(error.description).toContain('pass the refresh_token stored most recently for this seller');
		expect(error.description).toContain('Token → Get Seller Tokens');
		expectNoSecrets(error, old, output.refresh_token as string, output.access_token as string);
	});

	it('spends a refresh token shared by several items once, and gives each item the new pair', async () => {
		const old = await storedRefreshToken();

		const { json, items } = await run(parameters(old), { items: [{}, {}] });

		expect(sandbox().log()).toHaveLength(1);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(json[1]).toEqual(json[0]);
		expect(sandbox().state.refreshTokens.get(json[0].refresh_token as string)?.refreshState).toBe('active');
	});

	it('with continueOnFail, refreshes the live token and reports the revoked one, in order', async () => {
		const live = await storedRefreshToken();
		const revoked = await storedRefreshToken();
		sandbox().state.refreshTokens.get(revoked)!.refreshState = 'revoked';

		const { json, items } = await run(parameters((item: IDataObject) => item.refresh_token), {
			items: [{ refresh_token: live }, { refresh_token: revoked }],
			continueOnFail: true,
		});

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(json[0]).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
		expect(json[1]).toMatchObject({
			error: 'Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired [item 1]',
			itemIndex: 1,
		});
		expectNoSecrets(json[1], live, revoked);
	});

	it('sends nothing for an empty refresh token', async () => {
		const error = await runError(parameters('  '));

		expect(error.message).toBe('Refresh Token is empty [item 0]');
		expect(error.description).toContain('{{ $json.refresh_token }}');
		expect(sandbox().log()).toEqual([]);
	});
});
