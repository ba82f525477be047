/**
 * The Instamojo Trigger against a hostile sender who knows the URL but no salt: unsigned payment IDs that
 * would become other API paths, and floods of forged deliveries that would turn every POST into an API
 * read with the marketplace's token. What Instamojo was asked is counted from the sandbox's request log.
 */
import { randomBytes } from 'node:crypto';

import { READS_PER_MINUTE } from '../../nodes/Instamojo/trigger/guard';
import { DEFAULT_SEED } from '../../sandbox/server.cjs';
import { computeMac } from '../../sandbox/webhook.cjs';
import type { StoredCredential } from '../../harness/standIn/n8nCore';
import { deliver, SALT, type TriggerRun, type TriggerSetup } from '../../harness/standIn/webhookTrigger';
import { startReceiver } from '../support/receiver.cjs';
import { useSandbox, useServer } from '../support/sandbox';
import { sandboxTriggerCredential, sellerWebhook } from '../support/webhooks';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A payment ID of the right shape that no one issued. */
function madeUpPaymentId(): string {
	return `MOJO${[...randomBytes(16)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;
}

/** A delivery as a forger writes it: every field plausible, the mac made up. */
function forgedBody(paymentId = madeUpPaymentId()): string {
	return new URLSearchParams({
		amount: '499.00',
		buyer: 'buyer@example.com',
		buyer_name: 'Forger',
		buyer_phone: '+919999999999',
		currency: 'INR',
		fees: '12.00',
		longurl: 'https://www.instamojo.com/@seller/d66cb29dd059482e8072999f995c4eef',
		payment_id: paymentId,
		payment_request_id: randomBytes(16).toString('hex'),
		purpose: 'Order',
		shorturl: '',
		status: 'Credit',
		mac: randomBytes(20).toString('hex'),
	}).toString();
}

const SELLER = { username: 'asha', password: 'asha-password', email: 'asha@shop.example', phone: '9876543210', salt: 'asha-salt' };

const sandbox = useSandbox({ seed: { sellers: [SELLER] } } as never);
const receiver = useServer(startReceiver);
afterEach(() => jest.restoreAllMocks());

const credential = (): StoredCredential => sandboxTriggerCredential(sandbox());

/** Requests that reached the API (the credential's own token fetch aside). */
const apiReads = () => sandbox().log().filter((entry) => entry.path.startsWith('/v2/'));

describe('unsigned payment IDs never become a request', () => {
	const VALID = 'MOJO5a06005J21512197';
	const badIds = [
		'.',
		'..',
		'/',
		'../..',
		'%2e',
		'%2E%2E',
		`${VALID}/../..`,
		`${VALID}/refund`,
		`${VALID}?page=1`,
		`${VALID}#`,
		` ${VALID}`,
		`${VALID}\n`,
		'MOJO5a06005J2151219-',
		'MOJO5a06005J2151219é',
		'mojo5a06005J21512197x',
		`MOJO${'a'.repeat(60)}`,
		'x'.repeat(10_000),
	];
	const modes = ['salt', 'saltOrApi', 'api', 'off'];

	it.each(modes)('in %s mode with Fetch Payment Details, each is answered 400 and nothing is asked', async (verification) => {
		const runs: TriggerRun[] = [];
		for (const paymentId of badIds) {
			const fields = { amount: '499.00', payment_id: paymentId, payment_request_id: 'd66cb29dd059482e8072999f995c4eef', status: 'Credit' };
			const body = new URLSearchParams({ ...fields, mac: computeMac(fields, DEFAULT_SEED.marketplace.salt as string) }).toString();
			runs.push(await deliver({ body }, { credential: credential(), parameters: { verification, options: { fetchPaymentDetails: true } } }));
		}
		for (const run of runs) {
			expect(run).toMatchObject({ status: 400, started: false, body: 'Bad request: payment_id is not an Instamojo payment ID' });
			expect(run.authenticatedRequests).toEqual([]);
		}
		expect(sandbox().log()).toEqual([]);
	});

	it('refuses an encoded dot in the raw body as it decodes, and never repeats the value', async () => {
		for (const body of ['payment_id=%2e&status=Credit', 'payment_id=%2e%2e&status=Credit', 'payment_id=%2F&status=Credit']) {
			const run = await deliver({ body }, { credential: credential(), parameters: { verification: 'off', options: { fetchPaymentDetails: true } } });
			expect(run.status).toBe(400);
			expect(String(run.body)).not.toMatch(/\.|%2|\//i);
		}
		expect(sandbox().log()).toEqual([]);
	});

	it('still reads a valid ID exactly at /v2/payments/{id}/', async () => {
		const run = await deliver({ body: `payment_id=${VALID}&status=Credit` }, { credential: credential(), parameters: { verification: 'off', options: { fetchPaymentDetails: true } } });
		expect(run.started).toBe(true);
		expect(apiReads().map((entry) => entry.path)).toEqual([`/v2/payments/${VALID}/`]);
	});
});

