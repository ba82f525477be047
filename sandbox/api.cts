/**
 * What every /v2/ handler gets, and the access rules shared by all resources.
 * Where the sources disagree on which token a call needs (docs/instamojo-api.md §4, §10 Q9), both kinds are accepted:
 * a user token acts on its own account's objects only; the application token acts for the marketplace
 * and sees every object whose partner is the marketplace.
 */
import type { Decisions } from './decisions.cjs';
import { type Body, forbidden, notFound, type Route } from './http.cjs';
import type { SandboxState, UserRecord } from './state.cjs';
import type { Authenticated } from './tokens.cjs';

export interface ApiContext {
	state: SandboxState;
	decisions: Decisions;
	/** Scheme and host the client used, e.g. `http://127.0.0.1:8765`: resource URIs point back at it (docs/instamojo-api.md §2). */
	base: string;
	/** The path as requested, without the query. */
	path: string;
	query: Record<string, string>;
	body: Body;
	params: Record<string, string>;
	auth: Authenticated;
}

/** Which token kind a route takes (docs/instamojo-api.md §4: signup, user update and bank account are explicit). */
export type TokenRule = 'application' | 'user' | 'either';

export interface ApiRoute extends Route<ApiContext> {
	token: TokenRule;
}

export function checkTokenKind(rule: TokenRule, auth: Authenticated): void {
	if (rule !== 'either' && rule !== auth.kind) throw forbidden();
}

export const resourceUri = (base: string, collection: string, id: string): string =>
	`${base}/v2/${collection}/${id}/`;

/** Refunds are resolution-centre cases; their canonical URI is under this collection (docs/instamojo-api.md §8). */
export const CASES = 'resolutioncenter/cases';

/** Anything that belongs to one account (`userId`) of one marketplace (`partnerId`). */
export interface Owned {
	userId: string;
	partnerId: string;
}

const canSee = (auth: Authenticated, record: Owned): boolean =>
	auth.kind === 'user' ? record.userId === auth.user.id : record.partnerId === auth.user.id;

/** The record with the path's id: 404 when it does not exist, 403 when it is not the caller's. */
export function findOwned<T extends Owned>(
	context: ApiContext,
	records: Map<string, T>,
	id = context.params.id,
): T {
	const record = records.get(id);
	if (!record) throw notFound();
	if (!canSee(context.auth, record)) throw forbidden();
	return record;
}

/** The caller's own account, for the user endpoints that only its own user token may change. */
export function findSelf(context: ApiContext): UserRecord {
	const user = context.state.users.get(context.params.id);
	if (!user) throw notFound();
	if (user.id !== context.auth.user.id) throw forbidden();
	return user;
}

/** The caller's records, newest first ("returns first (latest) 50", docs/instamojo-api.md §3). */
export function visibleNewestFirst<T extends Owned>(
	auth: Authenticated,
	records: Map<string, T>,
): T[] {
	return [...records.values()].filter((record) => canSee(auth, record)).reverse();
}
