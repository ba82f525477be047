import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';
import { findTokenError, STALE_REFRESH_TOKEN, type TokenSet } from '../../credentials/common/oauth';
import { RenewalRegistry } from '../../credentials/common/renewals';
import { DEFAULT_SEED } from '../../sandbox/server.cjs';
import { accepted, control, expireTokens, useSandbox } from '../support/sandbox';
import { apiCalls, tokenCalls } from '../support/marketplace';
import { httpRequestWithAuthentication, StoredCredential } from '../../harness/standIn/n8nCore';

const credentialType = new InstamojoApi();
const app = DEFAULT_SEED.application;
const marketplace = DEFAULT_SEED.marketplace;

const sandbox = useSandbox();

function credential(fields: ICredentialDataDecryptedObject): StoredCredential {
	return new StoredCredential({
		environment: 'custom',
		baseUrl: sandbox().url,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		accessToken: '',
		rotatedRefreshToken: '',
		expiresAt: '',
		...fields,
	});
}

const userCredential = () =>
	credential({ authentication: 'user', username: marketplace.username, password: marketplace.password });

const listPayments = async (stored: StoredCredential) =>
	await httpRequestWithAuthentication(credentialType, stored, {
		method: 'GET',
		url: '/v2/payments/',
		qs: { limit: 1 },
		json: true,
	});

/** A token endpoint call as another program would make it, bypassing the credential. */
async function tokenGrant(fields: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
	const response = await fetch(`${sandbox().url}/oauth2/token/`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, ...fields }).toString(),
	});
	return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** A user refresh token obtained outside the credential, as a platform would store for a seller. */
async function sellerRefreshToken(): Promise<string> {
	const { body } = await tokenGrant({ grant_type: 'password', username: marketplace.username, password: marketplace.password });
	return body.refresh_token;
}

/** Uses a refresh token up, as another process or a copy of the credential would. */
async function spendRefreshToken(refreshToken: string): Promise<void> {
	const { status } = await tokenGrant({ grant_type: 'refresh_token', refresh_token: refreshToken });
	expect(status).toBe(200);
}

/** A wrong value no test run has seen before, so finding it in an error proves a leak. */
const unique = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

/** Runs the token hook alone and returns its error, for the failure-message tests. */
async function preAuthError(fields: ICredentialDataDecryptedObject): Promise<Error> {
	const stored = credential(fields);
	try {
		await listPayments(stored);
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the token exchange to fail');
}

function expectNoSecretIn(error: Error, ...secrets: string[]): void {
	const serialised = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
	for (const secret of secrets) expect(serialised).not.toContain(secret);
}

describe('credential shape', () => {
	const property = (name: string) => credentialType.properties.find((p) => p.name === name);

	it('keeps the access token in a hidden, expirable, masked field', () => {
		expect(property('accessToken')).toMatchObject({ type: 'hidden', typeOptions: { expirable: true, password: true } });
	});

	it('keeps token state in hidden fields that no flow hides, so n8n persists them', () => {
		for (const name of ['rotatedRefreshToken', 'refreshToken', 'webhookSecret', 'expiresAt']) {
			expect(property(name)).toMatchObject({ type: 'hidden' });
			expect(property(name)?.displayOptions).toBeUndefined();
		}
	});

	it('masks every secret the user types', () => {
		for (const name of ['clientSecret', 'password', 'initialRefreshToken', 'privateSaltSecret', 'webhookSecret']) {
			expect(property(name)?.typeOptions?.password).toBe(true);
		}
	});

	it('offers the three flows and the three environments', () => {
		const values = (name: string) => (property(name)?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values('authentication')).toEqual(['application', 'user', 'refreshToken']);
		expect(values('environment')).toEqual(['production', 'sandbox', 'custom']);
	});

	it('tests with a read every flow may make', () => {
		expect(credentialType.test.request).toMatchObject({ url: '/v2/payments/', qs: { limit: 1 } });
	});
});

describe('application flow', () => {
	it('fetches an application token on first use and reuses it afterwards', async () => {
		const stored = credential({ authentication: 'application' });
		await listPayments(stored);
		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['client_credentials']);
		expect(apiCalls(sandbox()).map((e) => e.auth.kind)).toEqual(['application', 'application']);
		expect(stored.data.accessToken).not.toBe('');
		expect(stored.data.rotatedRefreshToken).toBe('');
		expect(Date.parse(String(stored.data.expiresAt))).toBeGreaterThan(Date.now() + 35_000_000);
	});

	it('fetches a new application token once after the old one expired', async () => {
		const stored = credential({ authentication: 'application' });
		await listPayments(stored);
		const first = stored.data.accessToken;
		await expireTokens(sandbox());

		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['client_credentials', 'client_credentials']);
		expect(apiCalls(sandbox()).map((e) => [e.auth.kind, e.status])).toEqual([
			['application', 200],
			['expired', 401],
			['application', 200],
		]);
		expect(stored.data.accessToken).not.toBe(first);
	});
});

