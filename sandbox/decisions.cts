/**
 * The one place where the sandbox settles what the public record leaves open (docs/instamojo-api.md §10).
 * Every other module reads these values; nothing else guesses.
 * Each field can be switched per sandbox: `startSandbox({ decisions })`, the CLI's `--decision key=value`,
 * and `PATCH /_sandbox/decisions`. A profile is a named set of answers (a "world"): `documented` follows
 * the docs where they speak, `pessimistic` takes the least convenient answer the sources allow.
 * docs/sandbox.md carries the same list as a table.
 */

/** Instamojo's own cut of a successful payment. Invented: Instamojo publishes no marketplace rate card. */
export interface FeeSchedule {
	/** Percentage of the payment amount. */
	percent: number;
	/** Flat part of the fee, in rupees. */
	fixed: number;
	/** GST charged on the fee, in percent; reported as the payment's `total_taxes`. */
	gstPercent: number;
}

export interface Decisions {
	/**
	 * HTTP status of a successful create: signup, payment request, refund (docs/instamojo-api.md §10 Q3).
	 * The docs show 200, the official Node SDK's tests assert 201.
	 * 201 by default so a client that accepts only 200 is caught; 200 to match the docs.
	 */
	createStatus: 200 | 201;
	/**
	 * `mark_fulfilled` when the create request omits it (docs/instamojo-api.md §10 Q1). The docs' create example and the
	 * real 2016 marketplace object say true; the marketplace form text says false.
	 */
	markFulfilledDefault: boolean;
	/**
	 * `allow_repeated_payments` when omitted (docs/instamojo-api.md §10 Q1). The schema default is false, the prose says true;
	 * the schema is the more precise source.
	 */
	allowRepeatedPaymentsDefault: boolean;
	/** Largest page a list returns; a larger `limit` is capped, not rejected (docs/instamojo-api.md §10 Q14: undocumented). */
	maxPageSize: number;
	/** Page size when `limit` is absent: "returns first (latest) 50" (docs/instamojo-api.md §3). */
	defaultPageSize: number;
	/**
	 * Whether spending a refresh token also kills the access token issued with it (docs/instamojo-api.md §10 Q5).
	 * django-oauth-toolkit, which the token endpoint's error bodies point to, revokes it on rotation.
	 */
	revokeAccessTokenOnRefresh: boolean;
	/**
	 * Whose private salt signs the webhook of a payment request created on a seller's account (docs/instamojo-api.md §10 Q8).
	 * 'partner': the marketplace's salt, so one Private Salt verifies every seller's webhooks;
	 * 'seller': the salt of the account the request belongs to.
	 */
	webhookSalt: 'partner' | 'seller';
	/**
	 * Whether list endpoints apply their filter query parameters (payment_request_id, min_/max_created_at,
	 * status…). No source documents any filter on /v2/payments/ or /v2/refunds/ (docs/instamojo-api.md §10);
	 * 'ignored': every list honours only page and limit, as a DRF view without a filter backend does.
	 */
	listFilters: 'honoured' | 'ignored';
	/**
	 * What an Application-token `POST /v2/payment_requests/` does with the marketplace fields. The link always
	 * lands on the application owner's (the marketplace's) own account. 'kept': partner_fee, partner_fee_type
	 * and mark_fulfilled are stored as sent; 'dropped': they are silently ignored (no commission, no hold).
	 */
	applicationLinkFields: 'kept' | 'dropped';
	/**
	 * What `GET /v2/refunds/` lists: resolution-centre case objects (`C…` ids, the docs' case shape) or refund
	 * objects (`R…` ids, `amount`, `buyer`, `payment`), as the official SDKs' tests suggest.
	 */
	refundsList: 'cases' | 'refunds';
	/** Whether the items of `GET /v2/payments/` carry `cases`; the detail GET always does. */
	paymentListCases: boolean;
	/** How booleans come back in /v2/ answers: JSON booleans, or the strings "True"/"False" (Python's str()). */
	booleanFormat: 'json' | 'python';
	/** Whether failed payments fire the webhook too. The docs: only successful ones, unless support enables it (docs/instamojo-api.md §10 Q23). */
	failureWebhooks: boolean;
	/**
	 * A refund whose `transaction_id` this payment already used (docs/instamojo-api.md §10 Q11). The docs only say the id
	 * stops replays from creating duplicate cases. 'error': 400 `{"transaction_id": [...]}`;
	 * 'return-existing': 200 with the case created the first time; 'generic-error': 400
	 * `{"success": false, "message": ...}` naming no field. None creates a second case.
	 */
	duplicateRefundTransactionId: 'error' | 'return-existing' | 'generic-error';
	/**
	 * Whether a refund without `transaction_id` is rejected (docs/instamojo-api.md §10 Q22). The schema marks it required,
	 * the description says "from the second case onwards", the Go sample omits it.
	 */
	refundTransactionIdRequired: boolean;
	/**
	 * Status of a newly created refund (docs/instamojo-api.md §10 Q22). The create example says "Refunded"; a third party
	 * reports manual review first, which 'Pending' models (complete it with POST /_sandbox/refunds/{id}/complete).
	 */
	refundInitialStatus: 'Refunded' | 'Pending';
	/**
	 * Instamojo's fee on a successful payment (docs/instamojo-api.md §7 shows fees and taxes, never the formula).
	 * 2% + ₹3 with 18% GST reproduces the doc example: ₹10.00 → fees 3.20, total_taxes 0.58.
	 */
	instamojoFee: FeeSchedule;
}

