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
 * The report holds no token, secret, salt, password or email. Written as `.cts`: it needs `process` and
 * node:http, which n8n's lint rules forbid in `.ts` files.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import {
	type Decisions,
	PROFILE_NAMES,
	type ProfileName,
	profileDecisions,
} from '../sandbox/decisions.cjs';

export interface ProbeConfig {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	referrer: string;
	salt?: string;
	scope?: string;
	seller?: { username: string; password: string };
	paidPaymentId?: string;
	webhook?: { publicUrl: string; listenPort: number; waitSeconds: number };
}

export interface Finding {
	id: string;
	question: string;
	/** The sandbox decision that models the question, when one does. */
	decision?: keyof Decisions;
	/** What Instamojo answered, in the decision's terms where there is one; null when not asked. */
	answer: string | null;
	/** The profiles whose decision gives the same answer. */
	matches: ProfileName[];
	evidence: string[];
	skipped?: string;
}

export interface ProbeReport {
	target: string;
	sandboxProfile: ProfileName | null;
	startedAt: string;
	findings: Finding[];
	/** Steps done through the local sandbox's control API, which a person does on the real host. */
	sandboxOnlySteps: string[];
}

const REQUIRED_ENV = ['INSTAMOJO_CLIENT_ID', 'INSTAMOJO_CLIENT_SECRET', 'INSTAMOJO_REFERRER'];
const PRODUCTION_HOSTS = ['api.instamojo.com', 'www.instamojo.com', 'instamojo.com'];

type Json = Record<string, unknown>;

interface Answer {
	status: number;
	body: Json;
}

/** Plain HTTP, never following a redirect (docs/instamojo-api.md §3): a 3xx is an answer, not a hop. */
async function send(
	url: string,
	init: { method: string; token?: string; form?: Record<string, string> },
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
	const response = await fetch(url, {
		method: init.method,
		headers,
		body: init.form ? new URLSearchParams(init.form).toString() : undefined,
		redirect: 'manual',
	});
	const text = await response.text();
	let body: Json = {};
	try {
		body = text ? (JSON.parse(text) as Json) : {};
	} catch {
		body = { text: text.slice(0, 200) };
	}
	return { status: response.status, body };
}

/** `true`/`"True"` and `false`/`"False"`: answers may carry either (docs/instamojo-api.md §3). */
const apiBoolean = (value: unknown): boolean | undefined =>
	value === true || value === 'True'
		? true
		: value === false || value === 'False'
			? false
			: undefined;

const lastPathPart = (url: unknown): string =>
	String(url ?? '')
		.replace(/\/+$/, '')
		.split('/')
		.pop() ?? '';

const pause = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

const ok = (answer: Answer): boolean => answer.status >= 200 && answer.status < 300;

/** The profiles whose value of a decision is the answer seen. */
function matching(decision: keyof Decisions, answer: string | null): ProfileName[] {
	if (answer === null) return [];
	return PROFILE_NAMES.filter((name) => String(profileDecisions(name)[decision]) === answer);
}

function finding(
	id: string,
	question: string,
	decision: keyof Decisions | undefined,
	answer: string | null,
	evidence: string[],
	skipped?: string,
): Finding {
	const matches = decision ? matching(decision, answer) : answer === null ? [] : [...PROFILE_NAMES];
	return { id, question, decision, answer, matches, evidence, ...(skipped ? { skipped } : {}) };
}

const skip = (id: string, question: string, decision: keyof Decisions | undefined, why: string) =>
	finding(id, question, decision, null, [], why);

/** One probe run: the API, the tokens it got, and the records it made. */
class Probe {
	readonly steps: string[] = [];
	appToken = '';
	seller = { id: '', token: '' };
	sandboxProfile: ProfileName | null = null;

	constructor(readonly config: ProbeConfig) {}

	url(path: string, query: Record<string, string | number> = {}): string {
		const url = new URL(path, `${this.config.baseUrl}/`);
		for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
		return url.toString();
	}

