/**
 * Real-n8n end-to-end harness: a pinned n8n (scripts/ensure-n8n.sh) in a throwaway user folder, with this
 * package installed the way n8n's Community Nodes installer does it, seeded and driven through n8n's own CLI
 * and HTTP API.
 *
 * Written as `.cts`: it needs node builtins and `process`, which n8n's lint rules forbid in `.ts` files.
 */
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

import {
	buildAndPack,
	type N8nPaths,
	parseKeyValueLines,
	REPO_ROOT,
	resolveN8nPaths,
} from './global-setup.cjs';
import {
	freePort,
	isRunning,
	killGroup,
	run,
	runChecked,
	type RunResult,
	sleep,
	startDetached,
	tail,
} from './process.cjs';

export { REPO_ROOT, type N8nPaths } from './global-setup.cjs';

export const PACKAGE_NAME = 'n8n-nodes-instamojo';
/** Same key for every CLI call and the server of an instance, so credentials imported by one are readable by the next. */
export const ENCRYPTION_KEY = 'instamojo-e2e-key-0123456789abcdef';
/** Owner created by setupOwnerAndApiKey(); only ever exists in a throwaway database. */
export const OWNER = {
	email: 'owner@e2e.invalid',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2eTest-Passw0rd',
};

const CLI_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 120_000;
const WEBHOOK_RETRY_MS = 30_000;

// ---------------------------------------------------------------------------------------------------------
// n8n install and package tarball (both shared by every instance of a test run)
// ---------------------------------------------------------------------------------------------------------

/**
 * Which n8n an instance runs: the folder under test/e2e that pins it, installed by
 * `scripts/ensure-n8n.sh <app>`. 'n8n-app' (the default) is n8n 2.41.1 on Node 24; 'n8n1-app' is the newest
 * n8n 1.x on the system Node.
 */
export type N8nApp = 'n8n-app' | 'n8n1-app';

export const DEFAULT_APP: N8nApp = 'n8n-app';

/** What differs between the n8n versions for the harness. */
interface AppProfile {
	/** Environment for every n8n process, on top of the common one. */
	env: Record<string, string>;
	/** The CLI command that makes a stored workflow's triggers live before the server starts. */
	publishArgs(workflowId: string): string[];
	/** Paths that must all answer 2xx before the server counts as started. */
	readinessPaths: string[];
}

const APP_PROFILES: Record<N8nApp, AppProfile> = {
	'n8n-app': {
		env: {
			// Modules that phone home (api.n8n.io) or are not needed. The names are specific to 2.41, and an
			// unknown one is fatal, so this is not set for other versions.
			N8N_DISABLED_MODULES:
				'mcp-registry,instance-ai,chat-hub,insights,workflow-builder,agents,agent-evals',
		},
		publishArgs: (id) => ['publish:workflow', `--id=${id}`],
		readinessPaths: ['/healthz/readiness'],
	},
	'n8n1-app': {
		env: {
			// 1.123.x defaults to the 'vm' expression engine, whose isolated-vm 6.2 ships binaries for Node 22
			// and 24 only: on Node 20 every command exits with "Could not initialize the vm expression engine".
			// 'legacy' is n8n's own switch back to the engine of every earlier 1.x.
			N8N_EXPRESSION_ENGINE: 'legacy',
		},
		// 1.x has no publish:workflow (2.0 split saving from publishing): activating is an update.
		publishArgs: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
		// 1.x answers readiness before its REST API is mounted (/rest/owner/setup → 404 for a few seconds).
		readinessPaths: ['/healthz/readiness', '/rest/settings'],
	},
};

/** A cold install of another n8n takes minutes (~4–5 min for n8n 1.x). */
const INSTALL_TIMEOUT_MS = 30 * 60_000;

const pathsPromises = new Map<N8nApp, Promise<N8nPaths>>();

/**
 * Where the given n8n is, installing it first if needed (resolved once per app). The default one comes from
 * the environment test/e2e/run.sh sets up (see resolveN8nPaths in global-setup.cts).
 */
