/**
 * The example workflows of examples/ running for real: the local Instamojo sandbox, and a pinned n8n with
 * this package installed the way n8n's Community Nodes installer does it, an owner, the sandbox credential,
 * the seven examples imported and those with a form or webhook trigger published.
 *
 * - `npm run demo` (scripts/demo.sh → build/scripts/demo.cjs) keeps it running for a person to try in the
 *   editor, until Ctrl-C.
 * - `npm run demo -- --check` runs examples 1 → 2 → 3 once (onboard a seller, create a held payment link with
 *   commission for them, pay it as a buyer, see example 3 mark the order paid) and exits with PASS or FAIL.
 * - `--profile pessimistic` starts the sandbox in that world (docs/sandbox.md "Profiles"); default: env
 *   INSTAMOJO_SANDBOX_PROFILE, else documented. test/e2e/pessimistic.test.ts runs the examples there.
 * - test/e2e/examples.test.ts drives the same ExampleStack through all five examples.
 *
 * Written as `.cts`: it needs node builtins and `process`, which n8n's lint rules forbid in `.ts` files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
	DEFAULT_SEED,
	PROFILE_NAMES,
	type ProfileName,
	type Sandbox,
	startSandbox,
} from '../sandbox/server.cjs';
import { instamojoCredential, outputOf } from '../test/e2e/fixtures.cjs';
import {
	type CredentialFixture,
	N8nInstance,
	OWNER,
	postJson,
	type WorkflowFixture,
} from '../test/e2e/harness.cjs';
import { runChecked, sleep } from '../test/e2e/process.cjs';

/** The repository: the nearest folder above this file with a package.json (this file also runs compiled, from build/scripts). */
function findRepoRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

const REPO_ROOT = findRepoRoot(__dirname);

// ---------------------------------------------------------------------------------------------------------
// The examples, as users import them
// ---------------------------------------------------------------------------------------------------------

export const EXAMPLE_FILES = {
	onboarding: '1-seller-onboarding.json',
	sell: '2-sell-with-commission-and-hold.json',
	paymentReceived: '3-payment-received.json',
	release: '4-scheduled-release.json',
	refundDesk: '5-refund-desk.json',
	reconciliation: '6-reconciliation.json',
	scheduledRefunds: '7-scheduled-refunds.json',
} as const;

export type ExampleName = keyof typeof EXAMPLE_FILES;

/** Examples started by a form or a webhook: they only listen once published. */
const PUBLISHED: ExampleName[] = ['onboarding', 'paymentReceived', 'refundDesk'];

/** Where the examples assume n8n runs: example 2 gives its links example 3's trigger URL on this host. */
export const EXAMPLES_N8N_URL = 'http://127.0.0.1:5678';

/** The credentials the examples name (by id and name); the stack creates them. */
export const INSTAMOJO_CREDENTIAL = {
	type: 'instamojoApi',
	id: 'instamojoExample',
	name: 'Instamojo marketplace',
};
export const DESK_CREDENTIAL = {
	type: 'httpBasicAuth',
	id: 'refundDeskLogin1',
	name: 'Refund desk login',
};

/** The refund desk's login (a fixed demo password, like the owner's: both exist only in a throwaway n8n). */
export const DESK_LOGIN = { user: 'desk', password: 'Desk-Demo-Passw0rd' };

/** A seller's answers to example 1's form; the email is the seller example 2's Order names. */
export const DEMO_SELLER = {
	email: 'asha@shop.example',
	password: 'Asha-Instamojo-Passw0rd',
	phone: '98765 01234',
	account_holder_name: 'Asha Rao',
	account_number: '001234567890',
	ifsc: 'sbin0001234',
};

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';
const MANUAL_TRIGGERS = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'];
const INSTAMOJO_TRIGGER = 'n8n-nodes-instamojo.instamojoTrigger';

type WorkflowNode = Record<string, any> & { name: string; type: string };

/**
 * The example files, as they are but for one thing: example 2's webhook URL (example 3's trigger) on the
 * given n8n instead of the default one.
 */
