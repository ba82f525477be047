/**
 * A real n8n for end-to-end runs: a pinned n8n (harness/n8n/install.cts) in a throwaway user folder, with
 * this package installed the way n8n's Community Nodes installer does it, seeded through n8n's CLI
 * (harness/n8n/cli.cts), its server started and driven through n8n's HTTP API.
 *
 * Written as `.cts`: it needs node builtins and `process`, which n8n's lint rules forbid in `.ts` files.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nCli } from './cli.cjs';
import { APP_PROFILES, type N8nServerCommand, serverCommandEnv } from './environment.cjs';
import { logIn, postWebhook, requestJson, setUpOwner, type WebhookResponse } from './http.cjs';
import { DEFAULT_APP, ensureN8n, type N8nApp, type N8nPaths, packPackage } from './install.cjs';
import { freePort, isRunning, killGroup, sleep, startDetached, tail } from './process.cjs';

const READY_TIMEOUT_MS = 120_000;

export interface N8nInstanceOptions {
	/** Server port; a free one by default. */
	port?: number;
	/** Extra environment for every n8n process of this instance. */
	env?: Record<string, string>;
	/** Which n8n to run (default: the pinned 2.x). */
	app?: N8nApp;
}

export class N8nInstance extends N8nCli {
	private server?: ChildProcess;

	private apiKey?: string;

	private authCookie?: string;

	private constructor(
		paths: N8nPaths,
		root: string,
		port: number,
		/** Task broker of the server; CLI commands have their own. */
		private readonly serverBrokerPort: number,
		cliBrokerPort: number,
		extraEnv: Record<string, string>,
		app: N8nApp,
	) {
		super(paths, root, port, cliBrokerPort, extraEnv, app);
	}

	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const app = options.app ?? DEFAULT_APP;
		const paths = await ensureN8n(app);
		const root = await mkdtemp(join(tmpdir(), 'instamojo-e2e-n8n-'));
		await mkdir(join(root, 'tmp'));
		const port = options.port ?? (await freePort());
		const [serverBrokerPort, cliBrokerPort] = [await freePort(), await freePort()];
		return new N8nInstance(paths, root, port, serverBrokerPort, cliBrokerPort, options.env ?? {}, app);
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

	/**
	 * Makes a workflow's triggers live. Before start() through the CLI; with a running server through the
	 * public API (needs setupOwnerAndApiKey).
	 */
	async publish(workflowId: string): Promise<void> {
		if (!this.server) return await this.publishOffline(workflowId);
		await this.api('POST', `/api/v1/workflows/${encodeURIComponent(workflowId)}/activate`);
	}

	/** Takes a published workflow's triggers down (public API; needs setupOwnerAndApiKey). */
	async unpublish(workflowId: string): Promise<void> {
		await this.api('POST', `/api/v1/workflows/${encodeURIComponent(workflowId)}/deactivate`);
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
		// For the runner scripts (scripts/n8n-run.sh): if this process dies without stop(), they kill this
		// process group on their way out.
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

	/** POSTs to a production webhook (`/webhook/<path>`), retrying 404s while n8n registers it. */
	async postWebhook(
		path: string,
		body: unknown,
		headers: Record<string, string> = {},
	): Promise<WebhookResponse> {
		return await postWebhook(this.baseUrl, path, body, headers);
	}

	/**
	 * Creates the instance owner (only possible once, on a fresh DB) and an API key with every scope, for the
	 * public API (/api/v1). Returns the key.
	 */
	async setupOwnerAndApiKey(): Promise<string> {
		this.authCookie = await setUpOwner(this.baseUrl);
		const scopes = (await this.rest('GET', '/rest/api-keys/scopes')) as string[];
		const created = (await this.rest('POST', '/rest/api-keys', {
			label: 'e2e',
			scopes,
			expiresAt: null,
		})) as { rawApiKey: string };
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
		this.authCookie = await logIn(this.baseUrl);
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
		return await this.http(method, path, { 'x-n8n-api-key': this.apiKey }, body);
	}

	/** An internal REST call as the owner (cookie); returns `data` of the JSON body. */
	async rest(method: string, path: string, body?: unknown): Promise<unknown> {
		if (!this.authCookie) throw new Error('not logged in: call setupOwnerAndApiKey() first');
		const json = (await this.http(method, path, { cookie: this.authCookie }, body)) as { data: unknown };
		return json.data;
	}

	private async http(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
		if (!this.server) throw new Error('n8n is not running: call start() first');
		return await requestJson(method, `${this.baseUrl}${path}`, headers, body);
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
}
