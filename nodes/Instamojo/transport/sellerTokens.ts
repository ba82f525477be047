import { NodeOperationError } from 'n8n-workflow';

import type { TokenSet } from '../../../credentials/common/oauth';
import type { Grants } from './grants';
import type { ExecutionContext } from './session';

const SELLER_REFRESH_REFUSED =
	'Instamojo refused the refresh token (invalid_grant): it was already used, revoked or has expired';

const SELLER_REFRESH_ADVICE =
	"Each refresh token works once, and every use outputs a new one (refresh_token): pass the refresh_token stored most recently for this seller. If none works, run Token → Get Seller Tokens with the seller's password. The token is not shown here.";

/**
 * Seller refresh tokens exchanged in one execution: a token works once, so each is spent once, and items
 * sharing it share the exchange. The tokens each item got are kept, so a failure later in the item can
 * still hand them back.
 */
export class SellerTokens {
	private readonly exchanges = new Map<string, Promise<TokenSet>>();

	private readonly rotatedByItem = new Map<number, TokenSet>();

	constructor(
		private readonly context: ExecutionContext,
		private readonly grants: Grants,
	) {}

	/** Fresh tokens for a seller's refresh token; items sharing the token share one exchange. */
	async forRefreshToken(refreshToken: string, itemIndex: number): Promise<TokenSet> {
		let exchange = this.exchanges.get(refreshToken);
		if (!exchange) {
			exchange = this.grants.exchange({ grant_type: 'refresh_token', refresh_token: refreshToken }, itemIndex);
			this.exchanges.set(refreshToken, exchange);
		}
		const tokens = await exchange.catch((error: unknown) => {
			throw this.refreshFailure(error as NodeOperationError, itemIndex);
		});
		this.rotatedByItem.set(itemIndex, tokens);
		return tokens;
	}

	/** The seller tokens this item's refresh token was exchanged for, if it was. */
	rotated(itemIndex: number): TokenSet | undefined {
		return this.rotatedByItem.get(itemIndex);
	}

	/**
	 * A seller's refresh token refused (used, revoked or expired): the advice is about that seller's stored
	 * tokens, not about the credential, whose own login played no part. A new error per item: items
	 * sharing the token share the failed exchange.
	 */
	private refreshFailure(error: NodeOperationError, itemIndex: number): NodeOperationError {
		if ((error.context as { tokenError?: unknown }).tokenError !== 'invalid_grant') return error;
		const failure = new NodeOperationError(this.context.getNode(), SELLER_REFRESH_REFUSED, {
			itemIndex,
			description: SELLER_REFRESH_ADVICE,
		});
		failure.context.tokenError = 'invalid_grant';
		return failure;
	}
}
