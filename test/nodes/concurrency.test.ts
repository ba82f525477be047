/**
 * Options → Concurrency and the per-execution work behind it: items in flight together keep their
 * output order and pairing, never exceed the limit, share one 429 pause and one token fetch or renewal
 * (a user's refresh token works once), and continueOnFail still reports each item in its place. Also:
 * the credential is read once per execution and handed to n8n with every request, and long lists are
 * read a page ahead.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { Instamojo } from '../../nodes/Instamojo/Instamojo.node';
import { createLinkParameters, executeFunctions, MY_ACCOUNT, type RunOptions, runNodeError } from '../../harness/standIn/actionNode';
import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { apiCalls, app, appCredential, bulkPayments, fault, getManyParameters, sellerRefreshToken, tokenCalls, userCredential, WITH_SELLER } from '../support/marketplace';
import { expireTokens, useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const createParameters = (concurrency: number): RunOptions['parameters'] =>
	createLinkParameters({
		...MY_ACCOUNT,
		amount: (item: IDataObject) => item.amount,
		purpose: (item: IDataObject) => item.purpose,
		options: { concurrency },
	});

const orders = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({ amount: 100 + i, purpose: `Order ${i}` }));

interface Call {
	started: number;
	ended: number;
	status?: number;
	credentialsDecrypted: boolean;
}

/**
 * Runs the node with n8n's helpers wrapped, to see from the node's side what the sandbox cannot show:
 * how many requests were in flight at once, when each started and ended, and how often the credential
 * was read.
 */
async function instrumentedRun(options: RunOptions): Promise<{ output: INodeExecutionData[]; calls: Call[]; most: number; credentialReads: number }> {
	const fns = executeFunctions(options) as unknown as {
		helpers: Record<string, (...args: unknown[]) => Promise<unknown>>;
		getCredentials: (...args: unknown[]) => Promise<unknown>;
	};
	const calls: Call[] = [];
	let running = 0;
	let most = 0;
	let credentialReads = 0;
	const wrap =
		(send: (...args: unknown[]) => Promise<unknown>) =>
		async (...args: unknown[]): Promise<unknown> => {
			const call: Call = { started: Date.now(), ended: 0, credentialsDecrypted: Boolean((args[2] as IDataObject | undefined)?.credentialsDecrypted) };
			calls.push(call);
			running++;
			most = Math.max(most, running);
			try {
				const response = await send(...args);
				call.status = (response as IN8nHttpFullResponse).statusCode;
				return response;
			} finally {
				running--;
				call.ended = Date.now();
			}
		};
	const { httpRequest, httpRequestWithAuthentication } = fns.helpers;
	fns.helpers = { httpRequest: wrap(httpRequest), httpRequestWithAuthentication: wrap(httpRequestWithAuthentication) };
	const getCredentials = fns.getCredentials;
	fns.getCredentials = async (...args) => {
		credentialReads++;
		return await getCredentials(...args);
	};
	const [output] = await new Instamojo().execute.call(fns as never);
	return { output, calls, most, credentialReads };
}

const purposes = (output: INodeExecutionData[]) => output.map((item) => item.json.purpose);
const pairs = (output: INodeExecutionData[]) => output.map((item) => item.pairedItem);
const creates = () => apiCalls(sandbox()).filter((call) => call.method === 'POST');