describe('user flow', () => {
	it('exchanges the password once, stores both tokens and wipes the password', async () => {
		const stored = userCredential();
		await listPayments(stored);
		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['password']);
		expect(apiCalls(sandbox()).map((e) => [e.auth.kind, e.auth.username])).toEqual([
			['user', marketplace.username],
			['user', marketplace.username],
		]);
		expect(stored.data.password).toBe('');
		expect(stored.data.accessToken).not.toBe('');
		expect(stored.data.rotatedRefreshToken).not.toBe('');
	});

	it('renews an expired access token with the refresh token and persists the rotated pair', async () => {
		const stored = userCredential();
		await listPayments(stored);
		const before = { ...stored.data };
		await expireTokens(sandbox());

		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['password', 'refresh_token']);
		expect(apiCalls(sandbox()).map((e) => [e.auth.kind, e.status])).toEqual([
			['user', 200],
			['expired', 401],
			['user', 200],
		]);
		expect(stored.data.rotatedRefreshToken).not.toBe(before.rotatedRefreshToken);
		expect(stored.data.accessToken).not.toBe(before.accessToken);
		expect(stored.preAuthRuns).toBe(2);
	});

	it('renews a revoked access token the same way', async () => {
		const stored = userCredential();
		await listPayments(stored);
		accepted(await control(sandbox(), 'POST', 'tokens/revoke', { access: true }));

		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['password', 'refresh_token']);
		expect(apiCalls(sandbox()).map((e) => e.auth.kind)).toEqual(['user', 'revoked', 'user']);
	});

	it('carries the rotation across executions: each one starts from what the last one stored', async () => {
		const stored = userCredential();
		const seen: string[] = [];
		for (let execution = 0; execution < 3; execution++) {
			await expireTokens(sandbox());
			await listPayments(stored);
			seen.push(String(stored.data.rotatedRefreshToken));
		}
		expect(new Set(seen).size).toBe(3);
		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['password', 'refresh_token', 'refresh_token']);
		expect(tokenCalls(sandbox()).every((e) => e.status === 200)).toBe(true);
	});

	it('uses a newly typed password instead of a stored refresh token', async () => {
		const stored = userCredential();
		await listPayments(stored);
		stored.data.password = marketplace.password;
		stored.data.accessToken = '';

		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => e.grantType)).toEqual(['password', 'password']);
		expect(stored.data.password).toBe('');
	});
});

describe('refresh token flow', () => {
	it('spends the pasted refresh token once, clears it and keeps the rotated one', async () => {
		const pasted = await sellerRefreshToken();
		sandbox().clearLog();
		const stored = credential({ authentication: 'refreshToken', initialRefreshToken: pasted });

		await listPayments(stored);
		await expireTokens(sandbox());
		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((e) => [e.grantType, e.status])).toEqual([
			['refresh_token', 200],
			['refresh_token', 200],
		]);
		expect(stored.data.initialRefreshToken).toBe('');
		expect(stored.data.rotatedRefreshToken).not.toBe('');
		expect(stored.data.rotatedRefreshToken).not.toBe(pasted);
		expect(apiCalls(sandbox()).filter((e) => e.status === 200).map((e) => e.auth.kind)).toEqual(['user', 'user']);
	});
});

