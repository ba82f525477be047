import { NodeOperationError } from 'n8n-workflow';

import { type Grant, grantSecrets, InstamojoTokenError, REDIRECTED, requestGrant, type TokenSet, UNAVAILABLE } from '../../../credentials/common/oauth';
import { REDIRECT_HINT } from '../../../credentials/common/redirects';
import type { Secrets } from '../../../credentials/common/secrets';
import type { CredentialSession, ExecutionContext } from './session';

/**
 * Grants at the token endpoint that the node itself sends (for a seller, or the application token a
 * node outputs), with the client ID and secret of the execution's decrypted credential and a plain
 * request: going through the credential would make n8n run its own token flow first, spending a stored
 * refresh token or failing on a password already used. The secret goes only to the token endpoint and
 * into no output or error.
 */
export class Grants {
	constructor(
		private readonly context: ExecutionContext,
		private readonly session: CredentialSession,
		private readonly secrets: Secrets,
	) {}

	async exchange(grant: Grant, itemIndex: number): Promise<TokenSet> {
		this.secrets.add(...grantSecrets(grant));
		try {
			const tokens = await requestGrant(
				async (options) => await this.context.helpers.httpRequest(options),
				await this.session.data(),
				grant,
				this.secrets,
			);
			this.secrets.add(tokens.accessToken, tokens.refreshToken);
			return tokens;
		} catch (error) {
			throw this.failure(error as Error, itemIndex);
		}
	}

	/** A failed grant in words that fit its cause; the OAuth2 code stays in `context.tokenError`. */
	private failure(error: Error, itemIndex: number): NodeOperationError {
		if (!(error instanceof InstamojoTokenError)) {
			return this.secrets.redactError(new NodeOperationError(this.context.getNode(), error, { itemIndex }));
		}
		const failure = new NodeOperationError(this.context.getNode(), error.message, {
			itemIndex,
			description: grantHint(error),
		});
		// The OAuth2 error code, for operations that explain a refused grant in their own terms.
		failure.context.tokenError = error.oauthError;
		return failure;
	}
}

/** What to do about a grant this node sent (a seller's, or the application token it outputs), by cause. */
function grantHint(error: InstamojoTokenError): string {
	if (error.oauthError === UNAVAILABLE) return 'Instamojo could not issue tokens just now; nothing is wrong with the input or the credential. Run again later.';
	if (error.oauthError === REDIRECTED) return REDIRECT_HINT;
	return 'No secret is shown here; the request went to the token endpoint of the credential.';
}
