/**
 * `npm run demo` (scripts/demo.sh → build/scripts/demo.cjs): the example workflows running for real on an
 * ExampleStack (harness/examples/stack.cts), kept running for a person to try in the editor until Ctrl-C.
 *
 * - `npm run demo -- --check` runs examples 1 → 2 → 3 once (onboard a seller, create a held payment link with
 *   commission for them, pay it as a buyer, see example 3 mark the order paid) and exits with PASS or FAIL.
 * - `--profile pessimistic` starts the sandbox in that world (docs/sandbox.md "Profiles"); default: env
 *   INSTAMOJO_SANDBOX_PROFILE, else documented. test/e2e/pessimistic.test.ts runs the examples there.
 *
 * Written as `.cts`: it needs node builtins and `process`, which n8n's lint rules forbid in `.ts` files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO_SELLER, DESK_LOGIN } from '../harness/examples/catalog.cjs';
import { ExampleStack, seconds } from '../harness/examples/stack.cjs';
import { npmPack, OWNER, outputOf, sleep } from '../harness/n8n/index.cjs';
import { PROFILE_NAMES, type ProfileName } from '../sandbox/server.cjs';

// ---------------------------------------------------------------------------------------------------------
// One-shot proof: examples 1 → 2 → 3
// ---------------------------------------------------------------------------------------------------------

/**
 * Onboards the demo seller through example 1's form, runs example 2 for them, pays the link as a buyer and
 * waits for example 3 to mark the order paid. Returns what happened, or throws what went wrong.
 */
export async function checkExamples(
	stack: ExampleStack,
	log: (message: string) => void,
): Promise<string> {
	const form = await stack.submitForm('onboarding', DEMO_SELLER);
	const seller = (await stack.tableRows('instamojo_sellers')).find(
		(row) => row.email === DEMO_SELLER.email && row.status === 'active',
	);
	if (form.status !== 200 || !seller)
		throw new Error(`example 1: the form answered ${form.status} and stored no active seller`);
	log(`example 1: seller ${String(seller.username)} onboarded, refresh token stored`);

	const sale = await stack.runManually('sell');
	const [link] = outputOf(sale.data.resultData.runData, 'Checkout link');
	if (sale.status !== 'success' || !link)
		throw new Error(`example 2: execution ${String(sale.status)}, no checkout link`);
	log(
		`example 2: payment link ${String(link.order_id)} created, checkout ${String(link.checkout_url)}`,
	);

	const paid = await stack.pay(String(link.order_id));
	const received = await stack.executions('paymentReceived', 1);
	const order = (await stack.tableRows('instamojo_orders')).find(
		(row) => row.order_id === link.order_id,
	);
	if (received.length !== 1 || order?.status !== 'paid' || order.payment_id !== paid.payment.id) {
		throw new Error(
			`example 3: ${received.length} execution(s) after the payment, order status ${String(order?.status)}`,
		);
	}
	log(
		`example 3: payment ${paid.payment.id} received (execution ${String(received[0].id)}), order marked paid`,
	);
	return `seller onboarded, link created with commission and hold, paid, order marked paid by the trigger`;
}

// ---------------------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------------------

const USAGE = `Usage: npm run demo [-- --check] [-- --port 5678] [-- --sandbox-port 8765] [-- --profile ${PROFILE_NAMES.join('|')}]`;

interface DemoOptions {
	check: boolean;
	n8nPort: number;
	sandboxPort: number;
	profile?: ProfileName;
}

/** n8n's task broker's default port: never ours to take (see harness/n8n/environment.cts). */
const TASK_BROKER_PORT = 5679;

function parsePort(flag: string, value: string | undefined): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new Error(`${flag} needs a port number. ${USAGE}`);
	if (port === TASK_BROKER_PORT)
		throw new Error(`${flag} ${port}: that is n8n's task broker port; pick another`);
	return port;
}

function parseProfile(value: string | undefined): ProfileName {
	const profile = PROFILE_NAMES.find((name) => name === value);
	if (!profile) throw new Error(`--profile needs one of ${PROFILE_NAMES.join(', ')}. ${USAGE}`);
	return profile;
}

export function parseDemoArguments(argv: string[]): DemoOptions {
	const options: DemoOptions = { check: false, n8nPort: 5678, sandboxPort: 8765 };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--check') options.check = true;
		else if (flag === '--port') options.n8nPort = parsePort(flag, argv[++i]);
		else if (flag === '--sandbox-port') options.sandboxPort = parsePort(flag, argv[++i]);
		else if (flag === '--profile') options.profile = parseProfile(argv[++i]);
		else throw new Error(`Unknown option ${flag}. ${USAGE}`);
	}
	if (options.n8nPort === options.sandboxPort)
		throw new Error(`n8n and the sandbox need two ports. ${USAGE}`);
	return options;
}

async function assertPortFree(port: number, flag: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = createServer();
		server.once('error', () =>
			reject(new Error(`port ${port} is in use: pass ${flag} <another port>`)),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/** `npm pack` of the build scripts/demo.sh just made, into a folder of its own. */
async function packPackage(): Promise<{ tarball: string; remove: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'instamojo-demo-pack-'));
	return {
		tarball: await npmPack(dir),
		remove: async () => await rm(dir, { recursive: true, force: true }),
	};
}

