import { createHmac, timingSafeEqual } from 'node:crypto';

import { computeMac } from '../../sandbox/webhook.cjs';
import { appToken, createPaymentRequest, marketplace, newSeller } from '../support/client';
import { pay, useSandbox, useServer } from '../support/sandbox';
import { startReceiver } from '../support/receiver.cjs';
import { PUBLISHED_PAYMENT } from '../support/webhooks';

const sandbox = useSandbox({ profile: 'documented' });

const receiver = useServer(startReceiver);

/**
 * The receiver's side of docs/instamojo-api.md §9, written independently of the sandbox: parse the raw form body,
 * drop `mac`, sort keys case-insensitively, join the values with `|`, HMAC-SHA1 with the salt.
 */
function verifies(rawBody: string, salt: string): boolean {
	const fields = new URLSearchParams(rawBody);
	const mac = fields.get('mac') ?? '';
	const message = [...fields.keys()]
		.filter((key) => key !== 'mac')
		.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
		.map((key) => fields.get(key))
		.join('|');
	const expected = createHmac('sha1', salt).update(message).digest('hex');
	return (
		mac.length === expected.length &&
		timingSafeEqual(new TextEncoder().encode(mac), new TextEncoder().encode(expected))
	);
}

const SALT = '0123456789abcdef0123456789abcdef';

describe('MAC (docs/instamojo-api.md §9)', () => {
	it('matches the published vector for {foo: 1, bar: 2, baz: 3}', () => {
		expect(computeMac({ foo: '1', bar: '2', baz: '3' }, SALT)).toBe(
			'b52a6c573e10d208bba2e736a93c833c507dd393',
		);
	});

	it('matches the published vector for the 12-field payload, in any key order and ignoring mac', () => {
		// status first, not last as published: the order of the keys must not matter.
		const payload = { status: 'Credit', ...PUBLISHED_PAYMENT, mac: 'ignored' };
		expect(computeMac(payload, SALT)).toBe('d2ba031ffa94c81d3badf46ebcece4495a6dbacf');
	});

	it('sorts keys without regard to case', () => {
		expect(computeMac({ B: '2', a: '1' }, SALT)).toBe(
			createHmac('sha1', SALT).update('1|2').digest('hex'),
		);
	});

	it('checks the independent verifier against the published vector too', () => {
		expect(verifies('bar=2&foo=1&baz=3&mac=b52a6c573e10d208bba2e736a93c833c507dd393', SALT)).toBe(
			true,
		);
		expect(verifies('bar=2&foo=1&baz=4&mac=b52a6c573e10d208bba2e736a93c833c507dd393', SALT)).toBe(
			false,
		);
	});
});

describe('webhook delivery', () => {
	it("POSTs the documented form (docs/instamojo-api.md §9) to the request's webhook, signed with the marketplace's salt, and reports the answer", async () => {
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const request = await createPaymentRequest(sandbox(), seller.token, {
			amount: '2500',
			purpose: 'FIFA 16',
			webhook: receiver().url,
		});
		receiver().answer.body = 'received';
		const result = (
			await pay(sandbox(), request.id, {
				outcome: 'success',
				buyer_name: 'John Doe',
				email: 'foo@example.com',
				phone: '9999999999',
			})
		).body;

		expect(result.webhook).toEqual({ url: receiver().url, status: 200, body: 'received' });
		expect(receiver().received).toHaveLength(1);
		const [delivery] = receiver().received;
		expect(delivery.method).toBe('POST');
		expect(delivery.contentType).toBe('application/x-www-form-urlencoded');
		const fields = new URLSearchParams(delivery.rawBody);
		expect([...fields.keys()]).toEqual([
			'amount',
			'buyer',
			'buyer_name',
			'buyer_phone',
			'currency',
			'fees',
			'longurl',
			'payment_id',
			'payment_request_id',
			'purpose',
			'shorturl',
			'status',
			'mac',
		]);
		expect(Object.fromEntries(fields)).toMatchObject({
			amount: '2500.00',
			buyer: 'foo@example.com',
			buyer_name: 'John Doe',
			buyer_phone: '+919999999999',
			currency: 'INR',
			fees: '53.00',
			longurl: request.longurl,
			payment_id: result.payment.id,
			payment_request_id: request.id,
			purpose: 'FIFA 16',
			shorturl: '',
			status: 'Credit',
		});
		expect(verifies(delivery.rawBody, marketplace.salt as string)).toBe(true);
		const sellerSalt = sandbox().state.users.get(seller.id)?.salt as string;
		expect(verifies(delivery.rawBody, sellerSalt)).toBe(false);
	});

	it("signs with the seller's own salt when webhookSalt is 'seller'", async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const seller = await newSeller(sandbox(), await appToken(sandbox()));
		const request = await createPaymentRequest(sandbox(), seller.token, { webhook: receiver().url });
		await pay(sandbox(), request.id);

		expect(
			verifies(receiver().received[0].rawBody, sandbox().state.users.get(seller.id)?.salt as string),
		).toBe(true);
		expect(verifies(receiver().received[0].rawBody, marketplace.salt as string)).toBe(false);
	});

	it('stays silent on a failed payment unless failureWebhooks is on', async () => {
		const request = await createPaymentRequest(sandbox(), await appToken(sandbox()), {
			webhook: receiver().url,
		});
		expect((await pay(sandbox(), request.id, { outcome: 'failure' })).body.webhook).toBeNull();
		expect(receiver().received).toHaveLength(0);

		sandbox().decisions.failureWebhooks = true;
		await pay(sandbox(), request.id, { outcome: 'failure' });
		expect(new URLSearchParams(receiver().received[0].rawBody).get('status')).toBe('Failed');
		expect(verifies(receiver().received[0].rawBody, marketplace.salt as string)).toBe(true);
	});

	it("reports the receiver's error status, and an unreachable receiver, without failing the payment", async () => {
		const token = await appToken(sandbox());
		receiver().answer.status = 500;
		const failing = await createPaymentRequest(sandbox(), token, { webhook: receiver().url });
		expect((await pay(sandbox(), failing.id)).body.webhook).toMatchObject({ status: 500 });

		const closed = await startReceiver();
		await closed.close();
		const unreachable = await createPaymentRequest(sandbox(), token, { webhook: closed.url });
		const result = await pay(sandbox(), unreachable.id);
		expect(result.status).toBe(200);
		expect(result.body.webhook).toMatchObject({
			url: closed.url,
			status: null,
			body: null,
			error: expect.stringContaining('ECONNREFUSED'),
		});
	});
});