export function loadExamples(n8nUrl: string): Record<ExampleName, WorkflowFixture> {
	const examples: Partial<Record<ExampleName, WorkflowFixture>> = {};
	for (const [name, file] of Object.entries(EXAMPLE_FILES) as Array<[ExampleName, string]>) {
		const text = readFileSync(join(REPO_ROOT, 'examples', file), 'utf8');
		examples[name] = JSON.parse(text.split(EXAMPLES_N8N_URL).join(n8nUrl)) as WorkflowFixture;
	}
	return examples as Record<ExampleName, WorkflowFixture>;
}

function nodeOfType(workflow: WorkflowFixture, types: string[]): WorkflowNode {
	const found = (workflow.nodes as WorkflowNode[]).find((node) => types.includes(node.type));
	if (!found) throw new Error(`"${workflow.name}" has no node of type ${types.join(' or ')}`);
	return found;
}

/** What a browser posts for an n8n form: multipart fields named field-<index>, in the form's field order. */
function formBody(workflow: WorkflowFixture, answers: Record<string, string>): FormData {
	const fields = nodeOfType(workflow, [FORM_TRIGGER]).parameters.formFields.values as Array<{
		fieldName: string;
	}>;
	const unknown = Object.keys(answers).filter((key) => !fields.some((f) => f.fieldName === key));
	if (unknown.length > 0)
		throw new Error(`"${workflow.name}" has no form field ${unknown.join(', ')}`);
	const body = new FormData();
	fields.forEach((field, index) => body.append(`field-${index}`, answers[field.fieldName] ?? ''));
	return body;
}

// ---------------------------------------------------------------------------------------------------------
// The stack
// ---------------------------------------------------------------------------------------------------------

export interface ExampleStackOptions {
	/** n8n's port; a free one by default. */
	n8nPort?: number;
	/** The sandbox's port; a free one by default. */
	sandboxPort?: number;
	/** The sandbox's world (docs/sandbox.md "Profiles"); env INSTAMOJO_SANDBOX_PROFILE, else 'documented', by default. */
	profile?: ProfileName;
}

export interface SetUpOptions {
	/** The package as n8n downloads it (`npm pack`). */
	tarball: string;
	/** Told each step when it is done, with its duration. */
	log?: (message: string) => void;
	/** Stops between steps once aborted (a Ctrl-C during the start-up). */
	signal?: AbortSignal;
}

export interface FormResponse {
	status: number;
	text: string;
	json: any;
}

/** An execution from n8n's public API, with its data. */
export type Execution = Record<string, any>;

/** Execution statuses of n8n that are not an outcome yet. */
const UNFINISHED = ['new', 'running', 'waiting'];

const LIVE_TIMEOUT_MS = 30_000;
const EXECUTION_TIMEOUT_MS = 60_000;

export class ExampleStack {
	readonly examples: Record<ExampleName, WorkflowFixture>;

	private stopping?: Promise<void>;

	private starting = false;

	private constructor(
		readonly sandbox: Sandbox,
		readonly n8n: N8nInstance,
	) {
		this.examples = loadExamples(n8n.baseUrl);
	}

	/** Starts the sandbox and prepares n8n's folder; setUp() does the rest. */
	static async create(options: ExampleStackOptions = {}): Promise<ExampleStack> {
		const sandbox = await startSandbox({ port: options.sandboxPort ?? 0, profile: options.profile });
		let n8n: N8nInstance | undefined;
		try {
			n8n = await N8nInstance.create({ port: options.n8nPort });
			return new ExampleStack(sandbox, n8n);
		} catch (error) {
			await n8n?.dispose();
			await sandbox.close();
			throw error;
		}
	}

	/** Whether setUp has begun starting n8n's server: from then on a stop has a server to stop. */
	get serverStarted(): boolean {
		return this.starting;
	}

	/** Installs the package, imports the credentials and examples, starts n8n, creates the owner, publishes. */
	async setUp({ tarball, log = () => {}, signal }: SetUpOptions): Promise<void> {
		const steps: Array<[string, () => Promise<unknown>]> = [
			['package installed', async () => await this.n8n.installPackage(tarball)],
			['credentials imported', async () => await this.n8n.importCredentials(this.credentials())],
			[
				'example workflows imported',
				async () => await this.n8n.importWorkflows(Object.values(this.examples)),
			],
			[
				'n8n started',
				async () => {
					this.starting = true;
					await this.n8n.start();
				},
			],
			['owner created', async () => await this.n8n.setupOwnerAndApiKey()],
			['examples 1, 3 and 5 published', async () => await this.publish()],
		];
		for (const [done, step] of steps) {
			signal?.throwIfAborted();
			const started = Date.now();
			await step();
			log(`${done} (${seconds(Date.now() - started)})`);
		}
	}

