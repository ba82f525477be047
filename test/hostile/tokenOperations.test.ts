/**
 * The grants a node sends (Token → Get Application Token, Get Seller Tokens,
 * Refresh Seller Tokens, Act As: Seller's Account (Refresh Token), Onboard's password grant) need only
 * the client ID and secret. They never run the credential's own token flow: a User credential whose
 * password was used still works, a Refresh Token credential keeps its refresh token unspent, and the
 * token endpoint sees exactly the node's grant. Failures give the advice that fits the case; Scope
 * goes with every grant when set.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { credentialFor, runNode, runNodeError } from '../../harness/standIn/actionNode';
import { app, bankAccountUpdate, expectNoSecrets, fault, marketplace, seller, sellerTokens, WITH_SELLER, tokenCalls, userTokens } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

/** A refresh token of the marketplace's own user, as pasted into a Refresh Token credential. */
const marketplaceRefreshToken = async (): Promise<string> => (await userTokens(sandbox(), marketplace)).refresh_token;

/** Each credential flow in the state where running its own flow would hurt or fail. */
const FLOWS: Array<[string, () => Promise<ICredentialDataDecryptedObject>]> = [
	['an Application credential with no token yet', async () => ({ authentication: 'application' })],
	[
		'a User credential whose password was used (cleared) and whose tokens are gone',
		async () => ({ authentication: 'user', username: marketplace.username, password: '' }),
	],
	[
		'a Refresh Token credential with a pasted refresh token not yet exchanged',
		async () => ({ authentication: 'refreshToken', initialRefreshToken: await marketplaceRefreshToken() }),
	],
];

const bankAccount = bankAccountUpdate({ actAs: 'sellerRefreshToken' });

/** Each operation, the parameters it runs with (given the seller's refresh token) and the grant it sends. */
const OPERATIONS: Array<[string, (refreshToken: string) => IDataObject, string]> = [
	['Token → Get Application Token', () => ({ resource: 'token', operation: 'getApplicationToken' }), 'client_credentials'],
	[
		'Token → Get Seller Tokens',
		() => ({ resource: 'token', operation: 'getSellerTokens', username: seller.username, password: seller.password }),
		'password',
	],
	['Token → Refresh Seller Tokens', (refreshToken) => ({ resource: 'token', operation: 'refreshSellerTokens', refreshToken }), 'refresh_token'],
	["Bank Account → Update as the seller's account (refresh token)", (refreshToken) => ({ ...bankAccount, sellerRefreshToken: refreshToken }), 'refresh_token'],
];

function credentialWith(fields: ICredentialDataDecryptedObject): StoredCredential {
	return credentialFor(sandbox().url, { clientId: app.clientId, clientSecret: app.clientSecret, ...fields });
}

describe.each(FLOWS)('with %s', (_flow, fields) => {
	it.each(OPERATIONS)('%s sends only its own grant and leaves the credential untouched', async (_operation, parameters, grantType) => {
		const credential = credentialWith(await fields());
		const stored = credential.read();
		const { refresh_token } = await sellerTokens(sandbox());
		const pasted = stored.initialRefreshToken as string | undefined;
		sandbox().clearLog();

		const { json } = await runNode({ credential, parameters: parameters(refresh_token) });

		expect(tokenCalls(sandbox()).map((entry) => [entry.grantType, entry.status])).toEqual([[grantType, 200]]);
		expect(credential.preAuthRuns).toBe(0);
		expect(credential.data).toEqual(stored);
		if (pasted) expect(sandbox().state.refreshTokens.get(pasted)?.refreshState).toBe('active');
		expect(json).toHaveLength(1);
		expectNoSecrets(json);
	});
});

it("Onboard's password grant does not run the credential's flow: one grant, the seller's", async () => {
	const credential = credentialWith({ authentication: 'application', defaultReferrer: app.referrer });
	const newSeller = { username: 'ravi_pottery', email: 'ravi@pottery.example', password: randomBytes(12).toString('hex'), phone: '+919876543210' };
	// The signup needs the credential's own token: fetched once (its flow), before the node's own grant.
	const { json } = await runNode({
		credential,
		parameters: {
			resource: 'seller',
			operation: 'onboard',
			email: newSeller.email,
			password: newSeller.password,
			phone: newSeller.phone,
			accountHolderName: 'Ravi Kumar',
			accountNumber: '123456789012',
			ifscCode: 'SBIN0001234',
			additionalFields: { username: newSeller.username },
		},
	});

	expect(tokenCalls(sandbox()).map((entry) => entry.grantType)).toEqual(['client_credentials', 'password']);
	expect(credential.preAuthRuns).toBe(1);
	expect(json[0]).toMatchObject({ username: newSeller.username, access_token: expect.any(String) });
	expectNoSecrets(json, newSeller.password);
});