function say(message: string): void {
	process.stdout.write(`[demo] ${message}\n`);
}

function printRunning(stack: ExampleStack): void {
	const n8n = stack.n8n.baseUrl;
	const lines = [
		'',
		'The Instamojo examples are running.',
		'',
		`  n8n editor    ${n8n}`,
		`  login         ${OWNER.email} / ${OWNER.password}   (fixed demo password; this n8n is thrown away on exit)`,
		`  sandbox       ${stack.sandbox.url}   (local Instamojo Marketplace API, in memory)`,
		'',
		'Try the examples (Overview lists the workflows; Data tables shows instamojo_sellers and instamojo_orders):',
		`  1. Onboard a seller:  ${stack.url('onboarding')}`,
		`     use ${DEMO_SELLER.email} (the seller example 2 sells for) and an IFSC like SBIN0001234`,
		'  2. Open "Instamojo example 2: Sell with commission and hold", click Execute workflow: the last node',
		'     has checkout_url and order_id',
		'  3. Pay it as a buyer; example 3 then marks the order paid (see its Executions):',
		`       curl -X POST ${stack.sandbox.url}/_sandbox/payment_requests/<order_id>/pay`,
		'  4. Example 4 releases held payments older than 7 days: Execute workflow',
		`  5. Refund desk:  ${stack.url('refundDesk')}   login ${DESK_LOGIN.user} / ${DESK_LOGIN.password}`,
		'  6. Reconciliation marks paid the orders whose webhook never came: Execute workflow',
		'  7. Scheduled refunds: add rows with status "requested" to instamojo_refunds, Execute workflow',
		'',
		'Press Ctrl-C to stop everything.',
		'',
	];
	process.stdout.write(lines.join('\n'));
}

/**
 * Resolves on the first SIGINT or SIGTERM, aborting `controller`. Later ones are ignored while everything
 * stops: a Ctrl-C reaches node twice under `npm run` (from the terminal, and forwarded by npm).
 */
function onStopSignal(controller: AbortController): Promise<NodeJS.Signals> {
	return new Promise((resolve) => {
		const stop = (signal: NodeJS.Signals): void => {
			if (controller.signal.aborted) return;
			controller.abort();
			resolve(signal);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

/** Resolves if n8n stops answering (it died on its own) while the demo runs. */
async function untilServerDies(stack: ExampleStack, signal: AbortSignal): Promise<void> {
	let failures = 0;
	while (!signal.aborted && failures < 3) {
		await sleep(2000);
		const healthy = await fetch(`${stack.n8n.baseUrl}/healthz`).then(
			async (response) => (await response.arrayBuffer(), response.ok),
			() => false,
		);
		failures = healthy ? 0 : failures + 1;
	}
}

async function main(argv: string[]): Promise<number> {
	const options = parseDemoArguments(argv);
	process.env.INSTAMOJO_E2E_QUIET = '1'; // the harness's per-command timings; the demo says what it does
	await assertPortFree(options.n8nPort, '--port');
	await assertPortFree(options.sandboxPort, '--sandbox-port');

	const started = Date.now();
	const controller = new AbortController();
	const stopSignal = onStopSignal(controller);
	const pack = await packPackage();
	const stack = await ExampleStack.create({
		n8nPort: options.n8nPort,
		sandboxPort: options.sandboxPort,
		profile: options.profile,
	});
	// Once n8n's server runs, a Ctrl-C stops everything at once (also cutting a start short). An n8n CLI step
	// in progress (an import) is left to finish: setUp stops before the next one.
	void stopSignal.then(async () => {
		say('stopping…');
		if (stack.serverStarted) await stack.stop();
	});
	say(`sandbox on ${stack.sandbox.url} (profile ${stack.sandbox.profile}); n8n's folder ${stack.n8n.root} (deleted on exit)`);
	try {
		await stack.setUp({ tarball: pack.tarball, log: say, signal: controller.signal });
		say(`ready after ${seconds(Date.now() - started)}`);
		if (options.check) return await runCheck(stack, started);
		printRunning(stack);
		await Promise.race([stopSignal, untilServerDies(stack, controller.signal)]);
		if (controller.signal.aborted) return 0;
		process.stderr.write(`[demo] n8n stopped unexpectedly:\n${await stack.n8n.logTail()}\n`);
		return 1;
	} catch (error) {
		if (controller.signal.aborted) return 0;
		process.stderr.write(`[demo] ${(error as Error).message}\n${await stack.n8n.logTail()}\n`);
		return 1;
	} finally {
		await stack.stop();
		await pack.remove();
		say('stopped n8n and the sandbox');
	}
}

async function runCheck(stack: ExampleStack, started: number): Promise<number> {
	try {
		const summary = await checkExamples(stack, say);
		process.stdout.write(`PASS: ${summary} (${seconds(Date.now() - started)} in all)\n`);
		return 0;
	} catch (error) {
		process.stdout.write(`FAIL: ${(error as Error).message}\n`);
		process.stderr.write(`${await stack.n8n.logTail()}\n`);
		return 1;
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: Error) => {
			process.stderr.write(`[demo] ${error.message}\n`);
			process.exit(1);
		},
	);
}