	private credentials(): CredentialFixture[] {
		return [
			instamojoCredential({
				...INSTAMOJO_CREDENTIAL,
				baseUrl: this.sandbox.url,
				application: DEFAULT_SEED.application,
				authentication: 'application',
				data: {
					defaultReferrer: DEFAULT_SEED.application.referrer,
					webhookSecret: DEFAULT_SEED.marketplace.salt,
				},
			}),
			{ ...DESK_CREDENTIAL, data: { ...DESK_LOGIN } },
		];
	}

	/** Publishes the form and webhook examples and waits until they answer (n8n registers them just after). */
	private async publish(): Promise<void> {
		for (const name of PUBLISHED) await this.n8n.publish(this.examples[name].id);
		for (const name of PUBLISHED) await this.untilLive(name);
	}

	/** The trigger a published example listens with: a form, or the Instamojo Trigger. */
	private listener(name: ExampleName): WorkflowNode {
		return nodeOfType(this.examples[name], [FORM_TRIGGER, INSTAMOJO_TRIGGER]);
	}

	/** Where a published example listens: its form, or its Instamojo Trigger's webhook. */
	url(name: ExampleName): string {
		const trigger = this.listener(name);
		const path =
			trigger.type === FORM_TRIGGER
				? `form/${trigger.parameters.options.path}`
				: `webhook/${trigger.webhookId}/webhook`;
		return `${this.n8n.baseUrl}/${path}`;
	}

	/**
	 * Waits until n8n stops answering 404: a form's page answers 200 (401 behind a login); the Instamojo
	 * Trigger answers an empty POST 400 and starts nothing.
	 */
	private async untilLive(name: ExampleName): Promise<void> {
		const isForm = this.listener(name).type === FORM_TRIGGER;
		const deadline = Date.now() + LIVE_TIMEOUT_MS;
		for (;;) {
			const response = await fetch(this.url(name), { method: isForm ? 'GET' : 'POST' });
			await response.arrayBuffer();
			if (response.status !== 404) return;
			if (Date.now() > deadline)
				throw new Error(`${this.url(name)} still answers 404 after publishing`);
			await sleep(200);
		}
	}

	/** Submits an example's form as a browser does; `answers` are keyed by the form's field names. */
	async submitForm(
		name: ExampleName,
		answers: Record<string, string>,
		headers: Record<string, string> = {},
	): Promise<FormResponse> {
		const response = await fetch(this.url(name), {
			method: 'POST',
			headers,
			body: formBody(this.examples[name], answers),
		});
		const text = await response.text();
		return { status: response.status, text, json: parseJson(text) };
	}

	/**
	 * A form's ending page (an n8n Form node), opened as the form's script does: wait until the execution
	 * reaches the page, open it, and post back to finish the execution. Returns the page's HTML.
	 */
	async openEndingPage(formWaitingUrl: string): Promise<string> {
		await untilFormWaiting(formWaitingUrl);
		const page = await fetch(formWaitingUrl, { signal: AbortSignal.timeout(LIVE_TIMEOUT_MS) });
		const html = await page.text();
		const finish = await fetch(formWaitingUrl, {
			method: 'POST',
			signal: AbortSignal.timeout(LIVE_TIMEOUT_MS),
		});
		await finish.arrayBuffer();
		if (!page.ok || !finish.ok) {
			throw new Error(
				`form ending page ${formWaitingUrl} → ${page.status}, finish → ${finish.status}`,
			);
		}
		return html;
	}

	/**
	 * What the editor's "Execute workflow" button does: runs the stored workflow from its manual or schedule
	 * trigger in the server (the Data Table node works only there: `n8n execute` loads no n8n modules) and
	 * waits for the execution to end.
	 */
	async runManually(name: ExampleName): Promise<Execution> {
		const workflow = this.examples[name];
		const trigger = nodeOfType(workflow, MANUAL_TRIGGERS);
		const { executionId } = (await this.n8n.rest('POST', `/rest/workflows/${workflow.id}/run`, {
			triggerToStartFrom: { name: trigger.name },
		})) as { executionId: string };
		return await this.finishedExecution(executionId);
	}

