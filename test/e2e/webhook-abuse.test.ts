/**
 * Abuse of an active Instamojo Trigger in real n8n: thousands of deliveries in one run, none of them a
 * new genuine payment (forged, tampered and missing MACs, replays of a real delivery, huge bodies,
 * malformed encodings). None may start an execution, n8n must stay up and keep accepting genuine
 * deliveries, and its memory must stay flat (VmRSS of the n8n process before and after).
 *
 * CI sends 1,000 deliveries; INSTAMOJO_ABUSE_DELIVERIES=10000 (or INSTAMOJO_RELIABILITY_FULL=1) sends the
 * full 10,000 (docs/reliability.md).
 */
import { sleep } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';

import { instamojoTrigger, linearWorkflow, type N8nInstance, paymentFields, seededCredential, signedDelivery } from '../../harness/n8n/index.cjs';
import { DEFAULT_SEED, type Sandbox } from '../../sandbox/server.cjs';
import { computeMac } from '../../sandbox/webhook.cjs';
import { useSandboxAndN8n } from './lifecycle.cjs';
import { report, rssMiB, SETTINGS } from './reliability.cjs';

const CREDENTIAL = { type: 'instamojoApi', id: 'abuseAppCred0001', name: 'Instamojo marketplace' };
const TRIGGER_WF = 'abuseTriggerWf01';
const WEBHOOK_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;
const FORM = 'application/x-www-form-urlencoded';
/** Deliveries in flight at once. */
const PARALLEL = 16;
/** Deliveries sent before the memory baseline, so n8n's caches and pools are warm. */
const WARM_UP = 200;
/** The abuse run's time limit: n8n takes up to ~0.3 s per refused delivery on a busy machine. */
const FLOOD_TIMEOUT_MS = Math.max(300_000, SETTINGS.abuseDeliveries * 400);
/** A body past n8n's default 16 MiB payload limit: n8n itself refuses it. */
const OVER_LIMIT_BYTES = 17 * 1024 * 1024;
const HUGE_BYTES = 1024 * 1024;

interface Delivery {
	kind: string;
	body: string | Uint8Array;
	contentType?: string;
}

const salt = String(DEFAULT_SEED.marketplace.salt);
/** The payment link every delivery names (the trigger does not fetch details here). */
const LINK_ID = '0123456789abcdef0123456789abcdef';

const newPaymentId = (): string => `MOJO${randomBytes(8).toString('hex').slice(0, 16)}`;

/** The i-th abusive delivery: the kinds take turns, so any run length covers all of them. */
function abusive(i: number, replay: string): Delivery {
	const fields = paymentFields(newPaymentId(), LINK_ID);
	const kinds: Array<() => Delivery> = [
		() => ({ kind: 'forged mac', body: signedDelivery(fields, 'not-the-salt') }),
		() => ({ kind: 'tampered amount', body: signedDelivery(fields).replace('amount=499.00', 'amount=1.00') }),
		() => ({ kind: 'missing mac', body: new URLSearchParams(fields).toString() }),
		() => ({ kind: 'replay', body: replay }),
		() => ({ kind: 'huge body', body: `${signedDelivery(fields, 'not-the-salt')}&padding=${'A'.repeat(HUGE_BYTES)}` }),
		() => ({ kind: 'bad percent-encoding', body: `${signedDelivery(fields, 'not-the-salt')}&buyer_name=%ZZ%E0%A4` }),
		() => ({ kind: 'invalid UTF-8', body: Uint8Array.from([...new TextEncoder().encode('amount=1&mac='), 0xc3, 0x28, 0xff, 0xfe]) }),
		() => ({ kind: 'NUL bytes', body: `amount=1\u0000&mac=${'0'.repeat(40)}` }),
		() => ({ kind: 'JSON', body: JSON.stringify({ ...fields, mac: computeMac(fields, salt) }), contentType: 'application/json' }),
		() => ({ kind: 'repeated key', body: `${signedDelivery(fields)}&payment_id=${newPaymentId()}` }),
		() => ({ kind: 'empty body', body: '' }),
		() => ({ kind: 'no content type', body: signedDelivery(fields), contentType: '' }),
		() => ({ kind: 'mac of wrong length', body: `${new URLSearchParams(fields).toString()}&mac=${'ab'.repeat(7)}` }),
	];
	return kinds[i % kinds.length]();
}

