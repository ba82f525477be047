/**
 * What every real n8n of a run shares: the pinned n8n itself (scripts/ensure-n8n.sh installs it, with the
 * Node it needs, into a machine-local cache) and this package as n8n would download it (an `npm pack`
 * tarball of a fresh build).
 *
 * No relative imports here: jest loads the e2e suite's globalSetup (test/e2e/global-setup.cts), which uses
 * this file, outside its module system, where our `.cjs` → `.cts` resolver does not apply.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository: the nearest folder above this file with a package.json (it also runs compiled, from build/). */
function findRepoRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

export const REPO_ROOT = findRepoRoot(__dirname);

export const PACKAGE_NAME = 'n8n-nodes-instamojo';

/**
 * Which n8n an instance runs: the folder under harness/n8n that pins it, installed by
 * `scripts/ensure-n8n.sh <app>`. 'n8n-app' (the default) is n8n 2.41.1 on Node 24; 'n8n1-app' is the newest
 * n8n 1.x on the system Node.
 */
export type N8nApp = 'n8n-app' | 'n8n1-app';

export const DEFAULT_APP: N8nApp = 'n8n-app';

export interface N8nPaths {
	/** Directory holding the `node` n8n runs on: n8n >= 2.36 refuses the system Node 20. */
	nodeBinDir: string;
	nodeBin: string;
	/** n8n's JS entry point (run as `nodeBin n8nBin ...`). */
	n8nBin: string;
}

/** A cold install of an n8n takes minutes (~4–5 min for n8n 1.x). */
const INSTALL_TIMEOUT_MS = 30 * 60_000;

/**
 * Where the pinned n8n is: from the environment when a runner script (test/e2e/run.sh, bench/run.sh,
 * scripts/demo.sh) or globalSetup already resolved it, else by installing it.
 */
export async function resolveN8nPaths(): Promise<N8nPaths> {
	const { INSTAMOJO_E2E_NODE_BIN_DIR: nodeBinDir, INSTAMOJO_E2E_N8N_BIN: n8nBin } = process.env;
	if (nodeBinDir && n8nBin) return { nodeBinDir, nodeBin: join(nodeBinDir, 'node'), n8nBin };
	return await installN8n(DEFAULT_APP);
}

/** Runs scripts/ensure-n8n.sh for `app` (instant once it is cached) and returns the paths it prints. */
async function installN8n(app: N8nApp): Promise<N8nPaths> {
	const out = await timed(`ensure-n8n.sh ${app}`, () =>
		exec('bash', [join(REPO_ROOT, 'scripts', 'ensure-n8n.sh'), app], REPO_ROOT, INSTALL_TIMEOUT_MS),
	);
	const vars = parseKeyValueLines(out);
	const nodeBinDir = vars.INSTAMOJO_E2E_NODE_BIN_DIR;
	const n8nBin = vars.INSTAMOJO_E2E_N8N_BIN;
	if (!nodeBinDir || !n8nBin) throw new Error(`ensure-n8n.sh ${app} printed no paths:\n${out}`);
	return { nodeBinDir, nodeBin: join(nodeBinDir, 'node'), n8nBin };
}

function parseKeyValueLines(text: string): Record<string, string> {
	const vars: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (match) vars[match[1]] = match[2];
	}
	return vars;
}

const pathsPromises = new Map<N8nApp, Promise<N8nPaths>>();

/** Where the given n8n is, installing it first if needed (resolved once per app and process). */
export function ensureN8n(app: N8nApp = DEFAULT_APP): Promise<N8nPaths> {
	let paths = pathsPromises.get(app);
	if (!paths) {
		paths = app === DEFAULT_APP ? resolveN8nPaths() : installN8n(app);
		pathsPromises.set(app, paths);
	}
	return paths;
}

let tarballPromise: Promise<string> | undefined;

/**
 * The package as n8n would download it. The e2e suite's globalSetup and bench/run.sh pack once per run and
 * pass INSTAMOJO_E2E_PACKAGE_TGZ; without it this builds and packs once per process.
 */
export function packPackage(): Promise<string> {
	tarballPromise ??= process.env.INSTAMOJO_E2E_PACKAGE_TGZ
		? Promise.resolve(process.env.INSTAMOJO_E2E_PACKAGE_TGZ)
		: mkdtemp(join(tmpdir(), 'instamojo-e2e-pack-')).then(buildAndPack);
	return tarballPromise;
}

/**
 * `npm run build` (skipped when INSTAMOJO_E2E_SKIP_BUILD=1 and dist/ exists: by default a stale dist is the
 * worse surprise), then `npm pack` into `destination`. Returns the .tgz path.
 */
export async function buildAndPack(destination: string): Promise<string> {
	const skipBuild =
		process.env.INSTAMOJO_E2E_SKIP_BUILD === '1' && (await exists(join(REPO_ROOT, 'dist')));
	if (!skipBuild) await timed('npm run build', () => exec('npm', ['run', 'build'], REPO_ROOT));
	return await timed('npm pack', () => npmPack(destination));
}

/** `npm pack` of the current build into `destination`; returns the .tgz path. */
export async function npmPack(destination: string): Promise<string> {
	await mkdir(destination, { recursive: true });
	const out = await exec('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT);
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	return join(destination, filename);
}

/** Runs a command; resolves its stdout, rejects with its output when it fails. */
function exec(command: string, args: string[], cwd: string, timeout = 10 * 60_000): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		execFile(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) {
				const output = `${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`;
				reject(new Error(output.slice(-8000)));
			} else {
				resolvePromise(stdout);
			}
		});
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

/** Runs `fn`, telling stderr how long it took (unless INSTAMOJO_E2E_QUIET=1). */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await fn();
	if (process.env.INSTAMOJO_E2E_QUIET !== '1') {
		process.stderr.write(`[n8n-e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	}
	return result;
}
