/**
 * The Instamojo Trigger's `webhook()` as n8n calls it: what the sender is answered, whether an execution
 * starts and with what item. Deliveries are signed by the sandbox's own signer (sandbox/webhook.cts,
 * written independently of nodes/Instamojo/trigger/mac.ts) or taken from Instamojo's published vectors (docs/instamojo-api.md §9);
 * the end-to-end cases let the sandbox pay a real payment request and POST its webhook.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { InstamojoApi } from '../../credentials/InstamojoApi.credentials';
import { InstamojoTrigger } from '../../nodes/Instamojo/InstamojoTrigger.node';
import { CREDENTIAL_TTL_MS, REREAD_INTERVAL_MS } from '../../nodes/Instamojo/trigger/credentials';
import { rememberDelivery, wasReceived } from '../../nodes/Instamojo/trigger/dedup';
import { DEFAULT_SEED } from '../../sandbox/server.cjs';
import { computeMac } from '../../sandbox/webhook.cjs';
import { httpRequestWithAuthentication } from '../../harness/standIn/n8nCore';
import { activate, deactivate, type Delivery, deliver, FORM, SALT, triggerCredential, type TriggerSetup } from '../../harness/standIn/webhookTrigger';
import { apiCalls, tokenCalls } from '../support/marketplace';
import { startReceiver } from '../support/receiver.cjs';
import { expireTokens, useSandbox, useServer } from '../support/sandbox';
import { PUBLISHED_MAC, PUBLISHED_PAYMENT, sandboxTriggerCredential, sellerWebhook } from '../support/webhooks';

/** The published payload as Instamojo POSTs it, with its published MAC under SALT. */
const PUBLISHED_BODY = new URLSearchParams({ ...PUBLISHED_PAYMENT, mac: PUBLISHED_MAC }).toString();

/** A form body signed by the sandbox's signer, `mac` last as Instamojo sends it. */
function signed(fields: Record<string, string>, salt = SALT): string {
	return new URLSearchParams({ ...fields, mac: computeMac(fields, salt) }).toString();
}

const payment = (overrides: Record<string, string> = {}) => ({ ...PUBLISHED_PAYMENT, ...overrides });

/** A delivery to a trigger set to Private Salt only: the signature alone decides, nothing is asked of Instamojo. */
const deliverSigned = async (delivery: Delivery, setup: TriggerSetup = {}) =>
	await deliver(delivery, { ...setup, parameters: { verification: 'salt', ...setup.parameters } });

describe('description', () => {
	const { description } = new InstamojoTrigger();

	it('is a POST webhook trigger answered on receipt, never an AI tool', () => {
		expect(description).toMatchObject({
			name: 'instamojoTrigger',
			displayName: 'Instamojo Trigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'instamojoApi', required: true }],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
		});
		expect(description.usableAsTool).toBeUndefined();
	});

	it('tells in its trigger panel where the production URL goes', () => {
		const panel = JSON.stringify(description.triggerPanel);
		expect(panel).toContain('no API to register webhooks');
		expect(panel).toContain('Production URL');
		expect(panel).toContain('Payment Link → Create');
	});

	it("names the real step with the editor's own button (Execute step), not a button it does not show", () => {
		const panel = description.triggerPanel as { header: string; executionsHelp: { inactive: string } };
		expect(panel.header).toBe('Click Execute step, then pay a payment link whose Webhook URL is the Test URL');
		expect(panel.executionsHelp.inactive).toContain("click <b>Execute step</b>; while n8n is listening, create a payment link with this node's <b>Test URL</b> as its Webhook URL");
		expect(JSON.stringify(description)).not.toContain('Listen for test event');
		// "Verify MAC" is left only on version 1 nodes, whose workflows keep it.
		const verifyMac = description.properties.find((p) => p.displayName === 'Verify MAC');
		expect(verifyMac?.displayOptions).toEqual({ show: { '@version': [1] } });
	});

	it('verifies and deduplicates by default and warns when verification is off', () => {
		const byName = Object.fromEntries(description.properties.map((p) => [p.name, p]));
		expect(byName.verification).toMatchObject({ displayName: 'Verify Deliveries', type: 'options', default: 'saltOrApi' });
		expect(byName.deduplicate.default).toBe(true);
		expect(byName.payments.default).toBe('successful');
		expect(byName.verificationOffNotice).toMatchObject({ type: 'notice', displayOptions: { show: { verification: ['off'] } } });
		expect(byName.verificationOffNotice.displayName).toContain('anyone who learns this URL');
	});
});

