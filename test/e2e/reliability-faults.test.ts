/**
 * Faults in real n8n: the Instamojo node run by n8n 2.41.1 against the sandbox's fault injection
 * (`POST /_sandbox/faults`, token expiry and revocation). Each test asserts what the user sees (the
 * output items, error items with "[item N]") and what the API ended with (the sandbox's state and log).
 * Every row of the table in docs/reliability.md comes from a test here or in the other reliability files.
 *
 * One n8n server for the file; each workflow is started through its webhook and answers with all its
 * output items, the Instamojo node set to continue on error as users run payment workflows. The 31 s
 * "slower than the timeout" runs start in beforeAll and are checked last, so they overlap the rest.
 */
import { type IDataObject, sleep } from 'n8n-workflow';

import { DEFAULT_SEED, type LogEntry, type Sandbox, startSandbox } from '../../sandbox/server.cjs';
import { type CredentialRef, instamojoCredential, N8nInstance, packPackage } from '../../harness/n8n/index.cjs';
import { bulkPayments, fault as sandboxFault } from '../support/marketplace';
import { accepted, control, expireTokens } from '../support/sandbox';
import { continueOnFail, itemPath, itemWorkflow, type OutputItem, type Proxy, refundEachPayment, report, runItems, startRetryAfterStrippingProxy, tolerantNode } from './reliability.cjs';

const USER = { type: 'instamojoApi', id: 'faultUserCred001', name: 'Instamojo marketplace user' };
const APP = { type: 'instamojoApi', id: 'faultAppCred0001', name: 'Instamojo marketplace application' };
const SELLER = { type: 'instamojoApi', id: 'faultSellerCred1', name: 'Instamojo seller (refresh token spent elsewhere)' };
const GATEWAY = { type: 'instamojoApi', id: 'faultGwCred00001', name: 'Instamojo through a gateway without Retry-After' };

const SPENT_SELLER = { username: 'spent-seller', password: 'spent-seller-password', email: 'spent@shop.example', phone: '9876543211' };
const TIMEOUT_MS = 30_000;
const SLOWER_THAN_TIMEOUT_MS = TIMEOUT_MS + 1_000;

const createLink = (credential: CredentialRef) =>
	tolerantNode(
		'Create Payment Link',
		{ resource: 'paymentLink', operation: 'create', actAs: 'credential', amount: '={{ $json.amount }}', purpose: '={{ $json.purpose }}' },
		credential,
	);
const getPayment = (credential: CredentialRef) =>
	tolerantNode('Get Payment', { resource: 'payment', operation: 'get', paymentId: '={{ $json.paymentId }}' }, credential);

/** path → the workflow it starts; the ids are 16 characters like n8n's. */
const WORKFLOWS = {
	links: itemWorkflow('faultLinksWf0001', 'faults-links', [createLink(USER)]),
	appLinks: itemWorkflow('faultAppLinksWf1', 'faults-app-links', [createLink(APP)]),
	payments: itemWorkflow('faultPaymentsWf1', 'faults-payments', [getPayment(USER)]),
	gatewayPayments: itemWorkflow('faultGwPaymentsW', 'faults-gateway-payments', [getPayment(GATEWAY)]),
	sellerPayments: itemWorkflow('faultSellerPayWf', 'faults-seller-payments', [getPayment(SELLER)]),
	refunds: itemWorkflow('faultRefundsWf01', 'faults-refunds', [
		continueOnFail(refundEachPayment({ reason: 'PTH', body: 'Reliability test refund' }, USER)),
	]),
	releases: itemWorkflow('faultReleasesWf1', 'faults-releases', [
		tolerantNode('Release', { resource: 'release', operation: 'release', paymentId: '={{ $json.paymentId }}' }, USER),
	]),
	signups: itemWorkflow('faultSignupsWf01', 'faults-signups', [
		tolerantNode(
			'Sign Up',
			{ resource: 'seller', operation: 'create', email: '={{ $json.email }}', password: '={{ $json.password }}', phone: '={{ $json.phone }}' },
			APP,
		),
	]),
};
type WorkflowName = keyof typeof WORKFLOWS;

