import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { resolveBaseUrl } from '../../../credentials/common/environment';
import { isRedirect, NO_REDIRECTS, redirectMessage, RedirectRefusedError, requestUrlOf } from '../../../credentials/common/redirects';
import { Secrets } from '../../../credentials/common/secrets';
import { apiRequestOptions } from './options';

export const CREDENTIAL_TYPE = 'instamojoApi';

/** Every n8n context that sends requests with the credential. */
type RequestContext = IExecuteFunctions | IWebhookFunctions | IPollFunctions;

/**
 * n8n's authenticated request with the given decrypted credential (n8n writes a token it fetches into
 * `data`, so later requests carry it). With `renew`, the token is renewed and stored first: n8n runs the
 * credential's preAuthentication whenever the expirable `accessToken` is empty, in every n8n version.
 * Not by letting a 401 throw (`ignoreHttpStatusErrors: { ignore: true, except: [401] }`): n8n 1.x reads
 * that object as `true`, hands the 401 back and never renews.
 * Redirects are refused (a RedirectRefusedError), and no answer or error carries a secret of the
 * credential or of `secrets`: the trigger's payment fetch gets the same guarantees as the action node.
 */
export async function requestWithCredential(
	this: RequestContext,
	options: IHttpRequestOptions,
	data: ICredentialDataDecryptedObject,
	renew: boolean,
	secrets = new Secrets(),
): Promise<IN8nHttpFullResponse> {
	if (renew) data.accessToken = '';
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data,
	};
	secrets.addCredential(data);
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...options, ...NO_REDIRECTS },
			{ credentialsDecrypted },
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw secrets.addCredential(data).redactError(error);
	}
	// A renewal wrote new tokens into `data`.
	secrets.addCredential(data);
	return screened(response, requestUrlOf(options.url, options.baseURL ?? resolveBaseUrl(data)), secrets);
}

/**
 * One GET with a credential, for a context without an execution's session (a webhook delivery): with the
 * stored token, and once more after renewing it when Instamojo answers 401 (n8n writes the new token into
 * `data`). Nothing else is resent: whoever waits for the answer keeps its own time budget.
 */
export async function readWithCredential(
	this: RequestContext,
	path: string,
	data: ICredentialDataDecryptedObject,
	timeout: number,
): Promise<IN8nHttpFullResponse> {
	const options = apiRequestOptions({ method: 'GET', path }, timeout);
	const response = await requestWithCredential.call(this, options, data, false);
	// Expired or revoked: renew the token once (n8n stores it) and ask again.
	return response.statusCode === 401 ? await requestWithCredential.call(this, options, data, true) : response;
}

/** Refuses a 30x; hands back any other answer, with the body of a failure redacted for quoting. */
export function screened(response: IN8nHttpFullResponse, requestUrl: string | undefined, secrets: Secrets): IN8nHttpFullResponse {
	if (isRedirect(response.statusCode)) {
		throw new RedirectRefusedError(secrets.redact(redirectMessage(response, requestUrl)), response.statusCode);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return response;
	return { ...response, body: secrets.redactValue(response.body) };
}
