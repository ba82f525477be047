/**
 * What the Refund and Release tests share: real payments made the way a marketplace gets them. The
 * seller creates a payment link with its own user token through the API, then the buyer pays (or
 * fails to pay) it through the sandbox's control API. The log is cleared afterwards, so a test's log
 * holds only the node's requests.
 */
import type { Sandbox } from '../../sandbox/server.cjs';
import { sellerAccessToken } from './marketplace';
import { accepted, pay } from './sandbox';

export interface PaymentSetup {
	/** Rupees, as the link is created with. */
	amount?: string;
	/** Created with `mark_fulfilled=false`: the payout waits for a release. */
	held?: boolean;
	outcome?: 'success' | 'failure';
}

/** One payment on a new link of the seller's; returns the payment ID. */
export async function paidPayment(sandbox: Sandbox, { amount = '500', held = false, outcome = 'success' }: PaymentSetup = {}): Promise<string> {
	const response = await fetch(`${sandbox.url}/v2/payment_requests/`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${await sellerAccessToken(sandbox)}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: new URLSearchParams({ amount, purpose: 'Handmade vase', mark_fulfilled: String(!held) }).toString(),
	});
	const link = (await response.json()) as { id?: string };
	if (!link.id) throw new Error(`payment link not created: ${JSON.stringify(link)}`);
	const { payment } = accepted(await pay(sandbox, link.id, { outcome }));
	sandbox.clearLog();
	return payment.id;
}