describe('Options → Concurrency', () => {
	it('keeps the output in input order, each item paired with its input, however the answers arrive', async () => {
		// The first three requests are answered last.
		await fault(sandbox(), { type: 'delay', ms: 150, count: 3, path: '/v2/payment_requests' });

		const { output, most } = await instrumentedRun({ credential: appCredential(sandbox()), items: orders(12), parameters: createParameters(4) });

		expect(most).toBe(4);
		expect(purposes(output)).toEqual(orders(12).map((order) => order.purpose));
		expect(pairs(output)).toEqual([...Array(12).keys()].map((item) => ({ item })));
		expect(creates().map((call) => call.status)).toEqual(Array(12).fill(201));
	});

	it('never has more requests in flight than the limit', async () => {
		await fault(sandbox(), { type: 'delay', ms: 30, count: 20, path: '/v2/payment_requests' });

		const { most } = await instrumentedRun({ credential: appCredential(sandbox()), items: orders(20), parameters: createParameters(3) });

		expect(most).toBe(3);
		expect(creates()).toHaveLength(20);
	});

	it('runs one item at a time by default', async () => {
		const parameters = { ...createParameters(1), options: {} };

		const { most, output } = await instrumentedRun({ credential: appCredential(sandbox()), items: orders(5), parameters });

		expect(most).toBe(1);
		expect(output).toHaveLength(5);
	});

	it('pauses every request after a 429 until its Retry-After has passed, then creates each link once', async () => {
		await fault(sandbox(), { type: 'status', status: 429, retryAfter: 1, count: 1, path: '/v2/payment_requests' });

		const { output, calls } = await instrumentedRun({ credential: appCredential(sandbox()), items: orders(8), parameters: createParameters(4) });

		const throttled = calls.find((call) => call.status === 429)!;
		const since = (call: Call) => call.started - throttled.ended;
		// Requests decided in the same instant the 429 arrived are not held back; none after it within Retry-After.
		expect(calls.filter((call) => since(call) > 20 && since(call) < 950)).toEqual([]);
		expect(calls.filter((call) => since(call) >= 950).length).toBeGreaterThan(0);
		expect(purposes(output)).toEqual(orders(8).map((order) => order.purpose));
		expect(creates().map((call) => call.status).sort()).toEqual([...Array(8).fill(201), 429]);
	});

	it('with Continue On Fail, reports each failing item in its place and creates the others', async () => {
		const items = orders(8);
		items[2].amount = 5; // below Instamojo's minimum: refused before anything is sent
		items[5].amount = 5;

		const { output } = await instrumentedRun({ credential: appCredential(sandbox()), items, parameters: createParameters(4), continueOnFail: true });

		expect(output.map((item) => (item.json.error ? `error ${item.json.itemIndex}` : item.json.purpose))).toEqual([
			'Order 0',
			'Order 1',
			'error 2',
			'Order 3',
			'Order 4',
			'error 5',
			'Order 6',
			'Order 7',
		]);
		expect(output[2].json.error).toContain('[item 2]');
		expect(pairs(output)).toEqual([...Array(8).keys()].map((item) => ({ item })));
		expect(creates()).toHaveLength(6);
	});

	it('without Continue On Fail, stops at the first failing item and names the later items already created', async () => {
		// Item 0 is slow; item 1 fails at once; item 2 was taken up meanwhile; nothing after it starts.
		await fault(sandbox(), { type: 'delay', ms: 100, count: 1, path: '/v2/payment_requests' });
		const items = orders(6);
		items[1].amount = 5;

		const error = await instrumentedRun({ credential: appCredential(sandbox()), items, parameters: createParameters(3) }).then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);

		expect(error?.message).toContain('[item 1]');
		expect(error?.description).toContain('Item 2 was sent at the same time');
		expect(creates().map((call) => call.body)).toEqual([
			expect.objectContaining({ purpose: 'Order 0' }),
			expect.objectContaining({ purpose: 'Order 2' }),
		]);
	});

	it('without Continue On Fail, also reports the later items in flight that failed', async () => {
		await fault(sandbox(), { type: 'delay', ms: 100, count: 1, path: '/v2/payment_requests' });
		const items = orders(6);
		items[1].amount = 5;
		items[2].purpose = '';

		const error = await instrumentedRun({ credential: appCredential(sandbox()), items, parameters: createParameters(3) }).then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);

		expect(error?.message).toContain('[item 1]');
		expect(error?.description).toMatch(/Also failed: Purpose .*\[item 2\]/);
		expect(creates()).toHaveLength(1);
	});
});

