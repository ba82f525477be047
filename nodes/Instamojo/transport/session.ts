import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';

import { resolveBaseUrl } from '../../../credentials/common/environment';
import { NO_REDIRECTS, requestUrlOf } from '../../../credentials/common/redirects';
import type { Secrets } from '../../../credentials/common/secrets';
import { CREDENTIAL_TYPE, requestWithCredential, screened } from './credentialRequest';

/** The contexts that run an execution with one session: the action node and the poll trigger. */
export type ExecutionContext = IExecuteFunctions | IPollFunctions;

/** Whose token a request carries. */
export type RequestAuth = { kind: 'credential' } | { kind: 'bearer'; accessToken: string };

/**
 * The credential as one execution uses it: decrypted once and handed to n8n with every request (without
 * it n8n reads and decrypts the stored credential for each request). n8n writes a token it fetches or
 * renews into this same object, so later requests carry the new token. Its base URL is read once too.
 */
export class CredentialSession {
	private cachedBaseUrl?: string;

	private credential?: Promise<ICredentialDataDecryptedObject>;

	/** Set while one request fetches or renews the credential's token; every other credential request waits for it. */
	private tokenWork?: Promise<void>;

	constructor(
		private readonly context: ExecutionContext,
		private readonly secrets: Secrets,
	) {}

	/** The credential's auth flow: `application` means its token acts in the application owner's own account. */
	async flow(): Promise<string> {
		return String((await this.data()).authentication ?? 'application');
	}

	/** One attempt carrying the token `auth` names; redirects are refused. */
	async send(options: IHttpRequestOptions, auth: RequestAuth): Promise<IN8nHttpFullResponse> {
		return auth.kind === 'credential' ? await this.viaCredential(options) : await this.withBearer(options, auth.accessToken);
	}

	async data(): Promise<ICredentialDataDecryptedObject> {
		if (!this.credential) {
			const read = this.context.getCredentials(CREDENTIAL_TYPE);
			read.then((data) => this.secrets.addCredential(data)).catch(() => undefined);
			this.credential = read;
			// A failed read is not kept: the next request reads again.
			read.catch(() => {
				if (this.credential === read) this.credential = undefined;
			});
		}
		return await this.credential;
	}

	/** A request carrying a seller's token from the item, redirects refused like every other. */
	private async withBearer(options: IHttpRequestOptions, accessToken: string): Promise<IN8nHttpFullResponse> {
		this.secrets.add(accessToken);
		const baseURL = await this.baseUrl();
		const response = (await this.context.helpers.httpRequest({
			...options,
			...NO_REDIRECTS,
			baseURL,
			headers: { ...options.headers, Authorization: `Bearer ${accessToken}` },
		})) as IN8nHttpFullResponse;
		return screened(response, requestUrlOf(options.url, baseURL), this.secrets);
	}

	/**
	 * A request carrying the credential's token. Only one request at a time may make n8n fetch a token
	 * (when none is stored) or renew it (after a 401): with several items in flight, each would otherwise
	 * call the token endpoint, and a user's refresh token, which works once, would fail for all but one.
	 * The others wait and then use the token it got.
	 */
	private async viaCredential(options: IHttpRequestOptions, refusedToken?: string): Promise<IN8nHttpFullResponse> {
		for (;;) {
			while (this.tokenWork) await this.tokenWork;
			const token = String((await this.data()).accessToken ?? '');
			if (this.tokenWork) continue; // another request took the lead while the credential was read
			if (token === '' || token === refusedToken) return await this.leadTokenWork(options, refusedToken);
			const response = await this.sendAuthenticated(options, false);
			if (response.statusCode !== 401 || refusedToken !== undefined) return response;
			refusedToken = token;
		}
	}

	/**
	 * Sends one request that makes n8n fetch the token (none stored) or renew it (`refusedToken` was
	 * answered 401), while other credential requests wait. The stored credential is read again first,
	 * because another execution may have renewed, and so rotated, the token meanwhile, and once more
	 * afterwards, to pick up what n8n stored.
	 */
	private async leadTokenWork(options: IHttpRequestOptions, refusedToken?: string): Promise<IN8nHttpFullResponse> {
		let finish = (): void => {};
		this.tokenWork = new Promise<void>((resolve) => (finish = resolve));
		try {
			const stored = String((await this.reload()).accessToken ?? '');
			const renewedElsewhere = stored !== '' && stored !== refusedToken;
			return await this.sendAuthenticated(options, refusedToken !== undefined && !renewedElsewhere);
		} finally {
			// A failed read here surfaces on the next credential request, which reads again.
			await this.reload().catch(() => undefined);
			this.tokenWork = undefined;
			finish();
		}
	}

	/** n8n's authenticated request with this execution's credential; with `renew`, its token is renewed first. */
	private async sendAuthenticated(options: IHttpRequestOptions, renew: boolean): Promise<IN8nHttpFullResponse> {
		return await requestWithCredential.call(this.context, options, await this.data(), renew, this.secrets);
	}

	private async reload(): Promise<ICredentialDataDecryptedObject> {
		this.credential = undefined;
		return await this.data();
	}

	private async baseUrl(): Promise<string> {
		this.cachedBaseUrl ??= resolveBaseUrl(await this.data());
		return this.cachedBaseUrl;
	}
}