describe('activation (no registration API)', () => {
	it('reports the webhook as in place, so nothing is created, and deletes nothing', async () => {
		await expect(activate()).resolves.toEqual({ created: false });
		await expect(deactivate()).resolves.toBe(true);
	});

	it('refuses to activate with Private Salt only and no Private Salt, saying what to do', async () => {
		const error = await activate({ credential: triggerCredential({ privateSaltSecret: '' }), parameters: { verification: 'salt' } }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe('The Instamojo credential has no Private Salt, so deliveries cannot be verified');
		expect((error as { description?: string }).description).toContain('Enter the Private Salt');
	});

	it.each(['off', 'api', 'saltOrApi'])('activates without a salt when Verify Deliveries is %s', async (verification) => {
		const setup = { credential: triggerCredential({ privateSaltSecret: '' }), parameters: { verification } };
		await expect(activate(setup)).resolves.toEqual({ created: false });
	});
});

describe('verified deliveries', () => {
	it('starts one execution with the typed fields for the documented payload', async () => {
		const run = await deliverSigned({ body: PUBLISHED_BODY });
		expect(run).toMatchObject({ status: 200, started: true });
		expect(run.items).toEqual([
			{
				payment_id: 'MOJO5a06005J21512197',
				payment_request_id: 'd66cb29dd059482e8072999f995c4eef',
				payment_link_id: 'd66cb29dd059482e8072999f995c4eef',
				status: 'Credit',
				successful: true,
				amount: '2500.00',
				amount_number: 2500,
				fees: '125.00',
				fees_number: 125,
				currency: 'INR',
				buyer: 'foo@example.com',
				buyer_name: 'John Doe',
				buyer_phone: '+919999999999',
				purpose: 'FIFA 16',
				longurl: 'https://www.instamojo.com/@foo/d66cb29dd059482e8072999f995c4eef',
				shorturl: 'https://imjo.in/NNxHg',
				verified: true,
				verified_by: 'signature',
			},
		]);
	});

	it('verifies "+" and "%20" for a space, and "%2B" for a plus, alike', async () => {
		// URLSearchParams writes a space as "+": the documented body already has purpose=FIFA+16 and buyer_name=John+Doe.
		expect(PUBLISHED_BODY).toContain('purpose=FIFA+16');
		expect(PUBLISHED_BODY).toContain('buyer_phone=%2B919999999999');
		const mixed = PUBLISHED_BODY.replace('buyer_name=John+Doe', 'buyer_name=John%20Doe');
		const percent = mixed.replace('purpose=FIFA+16', 'purpose=FIFA%2016');
		for (const body of [PUBLISHED_BODY, mixed, percent]) {
			const run = await deliverSigned({ body });
			expect(run.started).toBe(true);
			expect(run.items[0]).toMatchObject({ purpose: 'FIFA 16', buyer_name: 'John Doe', buyer_phone: '+919999999999' });
		}
	});

	it('verifies an empty shorturl as part of the MAC and outputs it as null', async () => {
		const run = await deliverSigned({ body: signed(payment({ shorturl: '' })) });
		expect(run.started).toBe(true);
		expect(run.items[0].shorturl).toBeNull();
		// Leaving the empty field out changes what was signed.
		const body = signed(payment({ shorturl: '' })).replace('&shorturl=', '');
		expect((await deliverSigned({ body })).status).toBe(401);
	});

	it('verifies an unknown extra field and passes it on under raw', async () => {
		const body = signed(payment({ affiliate_code: 'A1' }));
		const run = await deliverSigned({ body }, { parameters: { options: { includeRawFields: true } } });
		expect(run.started).toBe(true);
		expect(run.items[0].affiliate_code).toBeUndefined();
		expect(run.items[0].raw).toEqual({ ...PUBLISHED_PAYMENT, affiliate_code: 'A1', mac: computeMac(payment({ affiliate_code: 'A1' }), SALT) });
		// An extra field added after signing is tampering.
		expect((await deliverSigned({ body: `${PUBLISHED_BODY}&affiliate_code=A1` })).status).toBe(401);
	});

	it('orders keys case-insensitively, as Instamojo signs them', async () => {
		const fields = payment({ Zone: 'north', Area: 'x1' });
		const run = await deliverSigned({ body: signed(fields) });
		expect(run.started).toBe(true);
		// The same values signed in code-point key order (Area, Zone, amount, ...) are refused.
		const codePointMessage = Object.keys(fields).sort().map((key) => fields[key]).join('|');
		const codePointMac = createHmac('sha1', SALT).update(codePointMessage).digest('hex');
		const forged = new URLSearchParams({ ...fields, mac: codePointMac }).toString();
		expect((await deliverSigned({ body: forged })).status).toBe(401);
	});

	it('verifies the raw body even when n8n did not keep it, from its own parse', async () => {
		const run = await deliverSigned({ body: undefined, parsedBody: { ...PUBLISHED_PAYMENT, mac: PUBLISHED_MAC } });
		expect(run.started).toBe(true);
	});

	it('accepts a charset parameter on the content type', async () => {
		const run = await deliverSigned({ body: PUBLISHED_BODY, contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
		expect(run.started).toBe(true);
	});
});

describe('refused deliveries: 401, no execution', () => {
	it.each([
		['a tampered amount', PUBLISHED_BODY.replace('amount=2500.00', 'amount=25.00')],
		['a tampered status', signed(payment({ status: 'Failed' })).replace('status=Failed', 'status=Credit')],
		['a missing mac', new URLSearchParams(PUBLISHED_PAYMENT).toString()],
		['an empty mac', `${new URLSearchParams(PUBLISHED_PAYMENT).toString()}&mac=`],
		['a truncated mac', PUBLISHED_BODY.slice(0, -1)],
		['a mac made with another salt', signed(PUBLISHED_PAYMENT, 'not-the-salt')],
	])('%s', async (_case, body) => {
		const run = await deliverSigned({ body });
		expect(run).toMatchObject({ status: 401, started: false, items: [] });
		expect(String(run.body)).toMatch(/^Unauthorized: the mac (field is missing|does not match)$/);
		expect(run.warnings).toEqual([expect.stringMatching(/^Instamojo Trigger refused a delivery for payment MOJO5a06005J21512197: .*Private Salt/)]);
	});

	it('refuses when the credential has a different salt', async () => {
		const otherSalt = SALT.split('').reverse().join('');
		const run = await deliverSigned({ body: PUBLISHED_BODY }, { credential: triggerCredential({ privateSaltSecret: otherSalt }) });
		expect(run).toMatchObject({ status: 401, started: false });
	});

	it('refuses every delivery when verification is on and the credential has no salt', async () => {
		const run = await deliverSigned({ body: PUBLISHED_BODY }, { credential: triggerCredential({ privateSaltSecret: '' }) });
		expect(run).toMatchObject({ status: 401, started: false, body: 'Unauthorized: this trigger has no Private Salt to verify deliveries with' });
		expect(run.warnings).toEqual([expect.stringContaining('the credential has no Private Salt. Enter the Private Salt')]);
	});

	it('ignores surrounding spaces in the stored salt', async () => {
		const run = await deliverSigned({ body: PUBLISHED_BODY }, { credential: triggerCredential({ privateSaltSecret: ` ${SALT}\n` }) });
		expect(run.started).toBe(true);
	});
});

describe('not a form: 400, no execution', () => {
	it.each([
		['a JSON body', { body: JSON.stringify({ ...PUBLISHED_PAYMENT, mac: PUBLISHED_MAC }), contentType: 'application/json' }, 'expected an application/x-www-form-urlencoded body, got application/json'],
		['no content type', { body: PUBLISHED_BODY, contentType: null }, 'expected an application/x-www-form-urlencoded body, got no Content-Type'],
		['a multipart body', { body: '--x\r\n', contentType: 'multipart/form-data; boundary=x' }, 'expected an application/x-www-form-urlencoded body, got multipart/form-data'],
		['an empty body', { body: '' }, 'the body is empty'],
		['binary data', { body: new Uint8Array([0xff, 0xfe, 0x00, 0x61]) }, 'the body is binary, not form-encoded text'],
		['a NUL byte', { body: `amount=1%00&x=\u0000` }, 'the body is binary, not form-encoded text'],
		['a repeated key', { body: `${PUBLISHED_BODY}&amount=1.00` }, 'the field "amount" appears more than once'],
		['a repeated mac', { body: `${PUBLISHED_BODY}&mac=${PUBLISHED_MAC}` }, 'the field "mac" appears more than once'],
	])('%s', async (_case, delivery, reason) => {
		const run = await deliver(delivery);
		expect(run).toMatchObject({ status: 400, started: false, items: [], body: `Bad request: ${reason}` });
	});

	it('refuses a repeated key that n8n folded into an array when the raw body is missing', async () => {
		const run = await deliver({ body: undefined, parsedBody: { ...PUBLISHED_PAYMENT, amount: ['2500.00', '1.00'], mac: PUBLISHED_MAC } });
		expect(run).toMatchObject({ status: 400, body: 'Bad request: the field "amount" appears more than once' });
	});

	it('is checked before verification, also with verification off', async () => {
		const run = await deliver({ body: JSON.stringify({}), contentType: 'application/json' }, { parameters: { verification: 'off' } });
		expect(run.status).toBe(400);
	});
});

describe('verification explicitly off', () => {
	const setup: TriggerSetup = { parameters: { verification: 'off' }, credential: triggerCredential({ privateSaltSecret: '' }) };

	it('runs unsigned and forged deliveries, marked verified: false', async () => {
		for (const body of [new URLSearchParams(PUBLISHED_PAYMENT).toString(), PUBLISHED_BODY.replace('2500.00', '1.00')]) {
			const run = await deliver({ body }, setup);
			expect(run.started).toBe(true);
			expect(run.items[0].verified).toBe(false);
		}
	});
});

describe('which payments start the workflow', () => {
	const failed = signed(payment({ status: 'Failed', fees: '0.00' }));

	it('starts on successful payments only by default; a failed one is acknowledged with 200', async () => {
		expect((await deliverSigned({ body: PUBLISHED_BODY })).started).toBe(true);
		const run = await deliverSigned({ body: failed });
		expect(run).toMatchObject({ status: 200, started: false, body: 'Ignored: this trigger does not start on payments with status "Failed"' });
	});

	it('starts on failed payments only', async () => {
		const setup = { parameters: { payments: 'failed' } };
		const run = await deliverSigned({ body: failed }, setup);
		expect(run.started).toBe(true);
		expect(run.items[0]).toMatchObject({ status: 'Failed', successful: false });
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(false);
	});

	it('starts on both', async () => {
		const setup = { parameters: { payments: 'all' }, staticData: {} };
		expect((await deliverSigned({ body: failed }, setup)).started).toBe(true);
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(true);
	});

	it('filters only verified deliveries: a forged failure is still a 401', async () => {
		const run = await deliverSigned({ body: failed.replace('fees=0.00', 'fees=1.00') });
		expect(run.status).toBe(401);
	});
});

describe('repeat deliveries', () => {
	it('starts one execution for the same payment delivered twice', async () => {
		const staticData: IDataObject = {};
		const first = await deliverSigned({ body: PUBLISHED_BODY }, { staticData });
		const second = await deliverSigned({ body: PUBLISHED_BODY }, { staticData });
		expect(first.started).toBe(true);
		expect(second).toMatchObject({
			status: 200,
			started: false,
			body: 'Ignored: payment MOJO5a06005J21512197 with status "Credit" was already received',
		});
		expect(staticData).toEqual({ recentDeliveries: ['mojo5a06005j21512197|credit'] });
	});

	it('starts again for the same payment with a new status', async () => {
		const setup = { parameters: { payments: 'all' }, staticData: {} };
		expect((await deliverSigned({ body: signed(payment({ status: 'Failed' })) }, setup)).started).toBe(true);
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(true);
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(false);
	});

	it('remembers nothing for refused or ignored deliveries', async () => {
		const staticData: IDataObject = {};
		await deliverSigned({ body: PUBLISHED_BODY.replace('2500.00', '1.00') }, { staticData });
		await deliverSigned({ body: signed(payment({ status: 'Failed' })) }, { staticData });
		expect(staticData).toEqual({});
		expect((await deliverSigned({ body: PUBLISHED_BODY }, { staticData })).started).toBe(true);
	});

	it('runs every copy when turned off', async () => {
		const setup = { parameters: { deduplicate: false }, staticData: {} };
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(true);
		expect((await deliverSigned({ body: PUBLISHED_BODY }, setup)).started).toBe(true);
		expect(setup.staticData).toEqual({});
	});

	it('always runs test deliveries, which n8n does not persist, and leaves their static data alone', async () => {
		const staticData: IDataObject = { recentDeliveries: ['MOJO5a06005J21512197|Credit'] };
		const run = await deliverSigned({ body: PUBLISHED_BODY }, { mode: 'manual', staticData });
		expect(run.started).toBe(true);
		expect(staticData).toEqual({ recentDeliveries: ['MOJO5a06005J21512197|Credit'] });
	});

	it('keeps a bounded window, forgetting the oldest first', () => {
		const staticData: IDataObject = {};
		for (const key of ['a', 'b', 'c', 'd']) rememberDelivery(staticData, 'window-test', key, 3);
		expect(staticData.recentDeliveries).toEqual(['b', 'c', 'd']);
		expect(wasReceived(staticData, 'window-test', 'a')).toBe(false);
		expect(wasReceived(staticData, 'window-test', 'd')).toBe(true);
	});

	it('keeps 1000 deliveries by default', async () => {
		const recent = Array.from({ length: 1000 }, (_, i) => `MOJO${String(i).padStart(16, '0')}|Credit`);
		const staticData: IDataObject = { recentDeliveries: [...recent] };
		expect((await deliverSigned({ body: PUBLISHED_BODY }, { staticData })).started).toBe(true);
		expect((staticData.recentDeliveries as string[]).length).toBe(1000);
		expect((staticData.recentDeliveries as string[])[0]).toBe(recent[1].toLowerCase());
	});
});

describe('with the sandbox', () => {
	const sandbox = useSandbox();
	const receiver = useServer(startReceiver);
	const credentialType = new InstamojoApi();
	const marketplace = DEFAULT_SEED.marketplace;

	const sandboxCredential = (fields: IDataObject = {}) => sandboxTriggerCredential(sandbox(), fields);

	/** A payment link whose webhook is the receiver, paid through the control API; returns the delivery's raw body. */
	async function payThroughSandbox(outcome: 'success' | 'failure' = 'success'): Promise<{ body: string; paymentId: string }> {
		const link = (await httpRequestWithAuthentication(credentialType, sandboxCredential(), {
			method: 'POST',
			url: '/v2/payment_requests/',
			body: new URLSearchParams({ amount: '499.50', purpose: 'Workshop ticket', buyer_name: 'Asha Rao', webhook: receiver().url }),
			json: true,
		})) as { id: string };
		const paid = await fetch(`${sandbox().url}/_sandbox/payment_requests/${link.id}/pay`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ outcome }),
		});
		const answer = (await paid.json()) as { payment: { id: string } };
		expect(receiver().received).toHaveLength(1);
		expect(receiver().received[0]).toMatchObject({ method: 'POST', contentType: FORM });
		sandbox().clearLog();
		return { body: receiver().received[0].rawBody, paymentId: answer.payment.id };
	}

	it("verifies the sandbox's signed webhook for a paid payment link", async () => {
		const { body, paymentId } = await payThroughSandbox();
		const run = await deliver({ body }, { credential: sandboxCredential() });
		expect(run.started).toBe(true);
		expect(run.items[0]).toMatchObject({
			payment_id: paymentId,
			status: 'Credit',
			successful: true,
			amount: '499.50',
			amount_number: 499.5,
			buyer_name: 'Asha Rao',
			purpose: 'Workshop ticket',
			shorturl: null,
			verified: true,
		});
		// Verification is local: nothing was asked of Instamojo.
		expect(sandbox().log()).toEqual([]);
	});

	it('refuses the same webhook under another salt', async () => {
		const { body } = await payThroughSandbox();
		const run = await deliverSigned({ body }, { credential: sandboxCredential({ privateSaltSecret: 'someone-elses-salt' }) });
		expect(run).toMatchObject({ status: 401, started: false });
	});

	it('fetches the payment through the credential and adds it to the item, reading the credential once', async () => {
		const { body, paymentId } = await payThroughSandbox();
		const run = await deliver({ body }, { credential: sandboxCredential(), parameters: { options: { fetchPaymentDetails: true } } });
		expect(run.started).toBe(true);
		expect(run.authenticatedRequests.map((r) => r.credentialType)).toEqual(['instamojoApi']);
		expect(run.credentialReads).toBe(1); // for the MAC and the fetch: n8n decrypts it on every read
		const calls = sandbox().log().filter((entry) => entry.path.startsWith('/v2/'));
		expect(calls).toEqual([
			expect.objectContaining({ method: 'GET', path: `/v2/payments/${paymentId}/`, status: 200, auth: expect.objectContaining({ kind: 'application' }) }),
		]);
		expect(run.items[0].payment_details).toMatchObject({ id: paymentId, status: true, amount: '499.50', amount_number: 499.5 });
		expect(run.items[0].payment_details_error).toBeUndefined();
	});

	it('still runs, with payment_details_error, when the payment cannot be fetched', async () => {
		// A correctly signed delivery for a payment this account cannot see.
		const body = signed(payment(), marketplace.salt as string);
		const run = await deliver({ body }, { credential: sandboxCredential(), parameters: { options: { fetchPaymentDetails: true } } });
		expect(run.started).toBe(true);
		expect(run.items[0].payment_details).toBeUndefined();
		expect(run.items[0].payment_details_error).toBe('Instamojo refused to get payment MOJO5a06005J21512197 (HTTP 404): Not found');
		expect(run.items[0].verified).toBe(true);
	});

	it('still runs when Instamojo cannot be reached', async () => {
		const body = signed(payment(), marketplace.salt as string);
		const credential = sandboxCredential({ baseUrl: 'http://127.0.0.1:9' });
		const run = await deliver({ body }, { credential, parameters: { options: { fetchPaymentDetails: true } } });
		expect(run.started).toBe(true);
		expect(String(run.items[0].payment_details_error)).toMatch(/^Could not get payment MOJO5a06005J21512197 from Instamojo: /);
		expect(JSON.stringify(run.items[0])).not.toContain(DEFAULT_SEED.application.clientSecret);
	});

	it('asks Instamojo nothing for deliveries refused with Private Salt only', async () => {
		const { body } = await payThroughSandbox();
		const tampered = body.replace('amount=499.50', 'amount=4.50');
		const run = await deliverSigned({ body: tampered }, { credential: sandboxCredential(), parameters: { options: { fetchPaymentDetails: true } } });
		expect(run.status).toBe(401);
		expect(run.authenticatedRequests).toEqual([]);
		expect(sandbox().log()).toEqual([]);
	});
});

