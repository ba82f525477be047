import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { resolveBaseUrl } from './environment';
import { LEGACY_KEYS, rotatedRefreshTokenOf } from './fields';
import { type Grant, InstamojoTokenError, requestGrant, STALE_REFRESH_TOKEN, type TokenSet } from './oauth';
import { RenewalRegistry } from './renewals';

type AuthFlow = 'application' | 'user' | 'refreshToken';

type UsedOnceInput = 'password' | 'initialRefreshToken';

/** Refresh-token renewals of this n8n process, shared by every execution (see RenewalRegistry). */
const renewals = new RenewalRegistry();

/** The credential's own exchange: a token for its flow, or a renewal shared with the process's other executions. */
export async function credentialTokens(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
	const flow = (credentials.authentication as AuthFlow | undefined) ?? 'application';
	const { grant, consumes } = chooseGrant(flow, credentials);
	if (grant.grant_type !== 'refresh_token') {
		return storedTokens(await requestTokens(helper, credentials, grant), flow, consumes);
	}
	const { tokens } = await renewals.renew(renewalScope(credentials), grant.refresh_token, async () => {
		try {
			return await requestTokens(helper, credentials, grant);
		} catch (error) {
			throw consumes ? error : staleStoredToken(error, flow);
		}
	});
	// When another execution made the renewal (`joined`), the newest pair it led to is returned all the
	// same: n8n writes the whole record from a copy it read before, so every token key must be current.
	return storedTokens(tokens, flow, consumes);
}

/** What preAuthentication hands n8n to store after its own exchange. */
function storedTokens(tokens: TokenSet, flow: AuthFlow, consumes: UsedOnceInput | undefined): IDataObject {
	return {
		accessToken: tokens.accessToken,
		// Application tokens come without a refresh token: keep whatever the field held (nothing).
		rotatedRefreshToken: flow === 'application' ? '' : tokens.refreshToken,
		// The key version 0.1 kept it under: read until now, superseded from here on.
		[LEGACY_KEYS.rotatedRefreshToken]: '',
		expiresAt: tokens.expiresAt,
		// Clearing a used-once input only after a successful exchange keeps it on failure, so a typo can be fixed.
		...(consumes ? { [consumes]: '' } : {}),
	};
}

/** Renewals of one token endpoint and client are shared; any other credential's are not. */
function renewalScope(credentials: ICredentialDataDecryptedObject): string {
	return `${resolveBaseUrl(credentials)}|${String(credentials.clientId ?? '').trim()}`;
}

/**
 * The stored rotated refresh token was refused as used. In one n8n process concurrent renewals are
 * shared, so the likely cause is another process renewing at the same moment; its tokens are saved by
 * now, and the item can simply run again. Said so, with what to do if that is not the cause.
 */
function staleStoredToken(error: unknown, flow: AuthFlow): unknown {
	if (!(error instanceof InstamojoTokenError) || error.oauthError !== 'invalid_grant') return error;
	const reauthenticate =
		flow === 'user'
			? "enter the seller's password again in the credential (Authentication: User)"
			: 'paste a new refresh token in the credential (Authentication: Refresh Token)';
	return new InstamojoTokenError(
		'The refresh token stored in the Instamojo credential was already used (invalid_grant). Most likely another n8n process using this credential (a queue-mode worker or webhook processor, or `n8n execute`) renewed it at the same moment and has saved the new tokens: run this item again. If it fails again, the refresh token was revoked or used by a copy of this credential: ' +
			`${reauthenticate}.`,
		STALE_REFRESH_TOKEN,
		error.httpStatus,
	);
}

/** Which grant renews this credential, and which used-once input it consumes. */
function chooseGrant(
	flow: AuthFlow,
	credentials: ICredentialDataDecryptedObject,
): { grant: Grant; consumes?: UsedOnceInput } {
	if (flow === 'application') return { grant: { grant_type: 'client_credentials' } };

	// A non-empty used-once input means someone just typed it: it wins over the stored rotated token,
	// which may belong to an earlier user or an earlier, revoked session.
	if (flow === 'user' && String(credentials.password ?? '') !== '') {
		return {
			grant: {
				grant_type: 'password',
				username: String(credentials.username ?? '').trim(),
				password: String(credentials.password),
			},
			consumes: 'password',
		};
	}
	if (flow === 'refreshToken' && String(credentials.initialRefreshToken ?? '').trim() !== '') {
		return {
			grant: { grant_type: 'refresh_token', refresh_token: String(credentials.initialRefreshToken).trim() },
			consumes: 'initialRefreshToken',
		};
	}
	const stored = rotatedRefreshTokenOf(credentials);
	if (stored !== '') return { grant: { grant_type: 'refresh_token', refresh_token: stored } };

	throw new InstamojoTokenError(
		flow === 'user'
			? "The Instamojo credential needs the seller's password once: enter it (it is cleared after the exchange)."
			: 'The Instamojo credential has no refresh token left: paste a new one, or switch Authentication to User and enter the password.',
		'missing_input',
	);
}

async function requestTokens(
	context: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	grant: Grant,
): Promise<TokenSet> {
	return await requestGrant(async (options) => await context.helpers.httpRequest(options), credentials, grant);
}