	private async finishedExecution(id: string): Promise<Execution> {
		const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
		for (;;) {
			const execution = await this.n8n
				.api('GET', `/api/v1/executions/${id}?includeData=true`)
				.catch(() => undefined); // not saved yet
			const status = (execution as Execution | undefined)?.status;
			if (status && !UNFINISHED.includes(status)) return execution as Execution;
			if (Date.now() > deadline)
				throw new Error(`execution ${id} did not end within ${EXECUTION_TIMEOUT_MS} ms`);
			await sleep(250);
		}
	}

	/**
	 * The example's saved executions, newest first, once at least `atLeast` of them have ended (or the time
	 * is up): a webhook or form execution is saved a moment after its response.
	 */
	async executions(name: ExampleName, atLeast = 0, timeoutMs = 15_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.n8n.listExecutions(this.examples[name].id);
			const ended = executions.filter((execution) => !UNFINISHED.includes(execution.status));
			if (ended.length >= atLeast || Date.now() > deadline) return executions;
			await sleep(250);
		}
	}

	/** The rows of an n8n Data Table (public API); none when the table does not exist yet. */
	async tableRows(table: string): Promise<Array<Record<string, any>>> {
		const filter = encodeURIComponent(JSON.stringify({ name: table }));
		const tables = (await this.n8n.api('GET', `/api/v1/data-tables?filter=${filter}`)) as {
			data: Array<{ id: string; name: string }>;
		};
		const found = tables.data.find((candidate) => candidate.name === table);
		if (!found) return [];
		const rows = (await this.n8n.api('GET', `/api/v1/data-tables/${found.id}/rows?limit=250`)) as {
			data: Array<Record<string, any>>;
		};
		return rows.data;
	}

	/** A buyer pays a payment link on the sandbox, which then delivers the signed webhook. */
	async pay(
		paymentLinkId: string,
	): Promise<{ payment: { id: string }; webhook: { status: number } | null }> {
		return (await postJson(`${this.sandbox.url}/_sandbox/payment_requests/${paymentLinkId}/pay`, {
			outcome: 'success',
		})) as { payment: { id: string }; webhook: { status: number } | null };
	}

	/** Stops n8n (its whole process group), deletes its folder, stops the sandbox; a second call waits for the first. */
	async stop(): Promise<void> {
		this.stopping ??= (async () => {
			await this.n8n.dispose();
			await this.sandbox.close();
		})();
		await this.stopping;
	}
}

/**
 * n8n leaves a request for a form page unanswered while the execution still runs; the form's script polls
 * the execution's status first, until it is `form-waiting`.
 */
async function untilFormWaiting(formWaitingUrl: string): Promise<void> {
	const statusUrl = new URL(formWaitingUrl);
	statusUrl.pathname += '/n8n-execution-status';
	const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
	for (;;) {
		const status = await (await fetch(statusUrl)).text();
		if (status === 'form-waiting') return;
		if (!UNFINISHED.includes(status))
			throw new Error(`the form's execution ended (${status}) before its ending page`);
		if (Date.now() > deadline)
			throw new Error(`the form's execution did not reach its ending page`);
		await sleep(200);
	}
}

