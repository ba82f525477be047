/**
 * Child-process plumbing for the real-n8n harness: run a command to completion, or start a long-lived
 * one, and always be able to kill it with everything it spawned (n8n starts a task-runner child).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

const KILL_GRACE_MS = 15_000;

/** Runs a command, capturing its output. Never rejects on a non-zero exit: callers decide what a failure is. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	// detached: own process group, so a timeout can kill grandchildren too (n8n's task runner).
	const child = spawn(command, args, {
		...spawnOptions(options),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	const timer = options.timeoutMs
		? setTimeout(() => void killGroup(child), options.timeoutMs)
		: undefined;
	return new Promise((resolve, reject) => {
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({
				code,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				ms: Date.now() - started,
			});
		});
	});
}

/** Like `run`, but rejects with the output tail when the command does not exit 0. */
export async function runChecked(
	command: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited with ${result.code ?? result.signal}\n${tail(result.stdout + result.stderr)}`,
		);
	}
	return result;
}

/** Starts a long-lived process in its own process group, its output going to the given file descriptor. */
export function startDetached(
	command: string,
	args: string[],
	logFd: number,
	options: RunOptions = {},
): ChildProcess {
	const child = spawn(command, args, { ...spawnOptions(options), stdio: ['ignore', logFd, logFd] });
	// Not unref'd: jest must not finish while n8n runs; stop() is the way out.
	return child;
}

function spawnOptions(options: RunOptions): SpawnOptions {
	return { cwd: options.cwd, env: options.env ?? process.env, detached: true };
}

export function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM to the whole group, SIGKILL after a grace period; resolves once the leader has exited. */
export async function killGroup(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
	if (child.pid === undefined || !isRunning(child)) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child.pid, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child.pid as number, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// The leader is gone; make sure no straggler of its group survives it.
	signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

/** A port the OS considers free on 127.0.0.1 right now (ephemeral range, so never n8n's 5678/5679). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export function tail(text: string, lines = 60): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
