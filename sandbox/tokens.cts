/**
 * The OAuth2 token endpoint (docs/instamojo-api.md §2) and bearer-token lookup for /v2/ (docs/instamojo-api.md §3).
 * Behaves like django-oauth-toolkit, which Instamojo's token error bodies match: refresh tokens are
 * single-use and rotate the pair, errors are OAuth2-style `{"error": ...}` bodies.
 */
import type { Decisions } from './decisions.cjs';
import type { Body, Reply } from './http.cjs';
import { tokenString } from './ids.cjs';
import {
	findUserByUsername,
	type SandboxState,
	type TokenKind,
	type TokenRecord,
	type UserRecord,
} from './state.cjs';

export type Auth =
	| { kind: TokenKind; token: TokenRecord; user: UserRecord }
	| { kind: 'none' | 'invalid' | 'expired' | 'revoked' };

export type Authenticated = Extract<Auth, { token: TokenRecord }>;

export const isAuthenticated = (auth: Auth): auth is Authenticated => 'token' in auth;

/** Classifies the Authorization header of a /v2/ call; only the first two kinds may proceed. */
export function resolveBearer(
	state: SandboxState,
	header: string | undefined,
	now = Date.now(),
): Auth {
	if (!header) return { kind: 'none' };
	const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
	const token = match ? state.accessTokens.get(match[1]) : undefined;
	const user = token && state.users.get(token.userId);
	if (!token || !user) return { kind: 'invalid' };
	if (token.accessRevoked) return { kind: 'revoked' };
	if (token.expiresAt <= now) return { kind: 'expired' };
	return { kind: token.kind, token, user };
}

const GRANT_TYPES = ['client_credentials', 'password', 'refresh_token'] as const;
type GrantType = (typeof GRANT_TYPES)[number];

export interface TokenSettings {
	decisions: Decisions;
	lifetimeSeconds: number;
}

export interface TokenOutcome {
	reply: Reply;
	grantType?: string;
	clientId?: string;
}

/** OAuth2 responses must not be cached (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const oauthError = (status: number, error: string, description?: string): Reply => ({
	status,
	body: description ? { error, error_description: description } : { error },
	headers: NO_STORE,
});

/** Client credentials come in the form body (every SDK) or, as the OAuth2 spec also allows, HTTP Basic. */
function clientCredentials(
	body: Body,
	authorization: string | undefined,
): { id: string; secret: string } {
	const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon >= 0)
			return {
				id: decodeURIComponent(decoded.slice(0, colon)),
				secret: decodeURIComponent(decoded.slice(colon + 1)),
			};
	}
	return { id: String(body.client_id ?? ''), secret: String(body.client_secret ?? '') };
}

export function handleTokenRequest(
	state: SandboxState,
	settings: TokenSettings,
	body: Body,
	authorization: string | undefined,
): TokenOutcome {
	const client = clientCredentials(body, authorization);
	const grantType = typeof body.grant_type === 'string' ? body.grant_type : undefined;
	const outcome = (reply: Reply): TokenOutcome => ({
		reply,
		grantType,
		clientId: client.id || undefined,
	});
	// oauthlib looks up the grant before it authenticates the client, so a bad grant wins over a bad client.
	if (!GRANT_TYPES.includes(grantType as GrantType))
		return outcome(oauthError(400, 'unsupported_grant_type'));
	const app = state.application;
	if (client.id !== app.clientId || client.secret !== app.clientSecret)
		return outcome(oauthError(401, 'invalid_client'));
	return outcome(GRANTS[grantType as GrantType](state, settings, body));
}

type Grant = (state: SandboxState, settings: TokenSettings, body: Body) => Reply;

const GRANTS: Record<GrantType, Grant> = {
	client_credentials: (state, settings) =>
		tokenReply(
			issueToken(state, 'application', state.application.userId, settings.lifetimeSeconds),
			settings,
		),
	password: (state, settings, body) => {
		for (const field of ['username', 'password']) {
			if (!body[field])
				return oauthError(400, 'invalid_request', `Request is missing ${field} parameter.`);
		}
		const user = findUserByUsername(state, String(body.username));
		if (!user || user.password !== String(body.password))
			return oauthError(400, 'invalid_grant', 'Invalid credentials given.');
		return tokenReply(issueToken(state, 'user', user.id, settings.lifetimeSeconds), settings);
	},
	refresh_token: (state, settings, body) => {
		if (!body.refresh_token)
			return oauthError(400, 'invalid_request', 'Missing refresh token parameter.');
		const previous = state.refreshTokens.get(String(body.refresh_token));
		if (!previous || previous.refreshState !== 'active')
			return oauthError(400, 'invalid_grant', 'Invalid refresh token.');
		previous.refreshState = 'used';
		if (settings.decisions.revokeAccessTokenOnRefresh) previous.accessRevoked = true;
		return tokenReply(
			issueToken(state, 'user', previous.userId, settings.lifetimeSeconds),
			settings,
		);
	},
};

function issueToken(
	state: SandboxState,
	kind: TokenKind,
	userId: string,
	lifetimeSeconds: number,
): TokenRecord {
	const record: TokenRecord = {
		accessToken: tokenString(),
		refreshToken: kind === 'user' ? tokenString() : null,
		kind,
		userId,
		expiresAt: Date.now() + lifetimeSeconds * 1000,
		accessRevoked: false,
		refreshState: 'active',
	};
	state.accessTokens.set(record.accessToken, record);
	if (record.refreshToken) state.refreshTokens.set(record.refreshToken, record);
	return record;
}

function tokenReply(record: TokenRecord, settings: TokenSettings): Reply {
	const refresh = record.refreshToken ? { refresh_token: record.refreshToken } : {};
	return {
		status: 200,
		body: {
			access_token: record.accessToken,
			token_type: 'Bearer',
			expires_in: settings.lifetimeSeconds,
			...refresh,
			scope: 'read write',
		},
		headers: NO_STORE,
	};
}

export interface TokenFilter {
	user?: string;
	kind?: TokenKind;
}

function matchingTokens(state: SandboxState, filter: TokenFilter): TokenRecord[] {
	return [...state.accessTokens.values()].filter(
		(token) =>
			(filter.user === undefined || token.userId === filter.user) &&
			(filter.kind === undefined || token.kind === filter.kind),
	);
}

/** Makes matching access tokens expire now; refresh tokens stay usable, as after a real expiry. */
export function expireTokens(state: SandboxState, filter: TokenFilter): number {
	const tokens = matchingTokens(state, filter).filter((token) => token.expiresAt > Date.now());
	for (const token of tokens) token.expiresAt = Date.now() - 1;
	return tokens.length;
}

/** Revokes matching access and/or refresh tokens, as an account password change or support would. */
export function revokeTokens(
	state: SandboxState,
	filter: TokenFilter,
	what: { access: boolean; refresh: boolean },
): number {
	const tokens = matchingTokens(state, filter);
	for (const token of tokens) {
		if (what.access) token.accessRevoked = true;
		if (what.refresh && token.refreshState === 'active') token.refreshState = 'revoked';
	}
	return tokens.length;
}
