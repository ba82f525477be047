/**
 * The example workflows of examples/ running for real: the local Instamojo sandbox, and a pinned n8n with
 * this package installed the way n8n's Community Nodes installer does it, an owner, the sandbox credential,
 * the seven examples imported and those with a form or webhook trigger published; then driven as their
 * users drive them (a form submitted, a workflow run from the editor, a buyer paying a link).
 *
 * `npm run demo` (scripts/demo.cts) keeps one running for a person to try; test/e2e/examples.test.ts,
 * pessimistic.test.ts and examples-schedules.test.ts drive one through the examples.
 */
import { DEFAULT_SEED, type ProfileName, type Sandbox, startSandbox } from '../../sandbox/server.cjs';
import {
	type CredentialFixture,
	instamojoCredential,
	N8nInstance,
	parseJson,
	postJson,
	sleep,
	type WorkflowFixture,
} from '../n8n/index.cjs';
import {
	DESK_CREDENTIAL,
	DESK_LOGIN,
	type ExampleName,
	FORM_TRIGGER,
	formBody,
	INSTAMOJO_CREDENTIAL,
	INSTAMOJO_TRIGGER,
	loadExamples,
	MANUAL_TRIGGERS,
	nodeOfType,
	PUBLISHED,
	type WorkflowNode,
} from './catalog.cjs';

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
					privateSaltSecret: DEFAULT_SEED.marketplace.salt,
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

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}
