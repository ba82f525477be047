import type { IN8nHttpFullResponse } from 'n8n-workflow';

/**
 * Every request of the node and the credential refuses redirects: n8n's HTTP helper would follow a 30x
 * and add the Authorization header again on every hop (a 307/308 from the token endpoint would even
 * post the client secret again), so a redirect from the API host or a proxy could carry a token or the
 * secret to another host. With this option n8n hands the 30x back instead (docs/instamojo-api.md §3).
 */
export const NO_REDIRECTS = { disableFollowRedirect: true } as const;

export const REDIRECT_HINT =
	"Check the credential's Environment and Base URL: they must point at Instamojo's API itself, not at an address that redirects.";

/** A 30x that was not followed. Its message names the status and the target host only. */
export class RedirectRefusedError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number,
	) {
		super(message);
		this.name = 'RedirectRefusedError';
	}
}

export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/**
 * The words for a refused 30x: the status and the host it pointed at, never the target's userinfo, path
 * or query (which may hold anything). `what` names who answered, e.g. "Instamojo's token endpoint".
 */
export function redirectMessage(
	response: Pick<IN8nHttpFullResponse, 'statusCode' | 'headers'>,
	requestUrl: string | undefined,
	what = 'Instamojo',
): string {
	const target = redirectHost(response.headers?.location, requestUrl);
	const where = target ? `, redirecting to ${target}` : ' with a redirect';
	return `${what} answered ${response.statusCode}${where}: the node does not follow redirects, so nothing was sent there`;
}

/** The host (and port) a Location header points at, resolved against the request's URL. */
function redirectHost(location: unknown, requestUrl: string | undefined): string | undefined {
	const value = Array.isArray(location) ? location[0] : location;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	try {
		return new URL(value.trim(), requestUrl).host || undefined;
	} catch {
		return 'an unreadable address';
	}
}

/** The absolute URL a request goes to, for resolving a relative Location; undefined when unknown. */
export function requestUrlOf(url: string, baseURL: string | undefined): string | undefined {
	try {
		return new URL(url, baseURL ? `${baseURL.replace(/\/+$/, '')}/` : undefined).toString();
	} catch {
		return undefined;
	}
}