	async api(
		method: string,
		path: string,
		options: { token?: string; form?: Record<string, string>; query?: Json } = {},
	): Promise<Answer> {
		const query = (options.query ?? {}) as Record<string, string>;
		return await send(this.url(path, query), { method, token: options.token, form: options.form });
	}

	async grant(fields: Record<string, string>): Promise<string> {
		const answer = await this.api('POST', '/oauth2/token/', {
			form: { client_id: this.config.clientId, client_secret: this.config.clientSecret, ...fields },
		});
		if (!ok(answer) || typeof answer.body.access_token !== 'string')
			throw new Error(
				`the token endpoint answered HTTP ${answer.status} to a ${fields.grant_type} grant (${String(answer.body.error ?? answer.body.message ?? '')})`,
			);
		return answer.body.access_token;
	}

	async control(method: string, path: string, body?: Json): Promise<Answer> {
		const response = await fetch(this.url(`/_sandbox/${path}`), {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Json };
	}

	/** The local sandbox answers its control API; Instamojo does not. */
	async detectSandbox(): Promise<void> {
		try {
			const answer = await send(this.url('/_sandbox/profile'), { method: 'GET' });
			const profile = answer.body.profile;
			if (answer.status === 200 && PROFILE_NAMES.includes(profile as ProfileName))
				this.sandboxProfile = profile as ProfileName;
		} catch {
			// Unreachable or not JSON: not the sandbox.
		}
	}

	async login(): Promise<void> {
		const scope: Record<string, string> = this.config.scope ? { scope: this.config.scope } : {};
		this.appToken = await this.grant({ grant_type: 'client_credentials', ...scope });
		const seller = this.config.seller ?? (await this.signUpSeller());
		this.seller.token = await this.grant({ grant_type: 'password', ...seller });
		const probeLink = await this.createLink(this.seller.token, 'Probe: whose link');
		this.seller.id = lastPathPart(probeLink.body.user);
	}

	/** A throwaway test seller: random email (example.com), phone and password, none of which is reported. */
	async signUpSeller(): Promise<{ username: string; password: string }> {
		const nonce = Math.random().toString(36).slice(2, 10);
		const password = `Probe-${nonce}-${Date.now()}`;
		const answer = await this.api('POST', '/v2/users/', {
			token: this.appToken,
			form: {
				email: `probe-${nonce}@example.com`,
				password,
				phone: `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
				referrer: this.config.referrer,
			},
		});
		if (!ok(answer)) throw new Error(`signing a test seller up answered HTTP ${answer.status}`);
		return { username: String(answer.body.username), password };
	}

	async createLink(token: string, purpose: string, extra: Record<string, string> = {}) {
		return await this.api('POST', '/v2/payment_requests/', {
			token,
			form: { amount: '10', purpose, allow_repeated_payments: 'False', ...extra },
		});
	}

	/** A paid payment on a seller's link: the configured one, or (sandbox only) one paid through the control API. */
	async paidPayment(purpose: string, webhook?: string): Promise<string | null> {
		if (!this.sandboxProfile) return this.config.paidPaymentId ?? null;
		const link = await this.createLink(this.seller.token, purpose, webhook ? { webhook } : {});
		const paid = await this.control('POST', `payment_requests/${String(link.body.id)}/pay`, {
			outcome: 'success',
		});
		this.steps.push(`paid a ₹10 link through the control API (${purpose})`);
		return String((paid.body.payment as Json).id);
	}
}

type Question = (probe: Probe) => Promise<Finding>;

const tokenKinds: Question = async (probe) => {
	const q = 'Which token kinds does each call accept?';
	const evidence: string[] = [];
	const record = (call: string, kind: string, answer: Answer) =>
		evidence.push(`${call} with the ${kind} token: HTTP ${answer.status}`);
	const sellerLink = await probe.createLink(probe.seller.token, 'Probe: token kinds');
	record('POST /v2/payment_requests/', 'seller user', sellerLink);
	const appLink = await probe.createLink(probe.appToken, 'Probe: application link');
	record('POST /v2/payment_requests/', 'application', appLink);
	const id = String(sellerLink.body.id);
	for (const [kind, token] of [
		['application', probe.appToken],
		['seller user', probe.seller.token],
	]) {
		record(
			'GET /v2/payment_requests/{id}/',
			kind,
			await probe.api('GET', `/v2/payment_requests/${id}/`, { token }),
		);
		record(
			'POST …/disable/',
			kind,
			await probe.api('POST', `/v2/payment_requests/${id}/disable/`, { token }),
		);
		record(
			'POST …/enable/',
			kind,
			await probe.api('POST', `/v2/payment_requests/${id}/enable/`, { token }),
		);
	}
	const paymentId = await probe.paidPayment('Probe: payment read');
	if (paymentId)
		for (const [kind, token] of [
			['application', probe.appToken],
			['seller user', probe.seller.token],
		])
			record(
				'GET /v2/payments/{id}/',
				kind,
				await probe.api('GET', `/v2/payments/${paymentId}/`, { token }),
			);
	const refused = evidence.filter((line) => !/HTTP 2\d\d$/.test(line));
	// The sandbox accepts either kind on all of these (docs/instamojo-api.md §4), in every profile.
	return finding(
		'tokenKinds',
		q,
		undefined,
		refused.length === 0 ? 'either' : 'some refused',
		evidence,
	);
};

const applicationLinkFields: Question = async (probe) => {
	const q = 'Does an Application-token link keep partner_fee and mark_fulfilled?';
	const link = await probe.createLink(probe.appToken, 'Probe: application link fields', {
		partner_fee_type: 'fixed',
		partner_fee: '1',
		mark_fulfilled: 'False',
	});
	if (!ok(link))
		return finding('applicationLinkFields', q, 'applicationLinkFields', 'refused', [
			`HTTP ${link.status}: the API refuses the fields with an application token`,
		]);
	const kept = link.body.partner_fee !== null && link.body.partner_fee !== undefined;
	const held = apiBoolean(link.body.mark_fulfilled) === false;
	const owner =
		lastPathPart(link.body.user) === probe.seller.id
			? "the seller's"
			: "the credential owner's, not the seller's";
	return finding(
		'applicationLinkFields',
		q,
		'applicationLinkFields',
		kept && held ? 'kept' : !kept && !held ? 'dropped' : 'partly kept',
		[
			`link account: ${owner}`,
			`partner_fee ${JSON.stringify(link.body.partner_fee)}, mark_fulfilled ${JSON.stringify(link.body.mark_fulfilled)}`,
		],
	);
};

const booleanFormat: Question = async (probe) => {
	const q = 'Are booleans in answers JSON booleans or "True"/"False" strings?';
	const link = await probe.createLink(probe.seller.token, 'Probe: booleans');
	const value = link.body.allow_repeated_payments;
	const answer =
		typeof value === 'boolean' ? 'json' : value === 'True' || value === 'False' ? 'python' : null;
	return finding('booleanFormat', q, 'booleanFormat', answer, [
		`allow_repeated_payments came back as ${JSON.stringify(value)}`,
	]);
};

/** Whether a list answers with exactly the expected ids for a filter that excludes the others. */
async function filterHonoured(
	probe: Probe,
	path: string,
	key: string,
	query: Json,
	expected: string[],
	evidence: string[],
): Promise<boolean> {
	const answer = await probe.api('GET', path, {
		token: probe.seller.token,
		query: { ...query, limit: 50 },
	});
	const ids = ((answer.body[key] as Json[] | undefined) ?? []).map((item) => String(item.id));
	const honoured =
		answer.status === 200 &&
		ids.length === expected.length &&
		expected.every((id) => ids.includes(id));
	evidence.push(
		`${path} ${Object.keys(query).join(', ')}: HTTP ${answer.status}, ${ids.length} item(s), ${honoured ? 'filtered' : 'not filtered'}`,
	);
	return honoured;
}

const listFilters: Question = async (probe) => {
	const q = 'Do list endpoints honour their filters?';
	const evidence: string[] = [];
	// Two links; a filter from the second one's creation time excludes the first.
	await probe.createLink(probe.seller.token, 'Probe: filter A');
	await pause(50);
	const second = await probe.createLink(probe.seller.token, 'Probe: filter B');
	const results = [
		await filterHonoured(
			probe,
			'/v2/payment_requests/',
			'payment_requests',
			{ min_created_at: String(second.body.created_at) },
			[String(second.body.id)],
			evidence,
		),
	];
	const paymentId = await probe.paidPayment('Probe: filter payments');
	if (paymentId) {
		const payment = await probe.api('GET', `/v2/payments/${paymentId}/`, {
			token: probe.seller.token,
		});
		const requestId = lastPathPart(payment.body.payment_request);
		results.push(
			await filterHonoured(
				probe,
				'/v2/payments/',
				'payments',
				{ payment_request_id: requestId },
				[paymentId],
				evidence,
			),
		);
	} else
		evidence.push('payments filter not asked: no paid test payment (INSTAMOJO_PROBE_PAYMENT_ID)');
	const answer = results.every(Boolean) ? 'honoured' : results.some(Boolean) ? 'mixed' : 'ignored';
	return finding('listFilters', q, 'listFilters', answer, evidence);
};

const maxPageSize: Question = async (probe) => {
	const q = 'What is the largest page a list returns for limit=100?';
	if (probe.sandboxProfile) {
		await probe.control('POST', 'bulk/payments', { count: 101 });
		probe.steps.push('filled the payments list with 101 payments through the control API');
	}
	const sizes: Array<{ path: string; count: number; page: number }> = [];
	for (const [path, key] of [
		['/v2/payments/', 'payments'],
		['/v2/payment_requests/', 'payment_requests'],
	]) {
		const answer = await probe.api('GET', path, { token: probe.appToken, query: { limit: 100 } });
		const page = ((answer.body[key] as unknown[] | undefined) ?? []).length;
		sizes.push({ path, count: Number(answer.body.count ?? 0), page });
	}
	const evidence = sizes.map((size) => `${size.path}?limit=100: ${size.page} of ${size.count}`);
	const capped = sizes.find((size) => size.page < Math.min(size.count, 100));
	if (capped) return finding('maxPageSize', q, 'maxPageSize', String(capped.page), evidence);
	if (sizes.some((size) => size.count >= 100))
		return finding('maxPageSize', q, 'maxPageSize', '100', evidence);
	const most = Math.max(...sizes.map((size) => size.page));
	return finding(
		'maxPageSize',
		q,
		'maxPageSize',
		null,
		evidence,
		`lists hold too few items to see a cap (at least ${most})`,
	);
};

/** The refunds questions share one paid payment and one refund. */
const refundQuestions = async (probe: Probe): Promise<Finding[]> => {
	const duplicate = 'What does a repeated refund transaction_id answer?';
	const listed = 'What does GET /v2/refunds/ list?';
	const cases = 'Do GET /v2/payments/ items carry cases?';
	const paymentId = await probe.paidPayment('Probe: refunds');
	if (!paymentId) {
		const why =
			'needs a paid test payment: a person pays a test link, then run again with INSTAMOJO_PROBE_PAYMENT_ID';
		return [
			skip('duplicateRefundTransactionId', duplicate, 'duplicateRefundTransactionId', why),
			await refundsListFromExisting(probe, listed),
			skip('paymentListCases', cases, 'paymentListCases', why),
		];
	}
	const transactionId = `probe-${Date.now()}`;
	const refund = async () =>
		await probe.api('POST', `/v2/payments/${paymentId}/refund/`, {
			token: probe.appToken,
			form: {
				type: 'PTH',
				body: 'Probe: duplicate check',
				refund_amount: '1',
				transaction_id: transactionId,
			},
		});
	const first = await refund();
	const second = await refund();
	const firstCase = (first.body.refund as Json | undefined)?.id;
	const secondCase = (second.body.refund as Json | undefined)?.id;
	const keys = Object.keys(second.body).sort().join(', ');
	const duplicateAnswer = !ok(first)
		? null
		: ok(second)
			? secondCase === firstCase
				? 'return-existing'
				: 'second case created'
			: 'transaction_id' in second.body
				? 'error'
				: 'generic-error';
	const duplicateFinding = finding(
		'duplicateRefundTransactionId',
		duplicate,
		'duplicateRefundTransactionId',
		duplicateAnswer,
		[
			`first refund: HTTP ${first.status}; repeat: HTTP ${second.status} with keys ${keys || '(none)'}`,
		],
	);

	const list = await probe.api('GET', '/v2/payments/', {
		token: probe.appToken,
		query: { limit: 50 },
	});
	const item = ((list.body.payments as Json[] | undefined) ?? []).find(
		(payment) => payment.id === paymentId,
	);
	const casesFinding = item
		? finding('paymentListCases', cases, 'paymentListCases', String('cases' in item), [
				`list item keys include cases: ${'cases' in item}`,
			])
		: skip(
				'paymentListCases',
				cases,
				'paymentListCases',
				'the paid payment is not on the first page of GET /v2/payments/',
			);
	return [duplicateFinding, await refundsListFromExisting(probe, listed), casesFinding];
};

/** Reads what is there; creates nothing. */
async function refundsListFromExisting(probe: Probe, question: string): Promise<Finding> {
	const list = await probe.api('GET', '/v2/refunds/', {
		token: probe.appToken,
		query: { limit: 1 },
	});
	const item = ((list.body.refunds as Json[] | undefined) ?? [])[0];
	if (!item)
		return skip(
			'refundsList',
			question,
			'refundsList',
			`no refund to look at (HTTP ${list.status}, count ${String(list.body.count ?? 0)})`,
		);
	const id = String(item.id);
	const answer =
		id.startsWith('C') && 'refund_amount' in item
			? 'cases'
			: id.startsWith('R') && 'amount' in item
				? 'refunds'
				: 'other';
	const detail = await probe.api('GET', `/v2/refunds/${id}/`, { token: probe.appToken });
	return finding('refundsList', question, 'refundsList', answer, [
		`item id starts with ${id.charAt(0)}; keys: ${Object.keys(item).sort().join(', ')}`,
		`GET /v2/refunds/{that id}/: HTTP ${detail.status}`,
	]);
}

/** A local receiver of webhook form posts. */
async function listenForWebhooks(
	port: number,
): Promise<{ server: Server; bodies: string[]; port: number }> {
	const bodies: string[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			bodies.push(Buffer.concat(chunks).toString('utf8'));
			response.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { server, bodies, port: (server.address() as { port: number }).port };
}

/** docs/instamojo-api.md §9: HMAC-SHA1 over the values ordered by key, case-insensitively, joined with `|`. */
function macMatches(rawBody: string, salt: string): boolean {
	const fields = new URLSearchParams(rawBody);
	const mac = fields.get('mac');
	fields.delete('mac');
	const message = [...fields.keys()]
		.sort((a, b) =>
			a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
		)
		.map((key) => fields.get(key))
		.join('|');
	return createHmac('sha1', salt).update(message).digest('hex') === mac;
}

const webhookSalt: Question = async (probe) => {
	const q = "Whose salt signs a seller's webhook?";
	const { salt, webhook } = probe.config;
	if (!salt)
		return skip(
			'webhookSalt',
			q,
			'webhookSalt',
			"needs the marketplace's Private Salt (INSTAMOJO_SALT)",
		);
	if (!probe.sandboxProfile && !webhook)
		return skip(
			'webhookSalt',
			q,
			'webhookSalt',
			'needs a public URL forwarding to this machine (INSTAMOJO_PROBE_PUBLIC_URL, INSTAMOJO_PROBE_LISTEN_PORT) and a person paying the link',
		);
	const receiver = await listenForWebhooks(webhook?.listenPort ?? 0);
	try {
		const url = webhook?.publicUrl ?? `http://127.0.0.1:${receiver.port}/webhook`;
		if (probe.sandboxProfile) await probe.paidPayment('Probe: webhook salt', url);
		else {
			const link = await probe.createLink(probe.seller.token, 'Probe: webhook salt', {
				webhook: url,
			});
			console.log(
				`Pay this test link with Instamojo's test card within ${webhook?.waitSeconds ?? 0} s: ${String(link.body.longurl)}`,
			);
			for (
				let waited = 0;
				receiver.bodies.length === 0 && waited < (webhook?.waitSeconds ?? 0);
				waited++
			)
				await pause(1000);
		}
		const body = receiver.bodies[0];
		if (!body) return skip('webhookSalt', q, 'webhookSalt', 'no delivery arrived');
		const partner = macMatches(body, salt);
		return finding('webhookSalt', q, 'webhookSalt', partner ? 'partner' : 'seller', [
			partner
				? "the MAC matches the marketplace's salt"
				: "the MAC does not match the marketplace's salt (probably the seller's, which the API never shows)",
		]);
	} finally {
		await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
	}
};

/** Every question, in the order docs/instamojo-api.md §10 lists them. */
const QUESTIONS: Question[] = [
	webhookSalt,
	tokenKinds,
	applicationLinkFields,
	listFilters,
	maxPageSize,
	booleanFormat,
];

export async function runProbe(config: ProbeConfig): Promise<ProbeReport> {
	const probe = new Probe(config);
	await probe.detectSandbox();
	await probe.login();
	const findings: Finding[] = [];
	for (const question of QUESTIONS) findings.push(await question(probe));
	findings.push(...(await refundQuestions(probe)));
	return {
		target: probe.sandboxProfile
			? `local sandbox (profile ${probe.sandboxProfile})`
			: new URL(config.baseUrl).host,
		sandboxProfile: probe.sandboxProfile,
		startedAt: new Date().toISOString(),
		findings,
		sandboxOnlySteps: probe.steps,
	};
}

const EMAIL = /[^\s"'@<>]+@[^\s"'@<>]+\.[a-z]{2,}/gi;

/** The report as text with every secret value the run knew and every email address replaced. */
export function redacted(text: string, config: ProbeConfig): string {
	const secrets = [config.clientSecret, config.salt, config.seller?.password, config.scope].filter(
		(value): value is string => typeof value === 'string' && value.length >= 4,
	);
	let out = text.replace(EMAIL, '[email]');
	for (const secret of secrets) out = out.split(secret).join('[redacted]');
	// Tokens never enter findings; this catches a bearer or token-looking field should one ever slip in.
	return out.replace(/("?(?:access|refresh)_token"?\s*[:=]\s*"?)[^\s"&,]+/gi, '$1[redacted]');
}

export function describeFinding(finding: Finding): string {
	const answer = finding.answer ?? `not asked: ${finding.skipped ?? ''}`;
	const profiles =
		finding.answer === null
			? ''
			: finding.matches.length > 0
				? ` → matches ${finding.matches.join(', ')}`
				: ' → matches no sandbox profile';
	return `${finding.id}: ${answer}${profiles}`;
}

export function markdown(report: ProbeReport): string {
	const rows = report.findings.map(
		(f) =>
			`| ${f.id} | ${f.question} | ${f.decision ?? '–'} | ${f.answer ?? `not asked: ${f.skipped ?? ''}`} | ${f.matches.join(', ') || '–'} | ${f.evidence.join('; ')} |`,
	);
	const steps = report.sandboxOnlySteps.map((step) => `- ${step}`);
	return [
		'# Instamojo probe report',
		'',
		`Target: ${report.target}. Started ${report.startedAt}. Questions: docs/instamojo-api.md §10.`,
		'',
		'| Question | Asked | Sandbox decision | Answer | Matches profile | Evidence |',
		'|---|---|---|---|---|---|',
		...rows,
		...(steps.length > 0
			? ['', 'Sandbox-only steps (a person does these on the real host):', ...steps]
			: []),
		'',
	].join('\n');
}

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
				'Optional: INSTAMOJO_BASE_URL, INSTAMOJO_SALT, INSTAMOJO_SCOPE, INSTAMOJO_SELLER_USERNAME/PASSWORD, INSTAMOJO_PROBE_PAYMENT_ID, INSTAMOJO_PROBE_PUBLIC_URL/LISTEN_PORT/WAIT_SECONDS (scripts/probe.cts). Nothing was sent.',
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
