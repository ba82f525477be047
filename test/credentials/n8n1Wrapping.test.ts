/**
 * n8n 1.x wraps what the credential's preAuthentication throws in a NodeApiError that keeps the message
 * but loses the cause (its error base class redeclares `cause`). The node must still recognise a token
 * failure there: otherwise a wrong password or a refused redirect at the token endpoint reads as "no
 * response" and is sent 4 times (found by test/e2e/redirects.test.ts in n8n 1.123).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';
import { findTokenError, REDIRECTED } from '../../credentials/common/oauth';
import { DEFAULT_SEED } from '../../sandbox/server.cjs';
import { startHostile } from '../support/hostileServers.cjs';
import { useSandbox, useServer } from '../support/sandbox';
import { httpRequestWithAuthentication, StoredCredential } from '../../harness/standIn/n8nCore';

const credentialType = new InstamojoApi();

const sandbox = useSandbox();
const front = useServer(async () => await startHostile(sandbox().url));

/** The error n8n 1.x hands the node: n8n's NodeApiError around the hook's error, its cause gone. */
async function n8n1Error(fields: ICredentialDataDecryptedObject): Promise<Error> {
	const stored = new StoredCredential({
		environment: 'custom',
		baseUrl: front().url,
		clientId: DEFAULT_SEED.application.clientId,
		clientSecret: DEFAULT_SEED.application.clientSecret,
		accessToken: '',
		rotatedRefreshToken: '',
		expiresAt: '',
		...fields,
	});
	try {
		await httpRequestWithAuthentication(credentialType, stored, { method: 'GET', url: '/v2/payments/', json: true });
	} catch (error) {
		Object.defineProperty(error, 'cause', { value: undefined });
		return error as Error;
	}
	throw new Error('expected the token exchange to fail');
}

describe('a token failure wrapped as n8n 1.x wraps it', () => {
	it('is still found when the password is wrong', async () => {
		const password = `wrong-${randomBytes(6).toString('hex')}`;

		const error = await n8n1Error({ authentication: 'user', username: DEFAULT_SEED.marketplace.username, password });

		expect((error as { cause?: unknown }).cause).toBeUndefined();
		expect(findTokenError(error)).toMatchObject({ oauthError: 'invalid_grant', message: error.message });
	});

	it('is still found when the token endpoint redirects', async () => {
		front().route = () => ({ kind: 'redirect', status: 308, location: 'http://127.0.0.1:9/oauth2/token/' });

		const error = await n8n1Error({ authentication: 'application' });

		expect(findTokenError(error)).toMatchObject({ oauthError: REDIRECTED, httpStatus: 308 });
		expect(front().received).toHaveLength(1);
	});

	it('is not confused with another error that has no cause', () => {
		expect(findTokenError(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toBeUndefined();
	});
});
