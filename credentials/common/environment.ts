import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Hosts of the two environments Instamojo issues Marketplace credentials for (docs/instamojo-api.md §2). */
export const ENVIRONMENT_BASE_URLS = {
	production: 'https://api.instamojo.com',
	sandbox: 'https://test.instamojo.com',
} as const;

/** The API root the credential points at, without a trailing slash. */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = credentials.environment as string | undefined;
	if (environment === 'custom') {
		return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	}
	return environment === 'sandbox' ? ENVIRONMENT_BASE_URLS.sandbox : ENVIRONMENT_BASE_URLS.production;
}

/**
 * The same choice as an n8n expression, for the places n8n evaluates declaratively
 * (the credential test request).
 */
export const BASE_URL_EXPRESSION =
	'={{$credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : $credentials.environment === "sandbox" ? "' +
	ENVIRONMENT_BASE_URLS.sandbox +
	'" : "' +
	ENVIRONMENT_BASE_URLS.production +
	'"}}';
