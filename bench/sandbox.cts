/**
 * The Instamojo sandbox as the benchmark uses it: in its own process (so its work is not mixed with the
 * benchmark's clients and its CPU time can be read), or in this process for the smoke test. Everything
 * goes through its HTTP control API, which is the same in both cases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { DEFAULT_SEED, startSandbox } from '../sandbox/server.cjs';
import type { LogEntry, ProfileName } from '../sandbox/server.cjs';

export interface BenchSandbox {
	url: string;
	/** The process serving it (this one when in-process). */
	pid: number;
	inProcess: boolean;
	log(): Promise<LogEntry[]>;
	clearLog(): Promise<void>;
	reset(): Promise<void>;
	/** Loads a world's decisions (docs/sandbox.md "Profiles"); `reset()` returns to the start profile. */
	useProfile(profile: ProfileName): Promise<void>;
	control(path: string, body?: unknown): Promise<any>;
	/** An application token from the token endpoint, as any plain client would get one. */
	applicationToken(): Promise<string>;
	stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * The world every measurement starts in, whatever INSTAMOJO_SANDBOX_PROFILE says: the goals are stated for
 * the documented answers (pages of 100); a measurement about another world switches with useProfile().
 */
const BENCH_PROFILE = 'documented';

/** Starts `node build/sandbox/cli.cjs` (compiled next to this file) on a free port. */
export async function startSandboxProcess(nodeBin = process.execPath): Promise<BenchSandbox> {
	const cli = join(__dirname, '..', 'sandbox', 'cli.cjs');
	const args = [cli, '--port', '0', '--host', '127.0.0.1', '--profile', BENCH_PROFILE];
	const child = spawn(nodeBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const url = await announcedUrl(child);
	return handle(url, child.pid ?? 0, false, async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	});
}

/** The sandbox inside this process (for the smoke test: no build needed). */
export async function startSandboxInProcess(): Promise<BenchSandbox> {
	const sandbox = await startSandbox({ profile: BENCH_PROFILE });
	return handle(sandbox.url, process.pid, true, async () => await sandbox.close());
}

function announcedUrl(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			reject(new Error(`the sandbox did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
		}, STARTUP_TIMEOUT_MS);
		const onData = (chunk: Buffer): void => {
			output += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				child.stdout?.off('data', onData);
				child.stdout?.resume(); // keep draining, or a full pipe would block it
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the sandbox exited (${code}) before it was ready:\n${output}`));
		});
	});
}

function handle(url: string, pid: number, inProcess: boolean, stop: () => Promise<void>): BenchSandbox {
	const control = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> => {
		const response = await fetch(`${url}/_sandbox/${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /_sandbox/${path} → ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return {
		url,
		pid,
		inProcess,
		log: async () => ((await control('log')) as { requests: LogEntry[] }).requests,
		clearLog: async () => void (await control('log', undefined, 'DELETE')),
		reset: async () => void (await control('reset', {})),
		useProfile: async (profile) => void (await control('profile', { profile }, 'PUT')),
		control: async (path, body) => await control(path, body),
		applicationToken: async () => await applicationToken(url),
		stop,
	};
}

async function applicationToken(url: string): Promise<string> {
	const response = await fetch(`${url}/oauth2/token/`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: DEFAULT_SEED.application.clientId,
			client_secret: DEFAULT_SEED.application.clientSecret,
		}),
	});
	const body = (await response.json()) as { access_token?: string };
	if (!response.ok || !body.access_token) throw new Error(`the sandbox refused an application token (${response.status})`);
	return body.access_token;
}

/** Token-endpoint calls in a log. */
export function tokenCalls(log: LogEntry[]): number {
	return log.filter((entry) => entry.path.replace(/\/+$/, '') === '/oauth2/token').length;
}