describe('forged deliveries are not an amplifier', () => {
	/** One trigger, its clock frozen so the budget's refill is exact. */
	function frozenTrigger(workflowId: string): { setup: TriggerSetup; advance: (ms: number) => void } {
		let now = Date.parse('2026-03-01T10:00:00Z');
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		return {
			setup: { credential: credential(), workflowId, staticData: {} },
			advance: (ms) => (now += ms),
		};
	}

	it(`1,000 forged deliveries with made-up IDs start nothing and cause at most ${READS_PER_MINUTE} reads a minute`, async () => {
		const { setup, advance } = frozenTrigger('flood');
		const runs: TriggerRun[] = [];
		for (let i = 0; i < 1000; i++) runs.push(await deliver({ body: forgedBody() }, setup));

		const statuses = runs.reduce<Record<number, number>>((count, run) => ({ ...count, [run.status]: (count[run.status] ?? 0) + 1 }), {});
		expect(runs.filter((run) => run.started)).toHaveLength(0);
		expect(apiReads()).toHaveLength(READS_PER_MINUTE);
		expect(statuses).toEqual({ 401: READS_PER_MINUTE, 503: 1000 - READS_PER_MINUTE });
		// Every refusal says why in n8n's log; none quotes a secret.
		expect(runs.every((run) => run.warnings.length === 1 && run.warnings[0].startsWith('Instamojo Trigger refused a delivery for payment MOJO'))).toBe(true);
		const log = runs.flatMap((run) => run.warnings).join('\n');
		expect(log).toContain('Instamojo has no such payment for this credential (HTTP 404)');
		expect(log).toContain(`this trigger already asked Instamojo about ${READS_PER_MINUTE} payments in the last minute`);
		expect(log).not.toContain(DEFAULT_SEED.application.clientSecret);
		expect(log).not.toContain(DEFAULT_SEED.marketplace.salt);

		// The budget refills with time: a minute later, another minute's worth.
		advance(60_000);
		for (let i = 0; i < 100; i++) await deliver({ body: forgedBody() }, setup);
		expect(apiReads()).toHaveLength(2 * READS_PER_MINUTE);
	});

	it("a genuine delivery signed with a seller's salt still starts exactly one execution among forged ones", async () => {
		sandbox().decisions.webhookSalt = 'seller';
		const { body: genuineBody, paymentId } = await sellerWebhook(sandbox(), receiver(), SELLER);
		const { setup, advance } = frozenTrigger('flood-and-genuine');

		for (let i = 0; i < 1000; i++) await deliver({ body: forgedBody() }, setup);
		advance(60_000);
		const runs = [await deliver({ body: genuineBody }, setup), await deliver({ body: genuineBody }, setup)];
		expect(runs.map((run) => run.started)).toEqual([true, false]);
		expect(runs[0].items[0]).toMatchObject({ payment_id: paymentId, verified_by: 'instamojo' });
		expect(apiReads()).toHaveLength(READS_PER_MINUTE + 1);
	});

	it('the same forged ID 1,000 times costs one read: the answer is remembered', async () => {
		const { setup } = frozenTrigger('same-id');
		const paymentId = madeUpPaymentId();
		const runs: TriggerRun[] = [];
		for (let i = 0; i < 1000; i++) runs.push(await deliver({ body: forgedBody(paymentId) }, setup));
		expect(runs.every((run) => run.status === 401 && !run.started)).toBe(true);
		expect(apiReads()).toHaveLength(1);
	});

	it('copies of one forged delivery arriving at once share one read', async () => {
		const { setup } = frozenTrigger('concurrent');
		const paymentId = madeUpPaymentId();
		const runs = await Promise.all(Array.from({ length: 50 }, async () => await deliver({ body: forgedBody(paymentId) }, setup)));
		expect(runs.every((run) => run.status === 401)).toBe(true);
		expect(apiReads()).toHaveLength(1);
	});

	it('with verification off, Fetch Payment Details is bounded the same way', async () => {
		const { setup } = frozenTrigger('off-fetch');
		const off = { ...setup, parameters: { verification: 'off', options: { fetchPaymentDetails: true } } };
		const runs: TriggerRun[] = [];
		for (let i = 0; i < 200; i++) runs.push(await deliver({ body: forgedBody() }, off));
		expect(apiReads()).toHaveLength(READS_PER_MINUTE);
		expect(runs[199].items[0].payment_details_error).toBe(
			`Payment ${runs[199].items[0].payment_id} was not fetched: this trigger already asked Instamojo about ${READS_PER_MINUTE} payments in the last minute.`,
		);
	});
});

describe('repeat deliveries are one key whatever the case', () => {
	const signed = (fields: Record<string, string>) => new URLSearchParams({ ...fields, mac: computeMac(fields, SALT) }).toString();
	const base = { amount: '2500.00', payment_id: 'MOJO5a06005J21512197', payment_request_id: 'd66cb29dd059482e8072999f995c4eef', status: 'Credit' };

	it.each([
		['status', { ...base, status: 'credit' }],
		['status in capitals', { ...base, status: 'CREDIT' }],
		['payment ID', { ...base, payment_id: 'MOJO5A06005J21512197' }],
	])('a copy differing only in the case of its %s starts nothing', async (_case, copy) => {
		const setup: TriggerSetup = { staticData: {}, parameters: { verification: 'salt' } };
		expect((await deliver({ body: signed(base) }, setup)).started).toBe(true);
		const again = await deliver({ body: signed(copy) }, setup);
		expect(again).toMatchObject({ status: 200, started: false });
		expect(String(again.body)).toMatch(/^Ignored: payment .* was already received$/);
	});
});
