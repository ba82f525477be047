/**
 * A redirect from the API host (a proxy, a Custom Base URL) must never carry a token or
 * the client secret to another host, and a token served after a redirect is never accepted. A hostile
 * server in front of the sandbox redirects chosen requests to a thief that records what it receives
 * and answers with tokens of its own. n8n's HTTP helper (harness/standIn/n8nCore.ts) follows redirects and
 * re-adds Authorization unless told not to, so each case fails without the node's refusal (the first
 * test shows the stand-in would leak).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';
import { readWithCredential } from '../../nodes/Instamojo/transport';
import { RedirectRefusedError } from '../../credentials/common/redirects';
import { httpRequest, httpRequestWithAuthentication, type StoredCredential } from '../../harness/standIn/n8nCore';
import { createLinkParameters, runNodeError } from '../../harness/standIn/actionNode';
import { app, appCredentialAt, bankAccountUpdate, expectNoSecrets, seller, sellerTokens, WITH_SELLER } from '../support/marketplace';
import { useSandbox, useServer } from '../support/sandbox';
import { fetchContext } from '../support/webhooks';
import { isApiRequest, isTokenRequest, type Received, startHostile, STOLEN_ACCESS_TOKEN } from '../support/hostileServers.cjs';

const credentialType = new InstamojoApi();
const STATUSES = [301, 302, 307, 308];

const sandbox = useSandbox(WITH_SELLER);
const proxy = useServer(async () => await startHostile(sandbox().url));
const thief = useServer(async () => await startHostile());

/** The proxy redirects every request `matches` selects to the thief, with a query a message must not repeat. */
function redirectWhen(status: number, matches: (request: Received) => boolean): void {
	proxy().route = (request) =>
		matches(request)
			? { kind: 'redirect', status, location: `http://user:pw@${thief().host}/collect${request.url}?stolen=1` }
			: { kind: 'forward' };
}

/** An application credential behind the proxy; `accessToken` '' makes the credential fetch one first. */
function proxiedCredential(fields: ICredentialDataDecryptedObject = {}): StoredCredential {
	return appCredentialAt(proxy().url, fields);
}

/** A valid application token, fetched from the sandbox directly. */
async function applicationToken(): Promise<string> {
	const response = await fetch(`${sandbox().url}/oauth2/token/`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret }).toString(),
	});
	return ((await response.json()) as { access_token: string }).access_token;
}

function expectRefused(error: Error & { description?: string }, status: number): void {
	expect(error.message).toContain(`answered ${status}, redirecting to ${thief().host}: the node does not follow redirects, so nothing was sent there`);
	expect(error.message).not.toContain('stolen=1');
	expect(error.message).not.toContain('user:pw');
	expect(`${error.message} ${error.description ?? ''}`).toContain('Environment and Base URL');
	expect(thief().received).toEqual([]);
	expectNoSecrets(error, STOLEN_ACCESS_TOKEN);
}