describe('confirming deliveries with Instamojo (sellers whose links may be signed with their own salt)', () => {
	const sellers = [
		{ username: 'asha', password: 'asha-password', email: 'asha@shop.example', phone: '9876543210', salt: 'asha-salt' },
		{ username: 'bina', password: 'bina-password', email: 'bina@shop.example', phone: '9876543211', salt: 'bina-salt' },
	];
	const sandbox = useSandbox({ seed: { sellers } } as never);
	const receiver = useServer(startReceiver);

	const marketplaceCredential = (fields: IDataObject = {}) => sandboxTriggerCredential(sandbox(), fields);

	/** A link on Asha's account (her own token), paid by a buyer; returns the webhook Instamojo sent for it. */
	const sellerPayment = async (outcome: 'success' | 'failure' = 'success') => await sellerWebhook(sandbox(), receiver(), sellers[0], outcome);

	it("partner's salt: the signature suffices, nothing is asked of Instamojo", async () => {
		sandbox().decisions.webhookSalt = 'partner';
		const { body, paymentId } = await sellerPayment();
		const run = await deliver({ body }, { credential: marketplaceCredential() });
		expect(run.started).toBe(true);
		expect(run.items[0]).toMatchObject({ payment_id: paymentId, verified: true, verified_by: 'signature' });
		expect(apiCalls(sandbox())).toEqual([]);
	});

	it("seller's salt: the default confirms with one read, starts exactly one execution, and a repeat starts none", async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const { body, paymentId, linkId } = await sellerPayment();
		const staticData: IDataObject = {};
		const setup = { credential: marketplaceCredential(), staticData, workflowId: 'seller-salt', parameters: { options: { fetchPaymentDetails: true } } };
		const first = await deliver({ body }, setup);
		const again = await deliver({ body }, setup);
		expect(first.started).toBe(true);
		expect(first.items[0]).toMatchObject({ payment_id: paymentId, payment_request_id: linkId, amount: '1250.00', verified: true, verified_by: 'instamojo' });
		// The payment read to confirm the delivery is the item's payment_details: no second read.
		expect(first.items[0].payment_details).toMatchObject({ id: paymentId, status: true, amount_number: 1250 });
		expect(again).toMatchObject({ status: 200, started: false });
		expect(apiCalls(sandbox())).toEqual([expect.objectContaining({ method: 'GET', path: `/v2/payments/${paymentId}/`, status: 200 })]);
		expect(first.warnings).toEqual([]);
	});

	it("seller's salt with Private Salt only: refused, and the log says the salt may be the seller's", async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const { body } = await sellerPayment();
		const run = await deliver({ body }, { credential: marketplaceCredential(), parameters: { verification: 'salt' } });
		expect(run).toMatchObject({ status: 401, started: false });
		expect(run.warnings).toEqual([expect.stringContaining("A seller's link may be signed with the seller's salt")]);
		expect(apiCalls(sandbox())).toEqual([]);
	});

	it.each(['partner', 'seller'] as const)('Ask Instamojo needs no Private Salt (%s salt)', async (salt) => {
		sandbox().decisions.webhookSalt = salt;
		const { body, paymentId } = await sellerPayment();
		const run = await deliver({ body }, { credential: marketplaceCredential({ privateSaltSecret: '' }), parameters: { verification: 'api' } });
		expect(run.items).toEqual([expect.objectContaining({ payment_id: paymentId, verified: true, verified_by: 'instamojo' })]);
		expect(apiCalls(sandbox())).toHaveLength(1);
	});

	it('reads booleans sent as "True"/"False" strings', async () => {
		sandbox().decisions.webhookSalt = 'seller';
		(sandbox().decisions as unknown as IDataObject).booleanFormat = 'python';
		const { body } = await sellerPayment();
		const run = await deliver({ body }, { credential: marketplaceCredential(), parameters: { options: { fetchPaymentDetails: true } } });
		expect(run.started).toBe(true);
		expect((run.items[0].payment_details as IDataObject).status).toBe(true);
	});

	it('confirms a failed payment as failed', async () => {
		sandbox().decisions.webhookSalt = 'seller';
		sandbox().decisions.failureWebhooks = true;
		const { body } = await sellerPayment('failure');
		const run = await deliver({ body }, { credential: marketplaceCredential(), parameters: { payments: 'failed' } });
		expect(run.items).toEqual([expect.objectContaining({ status: 'Failed', successful: false, verified_by: 'instamojo' })]);
	});

	it.each(['saltOrApi', 'api'])(
		"confirms with the cached credential and its token; a renewed token is read back from n8n's store (%s)",
		async (verification) => {
			sandbox().decisions.webhookSalt = 'seller';
			const credential = marketplaceCredential();
			const pay = async () => {
				receiver().received.length = 0;
				return await sellerPayment();
			};
			const runs = [];
			for (let i = 0; i < 4; i++) {
				const { body } = await pay();
				runs.push(await deliver({ body }, { credential, workflowId: `cached-${verification}`, parameters: { verification } }));
			}
			expect(runs.map((run) => run.items[0]?.verified_by)).toEqual(['instamojo', 'instamojo', 'instamojo', 'instamojo']);
			// The first delivery had n8n store a token, so the second reads the credential again. With the
			// seller's salt, Private Salt Else Ask Instamojo reads it once more after a mismatch, then not for 5 s.
			expect(runs.map((run) => run.credentialReads)).toEqual(verification === 'api' ? [1, 1, 0, 0] : [1, 1, 1, 0]);
			// One token for the four reads (sellerPayment clears the log, so counted here).
			expect(credential.preAuthRuns).toBe(1);
			await expireTokens(sandbox());
			const { body } = await pay();
			const renewed = await deliver({ body }, { credential, workflowId: `cached-${verification}`, parameters: { verification } });
			expect(renewed.items).toEqual([expect.objectContaining({ verified_by: 'instamojo' })]);
			expect(tokenCalls(sandbox())).toHaveLength(1);
			const after = await pay();
			const next = await deliver({ body: after.body }, { credential, workflowId: `cached-${verification}`, parameters: { verification } });
			// The stored credential, with the renewed token, is read once more; no second renewal.
			expect(next).toMatchObject({ started: true, credentialReads: 1 });
			expect(tokenCalls(sandbox())).toHaveLength(0);
			expect(credential.preAuthRuns).toBe(2);
		},
	);

	describe.each(['saltOrApi', 'api'])('forged deliveries are refused (%s)', (verification) => {
		/** A genuine delivery with fields changed by a forger, who cannot sign them with any salt we hold. */
		async function forged(change: (fields: Record<string, string>) => void, parameters: IDataObject = {}) {
			sandbox().decisions.webhookSalt = 'seller';
			const { body } = await sellerPayment();
			const fields = Object.fromEntries(new URLSearchParams(body));
			change(fields);
			const run = await deliver({ body: new URLSearchParams(fields).toString() }, { credential: marketplaceCredential(), parameters: { verification, ...parameters } });
			expect(run).toMatchObject({ status: 401, started: false, body: 'Unauthorized: Instamojo does not confirm this delivery' });
			expect(apiCalls(sandbox())).toHaveLength(1);
			return run.warnings;
		}

		it('a different amount', async () => {
			const warnings = await forged((fields) => (fields.amount = '12500.00'));
			expect(warnings).toEqual([expect.stringMatching(/refused a delivery for payment MOJO\w+: Instamojo does not confirm it: Instamojo says the amount is 1250\.00, the delivery says 12500\.00$/)]);
		});

		it('another payment link', async () => {
			const warnings = await forged((fields) => (fields.payment_request_id = 'd66cb29dd059482e8072999f995c4eef'));
			expect(warnings).toEqual([expect.stringContaining('the payment belongs to payment link')]);
		});

		it('another status', async () => {
			const warnings = await forged((fields) => (fields.status = 'Failed'), { payments: 'all' });
			expect(warnings).toEqual([expect.stringContaining('Instamojo says the payment is successful, the delivery says "Failed"')]);
		});

		it('a payment that does not exist', async () => {
			const warnings = await forged((fields) => (fields.payment_id = 'MOJO0000000000000000'));
			expect(warnings).toEqual([expect.stringContaining('Instamojo has no such payment for this credential (HTTP 404)')]);
		});
	});

	it('a token that may not read the payment: refused, and the log says so', async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const { body, paymentId } = await sellerPayment();
		// Bina's own token (User flow) cannot read a payment on Asha's account.
		const bina = marketplaceCredential({ authentication: 'user', username: 'bina', password: 'bina-password', privateSaltSecret: 'bina-salt' });
		const run = await deliver({ body }, { credential: bina });
		expect(run).toMatchObject({ status: 401, started: false });
		expect(run.warnings).toEqual([
			`Instamojo Trigger refused a delivery for payment ${paymentId}: Instamojo does not confirm it: the credential's token may not read that payment (HTTP 403)`,
		]);
		expect(apiCalls(sandbox()).filter((entry) => entry.path.startsWith('/v2/payments/'))).toEqual([expect.objectContaining({ status: 403 })]);
		expect(run.warnings.join(' ')).not.toMatch(/bina-password|bina-salt|sandbox-client-secret/);
	});

	it('an outage is answered 503 and logged, and nothing starts', async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const { body } = await sellerPayment();
		const run = await deliver({ body }, { credential: marketplaceCredential({ baseUrl: 'http://127.0.0.1:9' }) });
		expect(run).toMatchObject({ status: 503, started: false });
		expect(run.warnings).toEqual([expect.stringContaining('Instamojo does not confirm it: Instamojo could not be asked')]);
	});

	it('a delivery that cannot be confirmed is refused without a read', async () => {
		const fields = { ...PUBLISHED_PAYMENT, payment_request_id: 'not-a-link' };
		const run = await deliver({ body: new URLSearchParams(fields).toString() }, { credential: marketplaceCredential() });
		expect(run).toMatchObject({ status: 401, started: false, body: 'Unauthorized: this delivery cannot be confirmed' });
		expect(run.warnings).toEqual([expect.stringContaining('the delivery has no valid payment_request_id')]);
		expect(run.authenticatedRequests).toEqual([]);
	});
});