describe('webhook abuse against an active Instamojo Trigger', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let genuine: string;

	const executions = async () => await n8n.listExecutions(TRIGGER_WF);

	async function deliver(delivery: Delivery): Promise<number> {
		const contentType = delivery.contentType ?? FORM;
		const response = await fetch(`${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: contentType ? { 'content-type': contentType } : {},
			body: delivery.body,
		});
		await response.arrayBuffer();
		return response.status;
	}

	/** Sends deliveries first..last-1 with PARALLEL in flight; counts answers per kind and status, and their time. */
	async function flood(first: number, last: number, counts: Map<string, number>, ms = new Map<string, number>()): Promise<void> {
		let next = first;
		const worker = async () => {
			while (next < last) {
				const delivery = abusive(next++, genuine);
				const started = Date.now();
				const key = `${delivery.kind} → ${await deliver(delivery)}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
				ms.set(key, (ms.get(key) ?? 0) + Date.now() - started);
			}
		};
		await Promise.all(Array.from({ length: PARALLEL }, worker));
	}

	async function waitForExecutions(count: number): Promise<void> {
		const finished = await n8n.finishedExecutions(TRIGGER_WF, count, 30_000);
		if (finished.length < count) throw new Error(`fewer than ${count} finished executions`);
	}

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		await n8n.importCredentials([
			seededCredential(CREDENTIAL, sandbox.url, 'application'),
		]);
		await n8n.importWorkflows([linearWorkflow(TRIGGER_WF, 'Payment received', [instamojoTrigger('Instamojo Trigger', WEBHOOK_ID, {}, CREDENTIAL)])]);
		await n8n.publish(TRIGGER_WF);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();
		genuine = signedDelivery(paymentFields(newPaymentId(), LINK_ID));
		// The first genuine delivery (postWebhook waits out the moment before webhooks are registered).
		const first = await n8n.postWebhook(WEBHOOK_PATH, genuine, { 'content-type': FORM });
		expect(first.status).toBe(200);
		await waitForExecutions(1);
	});

	it(`answers ${SETTINGS.abuseDeliveries} abusive deliveries without one execution, with flat memory`, async () => {
		const pid = n8n.serverPid as number;
		const counts = new Map<string, number>();
		await flood(0, WARM_UP, counts);
		const before = await rssMiB(pid);
		const started = Date.now();

		const ms = new Map<string, number>();
		await flood(WARM_UP, SETTINGS.abuseDeliveries, counts, ms);
		const overLimit = await deliver({ kind: 'over the payload limit', body: `${genuine}&padding=${'A'.repeat(OVER_LIMIT_BYTES)}` });
		const elapsed = Date.now() - started;
		await sleep(2_000); // anything started by mistake would be stored by now
		const after = await rssMiB(pid);

		report(`abuse: ${SETTINGS.abuseDeliveries} deliveries in ${elapsed} ms; RSS ${before} MiB → ${after} MiB (after ${WARM_UP} warm-up)`);
		for (const [key, count] of [...counts].sort()) report(`  ${key}: ${count}, ${Math.round((ms.get(key) ?? 0) / count)} ms each`);
		report(`  over the payload limit → ${overLimit}`);
		expect(await executions()).toHaveLength(1);
		const statuses = [...counts.keys()];
		expect(statuses.filter((key) => key.endsWith('→ 200'))).toEqual(['replay → 200']);
		expect(statuses.filter((key) => !/→ (200|400|401|413)$/.test(key))).toEqual([]);
		// n8n's own body limit answers this one (2.41.1: 500 "request entity too large"), before the node runs.
		expect(overLimit).toBeGreaterThanOrEqual(400);
		// Flat: growth stays within what one more warm GC cycle explains, however many deliveries were sent.
		expect(after - before).toBeLessThan(Math.max(100, before * 0.25));
	}, FLOOD_TIMEOUT_MS);

	it('is still up and still starts exactly one execution for a new genuine payment', async () => {
		const response = await n8n.postWebhook(WEBHOOK_PATH, signedDelivery(paymentFields(newPaymentId(), LINK_ID)), { 'content-type': FORM });

		expect(response.status).toBe(200);
		await waitForExecutions(2);
		expect(await executions()).toHaveLength(2);
	});
});