function parseJson(text: string): any {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------
// One-shot proof: examples 1 → 2 → 3
// ---------------------------------------------------------------------------------------------------------

/**
 * Onboards the demo seller through example 1's form, runs example 2 for them, pays the link as a buyer and
 * waits for example 3 to mark the order paid. Returns what happened, or throws what went wrong.
 */
export async function checkExamples(
	stack: ExampleStack,
	log: (message: string) => void,
): Promise<string> {
	const form = await stack.submitForm('onboarding', DEMO_SELLER);
	const seller = (await stack.tableRows('instamojo_sellers')).find(
		(row) => row.email === DEMO_SELLER.email && row.status === 'active',
	);
	if (form.status !== 200 || !seller)
		throw new Error(`example 1: the form answered ${form.status} and stored no active seller`);
	log(`example 1: seller ${String(seller.username)} onboarded, refresh token stored`);

	const sale = await stack.runManually('sell');
	const [link] = outputOf(sale.data.resultData.runData, 'Checkout link');
	if (sale.status !== 'success' || !link)
		throw new Error(`example 2: execution ${String(sale.status)}, no checkout link`);
	log(
		`example 2: payment link ${String(link.order_id)} created, checkout ${String(link.checkout_url)}`,
	);

	const paid = await stack.pay(String(link.order_id));
	const received = await stack.executions('paymentReceived', 1);
	const order = (await stack.tableRows('instamojo_orders')).find(
		(row) => row.order_id === link.order_id,
	);
	if (received.length !== 1 || order?.status !== 'paid' || order.payment_id !== paid.payment.id) {
		throw new Error(
			`example 3: ${received.length} execution(s) after the payment, order status ${String(order?.status)}`,
		);
	}
	log(
		`example 3: payment ${paid.payment.id} received (execution ${String(received[0].id)}), order marked paid`,
	);
	return `seller onboarded, link created with commission and hold, paid, order marked paid by the trigger`;
}

// ---------------------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------------------

const USAGE = `Usage: npm run demo [-- --check] [-- --port 5678] [-- --sandbox-port 8765] [-- --profile ${PROFILE_NAMES.join('|')}]`;

interface DemoOptions {
	check: boolean;
	n8nPort: number;
	sandboxPort: number;
	profile?: ProfileName;
}

/** n8n's task broker's default port: never ours to take (see test/e2e/harness.cts). */
const TASK_BROKER_PORT = 5679;

function parsePort(flag: string, value: string | undefined): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new Error(`${flag} needs a port number. ${USAGE}`);
	if (port === TASK_BROKER_PORT)
		throw new Error(`${flag} ${port}: that is n8n's task broker port; pick another`);
	return port;
}

function parseProfile(value: string | undefined): ProfileName {
	const profile = PROFILE_NAMES.find((name) => name === value);
	if (!profile) throw new Error(`--profile needs one of ${PROFILE_NAMES.join(', ')}. ${USAGE}`);
	return profile;
}

export function parseDemoArguments(argv: string[]): DemoOptions {
	const options: DemoOptions = { check: false, n8nPort: 5678, sandboxPort: 8765 };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--check') options.check = true;
		else if (flag === '--port') options.n8nPort = parsePort(flag, argv[++i]);
		else if (flag === '--sandbox-port') options.sandboxPort = parsePort(flag, argv[++i]);
		else if (flag === '--profile') options.profile = parseProfile(argv[++i]);
		else throw new Error(`Unknown option ${flag}. ${USAGE}`);
	}
	if (options.n8nPort === options.sandboxPort)
		throw new Error(`n8n and the sandbox need two ports. ${USAGE}`);
	return options;
}

async function assertPortFree(port: number, flag: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = createServer();
		server.once('error', () =>
			reject(new Error(`port ${port} is in use: pass ${flag} <another port>`)),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/** `npm pack` of the build scripts/demo.sh just made, into a folder of its own. */
async function packPackage(): Promise<{ tarball: string; remove: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'instamojo-demo-pack-'));
	const out = await runChecked('npm', ['pack', '--json', '--pack-destination', dir], {
		cwd: REPO_ROOT,
	});
	const [{ filename }] = JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as Array<{
		filename: string;
	}>;
	return {
		tarball: join(dir, filename),
		remove: async () => await rm(dir, { recursive: true, force: true }),
	};
}

function say(message: string): void {
	process.stdout.write(`[demo] ${message}\n`);
}

function printRunning(stack: ExampleStack): void {
	const n8n = stack.n8n.baseUrl;
	const lines = [
		'',
		'The Instamojo examples are running.',
		'',
		`  n8n editor    ${n8n}`,
		`  login         ${OWNER.email} / ${OWNER.password}   (fixed demo password; this n8n is thrown away on exit)`,
		`  sandbox       ${stack.sandbox.url}   (local Instamojo Marketplace API, in memory)`,
		'',
		'Try the examples (Overview lists the workflows; Data tables shows instamojo_sellers and instamojo_orders):',
		`  1. Onboard a seller:  ${stack.url('onboarding')}`,
		`     use ${DEMO_SELLER.email} (the seller example 2 sells for) and an IFSC like SBIN0001234`,
		'  2. Open "Instamojo example 2: Sell with commission and hold", click Execute workflow: the last node',
		'     has checkout_url and order_id',
		'  3. Pay it as a buyer; example 3 then marks the order paid (see its Executions):',
		`       curl -X POST ${stack.sandbox.url}/_sandbox/payment_requests/<order_id>/pay`,
		'  4. Example 4 releases held payments older than 7 days: Execute workflow',
		`  5. Refund desk:  ${stack.url('refundDesk')}   login ${DESK_LOGIN.user} / ${DESK_LOGIN.password}`,
		'  6. Reconciliation marks paid the orders whose webhook never came: Execute workflow',
		'  7. Scheduled refunds: add rows with status "requested" to instamojo_refunds, Execute workflow',
		'',
		'Press Ctrl-C to stop everything.',
		'',
	];
	process.stdout.write(lines.join('\n'));
}

