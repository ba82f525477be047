/**
 * Executions at once sharing one credential whose refresh token rotates (User flow), in real n8n.
 * n8n serialises token renewals only for its built-in OAuth2 credentials; `preAuthentication` has no lock
 * (n8n-core: custom credentials renew outside the OAuth2 lock). Executions that see the access token expire at the same moment would each
 * spend the same single-use refresh token; the credential makes them share one renewal per n8n process.
 * This measures the rate of failed items at 2, 4 and 8 executions at once, each reading payments item by
 * item while the sandbox expires the access tokens three times (docs/reliability.md), and asserts none
 * fails. INSTAMOJO_CONCURRENCY_MEASURE_ONLY=1 measures an older build (INSTAMOJO_E2E_PACKAGE_TGZ) without
 * the assertions.
 */
import { sleep } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server.cjs';
import { type N8nInstance, seededCredential } from '../../harness/n8n/index.cjs';
import { bulkPayments } from '../support/marketplace';
import { expireTokens } from '../support/sandbox';
import { useSandboxAndN8n } from './lifecycle.cjs';
import { itemWorkflow, report, runItems, SETTINGS, tolerantNode } from './reliability.cjs';

const CREDENTIAL = { type: 'instamojoApi', id: 'concUserCred0001', name: 'Instamojo marketplace user' };
const WORKFLOW = 'concReadsWf00001';
const PATH = 'reliability-concurrent-reads';
/** Where in a round the access tokens are expired, as fractions of its successful reads. */
const EXPIRY_POINTS = [0.25, 0.5, 0.75];

interface Round {
	parallel: number;
	items: number;
	failed: number;
	messages: string[];
	renewals: number;
	refusedRenewals: number;
	expiries: number;
	ms: number;
}

describe('one rotating credential, executions at once', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let items: Array<{ id: string }>;
	const rounds: Round[] = [];

	/** Successful payment reads so far in this round. */
	const reads = (): number =>
		sandbox.log().filter((entry) => entry.path.startsWith('/v2/payments/') && entry.status === 200).length;

	/** Expires the access tokens each time the round passes one of EXPIRY_POINTS, until it ends. */
	async function expireAlong(total: number, finished: () => boolean): Promise<number> {
		const thresholds = EXPIRY_POINTS.map((point) => Math.floor(total * point));
		let expiries = 0;
		while (!finished() && expiries < thresholds.length) {
			if (reads() >= thresholds[expiries]) {
				await expireTokens(sandbox);
				expiries += 1;
			} else {
				await sleep(5);
			}
		}
		return expiries;
	}

	async function measure(parallel: number): Promise<Round> {
		sandbox.clearLog();
		const started = Date.now();
		let finished = false;
		const runs = Promise.all(Array.from({ length: parallel }, async () => await runItems(n8n, PATH, items))).finally(
			() => (finished = true),
		);
		const expiries = await expireAlong(parallel * items.length, () => finished);
		const outputs = (await runs).flat();
		const failures = outputs.filter((item) => item.error !== undefined);
		const tokenCalls = sandbox.log().filter((entry) => entry.path === '/oauth2/token/');
		const round: Round = {
			parallel,
			items: outputs.length,
			failed: failures.length,
			messages: [...new Set(failures.map((item) => String(item.error).replace(/ \[item \d+\]$/, '')))],
			renewals: tokenCalls.filter((entry) => entry.status === 200).length,
			refusedRenewals: tokenCalls.filter((entry) => entry.status !== 200).length,
			expiries,
			ms: Date.now() - started,
		};
		report(
			`concurrency ${parallel}×${items.length} items, ${expiries} expiries: ${round.failed} failed ` +
				`(${((100 * round.failed) / round.items).toFixed(2)} %), renewals ${round.renewals} ok / ${round.refusedRenewals} refused, ${round.ms} ms`,
		);
		for (const message of round.messages) report(`  failed item: ${message}`);
		return round;
	}

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		items = (await bulkPayments(sandbox, SETTINGS.concurrencyItems)).map((id) => ({ id }));
		await n8n.importCredentials([
			seededCredential(CREDENTIAL, sandbox.url, 'user'),
		]);
		await n8n.importWorkflows([
			itemWorkflow(WORKFLOW, PATH, [
				tolerantNode('Get Payment', { resource: 'payment', operation: 'get', paymentId: '={{ $json.id }}' }, CREDENTIAL),
			]),
		]);
		await n8n.publish(WORKFLOW);
		await n8n.start();
		// The password is exchanged once, by one execution: from here on only refresh tokens rotate.
		const first = await runItems(n8n, PATH, items.slice(0, 1));
		expect(first[0].error).toBeUndefined();
	}, { sandbox: { decisions: SETTINGS.sandboxDecisions } });

	afterAll(async () => {
		if (rounds.length > 0) {
			report(`concurrency summary: ${rounds.map((r) => `${r.parallel}: ${r.failed}/${r.items}`).join(', ')}`);
		}
	});

	it.each(SETTINGS.concurrencyLevels)('%i executions at once: every item succeeds or says what to do', async (parallel) => {
		const round = await measure(parallel);
		rounds.push(round);

		expect(round.items).toBe(parallel * items.length);
		if (SETTINGS.measureOnly) return;
		// One n8n process: executions that need a renewal at once share it, so none spends a used token.
		expect(round.messages).toEqual([]);
		expect(round.failed).toBe(0);
		expect(round.renewals).toBe(round.expiries);
		expect(round.refusedRenewals).toBe(0);
	});

	it('leaves the credential working: the next execution reads every item with the stored tokens', async () => {
		sandbox.clearLog();

		const output = await runItems(n8n, PATH, items);

		expect(output.filter((item) => item.error !== undefined)).toEqual([]);
		expect(sandbox.log().filter((entry) => entry.path === '/oauth2/token/')).toEqual([]);
	});
});
