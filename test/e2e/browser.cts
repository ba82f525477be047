/**
 * Headless Chromium for the editor test (test/e2e/editor.test.ts): Debian's `chromium` driven by
 * playwright-core, which downloads no browser.
 *
 * Written as `.cts`: installing Chromium, temp dirs and stderr need Node built-ins, which n8n's lint rules
 * forbid in `.ts` files.
 */
import { access, constants, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { runChecked } from '../../harness/n8n/index.cjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** `apt-get update` + `install chromium` took ~50 s here; a slow mirror may take minutes. */
const APT_TIMEOUT_MS = 10 * 60_000;

/**
 * Quiet and offline: no sandbox (CI runs as root), no GPU, and none of Chromium's own background traffic
 * (component updates, sync, QUIC probes), so the only network is the editor's.
 */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Debian's Chromium, installed with apt-get when missing (CI runs on a clean machine, as root). */
export async function ensureChromium(): Promise<string> {
	if (await isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium) and run again`,
		);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const started = Date.now();
	await runChecked('apt-get', ['update'], { env, timeoutMs: APT_TIMEOUT_MS });
	await runChecked('apt-get', ['install', '-y', 'chromium'], { env, timeoutMs: APT_TIMEOUT_MS });
	note(`installed chromium with apt-get in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return CHROMIUM_PATH;
}

export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: await ensureChromium(),
		headless: true,
		args: CHROMIUM_ARGS,
	});
}

/**
 * Where screenshots go: INSTAMOJO_E2E_SCREENSHOTS if set (kept), else a fresh temp dir (under
 * test/e2e/run.sh, removed with the run's TMPDIR unless INSTAMOJO_E2E_KEEP=1).
 */
export async function screenshotDir(): Promise<string> {
	const wanted = process.env.INSTAMOJO_E2E_SCREENSHOTS;
	const dir = wanted
		? (await mkdir(wanted, { recursive: true }), wanted)
		: await mkdtemp(join(tmpdir(), 'instamojo-editor-screenshots-'));
	note(`screenshots in ${dir}`);
	return dir;
}

export interface BrowserProblem {
	source: 'console' | 'pageerror';
	text: string;
	/** The script or resource the message is about, when the browser says. */
	url: string;
}

export interface IgnoredProblem extends BrowserProblem {
	reason: string;
}

/** Words that make a problem ours: the package, node and credential names all contain "instamojo". */
const OURS = /instamojo/i;

/**
 * Every error the editor logs (console.error, failed resource loads) and every uncaught exception, sorted
 * into the ones about our nodes or credential and the rest, each with why it was set aside.
 */
export class EditorConsole {
	readonly problems: BrowserProblem[] = [];

	/** Requests the test refused because they left the n8n instance. */
	readonly blocked: string[] = [];

	constructor(private readonly origin: string) {}

	/**
	 * Keeps the editor on the n8n instance: any other request (the npm registry, n8n's telemetry and
	 * template hosts) is aborted, so the test is offline and does not wait on a network it cannot reach.
	 */
	async confine(context: BrowserContext): Promise<void> {
		await context.route(
			(url) => url.origin !== this.origin,
			async (route) => {
				this.blocked.push(route.request().url());
				await route.abort('blockedbyclient');
			},
		);
	}

	watch(page: Page): void {
		page.on('console', (message) => {
			if (message.type() !== 'error') return;
			this.problems.push({ source: 'console', text: message.text(), url: message.location().url });
		});
		page.on('pageerror', (error) => {
			this.problems.push({
				source: 'pageerror',
				text: `${error.message}\n${error.stack ?? ''}`,
				url: '',
			});
		});
	}

	/**
	 * Problems naming our package, nodes or credential, except failed loads of requests we blocked and the
	 * optional schema previews the package does not ship.
	 */
	ours(): BrowserProblem[] {
		return this.problems.filter((problem) => this.whyIgnored(problem) === undefined);
	}

	ignored(): IgnoredProblem[] {
		return this.problems.flatMap((problem) => {
			const reason = this.whyIgnored(problem);
			return reason === undefined ? [] : [{ ...problem, reason }];
		});
	}

	private whyIgnored(problem: BrowserProblem): string | undefined {
		if (this.isBlockedLoad(problem)) {
			return 'a request outside the n8n instance, blocked by the test (offline); the browser reports every blocked load as an error';
		}
		if (this.isMissingSchemaPreview(problem)) {
			return "n8n's editor asks for an optional output-schema preview (<node dir>/__schema__/v<version>.json in the package); a 404 means there is none and the editor carries on";
		}
		if (!OURS.test(`${problem.text} ${problem.url}`))
			return 'does not concern our nodes or credential';
		return undefined;
	}

	private isBlockedLoad(problem: BrowserProblem): boolean {
		return (
			problem.source === 'console' &&
			problem.text.startsWith('Failed to load resource') &&
			problem.url !== '' &&
			!problem.url.startsWith(this.origin)
		);
	}

	private isMissingSchemaPreview(problem: BrowserProblem): boolean {
		return (
			problem.source === 'console' &&
			problem.text.includes('status of 404') &&
			problem.url.startsWith(`${this.origin}/schemas/`)
		);
	}

	/** What was set aside and why, on stderr, for the test log and reports. */
	report(): void {
		const lines = this.ignored().map(
			(problem) =>
				`  ignored ${problem.source}: ${firstLine(problem.text)} [${problem.url}] (${problem.reason})`,
		);
		const blocked = [...new Set(this.blocked)].map((url) => `  blocked request: ${url}`);
		note(
			[
				`editor console: ${this.problems.length} error(s), ${this.ours().length} about our nodes`,
				...lines,
				...blocked,
			].join('\n'),
		);
	}
}

function firstLine(text: string): string {
	return text.split('\n')[0].slice(0, 200);
}

/** A line on stderr for the test log (INSTAMOJO_E2E_QUIET=1 silences it). */
export function note(message: string): void {
	if (process.env.INSTAMOJO_E2E_QUIET !== '1') process.stderr.write(`[editor-e2e] ${message}\n`);
}

async function isExecutable(path: string): Promise<boolean> {
	try {
		await access(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
