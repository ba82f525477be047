import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Keys that version 0.1 stored under names unlike their labels: the Private Salt as `webhookSecret`, the
 * rotated refresh token as `refreshToken`. Credentials saved then keep them (hidden fields, so n8n keeps
 * and masks them); each is read only when its new key is empty, and a renewal clears the old token key.
 * The salt's new key says "Secret" besides its label: n8n's lint asks a masked field's name to say so.
 */
export const LEGACY_KEYS = { privateSaltSecret: 'webhookSecret', rotatedRefreshToken: 'refreshToken' } as const;

/** The credential's Private Salt, or '' when it has none. */
export function privateSaltOf(credentials: ICredentialDataDecryptedObject): string {
	return textOf(credentials.privateSaltSecret).trim() || textOf(credentials[LEGACY_KEYS.privateSaltSecret]).trim();
}

/** The refresh token the credential keeps after its last exchange, or '' when it has none. */
export function rotatedRefreshTokenOf(credentials: ICredentialDataDecryptedObject): string {
	return textOf(credentials.rotatedRefreshToken) || textOf(credentials[LEGACY_KEYS.rotatedRefreshToken]);
}

function textOf(value: unknown): string {
	return String(value ?? '');
}
