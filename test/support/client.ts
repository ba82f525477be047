/**
 * What a test does as a client of the sandbox's API, outside the node: grants, sellers, payment requests,
 * over the plain-fetch client of ./sandbox.ts.
 */
import { DEFAULT_SEED, type Sandbox } from '../../sandbox/server.cjs';
import { type Answer, call, type Json } from './sandbox';

export const application = DEFAULT_SEED.application;
export const marketplace = DEFAULT_SEED.marketplace;

export interface TokenBody {
	access_token: string;
	refresh_token?: string;
	token_type: string;
	expires_in: number;
	scope: string;
	error?: string;
	error_description?: string;
}

/** POSTs a grant to the token endpoint with the seed application's credentials (overridable). */
export async function grant(
	sandbox: Sandbox,
	fields: Record<string, string>,
): Promise<Answer<TokenBody>> {
	return await call<TokenBody>(sandbox, 'POST', '/oauth2/token/', {
		form: { client_id: application.clientId, client_secret: application.clientSecret, ...fields },
	});
}

export async function appToken(sandbox: Sandbox): Promise<string> {
	return (await grant(sandbox, { grant_type: 'client_credentials' })).body.access_token;
}

export async function userTokens(
	sandbox: Sandbox,
	username: string,
	password: string,
): Promise<TokenBody> {
	const answer = await grant(sandbox, { grant_type: 'password', username, password });
	expect(answer.status).toBe(200);
	return answer.body;
}

export interface Seller {
	id: string;
	username: string;
	token: string;
}

let sellerCount = 0;

/** Signs a new seller up with the application token and logs them in. */
export async function newSeller(sandbox: Sandbox, app: string): Promise<Seller> {
	sellerCount++;
	const password = `seller-password-${sellerCount}`;
	const signup = await call<{ id: string; username: string }>(sandbox, 'POST', '/v2/users/', {
		token: app,
		form: {
			email: `seller${sellerCount}@shop.example`,
			password,
			phone: '9876543210',
			referrer: application.referrer,
		},
	});
	expect(signup.status).toBe(201);
	const tokens = await userTokens(sandbox, signup.body.username, password);
	return { id: signup.body.id, username: signup.body.username, token: tokens.access_token };
}

export interface PaymentRequestJson extends Json {
	id: string;
	status: string;
	payments: string[];
	longurl: string;
	mark_fulfilled: boolean;
}

/** Creates a request of ₹100 unless told otherwise; either create status (a decision) counts as success. */
export async function createPaymentRequest(
	sandbox: Sandbox,
	token: string,
	fields: Record<string, string> = {},
): Promise<PaymentRequestJson> {
	const answer = await call<PaymentRequestJson>(sandbox, 'POST', '/v2/payment_requests/', {
		token,
		form: { amount: '100', purpose: 'Sandbox test', ...fields },
	});
	expect([200, 201]).toContain(answer.status);
	return answer.body;
}