describe('faults in real n8n', () => {
	let sandbox: Sandbox;
	let proxy: Proxy;
	let n8n: N8nInstance;
	let payments: string[];
	let heldPayments: string[];
	let sellerPayment: string;
	let slowRuns: Promise<OutputItem[][]>;
	let slowStarted: number;

	const run = async (name: WorkflowName, items: Array<Record<string, unknown>>) => await runItems(n8n, itemPath(WORKFLOWS[name]), items);
	const fault = async (body: IDataObject) => await sandboxFault(sandbox, body);
	/** The last log sequence number, to read only what a test caused (the log is never cleared here). */
	const mark = (): number => sandbox.log().at(-1)?.seq ?? 0;
	const since = (seq: number): LogEntry[] => sandbox.log().filter((entry) => entry.seq > seq);
	const tokenGrants = (entries: LogEntry[]) =>
		entries.filter((e) => e.path === '/oauth2/token/').map((e) => `${e.grantType} → ${e.status}`);
	/** `METHOD who → status` per call under `path`; a faulted call is answered before authentication, so it shows the fault. */
	const calls = (entries: LogEntry[], path: string) =>
		entries
			.filter((e) => e.path.startsWith(path))
			.map((e) => `${e.method} ${e.fault ?? e.auth.kind} → ${e.status}`);
	/** The calls with repeats of the same call in a row folded into one: how many 401s precede a renewal is the transport's business. */
	const distinctCalls = (entries: LogEntry[], path: string) =>
		calls(entries, path).filter((call, i, all) => i === 0 || call !== all[i - 1]);
	const linksWithPurpose = (prefix: string) =>
		[...sandbox.state.paymentRequests.values()].filter((link) => link.purpose.startsWith(prefix));

	function credentials() {
		const common = { application: DEFAULT_SEED.application };
		const marketplaceLogin = { username: DEFAULT_SEED.marketplace.username, password: DEFAULT_SEED.marketplace.password };
		return [
			instamojoCredential({ ...USER, ...common, baseUrl: sandbox.url, authentication: 'user', data: marketplaceLogin }),
			instamojoCredential({
				...APP,
				...common,
				baseUrl: sandbox.url,
				authentication: 'application',
				data: { defaultReferrer: DEFAULT_SEED.application.referrer },
			}),
			instamojoCredential({
				...SELLER,
				...common,
				baseUrl: sandbox.url,
				authentication: 'user',
				data: { username: SPENT_SELLER.username, password: SPENT_SELLER.password },
			}),
			instamojoCredential({ ...GATEWAY, ...common, baseUrl: proxy.url, authentication: 'user', data: marketplaceLogin }),
		];
	}

	/** Starts the two runs that meet an API slower than the request timeout, once their requests are held. */
	async function startSlowRuns(): Promise<void> {
		const before = mark();
		await fault({ type: 'delay', ms: SLOWER_THAN_TIMEOUT_MS, count: 1, method: 'POST', path: '/v2/payment_requests/' });
		await fault({ type: 'delay', ms: SLOWER_THAN_TIMEOUT_MS, count: 1, path: `/v2/payments/${payments[5]}/` });
		slowStarted = Date.now();
		slowRuns = Promise.all([
			run('appLinks', [{ amount: 250, purpose: 'Slow API #0' }]),
			run('payments', [{ paymentId: payments[5] }]),
		]);
		slowRuns.catch(() => undefined); // awaited in the last test; never an unhandled rejection meanwhile
		const deadline = Date.now() + 60_000;
		while (since(before).filter((e) => e.fault?.startsWith('delay')).length < 2) {
			if (Date.now() > deadline) throw new Error('the slow requests never reached the sandbox');
			await sleep(50);
		}
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ seed: { sellers: [SPENT_SELLER] } });
		proxy = await startRetryAfterStrippingProxy(sandbox.url);
		payments = await bulkPayments(sandbox, 6);
		heldPayments = await bulkPayments(sandbox, 2, undefined, true);
		const seller = [...sandbox.state.users.values()].find((user) => user.username === SPENT_SELLER.username);
		[sellerPayment] = await bulkPayments(sandbox, 1, seller?.id);

		n8n = await N8nInstance.create();
		await n8n.installPackage(await packPackage());
		await n8n.importCredentials(credentials());
		await n8n.importWorkflows(Object.values(WORKFLOWS));
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		for (const workflow of Object.values(WORKFLOWS)) await n8n.publish(workflow.id);
		// First use of each user credential: its password is exchanged once, here, not inside a test.
		for (const [name, paymentId] of [
			['payments', payments[0]],
			['gatewayPayments', payments[0]],
			['sellerPayments', sellerPayment],
		] as const) {
			const [item] = await run(name, [{ paymentId }]);
			expect(item.error).toBeUndefined();
		}
		await startSlowRuns();
	});

	afterAll(async () => {
		await n8n?.dispose();
		await proxy?.close();
		await sandbox?.close();
	});

	describe('tokens', () => {
		it('access token expired in the middle of a 500-item run: renewed once, every link created once', async () => {
			const before = mark();
			const items = Array.from({ length: 500 }, (_, i) => ({ amount: 100 + (i % 50), purpose: `Mid-run #${i}` }));
			const started = Date.now();
			let finished = false;
			const output = run('links', items).finally(() => (finished = true));
			const created = () => since(before).filter((e) => e.path === '/v2/payment_requests/' && e.status === 201).length;
			while (!finished && created() < 250) await sleep(5);
			const expiredAfter = created();
			await expireTokens(sandbox, { kind: 'user' });

			const items500 = await output;
			const log = since(before);

			report(`mid-run expiry: 500 links in ${Date.now() - started} ms, tokens expired after ${expiredAfter}`);
			expect(expiredAfter).toBeGreaterThan(0);
			expect(expiredAfter).toBeLessThan(500);
			expect(items500.filter((item) => item.error !== undefined)).toEqual([]);
			expect(new Set(items500.map((item) => item.id)).size).toBe(500);
			const links = linksWithPurpose('Mid-run #');
			expect(links).toHaveLength(500);
			expect(new Set(links.map((link) => link.purpose)).size).toBe(500);
			expect(tokenGrants(log)).toEqual(['refresh_token → 200']);
			const refused = calls(log, '/v2/payment_requests/').filter((c) => !c.endsWith('→ 201'));
			expect(new Set(refused)).toEqual(new Set(['POST expired → 401']));
		});

		it('access token revoked: renewed with the refresh token, the item succeeds', async () => {
			accepted(await control(sandbox, 'POST', 'tokens/revoke', { kind: 'user', access: true }));
			const before = mark();

			const [item] = await run('payments', [{ paymentId: payments[0] }]);

			expect(item.error).toBeUndefined();
			expect(item.id).toBe(payments[0]);
			expect(distinctCalls(since(before), `/v2/payments/${payments[0]}/`)).toEqual(['GET revoked → 401', 'GET user → 200']);
			expect(tokenGrants(since(before))).toEqual(['refresh_token → 200']);
		});

		it('refresh token already used elsewhere: after one resend the item fails saying what to do, and nothing is applied', async () => {
			const seller = [...sandbox.state.users.values()].find((user) => user.username === SPENT_SELLER.username);
			const stored = [...sandbox.state.refreshTokens.values()].find(
				(token) => token.userId === seller?.id && token.refreshState === 'active',
			);
			// Another program (or a copy of this credential) spends the refresh token n8n stored.
			const spent = await fetch(`${sandbox.url}/oauth2/token/`, {
				method: 'POST',
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: String(stored?.refreshToken),
					client_id: DEFAULT_SEED.application.clientId,
					client_secret: DEFAULT_SEED.application.clientSecret,
				}),
			});
			expect(spent.status).toBe(200);
			const before = mark();

			const [item] = await run('sellerPayments', [{ paymentId: sellerPayment }]);

			expect(item.error).toMatch(/refresh token stored in the Instamojo credential was already used/);
			expect(item.error).toMatch(/run this item again/);
			expect(item.error).toMatch(/enter the seller's password again/);
			expect(item.error).toMatch(/\[item 0\]$/);
			expect(item.description).toMatch(/could not get a token, so nothing was sent/);
			// Sent once more after 1 s, in case another process had just renewed (it had not): then it stops.
			expect(tokenGrants(since(before))).toEqual(['refresh_token → 400', 'refresh_token → 400']);
			// Spending the refresh token also ended its access token (the sandbox's default, as django-oauth-toolkit does).
			expect(calls(since(before), `/v2/payments/${sellerPayment}/`)).toEqual(['GET revoked → 401', 'GET revoked → 401']);
		});
	});

	describe('429 storms', () => {
		it('with Retry-After: waits as told and creates the link once', async () => {
			await fault({ type: 'status', status: 429, retryAfter: 1, count: 3, path: '/v2/payment_requests/' });
			const before = mark();
			const started = Date.now();

			const [item] = await run('links', [{ amount: 300, purpose: 'Throttled #0' }]);

			report(`429 ×3 with Retry-After: 1 → created after ${Date.now() - started} ms`);
			expect(item.error).toBeUndefined();
			expect(calls(since(before), '/v2/payment_requests/')).toEqual([
				'POST status 429 → 429',
				'POST status 429 → 429',
				'POST status 429 → 429',
				'POST user → 201',
			]);
			expect(linksWithPurpose('Throttled #0')).toHaveLength(1);
		});

		it('longer than the attempts: the item fails after 4 attempts, naming the limit, and nothing is created', async () => {
			await fault({ type: 'status', status: 429, retryAfter: 1, count: 4, path: '/v2/payment_requests/' });

			const [item] = await run('links', [{ amount: 300, purpose: 'Throttled #1' }]);

			expect(item.error).toBe(
				'Instamojo refused to create the payment link (HTTP 429) after 4 attempts: Request was throttled. Expected available in 1 second. [item 0]',
			);
			expect(item.description).toMatch(/rate-limiting/);
			expect(linksWithPurpose('Throttled #1')).toEqual([]);
		});

		it('with a Retry-After over a minute: fails at once instead of holding the execution', async () => {
			await fault({ type: 'status', status: 429, retryAfter: 120, count: 1, path: '/v2/payment_requests/' });
			const before = mark();

			const [item] = await run('links', [{ amount: 300, purpose: 'Throttled #2' }]);

			expect(item.error).toMatch(/HTTP 429\): Request was throttled. Expected available in 120 seconds. \[item 0\]$/);
			expect(calls(since(before), '/v2/payment_requests/')).toEqual(['POST status 429 → 429']);
			expect(linksWithPurpose('Throttled #2')).toEqual([]);
		});

		it('without Retry-After (a gateway dropped it): backs off 1 s then 2 s and succeeds', async () => {
			await fault({ type: 'status', status: 429, count: 2, path: `/v2/payments/${payments[1]}/` });
			const before = mark();
			const started = Date.now();

			const [item] = await run('gatewayPayments', [{ paymentId: payments[1] }]);

			const ms = Date.now() - started;
			report(`429 ×2 without Retry-After → read after ${ms} ms (backoff 1 s + 2 s)`);
			expect(item.error).toBeUndefined();
			// This credential's token was revoked by an earlier test: renewed after the storm, through the gateway.
			expect(distinctCalls(since(before), `/v2/payments/${payments[1]}/`)).toEqual([
				'GET status 429 → 429',
				'GET revoked → 401',
				'GET user → 200',
			]);
			expect(ms).toBeGreaterThanOrEqual(3_000);
		});
	});

	describe('5xx bursts', () => {
		it('reads, releases and refunds are retried to success; a create is not resent and says so', async () => {
			await fault({ type: 'status', status: 500, count: 1, path: `/v2/payments/${payments[2]}/` });
			await fault({ type: 'status', status: 502, count: 1, path: `/v2/payments/${payments[2]}/` });
			await fault({ type: 'status', status: 503, count: 1, path: `/v2/payments/${heldPayments[0]}/fulfil/` });
			await fault({ type: 'status', status: 502, count: 1, path: `/v2/payments/${payments[3]}/refund/` });
			await fault({ type: 'status', status: 500, count: 1, method: 'POST', path: '/v2/payment_requests/' });
			const before = mark();

			const [[read], [release], [refund], [link]] = await Promise.all([
				run('payments', [{ paymentId: payments[2] }]),
				run('releases', [{ paymentId: heldPayments[0] }]),
				run('refunds', [{ paymentId: payments[3] }]),
				run('links', [{ amount: 400, purpose: 'Burst #0' }]),
			]);
			const log = since(before);

			expect(read).toMatchObject({ id: payments[2] });
			expect(calls(log, `/v2/payments/${payments[2]}/`)).toEqual(['GET status 500 → 500', 'GET status 502 → 502', 'GET user → 200']);
			expect(release).toMatchObject({ payment_id: heldPayments[0], released: true, already_released: false });
			expect(sandbox.state.payments.get(heldPayments[0])?.held).toBe(false);
			expect(refund).toMatchObject({ payment_id: payments[3], created: true });
			expect(sandbox.state.payments.get(payments[3])?.caseIds).toHaveLength(1);
			expect(link.error).toBe(
				'Instamojo failed while trying to create the payment link (HTTP 500); it was not sent again because Instamojo may have applied it [item 0]',
			);
			expect(link.description).toMatch(/Check in Instamojo .* whether the payment link exists before running this item again/);
			expect(calls(log, '/v2/payment_requests/')).toEqual(['POST status 500 → 500']);
			expect(linksWithPurpose('Burst #0')).toEqual([]);
		});
	});

	describe('connection dropped after Instamojo applied the request', () => {
		it('refund, release, signup and link creation: each done exactly once, or an error naming the item', async () => {
			const email = 'dropped-signup@shop.example';
			await fault({ type: 'drop', count: 1, path: `/v2/payments/${payments[4]}/refund/` });
			await fault({ type: 'drop', count: 1, path: `/v2/payments/${heldPayments[1]}/fulfil/` });
			await fault({ type: 'drop', count: 1, path: '/v2/users/' });
			await fault({ type: 'drop', count: 1, method: 'POST', path: '/v2/payment_requests/' });

			const [[refund], [release], [signup], links] = await Promise.all([
				run('refunds', [{ paymentId: payments[4] }]),
				run('releases', [{ paymentId: heldPayments[1] }]),
				run('signups', [{ email, password: 'dropped-signup-password', phone: '9876543212' }]),
				// Drops the first; the others go through on their own.
				run('links', [0, 1, 2].map((i) => ({ amount: 500, purpose: `Dropped #${i}` }))),
			]);

			expect(refund).toMatchObject({ payment_id: payments[4], created: true, already_refunded: false });
			expect([...sandbox.state.refunds.values()].filter((r) => r.paymentId === payments[4])).toHaveLength(1);

			expect(release).toMatchObject({ payment_id: heldPayments[1], released: true });
			expect(release.note).toMatch(/earlier attempt/);
			expect(sandbox.state.payments.get(heldPayments[1])?.held).toBe(false);

			expect(signup.error).toBe(
				'The connection to Instamojo failed while trying to sign the seller up (connection reset); Instamojo may have applied it [item 0]',
			);
			expect(signup.description).toMatch(/not sent again/);
			const sellers = () => [...sandbox.state.users.values()].filter((user) => user.email === email);
			expect(sellers()).toHaveLength(1);

			expect(links[0].error).toMatch(/failed while trying to create the payment link .*may have applied it \[item 0\]$/);
			expect(links.slice(1).map((item) => item.error)).toEqual([undefined, undefined]);
			expect(linksWithPurpose('Dropped #').map((link) => link.purpose).sort()).toEqual(['Dropped #0', 'Dropped #1', 'Dropped #2']);

			// Running the failed signup again cannot make a second seller: Instamojo refuses the taken email.
			const [again] = await run('signups', [{ email, password: 'dropped-signup-password', phone: '9876543212' }]);
			expect(again.error).toMatch(/Email already exists/);
			expect(sellers()).toHaveLength(1);
		});
	});

	describe('an API slower than the 30 s request timeout', () => {
		it('a read is retried and succeeds; a create is not resent, says it may exist, and exists once', async () => {
			const [[link], [read]] = await slowRuns;
			report(`slower than the timeout: both runs done ${Date.now() - slowStarted} ms after they started`);

			expect(read).toMatchObject({ id: payments[5] });
			expect(link.error).toBe(
				'The connection to Instamojo failed while trying to create the payment link (timed out); Instamojo may have applied it [item 0]',
			);
			// Never a second link. (The sandbox reads a body only when its delay ends, by which time the
			// client has hung up, so it applies nothing; a real API might apply it: the error says so.)
			await sleep(1_000);
			report(`slower than the timeout: links the API ended with: ${linksWithPurpose('Slow API #').length}`);
			expect(linksWithPurpose('Slow API #').length).toBeLessThanOrEqual(1);
		});
	});
});