describe('version 1 workflows (Verify MAC)', () => {
	it('keep Private Salt only when Verify MAC is on, as before', async () => {
		const run = await deliver({ body: PUBLISHED_BODY.replace('2500.00', '1.00') }, { typeVersion: 1 });
		expect(run).toMatchObject({ status: 401, body: 'Unauthorized: the mac does not match' });
		expect(run.authenticatedRequests).toEqual([]);
		expect((await deliver({ body: PUBLISHED_BODY }, { typeVersion: 1 })).items[0]).toMatchObject({ verified: true, verified_by: 'signature' });
	});

	it('keep verification off when Verify MAC is off, whatever the new parameter says', async () => {
		const run = await deliver({ body: new URLSearchParams(PUBLISHED_PAYMENT).toString() }, { typeVersion: 1, parameters: { verifyMac: false } });
		expect(run.items).toEqual([expect.objectContaining({ verified: false, verified_by: null })]);
	});

	it('still refuse to activate without a salt when Verify MAC is on', async () => {
		await expect(activate({ typeVersion: 1, credential: triggerCredential({ privateSaltSecret: '' }) })).rejects.toThrow('no Private Salt');
		await expect(activate({ typeVersion: 1, credential: triggerCredential({ privateSaltSecret: '' }), parameters: { verifyMac: false } })).resolves.toEqual({ created: false });
	});
});