export function ensureN8n(app: N8nApp = DEFAULT_APP): Promise<N8nPaths> {
	let paths = pathsPromises.get(app);
	if (!paths) {
		paths = app === DEFAULT_APP ? resolveN8nPaths() : installApp(app);
		pathsPromises.set(app, paths);
	}
	return paths;
}

async function installApp(app: N8nApp): Promise<N8nPaths> {
	const started = Date.now();
	const out = await runChecked('bash', [join(REPO_ROOT, 'scripts', 'ensure-n8n.sh'), app], {
		cwd: REPO_ROOT,
		timeoutMs: INSTALL_TIMEOUT_MS,
	});
	if (process.env.INSTAMOJO_E2E_QUIET !== '1') {
		process.stderr.write(
			`[n8n-e2e] ensure-n8n.sh ${app}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
		);
	}
	const vars = parseKeyValueLines(out.stdout);
	const nodeBinDir = vars.INSTAMOJO_E2E_NODE_BIN_DIR;
	const n8nBin = vars.INSTAMOJO_E2E_N8N_BIN;
	if (!nodeBinDir || !n8nBin)
		throw new Error(`ensure-n8n.sh ${app} printed no paths:\n${out.stdout}`);
	return { nodeBinDir, nodeBin: join(nodeBinDir, 'node'), n8nBin };
}

let tarballPromise: Promise<string> | undefined;

/**
 * The package as n8n would download it: an `npm pack` tarball of a fresh build. The suite's globalSetup
 * packs once per run and passes INSTAMOJO_E2E_PACKAGE_TGZ; without it this builds and packs once per test file.
 */
export function packPackage(): Promise<string> {
	tarballPromise ??= process.env.INSTAMOJO_E2E_PACKAGE_TGZ
		? Promise.resolve(process.env.INSTAMOJO_E2E_PACKAGE_TGZ)
		: mkdtemp(join(tmpdir(), 'instamojo-e2e-pack-')).then(buildAndPack);
	return tarballPromise;
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

/** The shape `n8n import:credentials` takes; a plain-object `data` is encrypted on import. */
export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` printed, parsed. `status` is n8n's: 'success', 'error', ... */
export interface ExecutionResult {
	/**
	 * 0 when the execution succeeded, 1 when it failed; null if n8n died of a signal (see `signal`). Do not
	 * assert on it: under load n8n 2.41.1 on Node 24 sometimes segfaults while exiting, after printing its
	 * complete result (a V8 worker thread still allocating during teardown). `status` is authoritative.
	 */
	exitCode: number | null;
	signal: string | null;
	status: string;
	/** data.resultData.runData: per node name, one entry per run of that node. */
	runData: Record<string, Array<Record<string, any>>>;
	/** data.resultData.error, when the execution failed. */
	error?: Record<string, any>;
	/** The whole parsed JSON. */
	result: Record<string, any>;
	stdout: string;
	stderr: string;
}

export interface WebhookResponse {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON, or undefined when it is not JSON. */
	json: any;
}

export interface CliStep {
	command: string;
	ms: number;
}

// ---------------------------------------------------------------------------------------------------------
// An n8n instance: one user folder (SQLite DB, config, installed nodes), CLI calls, optionally a server
// ---------------------------------------------------------------------------------------------------------

/**
 * What `start()` runs: n8n's main process, or in queue mode (EXECUTIONS_MODE=queue) a worker or a webhook
 * processor. Each runs as its own instance (own folder, port and task-broker port) on a shared database.
 */
export type N8nServerCommand = 'start' | 'worker' | 'webhook';

/** A worker serves no editor and no webhooks: its health server answers readiness on the instance's port. */
function serverCommandEnv(command: N8nServerCommand, port: number): Record<string, string> {
	if (command !== 'worker') return {};
	return {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

export interface N8nInstanceOptions {
	/** Server port; a free one by default. */
	port?: number;
	/** Extra environment for every n8n process of this instance. */
	env?: Record<string, string>;
	/** Which n8n to run (default: the pinned 2.x). */
	app?: N8nApp;
}

export class N8nInstance {
	/** Time taken by each CLI/server step, in order, for reporting. */
	readonly steps: CliStep[] = [];

	private server?: ChildProcess;

	private apiKey?: string;

	private authCookie?: string;

	private constructor(
		readonly paths: N8nPaths,
		/** Throwaway root: N8N_USER_FOLDER, TMPDIR, fixtures and logs. Removed by dispose(). */
		readonly root: string,
		readonly port: number,
		/** Task broker of the server and of CLI commands: two brokers on one port collide. */
		private readonly serverBrokerPort: number,
		private readonly cliBrokerPort: number,
		private readonly extraEnv: Record<string, string>,
		readonly app: N8nApp = DEFAULT_APP,
	) {}

	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const app = options.app ?? DEFAULT_APP;
		const paths = await ensureN8n(app);
		const root = await mkdtemp(join(tmpdir(), 'instamojo-e2e-n8n-'));
		await mkdir(join(root, 'tmp'));
		const port = options.port ?? (await freePort());
		return new N8nInstance(
			paths,
			root,
			port,
			await freePort(),
			await freePort(),
			options.env ?? {},
			app,
		);
	}

	/** A new instance with this package installed as n8n's Community Nodes installer would (the usual start of a suite). */
	static async withPackage(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const n8n = await N8nInstance.create(options);
		await n8n.installPackage(await packPackage());
		return n8n;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get serverLogPath(): string {
		return join(this.root, 'n8n.log');
	}

	/** The server's process id while it runs, e.g. to read its memory from /proc. */
	get serverPid(): number | undefined {
		return this.server?.pid;
	}

	private get pidFilePath(): string {
		return join(this.root, 'n8n.pid');
	}

	/** What n8n's Community Nodes installer does: extract the tarball into .n8n/nodes/node_modules/<name>. */
	async installPackage(tgz: string): Promise<void> {
		const dest = join(this.root, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		await mkdir(dest, { recursive: true });
		await runChecked('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1']);
		const manifestPath = join(dest, 'package.json');
		const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
		// The installer drops these; n8n-workflow is then resolved from n8n's own node_modules.
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
		if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
			await runChecked(
				'npm',
				[
					'install',
					'--omit=dev',
					'--ignore-scripts',
					'--no-package-lock',
					'--no-audit',
					'--no-fund',
				],
				{
					cwd: dest,
				},
			);
		}
	}

	async importCredentials(credentials: CredentialFixture[]): Promise<void> {
		const file = join(this.root, `credentials-${Date.now()}.json`);
		await writeFile(file, JSON.stringify(credentials, null, 2));
		await this.cliChecked(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: WorkflowFixture[]): Promise<void> {
		const dir = await mkdtemp(join(this.root, 'workflows-'));
		for (const workflow of workflows) {
			const complete = { active: false, settings: { executionOrder: 'v1' }, ...workflow };
			await writeFile(join(dir, `${workflow.id}.json`), JSON.stringify(complete, null, 2));
		}
		await this.cliChecked(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Runs a stored workflow without the server (`n8n execute`). Resolves whatever the execution's outcome
	 * (n8n exits 1 when it failed); rejects only when no result JSON was printed.
	 */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const out = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const result = parseRawOutput(out.stdout);
		if (!result) {
			throw new Error(
				`n8n execute --id=${workflowId} printed no result JSON (exit ${out.code})\n${tail(out.stdout + out.stderr)}`,
			);
		}
		const resultData = (result.data?.resultData ?? {}) as Record<string, any>;
		return {
			exitCode: out.code,
			signal: out.signal,
			status: String(result.status),
			runData: resultData.runData ?? {},
			error: resultData.error,
			result,
			stdout: out.stdout,
			stderr: out.stderr,
		};
	}

	/** The credential's stored data, decrypted: what preAuthentication persisted, among other things. */
	async exportCredential(id: string): Promise<Record<string, any>> {
		const file = join(this.root, `export-${id}-${Date.now()}.json`);
		await this.cliChecked(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
		const exported = JSON.parse(await readFile(file, 'utf8')) as Array<{
			data: Record<string, any>;
		}>;
		await rm(file, { force: true });
		if (exported.length !== 1)
			throw new Error(`export:credentials --id=${id} returned ${exported.length} entries`);
		return exported[0].data;
	}

	/**
	 * Makes a workflow's triggers live. Before start() through the CLI; with a running server the CLI would
	 * only edit the DB ("restart n8n for changes to take effect"), so the public API is used (needs setupOwnerAndApiKey).
	 */
	async publish(workflowId: string): Promise<void> {
		if (!this.server) {
			await this.cliChecked(APP_PROFILES[this.app].publishArgs(workflowId));
			return;
		}
		await this.api('POST', `/api/v1/workflows/${encodeURIComponent(workflowId)}/activate`);
	}

	/**
	 * Starts `n8n start` (or `n8n worker` / `n8n webhook` in queue mode, with their arguments, e.g.
	 * `--concurrency=1`) and waits for readiness; rejects with the log tail if n8n dies or never gets ready.
	 */
	async start(command: N8nServerCommand = 'start', args: string[] = []): Promise<void> {
		if (this.server) throw new Error('n8n is already running');
		const started = Date.now();
		const logFd = openSync(this.serverLogPath, 'a');
		try {
			this.server = startDetached(this.paths.nodeBin, [this.paths.n8nBin, command, ...args], logFd, {
				env: { ...this.env(this.serverBrokerPort), ...serverCommandEnv(command, this.port) },
				cwd: this.root,
			});
		} finally {
			closeSync(logFd); // the child has its own copy
		}
		// For test/e2e/run.sh: if jest dies without stop(), it kills this process group on its way out.
		await writeFile(this.pidFilePath, String(this.server.pid));
		await this.waitForReadiness(this.server);
		this.record(`${command} (until /healthz/readiness)`, Date.now() - started);
	}

	private async waitForReadiness(server: ChildProcess): Promise<void> {
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (!isRunning(server)) {
				this.server = undefined;
				throw new Error(
					`n8n exited (${server.exitCode ?? server.signalCode}) before it was ready\n${await this.logTail()}`,
				);
			}
			if (await this.isReady()) return;
			await sleep(200);
		}
		await this.stop();
		throw new Error(`n8n was not ready after ${READY_TIMEOUT_MS} ms\n${await this.logTail()}`);
	}

	private async isReady(): Promise<boolean> {
		for (const path of APP_PROFILES[this.app].readinessPaths) {
			if (!(await this.answersOk(path))) return false;
		}
		return true;
	}

	private async answersOk(path: string): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}${path}`);
			await response.arrayBuffer();
			return response.ok;
		} catch {
			return false; // not listening yet
		}
	}

	/**
	 * POSTs to a production webhook (`/webhook/<path>`). Readiness comes slightly before active webhooks are
	 * registered, and a 404 runs nothing, so 404s are retried for a while.
	 */
	async postWebhook(
		path: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<WebhookResponse> {
		const url = `${this.baseUrl}/webhook/${path.replace(/^\/+/, '')}`;
		const isRaw = typeof body === 'string' || body instanceof URLSearchParams;
		const init = {
			method: 'POST',
			headers: isRaw ? headers : { 'content-type': 'application/json', ...headers },
			body: isRaw ? (body as string | URLSearchParams) : JSON.stringify(body),
		};
		const deadline = Date.now() + WEBHOOK_RETRY_MS;
		for (;;) {
			const response = await fetch(url, init);
			const text = await response.text();
			if (response.status !== 404 || Date.now() > deadline) {
				return { status: response.status, headers: response.headers, text, json: parseJson(text) };
			}
			await sleep(200);
		}
	}

	/**
	 * Creates the instance owner (only possible once, on a fresh DB) and an API key with every scope, for the
	 * public API (/api/v1). Returns the key.
	 */
	async setupOwnerAndApiKey(): Promise<string> {
		const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		await expectOk(setup, 'POST /rest/owner/setup');
		this.authCookie = authCookieOf(setup, 'POST /rest/owner/setup');
		const scopes = (await this.rest('GET', '/rest/api-keys/scopes')) as string[];
		const created = (await this.rest('POST', '/rest/api-keys', {
			label: 'e2e',
			scopes,
			expiresAt: null,
		})) as {
			rawApiKey: string;
		};
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/**
	 * Stops the server and starts it again on the same user folder and database, as an upgrade or a crash
	 * recovery does; `whileDown` runs in between. The API key lives in the database and stays valid; the
	 * owner logs in again.
	 */
	async restart(whileDown: () => Promise<void> = async () => {}): Promise<void> {
		const apiKey = this.apiKey;
		await this.stop();
		await whileDown();
		await this.start();
		if (!apiKey) return;
		this.apiKey = apiKey;
		const login = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		await expectOk(login, 'POST /rest/login');
		this.authCookie = authCookieOf(login, 'POST /rest/login');
	}

	/** Takes a published workflow's triggers down (public API; needs setupOwnerAndApiKey). */
	async unpublish(workflowId: string): Promise<void> {
		await this.api('POST', `/api/v1/workflows/${encodeURIComponent(workflowId)}/deactivate`);
	}

	/** Executions of a workflow, newest first, with their data (public API; needs setupOwnerAndApiKey). */
	async listExecutions(workflowId: string): Promise<Array<Record<string, any>>> {
		const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
		const page = (await this.api('GET', `/api/v1/executions?${query}`)) as {
			data: Array<Record<string, any>>;
		};
		return page.data;
	}

	/**
	 * The finished executions of a workflow, asking again until at least `atLeast` have finished or
	 * `timeoutMs` has passed (then whatever there is). Only finished ones count: n8n 1.x lists an
	 * execution while it still runs, and a webhook may answer before its execution ends.
	 */
	async finishedExecutions(workflowId: string, atLeast: number, timeoutMs = 15_000): Promise<Array<Record<string, any>>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = (await this.listExecutions(workflowId)).filter((execution) => execution.stoppedAt);
			if (finished.length >= atLeast || Date.now() >= deadline) return finished;
			await sleep(250);
		}
	}

	/** A public API call with the API key; returns the parsed JSON body. */
	async api(method: string, path: string, body?: unknown): Promise<unknown> {
		if (!this.apiKey) throw new Error('no API key: call setupOwnerAndApiKey() first');
		return this.http(method, path, { 'x-n8n-api-key': this.apiKey }, body);
	}

	/** An internal REST call as the owner (cookie); returns `data` of the JSON body. */
	async rest(method: string, path: string, body?: unknown): Promise<unknown> {
		if (!this.authCookie) throw new Error('not logged in: call setupOwnerAndApiKey() first');
		const json = (await this.http(method, path, { cookie: this.authCookie }, body)) as {
			data: unknown;
		};
		return json.data;
	}

	private async http(
		method: string,
		path: string,
		headers: Record<string, string>,
		body?: unknown,
	): Promise<unknown> {
		if (!this.server) throw new Error('n8n is not running: call start() first');
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		await expectOk(response, `${method} ${path}`);
		return parseJson(await response.text());
	}

	/** Stops the server (its whole process group) and waits for it to exit. Safe to call twice. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		this.apiKey = undefined;
		this.authCookie = undefined;
		if (!server) return;
		const started = Date.now();
		await killGroup(server);
		await rm(this.pidFilePath, { force: true });
		this.record('stop', Date.now() - started);
	}

	/** stop() and delete the instance's folder. */
	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.INSTAMOJO_E2E_KEEP === '1') {
			process.stderr.write(`[n8n-e2e] kept ${this.root}\n`);
			return;
		}
		await rm(this.root, { recursive: true, force: true });
	}

	async logTail(lines = 60): Promise<string> {
		try {
			return tail(await readFile(this.serverLogPath, 'utf8'), lines);
		} catch {
			return '(no server log)';
		}
	}

	/** Any n8n CLI command, e.g. ['export:nodes', '--output=x.json']. Resolves whatever the exit code. */
	async cli(args: string[]): Promise<RunResult> {
		const result = await run(this.paths.nodeBin, [this.paths.n8nBin, ...args], {
			env: this.env(this.cliBrokerPort),
			cwd: this.root,
			timeoutMs: CLI_TIMEOUT_MS,
		});
		const outcome = result.code === 0 ? '' : ` (exit ${result.code ?? result.signal})`;
		this.record(`${args[0]}${outcome}`, result.ms);
		// n8n logs a package it cannot load and carries on without it; every later step would then fail
		// with a misleading "unrecognized node/credential type".
		const output = result.stdout + result.stderr;
		const loadFailure = output.indexOf(`Failed to load package "${PACKAGE_NAME}"`);
		if (loadFailure !== -1) {
			throw new Error(
				`n8n could not load the package under test:\n${output.slice(loadFailure, loadFailure + 2000)}`,
			);
		}
		return result;
	}

	async cliChecked(args: string[]): Promise<RunResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code ?? result.signal}\n${tail(result.stdout + result.stderr)}`,
			);
		}
		return result;
	}

	private record(command: string, ms: number): void {
		this.steps.push({ command, ms });
		if (process.env.INSTAMOJO_E2E_QUIET !== '1') {
			process.stderr.write(`[n8n-e2e] ${command}: ${(ms / 1000).toFixed(1)} s\n`);
		}
	}

	/** The quiet, loopback-only, offline environment of the recipe (§2). */
	private env(brokerPort: number): NodeJS.ProcessEnv {
		const base = `http://127.0.0.1:${this.port}/`;
		return {
			...inheritedEnv(),
			PATH: `${this.paths.nodeBinDir}:${process.env.PATH ?? ''}`,
			HOME: this.root,
			TMPDIR: join(this.root, 'tmp'),
			// Every n8n invocation needs it, or n8n writes ~/.n8n/config with a random encryption key.
			N8N_USER_FOLDER: this.root,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: base,
			N8N_EDITOR_BASE_URL: base,
			// Always set: the default 5679 collides between a server and a CLI run (and with anything else there).
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PYTHON_ENABLED: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			// info, not warn: `execute --rawOutput` prints its JSON at info level.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			...APP_PROFILES[this.app].env,
			...this.extraEnv,
		};
	}
}

/**
 * The parent's environment minus anything n8n would pick up as its own configuration. NODE_ENV above all:
 * jest sets it to 'test', and n8n then switches to test behaviour (e.g. an in-memory database, so a CLI
 * import "succeeds" into nothing and the next command finds no workflow).
 */
function inheritedEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|JEST_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$|npm_)/.test(
				key,
			)
		)
			continue;
		env[key] = value;
	}
	return env;
}

