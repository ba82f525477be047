/**
 * Shared support of the reliability suite (reliability-*.test.ts, secrets, webhook-abuse, queue-mode):
 * its settings (light in CI, full with a flag), workflows started by a webhook that answers with every
 * output item, and the Node-side tools the `.ts` tests may not use themselves (process memory, a proxy,
 * reading files). Written as `.cts` because n8n's lint rules forbid node builtins in `.ts` files.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';

import { type CredentialRef, instamojoNode, linearWorkflow, type N8nInstance, type Node, node, type WorkflowFixture } from '../../harness/n8n/index.cjs';

// ---------------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------------

function positiveInteger(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
	return value;
}

/** `INSTAMOJO_RELIABILITY_FULL=1`: the full settings documented in docs/reliability.md instead of CI's lighter ones. */
export const FULL = process.env.INSTAMOJO_RELIABILITY_FULL === '1';

export const SETTINGS = {
	full: FULL,
	/** Deliveries of the webhook-abuse run. */
	abuseDeliveries: positiveInteger('INSTAMOJO_ABUSE_DELIVERIES', FULL ? 10_000 : 1_000),
	/** Items per execution in the concurrent-rotation measurement. */
	concurrencyItems: positiveInteger('INSTAMOJO_CONCURRENCY_ITEMS', FULL ? 100 : 40),
	/** Parallel executions measured, e.g. "2,4,8". */
	concurrencyLevels: (process.env.INSTAMOJO_CONCURRENCY_LEVELS ?? '2,4,8').split(',').map(Number),
	/**
	 * Measurement only: print the figures, skip the assertions that describe the fixed credential (for
	 * measuring an older build, given through INSTAMOJO_E2E_PACKAGE_TGZ).
	 */
	measureOnly: process.env.INSTAMOJO_CONCURRENCY_MEASURE_ONLY === '1',
	/**
	 * Measurement variants of the sandbox: INSTAMOJO_SANDBOX_REVOKE_ON_REFRESH=0 keeps an access token alive
	 * when its refresh token rotates (sandbox/decisions.cts revokeAccessTokenOnRefresh; Instamojo's choice is unknown).
	 */
	sandboxDecisions:
		process.env.INSTAMOJO_SANDBOX_REVOKE_ON_REFRESH === '0' ? { revokeAccessTokenOnRefresh: false } : {},
	/** Parallel executions in the queue-mode burst. */
	queueBurst: positiveInteger('INSTAMOJO_QUEUE_BURST', FULL ? 24 : 6),
};