/**
 * Resolves on the first SIGINT or SIGTERM, aborting `controller`. Later ones are ignored while everything
 * stops: a Ctrl-C reaches node twice under `npm run` (from the terminal, and forwarded by npm).
 */
function onStopSignal(controller: AbortController): Promise<NodeJS.Signals> {
	return new Promise((resolve) => {
		const stop = (signal: NodeJS.Signals): void => {
			if (controller.signal.aborted) return;
			controller.abort();
			resolve(signal);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

/** Resolves if n8n stops answering (it died on its own) while the demo runs. */
async function untilServerDies(stack: ExampleStack, signal: AbortSignal): Promise<void> {
	let failures = 0;
	while (!signal.aborted && failures < 3) {
		await sleep(2000);
		const healthy = await fetch(`${stack.n8n.baseUrl}/healthz`).then(
			async (response) => (await response.arrayBuffer(), response.ok),
			() => false,
		);
		failures = healthy ? 0 : failures + 1;
	}
}

async function main(argv: string[]): Promise<number> {
	const options = parseDemoArguments(argv);
	process.env.INSTAMOJO_E2E_QUIET = '1'; // the harness's per-command timings; the demo says what it does
	await assertPortFree(options.n8nPort, '--port');
	await assertPortFree(options.sandboxPort, '--sandbox-port');

	const started = Date.now();
	const controller = new AbortController();
	const stopSignal = onStopSignal(controller);
	const pack = await packPackage();
	const stack = await ExampleStack.create({
		n8nPort: options.n8nPort,
		sandboxPort: options.sandboxPort,
		profile: options.profile,
	});
	// Once n8n's server runs, a Ctrl-C stops everything at once (also cutting a start short). An n8n CLI step
	// in progress (an import) is left to finish: setUp stops before the next one.
	void stopSignal.then(async () => {
		say('stopping…');
		if (stack.serverStarted) await stack.stop();
	});
	say(`sandbox on ${stack.sandbox.url} (profile ${stack.sandbox.profile}); n8n's folder ${stack.n8n.root} (deleted on exit)`);
	try {
		await stack.setUp({ tarball: pack.tarball, log: say, signal: controller.signal });
		say(`ready after ${seconds(Date.now() - started)}`);
		if (options.check) return await runCheck(stack, started);
		printRunning(stack);
		await Promise.race([stopSignal, untilServerDies(stack, controller.signal)]);
		if (controller.signal.aborted) return 0;
		process.stderr.write(`[demo] n8n stopped unexpectedly:\n${await stack.n8n.logTail()}\n`);
		return 1;
	} catch (error) {
		if (controller.signal.aborted) return 0;
		process.stderr.write(`[demo] ${(error as Error).message}\n${await stack.n8n.logTail()}\n`);
		return 1;
	} finally {
		await stack.stop();
		await pack.remove();
		say('stopped n8n and the sandbox');
	}
}

async function runCheck(stack: ExampleStack, started: number): Promise<number> {
	try {
		const summary = await checkExamples(stack, say);
		process.stdout.write(`PASS: ${summary} (${seconds(Date.now() - started)} in all)\n`);
		return 0;
	} catch (error) {
		process.stdout.write(`FAIL: ${(error as Error).message}\n`);
		process.stderr.write(`${await stack.n8n.logTail()}\n`);
		return 1;
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: Error) => {
			process.stderr.write(`[demo] ${error.message}\n`);
			process.exit(1);
		},
	);
}
