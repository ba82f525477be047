import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION, resolveBaseUrl } from './common/environment';
import { LEGACY_KEYS } from './common/fields';
import { rememberTokenError } from './common/oauth';
import { credentialTokens } from './common/preAuthentication';
import { NO_REDIRECTS } from './common/redirects';

/**
 * One credential for Instamojo's three Marketplace auth flows (docs/instamojo-api.md §2). Tokens are fetched, cached,
 * renewed and rotated only here, in `preAuthentication`: n8n calls it when the hidden `accessToken`
 * is empty (first use) or after a request was answered 401 (expired or revoked), and persists every
 * key it returns. Inputs meant to be used once (the seller's password, a pasted refresh token) are
 * cleared after their exchange; the rotated refresh token lives in a hidden field from then on.
 * Executions of one n8n process that need a renewal at the same moment share one (docs/reliability.md).
 */
export class InstamojoApi implements ICredentialType {
	name = 'instamojoApi';

	displayName = 'Instamojo Marketplace API';

	icon: Icon = {
		light: 'file:../icons/instamojo.svg',
		dark: 'file:../icons/instamojo.dark.svg',
	};

	documentationUrl = 'https://docs.instamojo.com/v2-marketplace/reference/integration-guide';

	properties: INodeProperties[] = [
		// Token state. Hidden fields without displayOptions, so n8n keeps them whatever the flow.
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Rotated Refresh Token',
			name: 'rotatedRefreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		// Keys of credentials saved by version 0.1, still read (./common/fields.ts); masked like the fields they were.
		{
			displayName: 'Rotated Refresh Token (Version 0.1 Key)',
			name: LEGACY_KEYS.rotatedRefreshToken,
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Private Salt (Version 0.1 Key)',
			name: LEGACY_KEYS.privateSaltSecret,
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: '',
		},
		{
			displayName:
				'A marketplace picks Authentication: Application. Instamojo support issues the Client ID, Client Secret and Default Referrer; the Private Salt is on your Instamojo developer page or from support.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'api.instamojo.com' },
				{ name: 'Sandbox', value: 'sandbox', description: 'test.instamojo.com' },
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A local Instamojo sandbox or a proxy',
				},
			],
			default: 'production',
			description: 'Instamojo issues separate Marketplace credentials for production and for the sandbox',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8765',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
			description: 'Root of the API, without /v2/. The token endpoint is this URL plus /oauth2/token/.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Marketplace Client ID issued by Instamojo support',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Application',
					value: 'application',
					description:
						"For a marketplace: sign sellers up, and act in a seller's account with the seller's token",
				},
				{
					name: 'User',
					value: 'user',
					description:
						"One Instamojo account's username and password, exchanged once for tokens, then cleared",
				},
				{
					name: 'Refresh Token',
					value: 'refreshToken',
					description: "One account's stored refresh token, e.g. a seller's",
				},
			],
			default: 'application',
			description: 'Whose account the credential acts in: Application for a marketplace',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['user'] } },
			description: 'The Instamojo username returned at signup, not the email address',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['user'] } },
			description:
				'Used once to obtain tokens, then cleared from the credential as Instamojo requires. Enter it again only if n8n asks you to re-authenticate.',
		},
		{
			displayName: 'Initial Refresh Token',
			name: 'initialRefreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['refreshToken'] } },
			description:
				'Used once, then cleared: Instamojo rotates refresh tokens on every use, and the credential keeps the newest one itself',
		},
		{
			displayName: 'Default Referrer',
			name: 'defaultReferrer',
			type: 'string',
			default: '',
			description:
				'Your referrer code from Instamojo support: Seller → Create and Onboard send it, so new sellers join your marketplace',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			placeholder: 'payments:read payment-requests:write refunds:read',
			description:
				"Space-separated OAuth2 scopes sent with every token request; leave empty to send none, as most integrations do. Instamojo's official Node SDK requests explicit scopes: set them if the token works but calls are refused (403).",
		},
		{
			displayName: 'Private Salt',
			name: 'privateSaltSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"From your Instamojo developer page or Instamojo support. The Instamojo Trigger uses it to check that a payment webhook really comes from Instamojo.",
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		try {
			return await credentialTokens(this, credentials);
		} catch (error) {
			// n8n 1.x loses the cause of what this throws: the node finds the token error by its message.
			throw rememberTokenError(error);
		}
	}

	/**
	 * A function, not the generic form, because it also fills in the base URL. Grants at the token
	 * endpoint never come through here: they are sent with plain requests (`requestGrant`), so the client
	 * secret is only ever sent to the token endpoint.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const options: IHttpRequestOptions = {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` },
		};
		if (!isAbsolute(options.url) && !options.baseURL) options.baseURL = resolveBaseUrl(credentials);
		return options;
	}

	/**
	 * With redirects refused, n8n fails a 30x instead of following it with the bearer token, and the
	 * rules below name it (n8n matches a rule on the status of a failed test request).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v2/payments/',
			qs: { limit: 1 },
			...NO_REDIRECTS,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token works but may not list payments: check that these are Instamojo Marketplace credentials, and try setting Scope',
				},
			},
			...REDIRECT_STATUSES.map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `Instamojo answered ${value} (a redirect), which the credential does not follow, so the token was not sent on: check the Environment and Base URL`,
				},
			})),
		],
	};
}

/** The 30x answers a credential test may get instead of a list. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

function isAbsolute(url: string | undefined): boolean {
	return url !== undefined && /^https?:\/\//i.test(url);
}