describe('the cached credential (n8n decrypts it on every read)', () => {
	const NEW_SALT = 'fedcba9876543210fedcba9876543210';
	let deliveries = 0;
	/** A delivery of its own payment, signed with `salt`. */
	const signedBody = (salt: string) => signed(payment({ payment_id: `MOJO${String(++deliveries).padStart(16, '0')}` }), salt);
	const forgedBody = () => signedBody('a-salt-the-forger-guessed');
	const clock = { now: 1_000_000 };
	const frozenClock = () => jest.spyOn(Date, 'now').mockImplementation(() => clock.now);

	afterEach(() => jest.restoreAllMocks());

	it('reads the credential once for many deliveries', async () => {
		const credential = triggerCredential();
		const runs = [];
		for (let i = 0; i < 5; i++) runs.push(await deliverSigned({ body: signedBody(SALT) }, { credential }));
		expect(runs.map((run) => run.started)).toEqual([true, true, true, true, true]);
		expect(runs.map((run) => run.credentialReads)).toEqual([1, 0, 0, 0, 0]);
	});

	it.each(['salt', 'saltOrApi'])('picks up a new salt on its first delivery (%s)', async (verification) => {
		const credential = triggerCredential();
		expect((await deliver({ body: signedBody(SALT) }, { credential, parameters: { verification } })).started).toBe(true);
		credential.data.privateSaltSecret = NEW_SALT;
		const first = await deliver({ body: signedBody(NEW_SALT) }, { credential, parameters: { verification } });
		expect(first.items).toEqual([expect.objectContaining({ verified: true, verified_by: 'signature' })]);
		// The cached salt did not match, so the credential was read again before refusing.
		expect(first.credentialReads).toBe(1);
		expect(first.authenticatedRequests).toEqual([]);
	});

	it('picks up a Private Salt entered after the first delivery', async () => {
		const credential = triggerCredential({ privateSaltSecret: '' });
		expect((await deliverSigned({ body: signedBody(SALT) }, { credential })).status).toBe(401);
		credential.data.privateSaltSecret = SALT;
		expect((await deliverSigned({ body: signedBody(SALT) }, { credential })).started).toBe(true);
	});

	it('stops accepting an old salt once the bound (60 s) has passed', async () => {
		expect(CREDENTIAL_TTL_MS).toBe(60_000);
		frozenClock();
		const credential = triggerCredential();
		expect((await deliverSigned({ body: signedBody(SALT) }, { credential })).started).toBe(true);
		credential.data.privateSaltSecret = NEW_SALT;
		clock.now += CREDENTIAL_TTL_MS - 1;
		// Within the bound the cached salt still verifies: the price of not decrypting on every delivery.
		expect((await deliverSigned({ body: signedBody(SALT) }, { credential })).started).toBe(true);
		clock.now += 1;
		const old = await deliverSigned({ body: signedBody(SALT) }, { credential });
		expect(old).toMatchObject({ status: 401, started: false, credentialReads: 1 });
		expect(old.warnings).toEqual([expect.stringContaining('the mac does not match')]);
		expect((await deliverSigned({ body: signedBody(NEW_SALT) }, { credential })).started).toBe(true);
	});

	it('refuses 1,000 forged deliveries over 10 s with 3 credential reads instead of 1,000, and still accepts a genuine one', async () => {
		expect(REREAD_INTERVAL_MS).toBe(5_000);
		frozenClock();
		const credential = triggerCredential();
		const runs = [];
		for (let i = 0; i < 1000; i++) {
			runs.push(await deliverSigned({ body: forgedBody() }, { credential }));
			clock.now += 10;
		}
		expect(runs.every((run) => run.status === 401 && !run.started)).toBe(true);
		// The first read, then one read after a mismatch at 0 s, 5 s (and none more before 10 s).
		expect(runs.reduce((sum, run) => sum + run.credentialReads, 0)).toBe(3);
		const genuine = await deliverSigned({ body: signedBody(SALT) }, { credential });
		expect(genuine).toMatchObject({ started: true, credentialReads: 0 });
	});

	it('has 50 forged deliveries arriving at once share one read', async () => {
		frozenClock();
		const credential = triggerCredential();
		expect((await deliverSigned({ body: signedBody(SALT) }, { credential })).credentialReads).toBe(1);
		clock.now += 10_000;
		const runs = await Promise.all(Array.from({ length: 50 }, async () => await deliverSigned({ body: forgedBody() }, { credential })));
		expect(runs.every((run) => run.status === 401)).toBe(true);
		expect(runs.reduce((sum, run) => sum + run.credentialReads, 0)).toBe(1);
	});

	it('never uses one credential for another', async () => {
		const mine = triggerCredential();
		const theirs = triggerCredential({ privateSaltSecret: NEW_SALT });
		for (let i = 0; i < 2; i++) {
			expect((await deliverSigned({ body: signedBody(SALT) }, { credential: mine })).started).toBe(true);
			expect((await deliverSigned({ body: signedBody(NEW_SALT) }, { credential: theirs })).started).toBe(true);
			expect((await deliverSigned({ body: signedBody(NEW_SALT) }, { credential: mine })).status).toBe(401);
			expect((await deliverSigned({ body: signedBody(SALT) }, { credential: theirs })).status).toBe(401);
		}
	});

	it('reads the credential on every delivery when n8n gives it no id, and for test deliveries', async () => {
		const credential = triggerCredential();
		const noId = [];
		for (let i = 0; i < 3; i++) noId.push(await deliverSigned({ body: signedBody(SALT) }, { credential, credentialId: null }));
		expect(noId.map((run) => run.credentialReads)).toEqual([1, 1, 1]);
		await deliverSigned({ body: signedBody(SALT) }, { credential });
		const test = await deliverSigned({ body: signedBody(SALT) }, { credential, mode: 'manual' });
		expect(test).toMatchObject({ started: true, credentialReads: 1 });
	});

	it('starts from the stored credential after the workflow is activated again', async () => {
		const credential = triggerCredential();
		await deliverSigned({ body: signedBody(SALT) }, { credential });
		credential.data.privateSaltSecret = NEW_SALT;
		await activate({ credential, parameters: { verification: 'salt' } });
		const old = await deliverSigned({ body: signedBody(SALT) }, { credential });
		expect(old.status).toBe(401);
	});
});

