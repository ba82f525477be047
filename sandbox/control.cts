/**
 * The control API under `/_sandbox/`: no auth, JSON, never logged, never faulted. It lets tests and demos
 * act as buyer and as Instamojo (pay, expire or revoke tokens, inject faults) and inspect the state.
 */
import { bulkPayments, pay } from './checkout.cjs';
import {
	type Decisions,
	isProfileName,
	PROFILE_NAMES,
	type ProfileName,
	validateDecisions,
} from './decisions.cjs';
import { type FaultQueue, parseFault } from './faults.cjs';
import { type Body, failure, json, notFound, type Reply, type Route } from './http.cjs';
import type { RequestLog } from './log.cjs';
import { completeRefund } from './refunds.cjs';
import type { SandboxState, TokenKind } from './state.cjs';
import { expireTokens, revokeTokens, type TokenFilter } from './tokens.cjs';

/** One running sandbox's world and the switches that change it; the server's runtime builds on it. */
export interface SandboxRuntime {
	state: SandboxState;
	decisions: Decisions;
	log: RequestLog;
	faults: FaultQueue;
	/** The profile loaded now (for a control request: when it arrived). */
	profile: ProfileName;
	useProfile: (name: ProfileName) => void;
	reset: () => void;
}

export interface ControlContext extends SandboxRuntime {
	base: string;
	body: Body;
	params: Record<string, string>;
}

const TOKEN_KINDS: readonly TokenKind[] = ['application', 'user'];

function tokenFilter(body: Body): TokenFilter {
	if (body.kind !== undefined && !TOKEN_KINDS.includes(body.kind as TokenKind))
		throw failure(400, 'kind must be "application" or "user".');
	return {
		user: body.user === undefined ? undefined : String(body.user),
		kind: body.kind as TokenKind | undefined,
	};
}

/** Which halves to revoke: the ones named true; both when neither is named. */
function revokeWhat(body: Body): { access: boolean; refresh: boolean } {
	if (body.access === undefined && body.refresh === undefined)
		return { access: true, refresh: true };
	return { access: body.access === true, refresh: body.refresh === true };
}

/** The state as JSON: every record in its internal form, salts and hold flags included. */
function stateSnapshot(state: SandboxState) {
	return {
		application: state.application,
		users: [...state.users.values()],
		payment_requests: [...state.paymentRequests.values()],
		payments: [...state.payments.values()],
		refunds: [...state.refunds.values()],
	};
}

function patchDecisions(context: ControlContext): Reply {
	let patch: Partial<Decisions>;
	try {
		patch = validateDecisions(context.body);
	} catch (error) {
		throw failure(400, (error as Error).message);
	}
	Object.assign(context.decisions, patch);
	return json(context.decisions);
}

/** Switches the world at runtime: the profile's decisions replace every live decision. */
function putProfile(context: ControlContext): Reply {
	const name = context.body.profile;
	if (!isProfileName(name))
		throw failure(400, `profile must be one of: ${PROFILE_NAMES.join(', ')}.`);
	context.useProfile(name);
	return json({ profile: name, decisions: context.decisions });
}

function completePendingRefund(context: ControlContext): Reply {
	const refund = context.state.refunds.get(context.params.id);
	if (!refund) throw notFound();
	completeRefund(refund);
	return json({ success: true, status: refund.status });
}

/** A handler that performs an action and answers `{"success": true}`. */
const acting =
	(action: (context: ControlContext) => void) =>
	(context: ControlContext): Reply => {
		action(context);
		return json({ success: true });
	};

export const CONTROL_ROUTES: Route<ControlContext>[] = [
	{
		method: 'POST',
		pattern: '/_sandbox/payment_requests/:id/pay',
		handler: async (c) => await pay(c.state, c.decisions, c.base, c.params.id, c.body),
	},
	{
		method: 'POST',
		pattern: '/_sandbox/bulk/payments',
		handler: (c) => bulkPayments(c.state, c.decisions, c.base, c.body),
	},
	{ method: 'POST', pattern: '/_sandbox/refunds/:id/complete', handler: completePendingRefund },
	{
		method: 'POST',
		pattern: '/_sandbox/tokens/expire',
		handler: (c) => json({ expired: expireTokens(c.state, tokenFilter(c.body)) }),
	},
	{
		method: 'POST',
		pattern: '/_sandbox/tokens/revoke',
		handler: (c) =>
			json({ revoked: revokeTokens(c.state, tokenFilter(c.body), revokeWhat(c.body)) }),
	},
	{ method: 'GET', pattern: '/_sandbox/faults', handler: (c) => json({ faults: c.faults.list() }) },
	{
		method: 'POST',
		pattern: '/_sandbox/faults',
		handler: (c) => {
			c.faults.add(parseFault(c.body));
			return json({ faults: c.faults.list() });
		},
	},
	{ method: 'DELETE', pattern: '/_sandbox/faults', handler: acting((c) => c.faults.clear()) },
	{ method: 'GET', pattern: '/_sandbox/log', handler: (c) => json({ requests: c.log.list() }) },
	{ method: 'DELETE', pattern: '/_sandbox/log', handler: acting((c) => c.log.clear()) },
	{ method: 'GET', pattern: '/_sandbox/state', handler: (c) => json(stateSnapshot(c.state)) },
	{ method: 'POST', pattern: '/_sandbox/reset', handler: acting((c) => c.reset()) },
	{ method: 'GET', pattern: '/_sandbox/decisions', handler: (c) => json(c.decisions) },
	{ method: 'PATCH', pattern: '/_sandbox/decisions', handler: patchDecisions },
	{
		method: 'GET',
		pattern: '/_sandbox/profile',
		handler: (c) => json({ profile: c.profile, decisions: c.decisions }),
	},
	{ method: 'PUT', pattern: '/_sandbox/profile', handler: putProfile },
];
