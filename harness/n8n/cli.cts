/**
 * One n8n user folder (SQLite database, config, installed community nodes) driven through n8n's CLI: the
 * package installed as n8n's Community Nodes installer does it, credentials and workflows imported,
 * workflows executed and their result read. N8nInstance adds the server on top.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { APP_PROFILES, n8nEnvironment } from './environment.cjs';
import type { CredentialFixture } from './fixtures.cjs';
import { parseJson } from './http.cjs';
import { type N8nApp, type N8nPaths, PACKAGE_NAME } from './install.cjs';
import { run, runChecked, type RunResult, tail } from './process.cjs';
import type { WorkflowFixture } from './workflows.cjs';

const CLI_TIMEOUT_MS = 120_000;

export interface CliStep {
	command: string;
	ms: number;
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

export class N8nCli {
	/** Time taken by each CLI/server step, in order, for reporting. */
	readonly steps: CliStep[] = [];

	protected constructor(
		readonly paths: N8nPaths,
		/** Throwaway root: N8N_USER_FOLDER, TMPDIR, fixtures and logs. Removed by dispose(). */
		readonly root: string,
		readonly port: number,
		/** Task broker of CLI commands: the server has its own, and two brokers on one port collide. */
		private readonly cliBrokerPort: number,
		protected readonly extraEnv: Record<string, string>,
		readonly app: N8nApp,
	) {}

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
			const args = ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund'];
			await runChecked('npm', args, { cwd: dest });
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
	 * Makes a workflow's triggers live while no server runs (a running one would not notice: "restart n8n
	 * for changes to take effect").
	 */
	protected async publishOffline(workflowId: string): Promise<void> {
		await this.cliChecked(APP_PROFILES[this.app].publishArgs(workflowId));
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

	protected record(command: string, ms: number): void {
		this.steps.push({ command, ms });
		if (process.env.INSTAMOJO_E2E_QUIET !== '1') {
			process.stderr.write(`[n8n-e2e] ${command}: ${(ms / 1000).toFixed(1)} s\n`);
		}
	}

	protected env(brokerPort: number): NodeJS.ProcessEnv {
		const { paths, app, root, port, extraEnv } = this;
		return n8nEnvironment({ paths, app, root, port, brokerPort, extraEnv });
	}
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