export const DEFAULT_DECISIONS: Readonly<Decisions> = Object.freeze({
	createStatus: 201,
	markFulfilledDefault: true,
	allowRepeatedPaymentsDefault: false,
	maxPageSize: 100,
	defaultPageSize: 50,
	revokeAccessTokenOnRefresh: true,
	webhookSalt: 'partner',
	listFilters: 'honoured',
	applicationLinkFields: 'kept',
	refundsList: 'cases',
	paymentListCases: true,
	booleanFormat: 'json',
	failureWebhooks: false,
	duplicateRefundTransactionId: 'error',
	refundTransactionIdRequired: false,
	refundInitialStatus: 'Refunded',
	instamojoFee: Object.freeze({ percent: 2, fixed: 3, gstPercent: 18 }),
});

export const PROFILE_NAMES = ['documented', 'pessimistic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The worlds the sources leave possible. 'pessimistic' takes, for every open question, the answer that
 * is worst for a client relying on convenience (docs/instamojo-api.md §10).
 */
const PROFILES: Record<ProfileName, Readonly<Decisions>> = {
	documented: DEFAULT_DECISIONS,
	pessimistic: Object.freeze({
		...DEFAULT_DECISIONS,
		listFilters: 'ignored',
		webhookSalt: 'seller',
		applicationLinkFields: 'dropped',
		refundsList: 'refunds',
		duplicateRefundTransactionId: 'generic-error',
		paymentListCases: false,
		booleanFormat: 'python',
		maxPageSize: 50,
	}),
};

export const isProfileName = (name: unknown): name is ProfileName =>
	PROFILE_NAMES.includes(name as ProfileName);

/** The profile's decisions, a fresh copy; an unknown name throws, listing the known ones. */
export function profileDecisions(name: string): Decisions {
	if (!isProfileName(name))
		throw new Error(`Unknown sandbox profile "${name}": use ${PROFILE_NAMES.join(' or ')}`);
	return copyDecisions(PROFILES[name]);
}

export function copyDecisions(source: Decisions): Decisions {
	return { ...source, instamojoFee: { ...source.instamojoFee } };
}

type Validator = (value: unknown) => boolean;

const oneOf =
	(...allowed: unknown[]): Validator =>
	(value) =>
		allowed.includes(value);
const isBoolean: Validator = (value) => typeof value === 'boolean';
const isPositiveInteger: Validator = (value) => Number.isInteger(value) && (value as number) > 0;
const isFeeSchedule: Validator = (value) => {
	if (typeof value !== 'object' || value === null) return false;
	const fee = value as Record<string, unknown>;
	return ['percent', 'fixed', 'gstPercent'].every(
		(key) => typeof fee[key] === 'number' && Number.isFinite(fee[key]) && (fee[key] as number) >= 0,
	);
};

const VALIDATORS: Record<keyof Decisions, Validator> = {
	createStatus: oneOf(200, 201),
	markFulfilledDefault: isBoolean,
	allowRepeatedPaymentsDefault: isBoolean,
	maxPageSize: isPositiveInteger,
	defaultPageSize: isPositiveInteger,
	revokeAccessTokenOnRefresh: isBoolean,
	webhookSalt: oneOf('partner', 'seller'),
	listFilters: oneOf('honoured', 'ignored'),
	applicationLinkFields: oneOf('kept', 'dropped'),
	refundsList: oneOf('cases', 'refunds'),
	paymentListCases: isBoolean,
	booleanFormat: oneOf('json', 'python'),
	failureWebhooks: isBoolean,
	duplicateRefundTransactionId: oneOf('error', 'return-existing', 'generic-error'),
	refundTransactionIdRequired: isBoolean,
	refundInitialStatus: oneOf('Refunded', 'Pending'),
	instamojoFee: isFeeSchedule,
};

const isDecisionKey = (key: string): key is keyof Decisions =>
	Object.prototype.hasOwnProperty.call(VALIDATORS, key);

/**
 * Checks a partial set of decisions (from options, the CLI or the control API) and returns it typed.
 * Throws one error naming every bad key, so a typo is never silently ignored.
 */
export function validateDecisions(patch: Record<string, unknown>): Partial<Decisions> {
	const problems = Object.entries(patch)
		.filter(([key, value]) => !isDecisionKey(key) || !VALIDATORS[key](value))
		.map(([key, value]) =>
			isDecisionKey(key)
				? `${key}: invalid value ${JSON.stringify(value)}`
				: `${key}: unknown decision`,
		);
	if (problems.length > 0) throw new Error(`Invalid sandbox decisions: ${problems.join('; ')}`);
	return patch as Partial<Decisions>;
}

/**
 * Parses one CLI `--decision key=value`. The value is read as JSON when it is JSON (numbers, booleans,
 * the fee object), else as a plain string (`webhookSalt=seller`).
 */
export function parseDecisionArgument(argument: string): Partial<Decisions> {
	const separator = argument.indexOf('=');
	if (separator <= 0) throw new Error(`--decision expects key=value, got "${argument}"`);
	const raw = argument.slice(separator + 1);
	let value: unknown = raw;
	try {
		value = JSON.parse(raw);
	} catch {
		// Not JSON: a bare word such as `seller` or `return-existing`.
	}
	return validateDecisions({ [argument.slice(0, separator)]: value });
}
