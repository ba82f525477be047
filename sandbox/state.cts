/**
 * The sandbox's whole world: the seed it starts from and the records the API creates.
 * Records are kept in internal form (money in paise, camelCase); the resource modules render them
 * into the API's shapes. The same objects are what `GET /_sandbox/state` and `sandbox.state` expose.
 */
import { createHash } from 'node:crypto';

export interface SeedBankAccount {
	accountHolderName: string;
	accountNumber: string;
	ifscCode: string;
	bankName?: string;
}

export interface SeedAccount {
	/** 32 lowercase hex; derived from the username when absent, so it is stable across resets. */
	id?: string;
	username: string;
	password: string;
	email: string;
	/** Private salt that signs webhooks; derived from the username when absent. */
	salt?: string;
	phone?: string;
	firstName?: string;
	lastName?: string;
	location?: string;
	bankAccount?: SeedBankAccount;
}

export interface SeedApplication {
	clientId: string;
	clientSecret: string;
	/** Must be sent with every signup (docs/instamojo-api.md §5). */
	referrer: string;
}

export interface SeedData {
	/** The marketplace's OAuth application; its tokens act for `marketplace`. */
	application: SeedApplication;
	/** The account that owns the application. */
	marketplace: SeedAccount;
	/** Sellers that exist before any signup, all belonging to the marketplace. */
	sellers: SeedAccount[];
}

export const DEFAULT_SEED: SeedData = Object.freeze({
	application: Object.freeze({
		clientId: 'sandbox-client-id',
		clientSecret: 'sandbox-client-secret',
		referrer: 'sandbox-marketplace',
	}),
	marketplace: Object.freeze({
		id: '6d1f0c2a9b8e4f7d8c3b2a1908f7e6d5',
		username: 'marketplace',
		password: 'marketplace-password',
		email: 'ops@marketplace.example',
		salt: 'sandbox-marketplace-salt',
		phone: '+919876543210',
		firstName: 'Sandbox',
		lastName: 'Marketplace',
		location: 'Mumbai, India',
	}),
	sellers: [],
}) as SeedData;

export interface BankAccountRecord {
	accountHolderName: string;
	accountNumber: string;
	ifscCode: string;
	bankName: string;
	updatedAt: string;
}

export interface UserRecord {
	id: string;
	username: string;
	password: string;
	email: string;
	phone: string | null;
	firstName: string;
	lastName: string;
	location: string;
	salt: string;
	/** The marketplace the account belongs to; the marketplace's own account names itself. */
	partnerId: string;
	bankAccount: BankAccountRecord | null;
	dateJoined: string;
}

export type PartnerFeeType = 'fixed' | 'percent';

export interface PaymentRequestRecord {
	id: string;
	userId: string;
	partnerId: string;
	amountPaise: number;
	purpose: string;
	buyerName: string | null;
	email: string | null;
	phone: string | null;
	redirectUrl: string | null;
	webhook: string | null;
	allowRepeatedPayments: boolean;
	sendEmail: boolean;
	sendSms: boolean;
	partnerFeeType: PartnerFeeType | null;
	/** Rupees when the type is fixed, a percentage when it is percent: as the client sent it. */
	partnerFee: number | null;
	markFulfilled: boolean;
	expiresAt: string | null;
	status: 'Pending' | 'Completed';
	/** Set by the disable endpoint; the API shows no field for it, but a disabled request cannot be paid. */
	disabled: boolean;
	longurl: string;
	paymentIds: string[];
	createdAt: string;
	modifiedAt: string;
}

export interface PaymentFailure {
	reason: string;
	message: string;
}

export interface PaymentRecord {
	id: string;
	paymentRequestId: string;
	/** The seller: owner of the payment request. */
	userId: string;
	partnerId: string;
	title: string;
	amountPaise: number;
	buyerName: string;
	email: string;
	phone: string;
	success: boolean;
	feesPaise: number | null;
	taxesPaise: number | null;
	/** The marketplace's cut (docs/instamojo-api.md §6 partner fee); not shown by the API, kept for assertions. */
	partnerFeePaise: number;
	/** True while the payment waits for POST /v2/payments/{id}/fulfil/ (mark_fulfilled=false). */
	held: boolean;
	failure: PaymentFailure | null;
	instrumentType: string;
	billingInstrument: string;
	caseIds: string[];
	createdAt: string;
	updatedAt: string;
}

