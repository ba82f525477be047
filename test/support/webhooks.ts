/**
 * What the webhook tests share: Instamojo's published 12-field payment payload (docs/instamojo-api.md §9)
 * with its MAC, the Instamojo Trigger's credential against a test file's sandbox, the context of its
 * payment fetch, and a real webhook for a seller's paid link.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_SEED, type Sandbox } from '../../sandbox/server.cjs';
import { authenticatedRequest, type StoredCredential, TEST_NODE } from '../../harness/standIn/n8nCore';
import { triggerCredential } from '../../harness/standIn/webhookTrigger';
import { createPaymentRequest } from './client';
import { userTokens } from './marketplace';
import type { Receiver } from './receiver.cjs';
import { accepted, pay } from './sandbox';

/** The published payload, in the order the docs list it. */
export const PUBLISHED_PAYMENT: Readonly<Record<string, string>> = {
	amount: '2500.00',
	buyer: 'foo@example.com',
	buyer_name: 'John Doe',
	buyer_phone: '+919999999999',
	currency: 'INR',
	fees: '125.00',
	longurl: 'https://www.instamojo.com/@foo/d66cb29dd059482e8072999f995c4eef',
	payment_id: 'MOJO5a06005J21512197',
	payment_request_id: 'd66cb29dd059482e8072999f995c4eef',
	purpose: 'FIFA 16',
	shorturl: 'https://imjo.in/NNxHg',
	status: 'Credit',
};

/** Its published MAC under the salt `0123456789abcdef0123456789abcdef`. */
export const PUBLISHED_MAC = 'd2ba031ffa94c81d3badf46ebcece4495a6dbacf';

/** The trigger's credential on the sandbox: the seed application, the marketplace's Private Salt. */
export const sandboxTriggerCredential = (sandbox: Sandbox, fields: IDataObject = {}): StoredCredential =>
	triggerCredential({
		baseUrl: sandbox.url,
		clientId: DEFAULT_SEED.application.clientId,
		clientSecret: DEFAULT_SEED.application.clientSecret,
		privateSaltSecret: DEFAULT_SEED.marketplace.salt,
		...fields,
	} as never);

/** The part of a webhook context the trigger's payment fetch uses: the node, and n8n's authenticated request with `credential`. */
export const fetchContext = (credential: StoredCredential): IWebhookFunctions =>
	({
		getNode: () => TEST_NODE,
		helpers: { httpRequestWithAuthentication: authenticatedRequest(credential) },
	}) as unknown as IWebhookFunctions;

export interface SellerWebhook {
	/** The form body the sandbox POSTed, exactly as sent. */
	body: string;
	paymentId: string;
	linkId: string;
}

/**
 * A link of ₹1250 on `seller`'s account (created with the seller's own token from a password grant) whose
 * webhook is `receiver`, paid (or failed) by a buyer: the one webhook the sandbox sent for it. Clears the
 * sandbox's log, so a test's log holds only what the trigger asked.
 */
export async function sellerWebhook(
	sandbox: Sandbox,
	receiver: Receiver,
	seller: { username: string; password: string },
	outcome: 'success' | 'failure' = 'success',
): Promise<SellerWebhook> {
	const { access_token } = await userTokens(sandbox, seller);
	const link = await createPaymentRequest(sandbox, access_token, { amount: '1250.00', purpose: 'Handmade lamp', buyer_name: 'Ravi', webhook: receiver.url });
	const { payment } = accepted(await pay(sandbox, link.id, { outcome }));
	expect(receiver.received).toHaveLength(1);
	sandbox.clearLog();
	return { body: receiver.received[0].rawBody, paymentId: payment.id, linkId: link.id };
}