/** POSTs JSON to any URL (e.g. the sandbox's control API) and returns the parsed answer; rejects unless 2xx. */
export async function postJson(url: string, body: unknown = {}): Promise<any> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	await expectOk(response, `POST ${url}`);
	return parseJson(await response.text());
}

/**
 * `execute --rawOutput` prints log lines around the pretty-printed JSON (task broker and license SDK
 * before it, "Registered runner ..." sometimes after it): parse from a line that is `{` up to a line that is `}`.
 */
export function parseRawOutput(stdout: string): Record<string, any> | undefined {
	const lines = stdout.split('\n').map((line) => line.replace(/\r$/, ''));
	for (let start = 0; start < lines.length; start++) {
		if (!lines[start].startsWith('{')) continue;
		for (let end = start; end < lines.length; end++) {
			if (end !== start && lines[end] !== '}') continue; // pretty-printed: the top-level } is alone on its line
			const parsed = parseJson(lines.slice(start, end + 1).join('\n'));
			if (parsed && typeof parsed === 'object' && 'status' in parsed)
				return parsed as Record<string, any>;
		}
	}
	return undefined;
}

function parseJson(text: string): any {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The owner's session cookie (`n8n-auth=…`) that a setup or login answer sets. */
function authCookieOf(response: Response, what: string): string {
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`${what} set no n8n-auth cookie`);
	return cookie.split(';')[0];
}

async function expectOk(response: Response, what: string): Promise<void> {
	if (response.ok) return;
	throw new Error(`${what} → ${response.status}: ${(await response.text()).slice(0, 2000)}`);
}