describe('the credential, once per execution', () => {
	it('is read once and handed to n8n with every request', async () => {
		const credential = appCredential(sandbox());
		await instrumentedRun({ credential, items: orders(2), parameters: createParameters(1) });

		const { calls, credentialReads } = await instrumentedRun({ credential, items: orders(15), parameters: createParameters(1) });

		expect(credentialReads).toBe(1);
		expect(calls).toHaveLength(15);
		expect(calls.every((call) => call.credentialsDecrypted)).toBe(true);
	});

	it("is read once too when every item exchanges a seller's refresh token at the token endpoint", async () => {
		const credential = appCredential(sandbox());
		const sellers: IDataObject[] = await Promise.all(orders(3).map(async (order) => ({ ...order, refresh_token: await sellerRefreshToken(sandbox()) })));
		const parameters = { ...createParameters(1), actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token };
		sandbox().clearLog();

		const { calls, credentialReads, output } = await instrumentedRun({ credential, items: sellers, parameters });

		expect(output.map((item) => item.json.error ?? item.json.purpose)).toEqual(sellers.map((item) => item.purpose));
		const exchanges = tokenCalls(sandbox()).filter((call) => call.grantType === 'refresh_token');
		expect(exchanges.map((call) => call.status)).toEqual([200, 200, 200]);
		expect(credentialReads).toBe(1);
		// A seller's grant carries the client ID and secret itself: none runs the credential's own authentication.
		expect(calls.filter((call) => call.credentialsDecrypted)).toHaveLength(0);
	});

	it('on first use fetches one token, though ten requests are about to be sent', async () => {
		const { output } = await instrumentedRun({ credential: appCredential(sandbox()), items: orders(10), parameters: createParameters(10) });

		expect(tokenCalls(sandbox())).toHaveLength(1);
		expect(output).toHaveLength(10);
		expect(creates().every((call) => call.auth.kind === 'application' && call.status === 201)).toBe(true);
	});

	it('renews an expired token once for every request in flight', async () => {
		const credential = appCredential(sandbox());
		await instrumentedRun({ credential, items: orders(1), parameters: createParameters(1) });
		await expireTokens(sandbox());
		sandbox().clearLog();

		const { output } = await instrumentedRun({ credential, items: orders(10), parameters: createParameters(5) });

		expect(tokenCalls(sandbox())).toHaveLength(1);
		expect(output.map((item) => item.json.purpose)).toEqual(orders(10).map((order) => order.purpose));
		expect(creates().filter((call) => call.status === 201)).toHaveLength(10);
	});

	it("renews a user's rotating refresh token once, stores the new one, and the next execution needs no token call", async () => {
		const credential: StoredCredential = userCredential(sandbox());
		await instrumentedRun({ credential, items: orders(1), parameters: createParameters(1) });
		const firstRefreshToken = credential.data.rotatedRefreshToken;
		await expireTokens(sandbox());
		sandbox().clearLog();

		const { output } = await instrumentedRun({ credential, items: orders(10), parameters: createParameters(5) });

		expect(tokenCalls(sandbox()).map((call) => [call.grantType, call.status])).toEqual([['refresh_token', 200]]);
		expect(output).toHaveLength(10);
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		expect(credential.data.rotatedRefreshToken).not.toBe(firstRefreshToken);
		expect(credential.data.rotatedRefreshToken).not.toBe('');

		sandbox().clearLog();
		await instrumentedRun({ credential, items: orders(3), parameters: createParameters(3) });
		expect(tokenCalls(sandbox())).toHaveLength(0);
		expect(creates().every((call) => call.auth.kind === 'user' && call.status === 201)).toBe(true);
	});

	describe('when another n8n process spends the stored refresh token at the same moment', () => {
		/** What the other process does: renew with the stored refresh token, directly at the token endpoint. */
		async function renewElsewhere(credential: StoredCredential): Promise<ICredentialDataDecryptedObject> {
			const response = await fetch(`${sandbox().url}/oauth2/token/`, {
				method: 'POST',
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: String(credential.data.rotatedRefreshToken),
					client_id: app.clientId,
					client_secret: app.clientSecret,
				}),
			});
			const body = (await response.json()) as { access_token: string; refresh_token: string };
			return { accessToken: body.access_token, rotatedRefreshToken: body.refresh_token };
		}

		/** The other process saves its tokens only once this one's renewal was refused: the race it loses. */
		function saveAfterRefusedRenewal(credential: StoredCredential, tokens: ICredentialDataDecryptedObject): void {
			const read = credential.read.bind(credential);
			credential.read = () => {
				const refused = tokenCalls(sandbox()).some((call) => call.grantType === 'refresh_token' && call.status === 400);
				if (refused) Object.assign(credential.data, tokens);
				return read();
			};
		}

		async function expiredCredential(): Promise<StoredCredential> {
			const credential = userCredential(sandbox());
			await instrumentedRun({ credential, items: orders(1), parameters: createParameters(1) });
			await expireTokens(sandbox());
			return credential;
		}

		it('sends the refused create once more with the tokens the other process saved: one link, no error', async () => {
			const credential = await expiredCredential();
			const saved = await renewElsewhere(credential);
			saveAfterRefusedRenewal(credential, saved);
			sandbox().clearLog();

			const { output } = await instrumentedRun({ credential, items: orders(1), parameters: createParameters(1) });

			expect(output.map((item) => item.json.error ?? item.json.purpose)).toEqual(['Order 0']);
			expect(tokenCalls(sandbox()).map((call) => [call.grantType, call.status])).toEqual([['refresh_token', 400]]);
			expect(creates().map((call) => `${call.auth.kind} → ${call.status}`)).toEqual(['revoked → 401', 'user → 201']); // its renewal ended the old access token
			expect(credential.data.rotatedRefreshToken).toBe(saved.rotatedRefreshToken);
		});

		it('resends only once: a refresh token spent for good fails the item, saying what to do', async () => {
			const credential = await expiredCredential();
			await renewElsewhere(credential);
			sandbox().clearLog();

			const error = await runNodeError({ credential, items: orders(1), parameters: createParameters(1) });

			expect(error.message).toMatch(/refresh token stored in the Instamojo credential was already used.*run this item again.*\[item 0\]$/s);
			expect(tokenCalls(sandbox()).map((call) => call.status)).toEqual([400, 400]);
			expect(creates().map((call) => call.status)).toEqual([401, 401]);
			expect(sandbox().state.paymentRequests.size).toBe(1); // the link of the first run only
		});
	});
});