it("the stand-in for n8n's HTTP helper follows a redirect with the bearer token, as n8n does, unless told not to", async () => {
	redirectWhen(307, isApiRequest);
	const options: IHttpRequestOptions = {
		url: `${proxy().url}/v2/payments/`,
		headers: { Authorization: 'Bearer secret-bearer-value' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};

	await httpRequest(options);
	expect(thief().received.map((request) => request.headers.authorization)).toEqual(['Bearer secret-bearer-value']);

	thief().received.length = 0;
	const refused = (await httpRequest({ ...options, disableFollowRedirect: true })) as { statusCode: number };
	expect(refused.statusCode).toBe(307);
	expect(thief().received).toEqual([]);
});

describe.each(STATUSES)('a %i', (status) => {
	it("from the token endpoint, when the credential fetches its own token: no secret follows it and the thief's token is not accepted", async () => {
		redirectWhen(status, isTokenRequest);
		const credential = proxiedCredential({ accessToken: '' });

		const error = await runNodeError({
			credential,
			parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: 'a'.repeat(32), actAs: 'credential' },
		});

		expectRefused(error, status);
		expect(error.message).toContain("Instamojo's token endpoint answered");
		expect(error.message).toContain('no token was accepted');
		expect(credential.data.accessToken).toBe('');
		expect(proxy().received.filter(isApiRequest)).toEqual([]);
	});

	it.each([
		['Get Application Token', { operation: 'getApplicationToken' }],
		['Get Seller Tokens', { operation: 'getSellerTokens', username: seller.username, password: seller.password }],
		['Refresh Seller Tokens', { operation: 'refreshSellerTokens', refreshToken: 'a-seller-refresh-token-value' }],
	])('from the token endpoint, for Token → %s: nothing reaches the other host and no token is output', async (_name, parameters) => {
		redirectWhen(status, isTokenRequest);
		const credential = proxiedCredential({ accessToken: await applicationToken() });

		const error = await runNodeError({ credential, parameters: { resource: 'token', ...parameters } });

		expectRefused(error, status);
		expectNoSecrets(error, 'a-seller-refresh-token-value');
		expect(proxy().received.filter(isTokenRequest)).toHaveLength(1);
	});

	it("for a read with the credential's token: the token does not follow it, and the read is not retried", async () => {
		redirectWhen(status, isApiRequest);
		const token = await applicationToken();

		const error = await runNodeError({
			credential: proxiedCredential({ accessToken: token }),
			parameters: { resource: 'paymentLink', operation: 'get', paymentLinkId: 'a'.repeat(32), actAs: 'credential' },
		});

		expectRefused(error, status);
		expectNoSecrets(error, token);
		expect(proxy().received.filter(isApiRequest)).toHaveLength(1);
		expect((error as { httpCode?: string }).httpCode).toBe(String(status));
	});

	it("for a write with the credential's token: nothing is posted to the other host", async () => {
		redirectWhen(status, isApiRequest);

		const error = await runNodeError({
			credential: proxiedCredential({ accessToken: await applicationToken() }),
			parameters: createLinkParameters({ actAs: 'credential', amount: '100', purpose: 'Redirected write' }),
		});

		expectRefused(error, status);
		expect(proxy().received.filter(isApiRequest).map((request) => request.method)).toEqual(['POST']);
		expect(sandbox().state.paymentRequests.size).toBe(0);
	});

	it("for a write with a seller's access token from the item: the seller's token does not follow it", async () => {
		redirectWhen(status, isApiRequest);
		const { access_token } = await sellerTokens(sandbox());

		const error = await runNodeError({
			credential: proxiedCredential({ accessToken: await applicationToken() }),
			parameters: bankAccountUpdate({ actAs: 'sellerAccessToken', sellerAccessToken: access_token }),
		});

		expectRefused(error, status);
		expectNoSecrets(error, access_token);
		expect(proxy().received.filter(isApiRequest).map((request) => request.headers.authorization)).toEqual([`Bearer ${access_token}`]);
	});

	it("for the trigger's payment fetch (readWithCredential): refused, so the trigger's token stays home", async () => {
		redirectWhen(status, isApiRequest);
		const credential = proxiedCredential({ accessToken: await applicationToken() });
		const fns = fetchContext(credential);

		const fetching = readWithCredential.call(fns, '/v2/payments/MOJO0000000000000001/', credential.read(), 10_000);

		await expect(fetching).rejects.toBeInstanceOf(RedirectRefusedError);
		await expect(fetching).rejects.toThrow(`answered ${status}, redirecting to ${thief().host}`);
		expect(thief().received).toEqual([]);
	});

	it("for the credential test's request: n8n fails it on the 30x, with the credential's rule for it, and the token stays home", async () => {
		redirectWhen(status, isApiRequest);
		const credential = proxiedCredential({ accessToken: await applicationToken() });
		const request = credentialType.test.request;

		// n8n evaluates the test request's baseURL expression; here it is the Custom Base URL.
		const failure = await httpRequestWithAuthentication(credentialType, credential, {
			...request,
			baseURL: proxy().url,
			url: request.url ?? '',
		} as IHttpRequestOptions).then(
			() => undefined,
			(error: { cause?: { response?: { status?: number } } }) => error,
		);

		expect(failure?.cause?.response?.status).toBe(status);
		expect(thief().received).toEqual([]);
		const rule = credentialType.test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === status);
		expect(rule?.properties.message).toContain('does not follow');
	});
});