describe('deduplication with static data loaded and saved per request, as n8n does', () => {
	/** n8n's production webhook: a copy of the saved static data per request, saved whole afterwards if changed. */
	class SavedStaticData {
		saved: IDataObject = {};
		load(): IDataObject {
			return structuredClone(this.saved);
		}
		save(data: IDataObject): void {
			this.saved = data;
		}
	}
	const bodyOf = (paymentId: string) => signed(payment({ payment_id: paymentId }));

	it('loses no key when deliveries are handled at the same time, and keeps them across a restart', async () => {
		const store = new SavedStaticData();
		const ids = Array.from({ length: 8 }, (_, i) => `MOJO${String(i).padStart(16, '0')}`);
		const loaded = ids.map(() => store.load());
		const runs = await Promise.all(ids.map(async (id, i) => await deliverSigned({ body: bodyOf(id) }, { staticData: loaded[i], workflowId: 'concurrent' })));
		expect(runs.every((run) => run.started)).toBe(true);
		// Saved in order: each save replaces the one before (last write wins).
		for (const data of loaded) store.save(data);
		expect(store.saved.recentDeliveries).toEqual(ids.map((id) => `${id.toLowerCase()}|credit`));
		for (const id of ids) {
			expect((await deliverSigned({ body: bodyOf(id) }, { staticData: store.load(), workflowId: 'concurrent' })).started).toBe(false);
		}
		// Another process (or this one after a restart) has only the saved static data: still none runs twice.
		for (const id of ids) {
			expect((await deliverSigned({ body: bodyOf(id) }, { staticData: store.load(), workflowId: 'restarted' })).started).toBe(false);
		}
	});

	it('keeps keys saved by another process', async () => {
		const store = new SavedStaticData();
		await deliverSigned({ body: bodyOf('MOJO0000000000000101') }, { staticData: (store.saved = store.load()), workflowId: 'processor-a' });
		const mine = store.load();
		await deliverSigned({ body: bodyOf('MOJO0000000000000102') }, { staticData: mine, workflowId: 'processor-b' });
		expect(mine.recentDeliveries).toEqual(['mojo0000000000000101|credit', 'mojo0000000000000102|credit']);
	});
});
