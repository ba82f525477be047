/**
 * The GitHub Actions workflows as GitHub would read them, for test/unit/workflows.test.ts: parsed YAML,
 * actionlint's findings, a step's shell script run the way a runner runs it, and the README's test
 * command. A `.cts` helper because test files may not use the file system or child processes.
 */
import { spawnSync } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = '.github/workflows';

export interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

export interface Job {
	'runs-on': string;
	container?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	strategy?: { matrix?: Record<string, unknown[]> };
	steps: Step[];
}

export interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

export function workflowSource(file: string): string {
	return readFileSync(join(ROOT, WORKFLOWS, file), 'utf8');
}

/** Parsed strictly: a duplicate key or a YAML error throws instead of being read one way or another. */
export function workflow(file: string): Workflow {
	return parse(workflowSource(file), { uniqueKeys: true, prettyErrors: true }) as Workflow;
}

/** actionlint (its WebAssembly build, from the npm registry) on every workflow: its report and exit code. */
export function actionlint(): { status: number | null; report: string } {
	const cli = join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
	const run = spawnSync(process.execPath, [cli, `${WORKFLOWS}/*.yml`], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return { status: run.status, report: `${run.stdout}${run.stderr}` };
}

/**
 * Runs a step's `run` script with bash from the repository root, as a runner does (`bash -e`), with the
 * given environment on top of a minimal one and a stand-in `npm` first on PATH: it answers `--version`
 * with `npmVersion` and prints any other command line instead of running it, so no step reaches npm.
 * Returns the exit code, the output and the `~/.npmrc` the script left.
 */
export function runStep(
	step: Step,
	env: Record<string, string>,
	npmVersion = '11.6.0',
): { status: number | null; output: string; npmrc: string } {
	const home = mkdtempSync(join(tmpdir(), 'instamojo-workflow-'));
	try {
		const npm = join(home, 'bin', 'npm');
		mkdirSync(dirname(npm));
		writeFileSync(
			npm,
			`#!/bin/sh\nif [ "$1" = --version ]; then echo ${npmVersion}; else echo "npm $*"; fi\n`,
		);
		chmodSync(npm, 0o755);
		const run = spawnSync('bash', ['-e', '-c', step.run ?? ''], {
			cwd: ROOT,
			encoding: 'utf8',
			env: { PATH: `${dirname(npm)}:${process.env.PATH ?? ''}`, HOME: home, ...env },
		});
		const npmrc = join(home, '.npmrc');
		return {
			status: run.status,
			output: `${run.stdout}${run.stderr}`,
			npmrc: existsSync(npmrc) ? readFileSync(npmrc, 'utf8') : '',
		};
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
}

/** The commands of the README's "Run the tests" code block, one per line. */
export function readmeTestCommands(): string[] {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const block = /^## Run the tests\n+```sh\n([\s\S]*?)```/m.exec(readme);
	return block
		? block[1]
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
		: [];
}

export function packageJson(): {
	version: string;
	engines: { node: string };
	publishConfig?: Record<string, unknown>;
} {
	return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as ReturnType<
		typeof packageJson
	>;
}