export interface RefundTransfer {
	id: string;
	status: 'Completed';
	bankReferenceNumber: string;
	createdAt: string;
}

export interface RefundRecord {
	/** The resolution-centre case id (`C…`). */
	id: string;
	/** The id of the same refund as `/v2/refunds/` shows it in a world that lists refund objects (`R…`). */
	refundId: string;
	paymentId: string;
	userId: string;
	partnerId: string;
	type: string;
	body: string;
	amountPaise: number;
	transactionId: string | null;
	status: 'Refunded' | 'Pending';
	transfers: RefundTransfer[];
	createdAt: string;
	updatedAt: string;
}

export type TokenKind = 'application' | 'user';

export interface TokenRecord {
	accessToken: string;
	/** Null for application tokens: client_credentials issues none (docs/instamojo-api.md §2). */
	refreshToken: string | null;
	kind: TokenKind;
	/** Application tokens act for the marketplace account. */
	userId: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	accessRevoked: boolean;
	refreshState: 'active' | 'used' | 'revoked';
}

export interface SandboxState {
	application: SeedApplication & { userId: string };
	users: Map<string, UserRecord>;
	paymentRequests: Map<string, PaymentRequestRecord>;
	payments: Map<string, PaymentRecord>;
	refunds: Map<string, RefundRecord>;
	accessTokens: Map<string, TokenRecord>;
	refreshTokens: Map<string, TokenRecord>;
}

/** A stable value derived from a username, for seed accounts that leave out their id or salt. */
const derived = (purpose: string, username: string): string =>
	createHash('sha256').update(`${purpose}:${username}`).digest('hex').slice(0, 32);

function userFromSeed(account: SeedAccount, partnerId: string, now: string): UserRecord {
	const bank = account.bankAccount;
	return {
		id: account.id ?? derived('id', account.username),
		username: account.username,
		password: account.password,
		email: account.email,
		phone: account.phone ?? null,
		firstName: account.firstName ?? '',
		lastName: account.lastName ?? '',
		location: account.location ?? '',
		salt: account.salt ?? derived('salt', account.username),
		partnerId,
		bankAccount: bank ? { bankName: '', ...bank, updatedAt: now } : null,
		dateJoined: now,
	};
}

export function createState(): SandboxState {
	return {
		application: { clientId: '', clientSecret: '', referrer: '', userId: '' },
		users: new Map(),
		paymentRequests: new Map(),
		payments: new Map(),
		refunds: new Map(),
		accessTokens: new Map(),
		refreshTokens: new Map(),
	};
}

/** Empties the state in place (references held by tests stay valid) and fills it from the seed. */
export function loadSeed(state: SandboxState, seed: SeedData): void {
	for (const collection of [
		state.users,
		state.paymentRequests,
		state.payments,
		state.refunds,
		state.accessTokens,
		state.refreshTokens,
	]) {
		collection.clear();
	}
	const now = new Date().toISOString();
	const marketplaceId = seed.marketplace.id ?? derived('id', seed.marketplace.username);
	for (const account of [seed.marketplace, ...seed.sellers]) {
		const user = userFromSeed(account, marketplaceId, now);
		state.users.set(user.id, user);
	}
	state.application = { ...seed.application, userId: marketplaceId };
}

export const findUserByUsername = (state: SandboxState, username: string): UserRecord | undefined =>
	[...state.users.values()].find((user) => user.username.toLowerCase() === username.toLowerCase());

export const findUserByEmail = (state: SandboxState, email: string): UserRecord | undefined =>
	[...state.users.values()].find((user) => user.email.toLowerCase() === email.toLowerCase());
