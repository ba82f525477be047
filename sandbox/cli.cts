/**
 * Starts the sandbox on its own, for demos and manual checks:
 *   node build/sandbox/cli.cjs --port 8765 [--host 127.0.0.1] [--seed seed.json] [--token-lifetime 36000]
 *                              [--profile documented|pessimistic] [--decision createStatus=200 ...]
 * Stops cleanly on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';

import {
	type Decisions,
	isProfileName,
	parseDecisionArgument,
	PROFILE_NAMES,
} from './decisions.cjs';
import { type Sandbox, type SandboxOptions, type SeedData, startSandbox } from './server.cjs';

const USAGE =
	'Usage: cli.cjs [--port N] [--host HOST] [--seed seed.json] [--token-lifetime SECONDS] [--profile NAME] [--decision key=value ...]';

function integer(flag: string, value: string): number {
	if (!/^\d+$/.test(value)) throw new Error(`${flag} expects a whole number, got "${value}"`);
	return Number(value);
}

function profileName(value: string) {
	if (!isProfileName(value))
		throw new Error(`--profile expects ${PROFILE_NAMES.join(' or ')}, got "${value}"`);
	return value;
}

export function parseArguments(argv: string[]): SandboxOptions {
	const options: SandboxOptions = { port: 0 };
	const decisions: Partial<Decisions> = {};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		if (value === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
		i++;
		if (flag === '--port') options.port = integer(flag, value);
		else if (flag === '--host') options.host = value;
		else if (flag === '--seed')
			options.seed = JSON.parse(readFileSync(value, 'utf8')) as Partial<SeedData>;
		else if (flag === '--token-lifetime') options.tokenLifetimeSeconds = integer(flag, value);
		else if (flag === '--profile') options.profile = profileName(value);
		else if (flag === '--decision') Object.assign(decisions, parseDecisionArgument(value));
		else throw new Error(`Unknown option ${flag}. ${USAGE}`);
	}
	options.decisions = decisions;
	return options;
}

/** The one line scripts wait for, then what a person needs to point a credential at the sandbox. */
function announce(sandbox: Sandbox): void {
	const application = sandbox.state.application;
	const marketplace = sandbox.state.users.get(application.userId);
	console.log(`Instamojo sandbox listening on ${sandbox.url}`);
	console.log(`  profile: ${sandbox.profile}`);
	console.log(`  client id: ${application.clientId}`);
	console.log(`  referrer: ${application.referrer}`);
	console.log(`  marketplace username: ${marketplace?.username ?? '(none)'}`);
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(parseArguments(process.argv.slice(2)));
	announce(sandbox);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`Instamojo sandbox failed to start: ${error.message}`);
		process.exit(1);
	});
}
