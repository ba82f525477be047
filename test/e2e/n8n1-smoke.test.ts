/**
 * Smoke end to end on the newest n8n 1.x (pinned in harness/n8n/n8n1-app, run on the system Node 20), the
 * line most self-hosted instances still run: the package installed the way n8n's Community Nodes installer
 * does, the credential's user flow, our action node creating a payment link with a commission and a held
 * payout in My Account (the Account field set as a user sets it now that Create starts in a seller's
 * account), a token renewal after expiry, and the trigger's version 2 (Verify Deliveries at its default)
 * starting one execution for one signed delivery.
 * The first run installs that n8n (several minutes); later runs reuse it.
 */
import { apiCalls, heldLinkNode, instamojoTrigger, linearWorkflow, manualTrigger, type N8nInstance, outputOf, seededCredential } from '../../harness/n8n/index.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { accepted, expireTokens, pay } from '../support/sandbox';
import { useSandboxAndN8n } from './lifecycle.cjs';

const CREDENTIAL = {
	type: 'instamojoApi',
	id: 'n8n1UserCred0001',
	name: 'Instamojo marketplace user',
};
const CREATE_WF = 'n8n1CreateWf0001';
const TRIGGER_WF = 'n8n1PaidWf000001';
const CREATE_NODE = 'Create Payment Link';
const TRIGGER_NODE = 'Instamojo Trigger';
const WEBHOOK_ID = '0c6b7a52-3f1e-4d2a-9b8c-1a2b3c4d5e6f';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;
/** Installing n8n 1.x on a clean machine takes ~4–5 min; starting it, seeding and running well under 2. */
const SETUP_TIMEOUT_MS = 20 * 60_000;

describe('the package in n8n 1.x', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let linkId: string;
	let firstRefreshToken: string;

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		await n8n.importCredentials([seededCredential(CREDENTIAL, sandbox.url, 'user')]);
		await n8n.importWorkflows([
			linearWorkflow(CREATE_WF, 'Create payment link', [
				manualTrigger(),
				heldLinkNode(CREATE_NODE, `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, CREDENTIAL),
			]),
			linearWorkflow(TRIGGER_WF, 'Payment received', [
				instamojoTrigger(
					TRIGGER_NODE,
					WEBHOOK_ID,
					{ options: { fetchPaymentDetails: true } },
					CREDENTIAL,
					2,
				),
			]),
		]);
	}, { n8n: { app: 'n8n1-app' }, timeoutMs: SETUP_TIMEOUT_MS });

	it('creates a payment link with the commission and the hold, after exchanging the password once', async () => {
		sandbox.clearLog();

		const execution = await n8n.execute(CREATE_WF);
		const stored = await n8n.exportCredential(CREDENTIAL.id);

		expect(execution.status).toBe('success');
		const [link] = outputOf(execution.runData, CREATE_NODE);
		linkId = String(link.id);
		expect(apiCalls(sandbox.log())).toEqual([
			'token password → 200',
			'POST /v2/payment_requests/ user → 201',
		]);
		expect(sandbox.state.paymentRequests.get(linkId)).toMatchObject({
			webhook: `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`,
			partnerFeeType: 'percent',
			markFulfilled: false,
		});
		expect(link).toMatchObject({ partner_fee_type: 'percent', mark_fulfilled: false });
		expect(stored.accessToken).toEqual(expect.any(String));
		expect(stored.accessToken).not.toBe('');
		expect(stored.rotatedRefreshToken).not.toBe('');
		expect(stored.password).toBe('');
		firstRefreshToken = stored.rotatedRefreshToken;
	});

	it('renews an expired access token once with the refresh token, and stores the rotated one', async () => {
		await expireTokens(sandbox);
		sandbox.clearLog();

		const execution = await n8n.execute(CREATE_WF);
		const stored = await n8n.exportCredential(CREDENTIAL.id);

		expect(execution.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(apiCalls(sandbox.log())).toEqual([
			'POST /v2/payment_requests/ expired → 401',
			'token refresh_token → 200',
			'POST /v2/payment_requests/ user → 201',
		]);
		expect(stored.rotatedRefreshToken).not.toBe('');
		expect(stored.rotatedRefreshToken).not.toBe(firstRefreshToken);
	});

	it('starts one execution for the signed delivery of the payment, with its details fetched', async () => {
		await n8n.publish(TRIGGER_WF);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		// 1.x registers active webhooks several seconds after readiness: wait until the URL answers (an
		// empty body is refused with 400 and starts nothing).
		expect(
			(
				await n8n.postWebhook(WEBHOOK_PATH, '', {
					'content-type': 'application/x-www-form-urlencoded',
				})
			).status,
		).toBe(400);
		// The trigger's detail fetch then meets an expired token, as it would hours after the last run.
		await expireTokens(sandbox);

		const paid = accepted(await pay(sandbox, linkId, { outcome: 'success' }));

		expect(paid.webhook?.status).toBe(200);
		const executions = await n8n.finishedExecutions(TRIGGER_WF, 1);
		expect(executions).toHaveLength(1);
		const [item] = outputOf(executions[0].data.resultData.runData, TRIGGER_NODE);
		expect(item.payment_details_error).toBeUndefined();
		expect(item).toMatchObject({
			verified: true,
			verified_by: 'signature',
			status: 'Credit',
			payment_id: paid.payment.id,
			payment_request_id: linkId,
			payment_details: expect.objectContaining({ id: paid.payment.id, status: true }),
		});
	});
});
