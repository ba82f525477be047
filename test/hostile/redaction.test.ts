/**
 * A server or proxy that echoes the request back in its error body must not put a secret
 * into any message. A hostile server in front of the sandbox quotes each request it is told to (method,
 * URL, Authorization header, raw body) in `message`, `error` and `detail` of an error answer; every error
 * path of the node, the credential and the trigger's fetch must come out without a secret the execution
 * holds, in any encoding the request used.
 */
import type { ICredentialDataDecryptedObject, IN8nHttpFullResponse } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { readWithCredential } from '../../nodes/Instamojo/transport';
import { displayUrl, redact, REDACTED, Secrets } from '../../credentials/common/secrets';
import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { credentialFor, runNodeError } from '../../harness/standIn/actionNode';
import { app, appCredentialAt, bankAccountUpdate, seller, sellerTokens, WITH_SELLER } from '../support/marketplace';
import { useSandbox, useServer } from '../support/sandbox';
import { fetchContext } from '../support/webhooks';
import { isApiRequest, isTokenRequest, type Received, startHostile } from '../support/hostileServers.cjs';

/** Characters that change under URL and form encoding and inside JSON strings. */
const PASSWORD = 'pa ss+w/o"rd&=é-1';
const SALT = 'salt-0123456789abcdef';

const sandbox = useSandbox(WITH_SELLER);
const echo = useServer(async () => await startHostile(sandbox().url));

/** The echo server quotes every request `matches` selects, answering `status`. */
function echoWhen(status: number, matches: (request: Received) => boolean, extra = ''): void {
	echo().route = (request) => (matches(request) ? { kind: 'echo', status, extra } : { kind: 'forward' });
}

function echoedCredential(fields: ICredentialDataDecryptedObject = {}): StoredCredential {
	return appCredentialAt(echo().url, { privateSaltSecret: SALT, ...fields });
}