describe('advice that fits the case', () => {
	it("a used seller refresh token under Act As gets the seller's advice, not the credential's", async () => {
		const { refresh_token } = await sellerTokens(sandbox());
		await runNode({ credential: credentialWith({ authentication: 'application' }), parameters: { ...bankAccount, sellerRefreshToken: refresh_token } });

		const error = await runNodeError({
			credential: credentialWith({ authentication: 'application' }),
			parameters: { ...bankAccount, sellerRefreshToken: refresh_token },
		});

		expect(error.message).toBe('Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired [item 0]');
		expect(error.description).toContain('pass the refresh_token stored most recently for this seller');
		expect(error.description).toContain('every use outputs a new one');
		expect(error.description).toContain('Token → Get Seller Tokens');
		expect(`${error.message} ${error.description}`).not.toMatch(/enter the password again|paste a new refresh token|Fix the credential/);
		expectNoSecrets(error, refresh_token);
	});

	it.each([500, 503, 429])(
		"a %i from the token endpoint while the credential gets its token says Instamojo is unavailable, not to fix the credential",
		async (status) => {
			await fault(sandbox(), { type: 'status', status, retryAfter: 0, path: '/oauth2/token', count: 1 });

			const error = await runNodeError({
				credential: credentialWith({ authentication: 'application' }),
				parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: 'a'.repeat(32), actAs: 'credential' },
			});

			expect(error.message).toContain(`Instamojo's token endpoint is unavailable (HTTP ${status})`);
			expect(error.description).toContain('Nothing is wrong with the credential: run again later.');
			expect(error.description).not.toContain('Fix the credential');
		},
	);

	it('an unreachable token endpoint says Instamojo or the network may be down, and no secret', async () => {
		const error = await runNodeError({
			credential: credentialFor('http://127.0.0.1:9', { clientId: app.clientId, clientSecret: app.clientSecret, authentication: 'application' }),
			parameters: { resource: 'token', operation: 'getSellerTokens', username: seller.username, password: seller.password },
		});

		expect(error.message).toContain("Could not reach Instamojo's token endpoint at http://127.0.0.1:9/oauth2/token/");
		expect(error.message).toContain('try again later');
		expect(error.description).toContain('Run again later');
		expectNoSecrets(error);
	});

	it('a 503 for a seller grant says Instamojo could not issue tokens just now', async () => {
		await fault(sandbox(), { type: 'status', status: 503, retryAfter: 0, path: '/oauth2/token', count: 1 });

		const error = await runNodeError({
			credential: credentialWith({ authentication: 'application' }),
			parameters: { resource: 'token', operation: 'getSellerTokens', username: seller.username, password: seller.password },
		});

		expect(error.message).toContain("Instamojo's token endpoint is unavailable (HTTP 503)");
		expect(error.description).toContain('nothing is wrong with the input or the credential');
		expectNoSecrets(error);
	});
});

describe('Scope', () => {
	const scope = 'payments:read refunds:read';

	it("is sent with the credential's own grant and with the seller grants of the same client when set", async () => {
		const credential = credentialWith({ authentication: 'application', scope: `  ${scope} ` });

		await runNode({
			credential,
			parameters: { resource: 'token', operation: 'getSellerTokens', username: seller.username, password: seller.password },
		});
		await runNodeError({
			credential,
			parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: 'a'.repeat(32), actAs: 'credential' },
		});

		const grants = tokenCalls(sandbox()).map((entry) => [entry.grantType, (entry.body as IDataObject).scope]);
		expect(grants).toEqual([
			['password', scope],
			['client_credentials', scope],
		]);
	});

	it('is not sent when empty', async () => {
		await runNode({ credential: credentialWith({ authentication: 'application', scope: '' }), parameters: { resource: 'token', operation: 'getApplicationToken' } });

		expect(tokenCalls(sandbox())).toHaveLength(1);
		expect(tokenCalls(sandbox())[0].body).not.toHaveProperty('scope');
	});
});