/** A line of figures for the report and docs/reliability.md (stderr, so jest shows it with the test). */
export function report(line: string): void {
	process.stderr.write(`[reliability] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Workflows: a webhook starts them and answers with every item of the last node
// ---------------------------------------------------------------------------------------------------------

/** n8n's Webhook node on POST `/webhook/<path>`, answering with all items of the last node as a JSON array. */
export function webhookEntry(path: string, name = 'Webhook'): Node {
	return {
		...node(name, 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		}),
		webhookId: randomUUID(),
	};
}

/** n8n's Split Out node: one item per element of the posted `items` array. */
export function splitItems(name = 'Items'): Node {
	return node(name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} });
}

/** The node with Settings → On Error → Continue: a failed item becomes an item with `error`, as users set it. */
export function continueOnFail(target: Node): Node {
	return { ...target, onError: 'continueRegularOutput' };
}

/** Webhook → Split Out → the given nodes: post `{ items: [...] }`, get every output item back. */
export function itemWorkflow(id: string, path: string, nodes: Node[]): WorkflowFixture {
	return linearWorkflow(id, `Reliability: ${path}`, [webhookEntry(path), splitItems(), ...nodes]);
}

/** The path an item workflow's webhook listens on, for runItems. */
export function itemPath(workflow: WorkflowFixture): string {
	return String((workflow.nodes[0].parameters as { path?: string }).path);
}

/** Refund → Create of each item's `paymentId`, with the given reason and explanation. */
export function refundEachPayment(
	refund: { reason: string; body: string },
	credential: CredentialRef,
): Node {
	return instamojoNode('Refund', { resource: 'refund', operation: 'create', paymentId: '={{ $json.paymentId }}', ...refund }, credential);
}

/** Our action node with Continue On Fail: how the reliability workflows run each Instamojo call. */
export function tolerantNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: CredentialRef,
): Node {
	return continueOnFail(instamojoNode(name, parameters, credential));
}

/** An output item as n8n's webhook returns it: the item's JSON. */
export type OutputItem = Record<string, any>;

/** Runs an item workflow through its webhook and returns the output items. */
export async function runItems(
	n8n: N8nInstance,
	path: string,
	items: Array<Record<string, unknown>>,
): Promise<OutputItem[]> {
	const response = await n8n.postWebhook(path, { items });
	if (response.status !== 200 || !Array.isArray(response.json)) {
		throw new Error(`POST /webhook/${path} → ${response.status}: ${response.text.slice(0, 2000)}`);
	}
	return response.json as OutputItem[];
}

// ---------------------------------------------------------------------------------------------------------
// Process memory
// ---------------------------------------------------------------------------------------------------------

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS). */
export async function rssMiB(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
	if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
	return Math.round(Number(match[1]) / 1024);
}

// ---------------------------------------------------------------------------------------------------------
// A gateway in front of the sandbox that drops Retry-After (the sandbox always sends it with a 429)
// ---------------------------------------------------------------------------------------------------------

export interface Proxy {
	url: string;
	close(): Promise<void>;
}

/** Forwards every request to `target` unchanged and the answer back without its Retry-After header. */
export async function startRetryAfterStrippingProxy(target: string): Promise<Proxy> {
	const upstream = new URL(target);
	const server: Server = createServer((incoming, outgoing) => {
		const forwarded = httpRequest(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: incoming.method,
				path: incoming.url,
				headers: { ...incoming.headers, host: upstream.host },
			},
			(answer: IncomingMessage) => {
				const headers = { ...answer.headers };
				delete headers['retry-after'];
				outgoing.writeHead(answer.statusCode ?? 502, headers);
				answer.pipe(outgoing);
			},
		);
		forwarded.on('error', () => outgoing.destroy());
		incoming.pipe(forwarded);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

// ---------------------------------------------------------------------------------------------------------
// Secret scanning
// ---------------------------------------------------------------------------------------------------------

export interface Secret {
	/** What it is, for the failure message: never the value itself. */
	label: string;
	value: string;
}

export interface Finding {
	label: string;
	/** Where: a file path or the name of an output. */
	where: string;
}

/** Every secret found in a text, by label and place (never the value). */
export function findSecrets(text: string, where: string, secrets: Secret[]): Finding[] {
	return secrets.filter((secret) => secret.value !== '' && text.includes(secret.value)).map(({ label }) => ({ label, where }));
}

/** n8n's logs of an instance: the server's output (n8n.log) and its event log (.n8n/n8nEventLog*.log). */
export async function readN8nLogs(root: string): Promise<string> {
	const eventLogs = (await readdir(join(root, '.n8n'))).filter((name) => name.startsWith('n8nEventLog'));
	const paths = [join(root, 'n8n.log'), ...eventLogs.map((name) => join(root, '.n8n', name))];
	const texts = await Promise.all(paths.map(async (path) => await readFile(path, 'utf8').catch(() => '')));
	return texts.join('\n');
}

/** What n8n writes in an instance folder: its database (with the write-ahead log), config, event log, server log, temp files. */
const N8N_DATA = ['.n8n', 'n8n.log', 'tmp'];
/** Not data: the installed package (our own code) and n8n's cached editor assets. */
const NOT_DATA = new Set(['node_modules', 'nodes', '.cache']);

/**
 * Every secret found in what n8n wrote to an instance folder, read as raw bytes: the SQLite database
 * and its write-ahead log (execution data is plain JSON there; credentials are encrypted), the logs,
 * and temp files. The harness's own fixture files (the credentials it imported) are not n8n's and are skipped.
 */
export async function scanN8nData(root: string, secrets: Secret[]): Promise<{ findings: Finding[]; files: number; bytes: number }> {
	const findings: Finding[] = [];
	let files = 0;
	let bytes = 0;
	for (const path of (await Promise.all(N8N_DATA.map(async (name) => await listFiles(join(root, name))))).flat()) {
		const content = await readFile(path);
		files += 1;
		bytes += content.length;
		// latin1 maps every byte to one character, so a UTF-8 secret is found byte for byte.
		const text = content.toString('latin1');
		for (const secret of secrets) {
			if (secret.value !== '' && text.includes(Buffer.from(secret.value, 'utf8').toString('latin1'))) {
				findings.push({ label: secret.label, where: path.slice(root.length + 1) });
			}
		}
	}
	return { findings, files, bytes };
}

async function listFiles(path: string): Promise<string[]> {
	const info = await stat(path).catch(() => undefined);
	if (!info) return [];
	if (info.isFile()) return [path];
	if (!info.isDirectory()) return [];
	const paths: string[] = [];
	for (const entry of await readdir(path)) {
		if (NOT_DATA.has(entry)) continue;
		paths.push(...(await listFiles(join(path, entry))));
	}
	return paths;
}