describe('executions renewing at the same moment', () => {
	it('share one renewal: the refresh token is spent once and every request succeeds', async () => {
		const stored = userCredential();
		await listPayments(stored);
		await expireTokens(sandbox());
		sandbox().clearLog();

		// Each call reads its own copy, as each n8n execution reads the credential from the database.
		const results = await Promise.allSettled(Array.from({ length: 5 }, async () => await listPayments(stored)));

		expect(results.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
		expect(tokenCalls(sandbox()).map((e) => [e.grantType, e.status])).toEqual([['refresh_token', 200]]);
		expect(apiCalls(sandbox()).filter((e) => e.status === 200)).toHaveLength(5);
	});

	it('lets a copy still holding the spent refresh token join the renewal and store the renewed pair', async () => {
		const stored = userCredential();
		await listPayments(stored);
		const spent = String(stored.data.rotatedRefreshToken);
		await expireTokens(sandbox());
		await listPayments(stored);
		// A request that read the credential just before the renewal above was saved.
		const stale = credential({ authentication: 'user', username: marketplace.username, password: '', rotatedRefreshToken: spent, accessToken: 'expired' });
		sandbox().clearLog();

		await listPayments(stale);

		expect(tokenCalls(sandbox())).toEqual([]);
		expect(apiCalls(sandbox()).map((e) => [e.auth.kind, e.status])).toEqual([
			['invalid', 401],
			['user', 200],
		]);
		// The whole pair: n8n writes the record from a copy read before, so a missing key could bring back a spent token.
		expect(stale.data).toMatchObject({
			accessToken: stored.data.accessToken,
			rotatedRefreshToken: stored.data.rotatedRefreshToken,
			expiresAt: stored.data.expiresAt,
		});
	});

	it('hands a late copy the newest tokens when the renewed pair was renewed again', async () => {
		const stored = userCredential();
		await listPayments(stored);
		const first = String(stored.data.rotatedRefreshToken);
		for (let renewal = 0; renewal < 2; renewal++) {
			await expireTokens(sandbox());
			await listPayments(stored);
		}
		const stale = credential({ authentication: 'user', username: marketplace.username, password: '', rotatedRefreshToken: first, accessToken: 'expired' });
		sandbox().clearLog();

		await listPayments(stale);

		expect(tokenCalls(sandbox())).toEqual([]);
		expect(stale.data.rotatedRefreshToken).toBe(stored.data.rotatedRefreshToken);
	});
});

describe('renewal registry', () => {
	const tokens = (n: number): TokenSet => ({ accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresAt: '', expiresIn: 1 });

	it('runs one exchange for callers at the same moment and tells them apart', async () => {
		const registry = new RenewalRegistry();
		let exchanges = 0;
		const exchange = async () => {
			exchanges += 1;
			return tokens(2);
		};

		const outcomes = await Promise.all([registry.renew('s', 'rt-1', exchange), registry.renew('s', 'rt-1', exchange)]);

		expect(exchanges).toBe(1);
		expect(outcomes.map((o) => [o.tokens.accessToken, o.joined])).toEqual([
			['at-2', false],
			['at-2', true],
		]);
	});

	it('keeps scopes apart', async () => {
		const registry = new RenewalRegistry();
		await registry.renew('a', 'rt-1', async () => tokens(2));

		const other = await registry.renew('b', 'rt-1', async () => tokens(3));

		expect(other).toEqual({ tokens: tokens(3), joined: false });
	});

	it('does not remember a failed exchange, so the next caller tries again', async () => {
		const registry = new RenewalRegistry();
		await expect(registry.renew('s', 'rt-1', async () => await Promise.reject(new Error('refused')))).rejects.toThrow('refused');

		const retried = await registry.renew('s', 'rt-1', async () => tokens(2));

		expect(retried.joined).toBe(false);
	});

	it('forgets renewals after its memory time', async () => {
		let now = 1_000_000;
		const registry = new RenewalRegistry(30_000, () => now);
		await registry.renew('s', 'rt-1', async () => tokens(2));
		now += 30_001;

		const later = await registry.renew('s', 'rt-1', async () => tokens(3));

		expect(later).toEqual({ tokens: tokens(3), joined: false });
		expect(registry.size).toBe(1);
	});
});

describe('token endpoint failures', () => {
	it('names the client credentials, without echoing the secret', async () => {
		const wrongSecret = unique('secret');
		const error = await preAuthError({ authentication: 'application', clientSecret: wrongSecret });
		expect(error.message).toMatch(/Client ID or Client Secret/);
		expect(error.message).toMatch(/Environment/);
		expectNoSecretIn(error, wrongSecret, app.clientSecret);
	});

	it('names the username and password, and keeps the password for a retry', async () => {
		const wrongPassword = unique('password');
		const stored = credential({ authentication: 'user', username: marketplace.username, password: wrongPassword });
		const error = await listPayments(stored).then(
			() => new Error('expected failure'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/username or password/);
		expectNoSecretIn(error, wrongPassword, app.clientSecret);
		expect(stored.data.password).toBe(wrongPassword);
		expect(stored.data.accessToken).toBe('');
	});

	it('tells the user to paste a new refresh token when the pasted one was already used', async () => {
		const pasted = await sellerRefreshToken();
		await spendRefreshToken(pasted);
		sandbox().clearLog();

		const error = await preAuthError({ authentication: 'refreshToken', initialRefreshToken: pasted });

		expect(error.message).toMatch(/already used or has expired/);
		expect(error.message).toMatch(/paste a new refresh token/);
		expectNoSecretIn(error, pasted, app.clientSecret);
	});

	it('says the stored refresh token was spent elsewhere, and what to do, when no renewal in this process explains it', async () => {
		const stored = userCredential();
		await listPayments(stored);
		const spent = String(stored.data.rotatedRefreshToken);
		// Another process (or a copy of the credential) renews with it: this process never sees that renewal.
		await spendRefreshToken(spent);
		await expireTokens(sandbox());

		const error = await listPayments(stored).then(
			() => new Error('expected failure'),
			(e: Error) => e,
		);

		expect(error.message).toMatch(/stored in the Instamojo credential was already used/);
		expect(error.message).toMatch(/another n8n process .* renewed it at the same moment/);
		expect(error.message).toMatch(/run this item again/);
		expect(error.message).toMatch(/enter the seller's password again/);
		expectNoSecretIn(error, spent, app.clientSecret, marketplace.password);
		expect(findTokenError(error)?.oauthError).toBe(STALE_REFRESH_TOKEN);
		expect(stored.data.rotatedRefreshToken).toBe(spent);
	});

	it('asks for the password when a user credential has nothing to exchange', async () => {
		const error = await preAuthError({ authentication: 'user', username: marketplace.username, password: '' });
		expect(error.message).toMatch(/needs the seller's password once/);
		expect(tokenCalls(sandbox())).toHaveLength(0);
	});

	it('reports an unreachable token endpoint with the URL it tried and no secret', async () => {
		const error = await preAuthError({ authentication: 'application', baseUrl: 'http://127.0.0.1:9' });
		expect(error.message).toContain('http://127.0.0.1:9/oauth2/token/');
		expectNoSecretIn(error, app.clientSecret);
	});

	it('refuses to run without a client secret, before any request', async () => {
		const error = await preAuthError({ authentication: 'application', clientSecret: '' });
		expect(error.message).toMatch(/missing its Client Secret/);
		expect(sandbox().log()).toHaveLength(0);
	});
});

describe('authenticate', () => {
	const credentials = (): ICredentialDataDecryptedObject => ({
		environment: 'sandbox',
		clientId: 'id-1',
		clientSecret: 'secret-1',
		accessToken: 'token-1',
	});
	const authenticate = async (options: IHttpRequestOptions) =>
		await (credentialType.authenticate as (c: ICredentialDataDecryptedObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(
			credentials(),
			options,
		);

	it('sends the access token as a bearer and fills in the environment host', async () => {
		const options = await authenticate({ url: '/v2/payments/', headers: { Accept: 'application/json' } });
		expect(options.baseURL).toBe('https://test.instamojo.com');
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer token-1' });
	});

	it('never puts the client secret into a request, even one for the token endpoint: grants are sent without the credential', async () => {
		const options = await authenticate({
			method: 'POST',
			url: '/oauth2/token/',
			body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r' }),
		});
		expect(Object.fromEntries(options.body as URLSearchParams)).toEqual({ grant_type: 'refresh_token', refresh_token: 'r' });
		expect(JSON.stringify(options)).not.toContain('secret-1');
	});

	it('never adds the client secret to a request for another host', async () => {
		const options = await authenticate({
			method: 'POST',
			url: 'https://attacker.example/oauth2/token/',
			body: new URLSearchParams({ grant_type: 'password' }),
		});
		expect(String(options.body)).not.toContain('secret-1');
	});
});
