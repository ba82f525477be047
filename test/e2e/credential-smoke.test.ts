/**
 * Smoke proof that the credential's token flows run inside a real n8n, not only in the unit-test stand-in:
 * n8n's own HTTP Request node uses the `instamojoApi` credential type, so n8n itself decides when to call
 * preAuthentication (empty token, or a 401) and persists what it returns. The local Instamojo sandbox
 * records every call.
 */
import { apiCalls, httpRequestWithCredential, linearWorkflow, manualTrigger, type N8nInstance, outputOf, seededCredential } from '../../harness/n8n/index.cjs';
import { DEFAULT_SEED, type Sandbox } from '../../sandbox/server.cjs';
import { userTokens } from '../support/marketplace';
import { expireTokens } from '../support/sandbox';
import { useSandboxAndN8n } from './lifecycle.cjs';

const USER_CRED = { type: 'instamojoApi', id: 'smokeUserCred001', name: 'Instamojo user (smoke)' };
const APP_CRED = { type: 'instamojoApi', id: 'smokeAppCred0001', name: 'Instamojo application (smoke)' };
const SAVED_BY_01_CRED = { type: 'instamojoApi', id: 'smokeOld01Cred01', name: 'Instamojo user (saved by 0.1)' };
const USER_WF = 'smokeUserWf00001';
const SAVED_BY_01_WF = 'smokeOld01Wf0001';
const APP_WF = 'smokeAppWf000001';
const REQUEST_NODE = 'List Payments';

describe('instamojoApi credential inside real n8n', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	/** The refresh token the saved-by-0.1 credential holds under its old key before its first run. */
	let savedBy01RefreshToken: string;

	/** Runs the workflow on a clean sandbox log and reads back what n8n stored in its credential. */
	async function runWith(workflowId: string, credential: { id: string }) {
		sandbox.clearLog();
		const execution = await n8n.execute(workflowId);
		return { execution, stored: await n8n.exportCredential(credential.id) };
	}

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		savedBy01RefreshToken = (await userTokens(sandbox, DEFAULT_SEED.marketplace)).refresh_token;
		const listPayments = `${sandbox.url}/v2/payments/?limit=1`;
		await n8n.importCredentials([
			seededCredential(USER_CRED, sandbox.url, 'user'),
			seededCredential(APP_CRED, sandbox.url, 'application'),
			savedByVersion01(SAVED_BY_01_CRED, sandbox.url, savedBy01RefreshToken),
		]);
		await n8n.importWorkflows([
			linearWorkflow(USER_WF, 'Smoke: user flow', [
				manualTrigger(),
				httpRequestWithCredential(REQUEST_NODE, listPayments, USER_CRED),
			]),
			linearWorkflow(APP_WF, 'Smoke: application flow', [
				manualTrigger(),
				httpRequestWithCredential(REQUEST_NODE, listPayments, APP_CRED),
			]),
			linearWorkflow(SAVED_BY_01_WF, 'Smoke: credential saved by 0.1', [
				manualTrigger(),
				httpRequestWithCredential(REQUEST_NODE, listPayments, SAVED_BY_01_CRED),
			]),
		]);
	});

	describe('user flow', () => {
		let firstRefreshToken: string;

		it('exchanges the password once, uses the user token, and wipes the password', async () => {
			const { execution, stored } = await runWith(USER_WF, USER_CRED);

			expect(execution.status).toBe('success');
			expect(apiCalls(sandbox.log())).toEqual(['token password → 200', 'GET /v2/payments/ user → 200']);
			expect(sandbox.log().find((e) => e.path.startsWith('/v2/'))?.auth.username).toBe(
				DEFAULT_SEED.marketplace.username,
			);
			expect(outputOf(execution.runData, REQUEST_NODE)).toHaveLength(1);
			expect(stored.accessToken).toMatch(/./);
			expect(stored.rotatedRefreshToken).toMatch(/./);
			expect(stored.password).toBe('');
			firstRefreshToken = stored.rotatedRefreshToken;
		});

		it('reuses the stored access token on the next execution', async () => {
			sandbox.clearLog();

			const execution = await n8n.execute(USER_WF);

			expect(execution.status).toBe('success');
			expect(apiCalls(sandbox.log())).toEqual(['GET /v2/payments/ user → 200']);
		});

		it('refreshes once after the access token expired, and stores the rotated refresh token', async () => {
			await expireTokens(sandbox);
			const { execution, stored } = await runWith(USER_WF, USER_CRED);

			expect(execution.status).toBe('success');
			expect(apiCalls(sandbox.log())).toEqual([
				'GET /v2/payments/ expired → 401',
				'token refresh_token → 200',
				'GET /v2/payments/ user → 200',
			]);
			expect(stored.rotatedRefreshToken).not.toBe('');
			expect(stored.rotatedRefreshToken).not.toBe(firstRefreshToken);
			expect(stored.password).toBe('');
		});
	});

	describe('application flow', () => {
		it('gets a client_credentials token and uses it', async () => {
			const { execution, stored } = await runWith(APP_WF, APP_CRED);

			expect(execution.status).toBe('success');
			expect(apiCalls(sandbox.log())).toEqual([
				'token client_credentials → 200',
				'GET /v2/payments/ application → 200',
			]);
			expect(stored.accessToken).not.toBe('');
			expect(stored.rotatedRefreshToken).toBe('');
		});
	});

	describe('a user credential saved by version 0.1 (rotated refresh token under its old key)', () => {
		it('renews with the old key, then keeps the rotated token under the new key only', async () => {
			const { execution, stored } = await runWith(SAVED_BY_01_WF, SAVED_BY_01_CRED);

			expect(execution.status).toBe('success');
			expect(apiCalls(sandbox.log())).toEqual(['token refresh_token → 200', 'GET /v2/payments/ user → 200']);
			expect(stored.rotatedRefreshToken).toMatch(/./);
			expect(stored.rotatedRefreshToken).not.toBe(savedBy01RefreshToken);
			expect(stored.refreshToken).toBe('');
		});
	});
});

/** How version 0.1 left a user credential after its first exchange: password cleared, the rotated refresh
 * token as `refreshToken`, the salt as `webhookSecret`, and none of the keys version 0.2 added. */
function savedByVersion01(reference: { id: string; name: string }, baseUrl: string, refreshToken: string) {
	const fixture = seededCredential(reference, baseUrl, 'user', { password: '', refreshToken, accessToken: '', webhookSecret: DEFAULT_SEED.marketplace.salt });
	delete fixture.data.privateSaltSecret;
	return fixture;
}