describe('Get Many of a long list', () => {
	/** Pages 1… holding `count` objects at 100 a page, or at the server's smaller cap (50 in the pessimistic profile). */
	const pageNumbers = (count: number) =>
		Array.from({ length: Math.ceil(count / Math.min(100, sandbox().decisions.maxPageSize)) }, (_, index) => index + 1);

	it('reads a page ahead, asks for each page once and none past the end, and keeps the order', async () => {
		const ids = await bulkPayments(sandbox(), 750);

		const { output, most } = await instrumentedRun({ credential: appCredential(sandbox()), parameters: getManyParameters('payment') });

		expect(output.map((item) => item.json.id)).toEqual([...ids].reverse());
		expect(
			apiCalls(sandbox())
				.map((call) => Number(call.query.page))
				.sort((a, b) => a - b),
		).toEqual(pageNumbers(750));
		expect(most).toBe(2);
	});

	it('with a Limit, asks for no page beyond it', async () => {
		await bulkPayments(sandbox(), 750);

		const { output } = await instrumentedRun({ credential: appCredential(sandbox()), parameters: getManyParameters('payment', { returnAll: false, limit: 620 }) });

		expect(output).toHaveLength(620);
		expect(apiCalls(sandbox()).map((call) => Number(call.query.page)).sort((a, b) => a - b)).toEqual(pageNumbers(620));
	});
});
