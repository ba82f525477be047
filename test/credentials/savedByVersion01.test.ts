/**
 * Credentials saved by version 0.1 keep working after the fields were renamed to match their labels:
 * the Private Salt stored as `webhookSecret`, the rotated refresh token as `refreshToken`
 * (credentials/common/fields.ts).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';
import { httpRequestWithAuthentication, StoredCredential } from '../../harness/standIn/n8nCore';
import { deliver, SALT, triggerCredential } from '../../harness/standIn/webhookTrigger';
import { app, marketplace, tokenCalls, userTokens } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';
import { PUBLISHED_MAC, PUBLISHED_PAYMENT } from '../support/webhooks';

const credentialType = new InstamojoApi();
const sandbox = useSandbox();

/** A credential with exactly the keys version 0.1 saved. */
function savedByVersion01(fields: ICredentialDataDecryptedObject): StoredCredential {
	return new StoredCredential({
		accessToken: '',
		refreshToken: '',
		expiresAt: '',
		environment: 'custom',
		baseUrl: sandbox().url,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		username: marketplace.username,
		password: '',
		initialRefreshToken: '',
		defaultReferrer: '',
		scope: '',
		webhookSecret: SALT,
		...fields,
	});
}

const listPayments = async (stored: StoredCredential) =>
	await httpRequestWithAuthentication(credentialType, stored, { method: 'GET', url: '/v2/payments/', qs: { limit: 1 }, json: true });

/** A refresh token of the marketplace's user, as version 0.1 had stored it after its last renewal. */
async function storedBefore(): Promise<string> {
	const { refresh_token } = await userTokens(sandbox(), marketplace);
	sandbox().clearLog();
	return refresh_token;
}

describe('a credential saved by version 0.1', () => {
	it.each(['user', 'refreshToken'])('(%s) renews with its rotated refresh token, stores the next under the new key and clears the old', async (authentication) => {
		const before = await storedBefore();
		const stored = savedByVersion01({ authentication, refreshToken: before });

		await listPayments(stored);

		expect(tokenCalls(sandbox()).map((call) => [call.grantType, call.status])).toEqual([['refresh_token', 200]]);
		const rotated = String(stored.data.rotatedRefreshToken);
		expect(rotated).not.toBe('');
		expect(rotated).not.toBe(before);
		expect(stored.data.refreshToken).toBe('');

		// The next renewal uses the token under the new key.
		stored.data.accessToken = '';
		await listPayments(stored);
		expect(tokenCalls(sandbox()).map((call) => call.status)).toEqual([200, 200]);
		expect(stored.data.rotatedRefreshToken).not.toBe(rotated);
	});

	it('(application) gets a token and lists payments', async () => {
		const stored = savedByVersion01({ authentication: 'application' });
		await expect(listPayments(stored)).resolves.toMatchObject({ payments: expect.any(Array) });
		expect(stored.data.rotatedRefreshToken).toBe('');
	});
});

describe("the trigger's Private Salt", () => {
	const body = new URLSearchParams({ ...PUBLISHED_PAYMENT, mac: PUBLISHED_MAC }).toString();
	const deliverSigned = async (credential: StoredCredential) =>
		await deliver({ body }, { credential, parameters: { verification: 'salt' } });

	it('verifies with the salt version 0.1 stored', async () => {
		expect((await deliverSigned(triggerCredential({ privateSaltSecret: '', webhookSecret: SALT }))).started).toBe(true);
	});

	it('verifies with the salt under its new key', async () => {
		expect((await deliverSigned(triggerCredential({ webhookSecret: '', privateSaltSecret: SALT }))).started).toBe(true);
	});

	it('prefers a salt entered under the new key to the one version 0.1 stored', async () => {
		const enteredLater = 'a-salt-entered-later-0123456789';
		const run = await deliverSigned(triggerCredential({ webhookSecret: SALT, privateSaltSecret: enteredLater }));
		expect(run).toMatchObject({ status: 401, started: false });
	});
});
