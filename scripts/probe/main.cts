/**
 * `npm run probe`: asks Instamojo's test environment the open questions of docs/instamojo-api.md §10 that a
 * marketplace account can answer with test money, and names the sandbox profile each answer matches.
 *
 *   INSTAMOJO_CLIENT_ID, INSTAMOJO_CLIENT_SECRET, INSTAMOJO_REFERRER   required (test marketplace credentials)
 *   INSTAMOJO_BASE_URL        default https://test.instamojo.com; production hosts are refused
 *   INSTAMOJO_SALT            the marketplace's Private Salt: needed to tell whose salt signs a seller's webhook
 *   INSTAMOJO_SCOPE           sent with the application grant when set
 *   INSTAMOJO_SELLER_USERNAME, INSTAMOJO_SELLER_PASSWORD   a test seller to use; else one is signed up
 *   INSTAMOJO_PROBE_PAYMENT_ID   a paid test payment the probe may refund ₹1 of (a person pays a link for it)
 *   INSTAMOJO_PROBE_PUBLIC_URL, INSTAMOJO_PROBE_LISTEN_PORT, INSTAMOJO_PROBE_WAIT_SECONDS   a public URL that
 *                             forwards to a local port, to receive a seller's webhook while a person pays
 *   --out DIR                 where probe-report.json and probe-report.md go (default: the current folder)
 *
 * Against the local sandbox (it answers GET /_sandbox/profile) the probe does what a person would do through
 * the sandbox's control API: pay links, fill a list. Those steps are marked sandbox-only in the report.
 * The report holds no token, secret, salt, password or email. Written as `.cts`: it needs `process` (and
 * webhookSalt.cts needs node:http), which n8n's lint rules forbid in `.ts` files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ProbeConfig } from './client.cjs';
import { describeFinding, markdown, redacted } from './report.cjs';
import { runProbe } from './run.cjs';

const REQUIRED_ENV = ['INSTAMOJO_CLIENT_ID', 'INSTAMOJO_CLIENT_SECRET', 'INSTAMOJO_REFERRER'];
const PRODUCTION_HOSTS = ['api.instamojo.com', 'www.instamojo.com', 'instamojo.com'];

/** The configuration from the environment, or what is missing. */
export function configFromEnv(env: NodeJS.ProcessEnv): ProbeConfig | { missing: string[] } {
	const missing = REQUIRED_ENV.filter((name) => !env[name]);
	if (missing.length > 0) return { missing };
	const seller =
		env.INSTAMOJO_SELLER_USERNAME && env.INSTAMOJO_SELLER_PASSWORD
			? { username: env.INSTAMOJO_SELLER_USERNAME, password: env.INSTAMOJO_SELLER_PASSWORD }
			: undefined;
	const webhook = env.INSTAMOJO_PROBE_PUBLIC_URL
		? {
				publicUrl: env.INSTAMOJO_PROBE_PUBLIC_URL,
				listenPort: Number(env.INSTAMOJO_PROBE_LISTEN_PORT ?? 0),
				waitSeconds: Number(env.INSTAMOJO_PROBE_WAIT_SECONDS ?? 300),
			}
		: undefined;
	return {
		baseUrl: (env.INSTAMOJO_BASE_URL || 'https://test.instamojo.com').replace(/\/+$/, ''),
		clientId: env.INSTAMOJO_CLIENT_ID as string,
		clientSecret: env.INSTAMOJO_CLIENT_SECRET as string,
		referrer: env.INSTAMOJO_REFERRER as string,
		salt: env.INSTAMOJO_SALT || undefined,
		scope: env.INSTAMOJO_SCOPE || undefined,
		seller,
		paidPaymentId: env.INSTAMOJO_PROBE_PAYMENT_ID || undefined,
		webhook,
	};
}

export const isProductionHost = (baseUrl: string): boolean =>
	PRODUCTION_HOSTS.includes(new URL(baseUrl).hostname.toLowerCase());

/** Runs the probe and writes both reports; returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const outIndex = argv.indexOf('--out');
	const outDir = outIndex >= 0 ? argv[outIndex + 1] : process.cwd();
	const config = configFromEnv(env);
	if ('missing' in config) {
		console.log(
			`The probe needs Instamojo test-environment marketplace credentials in the environment: ${config.missing.join(', ')}.\n` +
				'Optional: INSTAMOJO_BASE_URL, INSTAMOJO_SALT, INSTAMOJO_SCOPE, INSTAMOJO_SELLER_USERNAME/PASSWORD, INSTAMOJO_PROBE_PAYMENT_ID, INSTAMOJO_PROBE_PUBLIC_URL/LISTEN_PORT/WAIT_SECONDS (scripts/probe/main.cts). Nothing was sent.',
		);
		return 0;
	}
	if (isProductionHost(config.baseUrl)) {
		console.error(
			`The probe runs against Instamojo's test environment only, not ${config.baseUrl}.`,
		);
		return 1;
	}
	const report = await runProbe(config);
	for (const finding of report.findings) console.log(describeFinding(finding));
	writeFileSync(
		join(outDir, 'probe-report.json'),
		redacted(JSON.stringify(report, null, 2), config) + '\n',
	);
	writeFileSync(join(outDir, 'probe-report.md'), redacted(markdown(report), config));
	console.log(`Report: ${join(outDir, 'probe-report.md')} and probe-report.json (no secrets).`);
	return 0;
}

if (require.main === module) {
	main(process.argv.slice(2), process.env)
		.then((code) => process.exit(code))
		.catch((error: Error) => {
			console.error(`Probe failed: ${error.message}`);
			process.exit(1);
		});
}
