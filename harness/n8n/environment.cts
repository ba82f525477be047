/**
 * The environment of every n8n process the harness starts: quiet, loopback-only and offline, on a
 * throwaway user folder, with what differs between the pinned n8n versions.
 */
import { join } from 'node:path';

import type { N8nApp, N8nPaths } from './install.cjs';

/** Same key for every CLI call and the server of an instance, so credentials imported by one are readable by the next. */
export const ENCRYPTION_KEY = 'instamojo-e2e-key-0123456789abcdef';

/** What differs between the n8n versions for the harness. */
interface AppProfile {
	/** Environment for every n8n process, on top of the common one. */
	env: Record<string, string>;
	/** The CLI command that makes a stored workflow's triggers live before the server starts. */
	publishArgs(workflowId: string): string[];
	/** Paths that must all answer 2xx before the server counts as started. */
	readinessPaths: string[];
}

export const APP_PROFILES: Record<N8nApp, AppProfile> = {
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

/**
 * What `start()` runs: n8n's main process, or in queue mode (EXECUTIONS_MODE=queue) a worker or a webhook
 * processor. Each runs as its own instance (own folder, port and task-broker port) on a shared database.
 */
export type N8nServerCommand = 'start' | 'worker' | 'webhook';

/** A worker serves no editor and no webhooks: its health server answers readiness on the instance's port. */
export function serverCommandEnv(command: N8nServerCommand, port: number): Record<string, string> {
	if (command !== 'worker') return {};
	return {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

/** Where and how one n8n process runs. */
export interface ProcessSetting {
	paths: N8nPaths;
	app: N8nApp;
	/** The instance's folder: N8N_USER_FOLDER, HOME and TMPDIR. */
	root: string;
	port: number;
	/** Its task broker's port: two brokers on one port collide. */
	brokerPort: number;
	/** The caller's additions, last. */
	extraEnv: Record<string, string>;
}

/** The quiet, loopback-only, offline environment of an n8n process. */
export function n8nEnvironment(setting: ProcessSetting): NodeJS.ProcessEnv {
	const base = `http://127.0.0.1:${setting.port}/`;
	return {
		...inheritedEnv(),
		PATH: `${setting.paths.nodeBinDir}:${process.env.PATH ?? ''}`,
		HOME: setting.root,
		TMPDIR: join(setting.root, 'tmp'),
		// Every n8n invocation needs it, or n8n writes ~/.n8n/config with a random encryption key.
		N8N_USER_FOLDER: setting.root,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(setting.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: base,
		N8N_EDITOR_BASE_URL: base,
		// Always set: the default 5679 collides between a server and a CLI run (and with anything else there).
		N8N_RUNNERS_BROKER_PORT: String(setting.brokerPort),
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
		...APP_PROFILES[setting.app].env,
		...setting.extraEnv,
	};
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