/** Every form a secret may take in a quoted request. */
function forms(secret: string): string[] {
	return [secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
}

function expectClean(error: Error & { description?: string }, ...secrets: string[]): void {
	const text = `${error.message} ${error.description ?? ''} ${JSON.stringify(error)}`;
	for (const secret of [app.clientSecret, SALT, seller.password, PASSWORD, ...secrets]) {
		for (const form of forms(secret)) expect(text).not.toContain(form);
	}
}

/** Message and description only: a failed Act As item deliberately carries the rotated tokens in its context. */
function expectCleanWords(error: Error & { description?: string }, ...secrets: string[]): void {
	const text = `${error.message} ${error.description ?? ''}`;
	for (const secret of [app.clientSecret, SALT, ...secrets]) {
		for (const form of forms(secret)) expect(text).not.toContain(form);
	}
}

const readLink = { resource: 'paymentLink', operation: 'get', paymentLinkId: 'a'.repeat(32), actAs: 'credential' };

describe("the credential's own token flow (preAuthentication)", () => {
	it.each([400, 401, 500])('an echoed token request answered %i carries neither the password nor the client secret', async (status) => {
		echoWhen(status, isTokenRequest);

		const error = await runNodeError({
			credential: echoedCredential({ authentication: 'user', username: 'asha_crafts', password: PASSWORD }),
			parameters: readLink,
		});

		expect(echo().received.filter(isTokenRequest)).toHaveLength(1);
		expect(echo().received[0].body).toContain(encodeURIComponent(app.clientSecret));
		expectClean(error);
	});

	it('an echoed refresh grant carries no refresh token', async () => {
		const { refresh_token } = await sellerTokens(sandbox());
		echoWhen(400, isTokenRequest);

		const error = await runNodeError({
			credential: echoedCredential({ authentication: 'refreshToken', initialRefreshToken: refresh_token }),
			parameters: readLink,
		});

		expectClean(error, refresh_token);
	});

	it('a Custom Base URL with user:password@ is never repeated, even when unreachable', async () => {
		const error = await runNodeError({
			credential: credentialFor('http://admin:hunter2-proxy-pass@127.0.0.1:9', {
				clientId: app.clientId,
				clientSecret: app.clientSecret,
				authentication: 'application',
			}),
			parameters: readLink,
		});

		expect(error.message).toContain('http://127.0.0.1:9/oauth2/token/');
		expectClean(error, 'hunter2-proxy-pass', 'admin:hunter2');
	});
});

describe('grants the node sends', () => {
	it.each([400, 401, 500])("Get Seller Tokens answered %i with the echoed request: the seller's password stays out", async (status) => {
		echoWhen(status, isTokenRequest);

		const error = await runNodeError({
			credential: echoedCredential({ accessToken: 'stored-app-token-value' }),
			parameters: { resource: 'token', operation: 'getSellerTokens', username: seller.username, password: PASSWORD },
		});

		expect(echo().received[0].body).toContain(new URLSearchParams({ password: PASSWORD }).toString());
		expectClean(error, 'stored-app-token-value');
	});

	it("Refresh Seller Tokens and Act As answered with the echoed request: the seller's refresh token stays out", async () => {
		const { refresh_token } = await sellerTokens(sandbox());
		echoWhen(400, isTokenRequest);

		const refresh = await runNodeError({
			credential: echoedCredential({ accessToken: 'stored-app-token-value' }),
			parameters: { resource: 'token', operation: 'refreshSellerTokens', refreshToken: refresh_token },
		});
		const actAs = await runNodeError({
			credential: echoedCredential({ accessToken: 'stored-app-token-value' }),
			parameters: bankAccountUpdate({ actAs: 'sellerRefreshToken', sellerRefreshToken: refresh_token }),
		});

		expectClean(refresh, refresh_token);
		expectClean(actAs, refresh_token);
	});
});

describe('API errors', () => {
	it("an echoed read quotes the body without the credential's token, the salt or the client secret", async () => {
		echoWhen(400, isApiRequest, ` salt=${SALT} secret=${app.clientSecret}`);
		const credential = echoedCredential({ accessToken: '' });

		const error = await runNodeError({ credential, parameters: readLink });

		const token = String(credential.data.accessToken);
		expect(token).not.toBe('');
		expect(echo().received.filter(isApiRequest)[0].headers.authorization).toBe(`Bearer ${token}`);
		expect(error.message).toContain(`authorization=Bearer ${REDACTED}`);
		expectClean(error, token);
	});

	it("an echoed write with a seller's access token from the item does not repeat it", async () => {
		const { access_token } = await sellerTokens(sandbox());
		echoWhen(400, isApiRequest);

		const error = await runNodeError({
			credential: echoedCredential({ accessToken: 'stored-app-token-value' }),
			parameters: bankAccountUpdate({ actAs: 'sellerAccessToken', sellerAccessToken: access_token }),
		});

		expect(error.message).toContain('Instamojo refused');
		expectClean(error, access_token, 'stored-app-token-value');
	});

	it("an echoed write as the seller's account (refresh token) repeats neither the refresh token nor the rotated access token", async () => {
		const { refresh_token } = await sellerTokens(sandbox());
		echoWhen(400, isApiRequest);

		const error = await runNodeError({
			credential: echoedCredential({ accessToken: 'stored-app-token-value' }),
			parameters: bankAccountUpdate({ actAs: 'sellerRefreshToken', sellerRefreshToken: refresh_token }),
		});

		const rotatedAccess = echo().received.filter(isApiRequest)[0].headers.authorization?.replace('Bearer ', '') ?? '';
		expect(rotatedAccess).not.toBe('');
		expectCleanWords(error, refresh_token, rotatedAccess);
	});

	it("the trigger's payment fetch (readWithCredential) gets the echoed body without the credential's token", async () => {
		echoWhen(400, isApiRequest);
		const triggerToken = randomBytes(12).toString('hex');
		const credential = echoedCredential({ accessToken: triggerToken });
		const fns = fetchContext(credential);

		const response: IN8nHttpFullResponse = await readWithCredential.call(fns, '/v2/payments/MOJO0000000000000001/', credential.read(), 10_000);

		expect(response.statusCode).toBe(400);
		const body = JSON.stringify(response.body);
		expect(body).toContain(`authorization=Bearer ${REDACTED}`);
		expect(body).not.toContain(triggerToken);
		expect(body).not.toContain(SALT);
	});
});

describe('redact()', () => {
	it('removes long secrets anywhere, in every encoding, the longest first', () => {
		const text = `a=${encodeURIComponent(PASSWORD)}&b=${PASSWORD}&c=${JSON.stringify(PASSWORD)}&d=secret-value-long-1`;
		expect(redact(text, [PASSWORD, 'secret-value-long', 'secret-value-long-1'])).toBe(
			`a=${REDACTED}&b=${REDACTED}&c="${REDACTED}"&d=${REDACTED}`,
		);
	});

	it('removes a short secret only where it stands alone, so ordinary words keep their letters', () => {
		expect(redact('password=abcd&user=x; abcde is not it', ['abcd'])).toBe(`password=${REDACTED}&user=x; abcde is not it`);
		expect(redact('Check the amount', ['the'])).toBe(`Check ${REDACTED} amount`);
		expect(redact('an id of ab', ['ab'])).toBe('an id of ab');
	});

	it("collects a credential's secrets, and the userinfo of a Custom Base URL", () => {
		const savedBy01 = 'salt-saved-by-version-0.1';
		const secrets = new Secrets().addCredential({
			clientId: 'client-id-is-not-secret',
			clientSecret: 'client-secret-value',
			accessToken: 'access-token-value',
			privateSaltSecret: SALT,
			webhookSecret: savedBy01,
			baseUrl: 'https://proxy-user:proxy%40pass@proxy.example/',
		});

		expect(secrets.redact('client-id-is-not-secret client-secret-value access-token-value ' + SALT + ' ' + savedBy01)).toBe(
			`client-id-is-not-secret ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`,
		);
		expect(secrets.redact('https://proxy-user:proxy%40pass@proxy.example/ and proxy@pass')).not.toMatch(/proxy%40pass|proxy@pass/);
		expect(displayUrl('https://proxy-user:proxy%40pass@proxy.example/api?token=x#y')).toBe('https://proxy.example/api');
	});

	it('redacts keys and values of a parsed body', () => {
		expect(new Secrets().add('access-token-value').redactValue({ 'access-token-value': ['x access-token-value'] })).toEqual({
			[REDACTED]: [`x ${REDACTED}`],
		});
	});
});
