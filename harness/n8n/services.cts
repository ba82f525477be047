/**
 * Throwaway Redis and PostgreSQL servers for the queue-mode test, from Debian's packages (`redis-server`,
 * `postgresql`): each on 127.0.0.1 on a free port, with its data in a temp folder, stopped by its pid.
 * n8n 2.41 runs queue mode on SQLite with only a warning ("not officially supported"); several processes
 * writing one SQLite file is exactly what that warning is about, so the test uses PostgreSQL, as a
 * deployment would.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, isRunning, killGroup, runChecked, sleep, startDetached, tail } from './process.cjs';

const READY_TIMEOUT_MS = 60_000;

/**
 * A folder for a service's pid file and log, named like the harness's n8n folders: if jest dies without
 * stopping it, the runner scripts (scripts/n8n-run.sh) stop the process group recorded in any `instamojo-e2e-n8n-*\/n8n.pid`.
 */
async function serviceFolder(name: string): Promise<string> {
	return await mkdtemp(join(tmpdir(), `instamojo-e2e-n8n-${name}-`));
}

async function recordPid(folder: string, child: ChildProcess): Promise<void> {
	await writeFile(join(folder, 'n8n.pid'), String(child.pid));
}

export interface Service {
	name: string;
	port: number;
	/** Log tail, for failures. */
	logTail(): Promise<string>;
	/** Stops the server by its pid and removes its data. */
	stop(): Promise<void>;
}

/** Which Debian package provides a missing program, for an error that says what to install. */
function requireProgram(path: string | undefined, program: string, aptPackage: string): string {
	if (path) return path;
	throw new Error(`${program} not found: install it with \`apt-get install -y ${aptPackage}\` (see docs/reliability.md)`);
}

function which(program: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

async function untilReady(name: string, child: ChildProcess, ready: () => Promise<boolean>, logPath: string): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (!isRunning(child)) throw new Error(`${name} exited before it was ready\n${await readTail(logPath)}`);
		if (await ready()) return;
		await sleep(100);
	}
	throw new Error(`${name} was not ready after ${READY_TIMEOUT_MS} ms\n${await readTail(logPath)}`);
}

async function readTail(path: string): Promise<string> {
	return tail(await readFile(path, 'utf8').catch(() => '(no log)'), 40);
}

// ---------------------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------------------

/** Whether a Redis server answers PING on the port. */
async function redisPong(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.setTimeout(1000);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

/** `redis-server` on 127.0.0.1 and a free port, without persistence. */
export async function startRedis(): Promise<Service> {
	const binary = requireProgram(which('redis-server'), 'redis-server', 'redis-server');
	const dir = await serviceFolder('redis');
	const port = await freePort();
	const logPath = join(dir, 'redis.log');
	const logFd = openSync(logPath, 'a');
	let child: ChildProcess;
	try {
		child = startDetached(
			binary,
			['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
			logFd,
		);
	} finally {
		closeSync(logFd);
	}
	await recordPid(dir, child);
	await untilReady('redis-server', child, async () => await redisPong(port), logPath);
	return {
		name: 'redis',
		port,
		logTail: async () => await readTail(logPath),
		stop: async () => {
			await killGroup(child);
			await rm(dir, { recursive: true, force: true });
		},
	};
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------------------

export interface Postgres extends Service {
	/** n8n's DB_POSTGRESDB_* settings for this server. */
	n8nEnv: Record<string, string>;
}

const PG_USER = 'n8n';
const PG_DATABASE = 'postgres';

/** The newest Debian PostgreSQL's bin folder (/usr/lib/postgresql/<version>/bin), else the PATH's. */
async function postgresBin(): Promise<string> {
	const root = '/usr/lib/postgresql';
	const versions = (await readdir(root).catch(() => [] as string[])).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
	if (versions.length > 0) return join(root, versions[0], 'bin');
	const initdb = requireProgram(which('initdb'), 'initdb (PostgreSQL)', 'postgresql');
	return initdb.slice(0, initdb.lastIndexOf('/'));
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user the package creates. */
function asPostgresUser(program: string, args: string[]): [string, string[]] {
	if (process.getuid?.() !== 0) return [program, args];
	return ['runuser', ['-u', 'postgres', '--', program, ...args]];
}

async function postgresUid(): Promise<{ uid: number; gid: number } | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const id = spawnSync('id', ['postgres'], { encoding: 'utf8' });
	const uid = /uid=(\d+)/.exec(id.stdout)?.[1];
	const gid = /gid=(\d+)/.exec(id.stdout)?.[1];
	if (!uid || !gid) throw new Error('no postgres user: install PostgreSQL with `apt-get install -y postgresql`');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Whether PostgreSQL accepts connections on the port (pg_isready). */
function pgReady(bin: string, port: number): boolean {
	return spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER], { stdio: 'ignore' }).status === 0;
}

/**
 * A throwaway PostgreSQL cluster: initdb into a temp folder (trust authentication, loopback only), the
 * server started in the foreground of its own process group (so it is stopped by pid), tuned for a test
 * (no fsync). n8n uses the `postgres` database as user `n8n`.
 */
export async function startPostgres(): Promise<Postgres> {
	const bin = await postgresBin();
	const folder = await serviceFolder('postgres');
	const owner = await postgresUid();
	// The data must be reachable by the postgres user: the run's temp folder is root's alone (0700).
	const dir = owner ? await mkdtemp('/tmp/instamojo-e2e-pg-') : folder;
	const data = join(dir, 'data');
	if (owner) await chown(dir, owner.uid, owner.gid);
	const [initdb, initArgs] = asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', PG_USER, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
	await runChecked(initdb, initArgs, { timeoutMs: 120_000 });

	const port = await freePort();
	const logPath = join(folder, 'postgres.log');
	const logFd = openSync(logPath, 'a');
	let child: ChildProcess;
	try {
		const [postgres, args] = asPostgresUser(join(bin, 'postgres'), [
			'-D', data,
			'-p', String(port),
			'-k', dir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=100',
		]);
		child = startDetached(postgres, args, logFd);
	} finally {
		closeSync(logFd);
	}
	await recordPid(folder, child);
	await untilReady('postgres', child, async () => pgReady(bin, port), logPath);
	return {
		name: 'postgres',
		port,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: PG_DATABASE,
			DB_POSTGRESDB_USER: PG_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		logTail: async () => await readTail(logPath),
		stop: async () => {
			// SIGTERM to the group: PostgreSQL's "smart" shutdown, then SIGKILL after the grace period.
			await killGroup(child);
			await rm(dir, { recursive: true, force: true });
			await rm(folder, { recursive: true, force: true });
		},
	};
}
