/**
 * Every HTTP concern of the nodes, behind this facade: the action node and the poll trigger use one
 * InstamojoClient per execution; the webhook trigger reads with `readWithCredential`. Each part does one job:
 * session.ts (whose token, single-flight renewal), send.ts + retryPolicy.ts (attempts, 429 pause),
 * pages.ts (lists), grants.ts + sellerTokens.ts (token endpoint), errors.ts (failures in words).
 */
import type { IDataObject, IN8nHttpFullResponse, NodeApiError } from 'n8n-workflow';

import type { Grant, TokenSet } from '../../../credentials/common/oauth';
import { Secrets } from '../../../credentials/common/secrets';
import { apiError } from './errors';
import { Grants } from './grants';
import type { ApiRequest } from './options';
import { type ListReading, readAllPages } from './pages';
import { Sender } from './send';
import { CredentialSession, type ExecutionContext, type RequestAuth } from './session';
import { SellerTokens } from './sellerTokens';

export { CREDENTIAL_TYPE, readWithCredential } from './credentialRequest';
export { describeErrorBody } from './errors';
export type { ApiRequest } from './options';
export { MAX_PAGE_SIZE } from './pages';
export type { RequestAuth } from './session';
export type { TokenSet };

/** A final answer, and whether an attempt before it may have been applied although unanswered. */
export type FinalResponse = IN8nHttpFullResponse & { earlierAttemptMayHaveApplied: boolean };

/** Every HTTP call of one execution of the action node or the poll trigger. */
export class InstamojoClient {
	/** Every secret this execution has held, kept out of every message it produces. */
	private readonly secrets = new Secrets();

	private readonly session: CredentialSession;

	private readonly sender: Sender;

	private readonly grants: Grants;

	private readonly sellers: SellerTokens;

	constructor(private readonly context: ExecutionContext) {
		this.session = new CredentialSession(context, this.secrets);
		this.sender = new Sender(context, this.session, this.secrets);
		this.grants = new Grants(context, this.session, this.secrets);
		this.sellers = new SellerTokens(context, this.grants);
	}

	/** Fresh tokens for a seller's refresh token; items sharing the token share one exchange. */
	async sellerTokens(refreshToken: string, itemIndex: number): Promise<TokenSet> {
		return await this.sellers.forRefreshToken(refreshToken, itemIndex);
	}

	/** The seller tokens this item's refresh token was exchanged for, if it was. */
	rotatedTokens(itemIndex: number): TokenSet | undefined {
		return this.sellers.rotated(itemIndex);
	}

	/** The credential's auth flow: `application` means its token acts in the application owner's own account. */
	async credentialFlow(): Promise<string> {
		return await this.session.flow();
	}

	/** One request with retries per its policy; resolves to the parsed body of a 2xx answer. */
	async request<T = IDataObject>(request: ApiRequest, itemIndex: number, auth: RequestAuth): Promise<T> {
		const { response, attempts } = await this.sender.send(request, itemIndex, auth);
		if (response.statusCode >= 200 && response.statusCode < 300) return response.body as T;
		throw this.secrets.redactError(apiError(this.context.getNode(), response, request, itemIndex, attempts));
	}

	/**
	 * The final answer whatever its status, for operations that treat some refusals as outcomes
	 * (a payment already released). Throws only when no answer came.
	 */
	async requestResponse(request: ApiRequest, itemIndex: number, auth: RequestAuth): Promise<FinalResponse> {
		const { response, earlierAttemptMayHaveApplied } = await this.sender.send(request, itemIndex, auth);
		return { ...response, earlierAttemptMayHaveApplied };
	}

	/** Turns a non-2xx answer into the same error `request` throws. */
	failure(request: ApiRequest, response: IN8nHttpFullResponse, itemIndex: number): NodeApiError {
		return this.secrets.redactError(apiError(this.context.getNode(), response, request, itemIndex));
	}

	/** Every page of a list (see readAllPages), each page sent as `request` is. */
	async requestAll(
		request: ApiRequest,
		listKey: string,
		itemIndex: number,
		auth: RequestAuth,
		reading: ListReading = {},
	): Promise<IDataObject[]> {
		const requestPage = async (page: number, limit: number) =>
			await this.request<IDataObject>({ ...request, qs: { ...request.qs, page, limit } }, itemIndex, auth);
		return await readAllPages(requestPage, listKey, reading);
	}

	/** A grant at the token endpoint sent by the node itself (see Grants). */
	async exchangeToken(grant: Grant, itemIndex: number): Promise<TokenSet> {
		return await this.grants.exchange(grant, itemIndex);
	}
}
