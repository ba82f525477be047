/**
 * The Instamojo Trigger in real n8n: a payment link created by our action node carries the trigger's
 * production URL as its webhook; the sandbox's buyer pays it and delivers the signed form webhook to
 * n8n. Exactly one execution must start; forged and repeated deliveries must start none.
 */
import { randomBytes } from 'node:crypto';
import { sleep } from 'n8n-workflow';

import { heldLinkNode, instamojoTrigger, linearWorkflow, manualTrigger, type N8nInstance, outputOf, paymentFields, seededCredential, signedDelivery } from '../../harness/n8n/index.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { accepted, pay } from '../support/sandbox';
import { useSandboxAndN8n } from './lifecycle.cjs';

const CREDENTIAL = { type: 'instamojoApi', id: 'trigUserCred0001', name: 'Instamojo marketplace user' };
const TRIGGER_WF = 'trigPaidWf000001';
const CREATE_WF = 'trigCreateWf0001';
const WEBHOOK_ID = '7b3f2c1e-5a4d-4e6f-8a9b-0c1d2e3f4a5b';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Instamojo Trigger inside real n8n', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let linkId: string;

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		await n8n.importCredentials([
			seededCredential(CREDENTIAL, sandbox.url, 'user'),
		]);
		await n8n.importWorkflows([
			linearWorkflow(TRIGGER_WF, 'Payment received', [
				instamojoTrigger(
					'Instamojo Trigger',
					WEBHOOK_ID,
					{ options: { fetchPaymentDetails: true } },
					CREDENTIAL,
				),
			]),
			linearWorkflow(CREATE_WF, 'Create payment link', [
				manualTrigger(),
				heldLinkNode('Create Payment Link', `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, CREDENTIAL),
			]),
		]);
		const created = await n8n.execute(CREATE_WF);
		expect(created.status).toBe('success');
		[{ id: linkId }] = outputOf(created.runData, 'Create Payment Link') as Array<{ id: string }>;
		await n8n.publish(TRIGGER_WF);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		// Readiness comes just before active webhooks are registered: wait until the URL answers (an empty
		// body is refused with 400 and starts nothing).
		const probe = await n8n.postWebhook(WEBHOOK_PATH, '', FORM);
		expect(probe.status).toBe(400);
	});

	it('creates the link with the trigger URL as its webhook, the commission and the hold', () => {
		const link = sandbox.state.paymentRequests.get(linkId);
		expect(link).toMatchObject({
			webhook: `${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`,
			partnerFeeType: 'percent',
			markFulfilled: false,
		});
	});

	it('starts exactly one execution when the buyer pays, with the verified payment and its details', async () => {
		const paid = accepted(await pay(sandbox, linkId, { outcome: 'success' }));

		expect(paid.webhook?.status).toBe(200);
		const executions = await n8n.finishedExecutions(TRIGGER_WF, 1);
		expect(executions).toHaveLength(1);
		const [item] = outputOf(executions[0].data.resultData.runData, 'Instamojo Trigger');
		expect(item).toMatchObject({
			verified: true,
			status: 'Credit',
			payment_id: paid.payment.id,
			payment_request_id: linkId,
			amount: '499.00',
			amount_number: 499,
			payment_details: expect.objectContaining({ id: paid.payment.id, status: true }),
		});
	});

	it('answers forged, unsigned and repeated deliveries without starting anything', async () => {
		const [realPaymentId] = [...sandbox.state.payments.keys()];
		const fake = paymentFields(`MOJO${randomBytes(8).toString('hex').slice(0, 16)}`, linkId);

		const tampered = signedDelivery(fake).replace('amount=499.00', 'amount=1.00');
		const wrongSalt = signedDelivery(fake, 'not-the-salt');
		const unsigned = new URLSearchParams(fake).toString();
		const replay = signedDelivery(paymentFields(realPaymentId, linkId));

		const answers = [];
		for (const body of [tampered, wrongSalt, unsigned, replay]) {
			answers.push((await n8n.postWebhook(WEBHOOK_PATH, body, FORM)).status);
		}
		const json = await n8n.postWebhook(WEBHOOK_PATH, { payment_id: fake.payment_id });

		expect(answers).toEqual([401, 401, 401, 200]);
		expect(json.status).toBe(400);
		await sleep(2000);
		expect(await n8n.finishedExecutions(TRIGGER_WF, 2, 0)).toHaveLength(1);
	});
});
