/**
 * Credential and webhook fixtures for real-n8n runs against the sandbox, built in code so each test states
 * only what matters to it, and the sandbox's log read back as one line per call.
 */
import { DEFAULT_SEED, type LogEntry } from '../../sandbox/server.cjs';
import { computeMac } from '../../sandbox/webhook.cjs';

/** The shape `n8n import:credentials` takes; a plain-object `data` is encrypted on import. */
export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export const CREDENTIAL_TYPE = 'instamojoApi';

/**
 * An Instamojo credential pointed at a sandbox URL ('custom' environment), for one of the three auth flows.
 * The client and user come from the caller (the sandbox's DEFAULT_SEED), so they cannot drift apart.
 */
export function instamojoCredential(options: {
	id: string;
	name: string;
	baseUrl: string;
	application: { clientId: string; clientSecret: string };
	authentication: 'application' | 'user' | 'refreshToken';
	/** Flow inputs and anything else, e.g. { username, password } or { initialRefreshToken }. */
	data?: Record<string, unknown>;
}): CredentialFixture {
	return {
		id: options.id,
		name: options.name,
		type: CREDENTIAL_TYPE,
		data: {
			environment: 'custom',
			baseUrl: options.baseUrl,
			clientId: options.application.clientId,
			clientSecret: options.application.clientSecret,
			authentication: options.authentication,
			...options.data,
		},
	};
}

/**
 * A credential of the sandbox's seeded marketplace (DEFAULT_SEED): the application flow, or the user flow
 * with the marketplace's login; the webhook salt is set for the trigger. `data` adds or overrides inputs.
 */
export function seededCredential(
	reference: { id: string; name: string },
	baseUrl: string,
	authentication: 'application' | 'user',
	data: Record<string, unknown> = {},
): CredentialFixture {
	const { username, password, salt } = DEFAULT_SEED.marketplace;
	const login = authentication === 'user' ? { username, password } : {};
	return instamojoCredential({
		id: reference.id,
		name: reference.name,
		baseUrl,
		application: DEFAULT_SEED.application,
		authentication,
		data: { ...login, privateSaltSecret: salt, ...data },
	});
}

/** The token and API calls of a sandbox log, one line each: `<call> <auth kind> → <status>`. */
export function apiCalls(log: LogEntry[]): string[] {
	return log
		.filter((entry) => isTokenCall(entry) || entry.path.startsWith('/v2/'))
		.map((entry) =>
			isTokenCall(entry)
				? `token ${entry.grantType ?? '?'} → ${entry.status}`
				: `${entry.method} ${entry.path} ${entry.auth.kind} → ${entry.status}`,
		);
}

function isTokenCall(entry: LogEntry): boolean {
	return /^\/oauth2\/token\/?$/.test(entry.path);
}

/** The form fields of Instamojo's payment webhook (docs/instamojo-api.md §9) for a successful payment of a payment link. */
export function paymentFields(paymentId: string, paymentRequestId: string): Record<string, string> {
	return {
		amount: '499.00',
		buyer: 'buyer@example.com',
		buyer_name: 'Asha Buyer',
		buyer_phone: '+919876543210',
		currency: 'INR',
		fees: '12.98',
		longurl: `https://www.instamojo.com/@marketplace/${paymentRequestId}`,
		payment_id: paymentId,
		payment_request_id: paymentRequestId,
		purpose: 'Handmade lamp',
		shorturl: '',
		status: 'Credit',
	};
}

/** A webhook body as Instamojo sends it: the fields and their MAC, signed with `salt` (the seeded marketplace's by default). */
export function signedDelivery(fields: Record<string, string>, salt = String(DEFAULT_SEED.marketplace.salt)): string {
	return new URLSearchParams({ ...fields, mac: computeMac(fields, salt) }).toString();
}
