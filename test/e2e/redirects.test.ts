/**
 * Redirects in real n8n: the credentials' Base URL points at a server in front of the sandbox
 * that answers chosen requests with a redirect to a second local server. n8n's HTTP helper would follow it
 * and add the Authorization header (or post the client secret) again; the package asks n8n not to follow
 * (`disableFollowRedirect`), so the second server must record nothing. The unit suite proves this with a
 * stand-in for n8n's helper; here n8n 2.41's and 1.x's own n8n-core do the requests.
 */
import type { Sandbox } from '../../sandbox/server.cjs';
import { type Hostile, type Received, startHostile } from '../support/hostileServers.cjs';
import { linearWorkflow, manualTrigger, type N8nApp, type N8nInstance, outputOf, seededCredential } from '../../harness/n8n/index.cjs';
import { useSandboxAndN8n } from './lifecycle.cjs';
import { tolerantNode } from './reliability.cjs';

const USER = { type: 'instamojoApi', id: 'redirUserCred001', name: 'Instamojo behind a redirecting host (user)' };
const APP = { type: 'instamojoApi', id: 'redirAppCred0001', name: 'Instamojo behind a redirecting host (application)' };
const WORKFLOW = 'redirectsWf00001';
const PAYMENT_ID = 'MOJO5a06005J21512197';

/** Which request the front server redirects, with which status; everything else goes on to the sandbox. */
const REDIRECTS: Array<{ status: number; matches: (request: Received) => boolean }> = [
	{ status: 307, matches: (r) => r.method === 'POST' && r.url.startsWith('/v2/payment_requests/') },
	{ status: 302, matches: (r) => r.method === 'GET' && r.url.startsWith('/v2/payments/') },
	{ status: 308, matches: (r) => r.url.startsWith('/oauth2/token/') && r.body.includes('grant_type=client_credentials') },
];

/** Create a link and read a payment with a User credential (API calls redirected), read one with an Application credential (token call redirected). */
function redirectedWorkflow() {
	return linearWorkflow(WORKFLOW, 'Redirected calls', [
		manualTrigger(),
		tolerantNode('Create Link', { resource: 'paymentLink', operation: 'create', actAs: 'credential', amount: 499, purpose: 'Handmade lamp' }, USER),
		tolerantNode('Get Payment', { resource: 'payment', operation: 'get', paymentId: PAYMENT_ID }, USER),
		tolerantNode('Get Payment As App', { resource: 'payment', operation: 'get', paymentId: PAYMENT_ID }, APP),
	]);
}

describe.each<N8nApp>(['n8n-app', 'n8n1-app'])('redirects from the API host in real n8n (%s)', (app) => {
	let sandbox: Sandbox;
	let front: Hostile;
	let thief: Hostile;
	let n8n: N8nInstance;

	useSandboxAndN8n(
		async (started) => {
			({ sandbox, n8n } = started);
			thief = await startHostile();
			front = await startHostile(sandbox.url);
			front.route = (request) => {
				const redirect = REDIRECTS.find((r) => r.matches(request));
				return redirect ? { kind: 'redirect', status: redirect.status, location: `${thief.url}${request.url}` } : { kind: 'forward' };
			};
			await n8n.importCredentials([seededCredential(USER, front.url, 'user'), seededCredential(APP, front.url, 'application')]);
			await n8n.importWorkflows([redirectedWorkflow()]);
		},
		{ n8n: { app }, timeoutMs: 20 * 60_000 },
	);

	afterAll(async () => {
		await front?.close();
		await thief?.close();
	});

	it('follows no redirect: the other host receives nothing, each item names the status and the host', async () => {
		const linksBefore = sandbox.state.paymentRequests.size;

		const execution = await n8n.execute(WORKFLOW);

		expect(execution.status).toBe('success');
		const errors = ['Create Link', 'Get Payment', 'Get Payment As App'].map((name) => String(outputOf(execution.runData, name)[0]?.error));
		expect(errors[0]).toMatch(new RegExp(`answered 307, redirecting to ${thief.host}`));
		expect(errors[1]).toMatch(new RegExp(`answered 302, redirecting to ${thief.host}`));
		expect(errors[2]).toMatch(new RegExp(`token endpoint answered 308, redirecting to ${thief.host}`));
		expect(thief.received).toEqual([]);
		// Each redirected call was made once (a redirect is not retried), and only the password grant went on.
		expect(front.received.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
			'POST /oauth2/token/',
			'POST /v2/payment_requests/',
			`GET /v2/payments/${PAYMENT_ID}/`,
			'POST /oauth2/token/',
		]);
		expect(sandbox.state.paymentRequests.size).toBe(linksBefore);
	});
});
