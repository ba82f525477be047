/**
 * Jest globalSetup of the e2e suite: resolves the pinned n8n and builds + packs the package once per run,
 * handing both to the test files through the environment (jest starts its workers after this).
 *
 * No relative imports here: jest loads globalSetup outside its module system, so the `.cjs` → `.cts`
 * mapping does not apply. The harness imports from this file instead.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface N8nPaths {
	/** Directory holding Node 24's `node`: n8n >= 2.36 refuses the system Node 20. */
	nodeBinDir: string;
	nodeBin: string;
	/** n8n's JS entry point (run as `nodeBin n8nBin ...`). */
	n8nBin: string;
}

/**
 * Where the pinned n8n is: from the environment when test/e2e/run.sh (or globalSetup) already resolved it,
 * else by running scripts/ensure-n8n.sh (a cold install takes minutes; its progress is shown on failure).
 */
export async function resolveN8nPaths(): Promise<N8nPaths> {
	let vars: Record<string, string | undefined> = process.env;
	if (!vars.INSTAMOJO_E2E_N8N_BIN || !vars.INSTAMOJO_E2E_NODE_BIN_DIR) {
		const out = await exec(
			'bash',
			[join(REPO_ROOT, 'scripts', 'ensure-n8n.sh')],
			REPO_ROOT,
			30 * 60_000,
		);
		vars = parseKeyValueLines(out);
	}
	const nodeBinDir = required(vars, 'INSTAMOJO_E2E_NODE_BIN_DIR');
	return {
		nodeBinDir,
		nodeBin: join(nodeBinDir, 'node'),
		n8nBin: required(vars, 'INSTAMOJO_E2E_N8N_BIN'),
	};
}

export function parseKeyValueLines(text: string): Record<string, string> {
	const vars: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (match) vars[match[1]] = match[2];
	}
	return vars;
}

function required(vars: Record<string, string | undefined>, key: string): string {
	const value = vars[key];
	if (!value) throw new Error(`${key} is not set (scripts/ensure-n8n.sh prints it)`);
	return value;
}

/**
 * `npm run build` (skipped when INSTAMOJO_E2E_SKIP_BUILD=1 and dist/ exists: by default a stale dist is the
 * worse surprise), then `npm pack` into `destination`. Returns the .tgz path.
 */
export async function buildAndPack(destination: string): Promise<string> {
	const skipBuild =
		process.env.INSTAMOJO_E2E_SKIP_BUILD === '1' && (await exists(join(REPO_ROOT, 'dist')));
	if (!skipBuild) await timed('npm run build', () => exec('npm', ['run', 'build'], REPO_ROOT));
	await mkdir(destination, { recursive: true });
	const out = await timed('npm pack', () =>
		exec('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT),
	);
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	return join(destination, filename);
}

export default async function globalSetup(): Promise<void> {
	const paths = await resolveN8nPaths();
	process.env.INSTAMOJO_E2E_NODE_BIN_DIR = paths.nodeBinDir;
	process.env.INSTAMOJO_E2E_N8N_BIN = paths.n8nBin;
	if (!process.env.INSTAMOJO_E2E_PACKAGE_TGZ) {
		const dir = await mkdtemp(join(tmpdir(), 'instamojo-e2e-pack-'));
		process.env.INSTAMOJO_E2E_PACKAGE_TGZ = await buildAndPack(dir);
		// Ours to delete in globalTeardown (a caller-provided tarball is not).
		process.env.INSTAMOJO_E2E_PACK_DIR = dir;
	}
}

/** Runs a command; resolves its stdout, rejects with its output when it fails. */
function exec(
	command: string,
	args: string[],
	cwd: string,
	timeout = 10 * 60_000,
): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		execFile(
			command,
			args,
			{ cwd, timeout, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) {
					reject(
						new Error(
							`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`.slice(
								-8000,
							),
						),
					);
				} else {
					resolvePromise(stdout);
				}
			},
		);
	});
}

async function exists(path: string): Promise<boolean> {
	try {
		await access(path);
		return true;
	} catch {
		return false;
	}
}

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await fn();
	if (process.env.INSTAMOJO_E2E_QUIET !== '1') {
		process.stderr.write(`[n8n-e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	}
	return result;
}
