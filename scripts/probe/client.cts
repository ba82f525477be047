/**
 * The probe's HTTP side: one plain request, and the Probe class that holds a run's tokens and seller and
 * makes the records the questions look at.
 */
import { PROFILE_NAMES, type ProfileName } from '../../sandbox/decisions.cjs';

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

export type Json = Record<string, unknown>;

export interface Answer {
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

export const lastPathPart = (url: unknown): string =>
	String(url ?? '')
		.replace(/\/+$/, '')
		.split('/')
		.pop() ?? '';

export const pause = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms));

export const ok = (answer: Answer): boolean => answer.status >= 200 && answer.status < 300;

/** One probe run: the API, the tokens it got, and the records it made. */
export class Probe {
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
