/**
 * What the action-node tests (test/nodes, test/hostile) share: a sandbox with one seller besides the
 * marketplace, the node's credentials, runs of the node, the seller's tokens, and readers of the request log.
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DEFAULT_SEED, type LogEntry, type Sandbox, type SandboxOptions } from '../../sandbox/server.cjs';
import { credentialFor, runNode, runNodeError, type RunOptions } from '../../harness/standIn/actionNode';
import { accepted, control } from './sandbox';

export const app = DEFAULT_SEED.application;
export const marketplace = DEFAULT_SEED.marketplace;

/**
 * A seller of the marketplace who can log in, so the tests can hold the seller's own tokens. The
 * password is random per run: a value no output or error may ever contain.
 */
export const seller = {
	id: '0a1b2c3d4e5f40718293a4b5c6d7e8f9',
	username: 'asha_crafts',
	password: randomBytes(12).toString('hex'),
	email: 'asha@crafts.example',
	phone: '+919812345678',
};

/** The sandbox of these tests (`useSandbox(WITH_SELLER)`): the seed marketplace and its seller. */
export const WITH_SELLER: SandboxOptions = { seed: { sellers: [seller] } };

/** The node's credential in its Application flow at `url` (the sandbox, or a server in front of it). */
export const appCredentialAt = (url: string, fields: ICredentialDataDecryptedObject = {}) =>
	credentialFor(url, { clientId: app.clientId, clientSecret: app.clientSecret, authentication: 'application', ...fields });

/** The node's credential in its Application flow: the marketplace's own token. */
export const appCredential = (sandbox: Sandbox) => appCredentialAt(sandbox.url);

/** The node's credential in its User flow for the marketplace's own account: a user token, as a plain merchant has. */
export const userCredential = (sandbox: Sandbox) =>
	credentialFor(sandbox.url, {
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		authentication: 'user',
		username: marketplace.username,
		password: marketplace.password,
	});

type NodeRun = Omit<RunOptions, 'credential' | 'parameters'> & { parameters: RunOptions['parameters'] };

/** Runs the node with the application credential. */
export const run = async (sandbox: Sandbox, options: NodeRun) => await runNode({ credential: appCredential(sandbox), ...options });

export const runError = async (sandbox: Sandbox, options: NodeRun) =>
	await runNodeError({ credential: appCredential(sandbox), ...options });

/** A user's token pair from a password grant, as a platform holds it after onboarding. */
export async function userTokens(
	sandbox: Sandbox,
	user: { username: string; password: string },
): Promise<{ access_token: string; refresh_token: string }> {
	const response = await fetch(`${sandbox.url}/oauth2/token/`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'password',
			client_id: app.clientId,
			client_secret: app.clientSecret,
			username: user.username,
			password: user.password,
		}).toString(),
	});
	const body = (await response.json()) as { access_token?: string; refresh_token?: string };
	if (!body.access_token || !body.refresh_token) throw new Error(`no tokens for ${user.username}: ${JSON.stringify(body)}`);
	return { access_token: body.access_token, refresh_token: body.refresh_token };
}

/** The seed seller's token pair. */
export const sellerTokens = async (sandbox: Sandbox) => await userTokens(sandbox, seller);

export const sellerRefreshToken = async (sandbox: Sandbox) => (await sellerTokens(sandbox)).refresh_token;

/** Bank Account → Update of the seed seller's account, in the account `account` names (e.g. its actAs and token). */
export const bankAccountUpdate = (account: Record<string, unknown>): Record<string, unknown> => ({
	resource: 'bankAccount',
	operation: 'update',
	sellerId: seller.id,
	accountHolderName: 'Asha Verma',
	accountNumber: '123456789012',
	ifscCode: 'SBIN0001234',
	...account,
});

/** Refund → Create of `paymentId` (reason QFL, a buyer's note); `more` sets what a test is about. */
export const refundParameters = (paymentId: unknown, more: Record<string, unknown> = {}) => ({
	resource: 'refund',
	operation: 'create',
	paymentId,
	reason: 'QFL',
	body: 'The vase arrived chipped',
	...more,
});

/** Get Many of `resource` in the credential's account, every page, the simple output. */
export const getManyParameters = (resource: string, overrides: Record<string, unknown> = {}) => ({
	resource,
	operation: 'getAll',
	returnAll: true,
	limit: 50,
	filters: {},
	simple: true,
	actAs: 'credential',
	...overrides,
});

export const sellerAccessToken = async (sandbox: Sandbox) => (await sellerTokens(sandbox)).access_token;

/** `count` paid links (one payment each) on an account, the marketplace's unless `user` is given; `held` holds their payouts. */
export async function bulkPayments(sandbox: Sandbox, count: number, user?: string, held?: boolean): Promise<string[]> {
	const { payment_ids } = accepted(await control<{ payment_ids: string[] }>(sandbox, 'POST', 'bulk/payments', { count, user, held }));
	return payment_ids;
}

/** Requests to the resource API (not the token endpoint). */
export const apiCalls = (sandbox: Sandbox): LogEntry[] => sandbox.log().filter((entry) => entry.path.startsWith('/v2/'));

export const tokenCalls = (sandbox: Sandbox): LogEntry[] => sandbox.log().filter((entry) => entry.path.startsWith('/oauth2/'));

/** The one /v2/ request of a test, with the form fields it carried. */
export function onlyApiCall(sandbox: Sandbox): LogEntry & { body: Record<string, string> } {
	const calls = apiCalls(sandbox);
	expect(calls).toHaveLength(1);
	return calls[0] as LogEntry & { body: Record<string, string> };
}

/** Inject a fault in front of the next matching request(s). */
export const fault = async (sandbox: Sandbox, spec: IDataObject) => accepted(await control(sandbox, 'POST', 'faults', spec));

/** The refund cases Instamojo holds, as the control API shows them. */
export const refundCases = async (sandbox: Sandbox): Promise<IDataObject[]> =>
	accepted(await control<{ refunds: IDataObject[] }>(sandbox, 'GET', 'state')).refunds;

/** Every secret the tests hand to the sandbox or the node: none may appear in an output or an error. */
export const secrets = [app.clientSecret, marketplace.password, seller.password];

export function expectNoSecrets(value: unknown, ...more: string[]): void {
	const text = value instanceof Error ? `${value.message} ${(value as { description?: string }).description ?? ''} ${JSON.stringify(value)}` : JSON.stringify(value);
	for (const secret of [...secrets, ...more]) expect(text).not.toContain(secret);
}
