/** What Token operations share, and Seller operations use too: tokens as output, and the password and refresh token read from the item. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError, singleLine } from '../../helpers/validation';
import type { TokenSet } from '../../transport';

/**
 * Tokens as a workflow stores them, in Instamojo's own field names (docs/instamojo-api.md §2). The refresh token is
 * left out for application tokens, which have none.
 */
export function tokenOutput(tokens: TokenSet): IDataObject {
	return {
		access_token: tokens.accessToken,
		...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
		token_type: 'Bearer',
		expires_in: tokens.expiresIn,
		expires_at: tokens.expiresAt,
	};
}

/** The Password field of a seller's password grant or signup; `description` says whose password it is. */
export function passwordField(description: string): INodeProperties {
	return { displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, required: true, default: '', description };
}

/**
 * A password as typed: not trimmed, since spaces may be part of it. The error never echoes the value.
 */
export function requirePassword(value: unknown, hint: string): string {
	const password = singleLine(value, 'Password');
	if (password.trim() === '') throw new InputError('Password is required', hint);
	return password;
}

/** A refresh token from the item; tokens carry no spaces, so surrounding ones are copy-paste noise. */
export function requireRefreshToken(value: unknown): string {
	const token = singleLine(value, 'Refresh Token').trim();
	if (!token) {
		throw new InputError(
			'Refresh Token is empty',
			"Map the seller's most recently stored refresh token, e.g. {{ $json.refresh_token }}.",
		);
	}
	return token;
}

/**
 * Whether a token-endpoint failure is Instamojo refusing the grant itself (wrong password, used or
 * expired refresh token), as opposed to a bad client or an outage. The transport keeps the OAuth2
 * error code in the error's context.
 */
export function isRefusedGrant(error: unknown): boolean {
	return (error as { context?: { tokenError?: unknown } }).context?.tokenError === 'invalid_grant';
}
