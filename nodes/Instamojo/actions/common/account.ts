import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InstamojoClient, RequestAuth, TokenSet } from '../../transport';
import { InputError } from '../../helpers/validation';

export type ActAs = 'credential' | 'sellerAccessToken' | 'sellerRefreshToken';

/** Where an operation's Account starts: a seller's account (writes to it) or the credential's (reads, release). */
export type AccountDefault = 'seller' | 'credential';

/** The prefilled mapping of a seller's stored refresh token, as Seller → Onboard outputs it. */
const REFRESH_TOKEN_MAPPING = '={{ $json.refresh_token }}';

/**
 * The Account fields of an operation: whose Instamojo account the request acts in. The parameter keeps
 * its name `actAs` and its values, so saved workflows keep working. Most operations list them first,
 * right under Operation, where the user decides; Refund → Create, Get and Get Many list them last, after
 * the refund's own fields.
 *
 * Writes that need a user's token start in the seller's account from node version 2 on. n8n saves no
 * parameter left at its default, so version 1 keeps its old default (My Account): a saved workflow never
 * starts acting in another account because the package was upgraded.
 */
export function accountFields(start: AccountDefault = 'credential'): INodeProperties[] {
	if (start === 'credential') return fieldsStartingIn('credential');
	return [...fieldsStartingIn('credential', VERSION_1), ...fieldsStartingIn('sellerRefreshToken', FROM_VERSION_2)];
}

type VersionCondition = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>['@version'];

const VERSION_1: VersionCondition = [1];
const FROM_VERSION_2: VersionCondition = [{ _cnd: { gte: 2 } }];

/** The three fields with Account set to `account`, shown only on `version` when one is given. */
function fieldsStartingIn(account: ActAs, version?: VersionCondition): INodeProperties[] {
	const refreshToken = account === 'sellerRefreshToken' ? REFRESH_TOKEN_MAPPING : '';
	const onVersion = version ? { '@version': version } : {};
	return [
		{
			displayName: 'Account',
			name: 'actAs',
			type: 'options',
			noDataExpression: true,
			...(version ? { displayOptions: { show: onVersion } } : {}),
			options: [
				{
					name: 'My Account (Credential)',
					value: 'credential',
					description: "The Instamojo credential's own account",
				},
				{
					name: "Seller's Account (Access Token)",
					value: 'sellerAccessToken',
					description: "A seller's access token from the item",
				},
				{
					name: "Seller's Account (Refresh Token)",
					value: 'sellerRefreshToken',
					description: "A seller's stored refresh token; outputs the new one",
				},
			],
			default: account,
			description: 'Whose Instamojo account this runs in',
		},
		{
			displayName: 'Seller Access Token',
			name: 'sellerAccessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: '={{ $json.access_token }}',
			displayOptions: { show: { ...onVersion, actAs: ['sellerAccessToken'] } },
		},
		{
			displayName: 'Seller Refresh Token',
			name: 'sellerRefreshToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: refreshToken,
			placeholder: REFRESH_TOKEN_MAPPING,
			displayOptions: { show: { ...onVersion, actAs: ['sellerRefreshToken'] } },
			description: 'Used once: Instamojo rotates it, so store the refresh_token this node outputs',
		},
	];
}

export interface ResolvedActAs {
	auth: RequestAuth;
	/** Set when a seller refresh token was exchanged: the rotated pair to output. */
	rotated?: TokenSet;
}

/** What the Account choice is, for words on the output: whose account a link landed in. */
export function accountOf(actAs: ActAs): 'seller' | 'credential owner' {
	return actAs === 'credential' ? 'credential owner' : 'seller';
}

/** The Account choice and its token, checked without sending anything (also what a Dry Run checks). */
export function readActAs(this: IExecuteFunctions, itemIndex: number): { actAs: ActAs; token: string } {
	const actAs = this.getNodeParameter('actAs', itemIndex, 'credential') as ActAs;
	if (actAs === 'credential') return { actAs, token: '' };
	const name = actAs === 'sellerAccessToken' ? 'Seller Access Token' : 'Seller Refresh Token';
	const token = String(this.getNodeParameter(actAs, itemIndex, '') ?? '').trim();
	if (!token) {
		const field = actAs === 'sellerAccessToken' ? 'access_token' : 'refresh_token';
		throw new InputError(
			`${name} is empty`,
			`Map the seller's token from the item, e.g. {{ $json.${field} }}, or set Account to My Account (Credential) to act in the credential's own account.`,
		);
	}
	return { actAs, token };
}

/** Whose token this item's request carries; exchanges a seller refresh token once per execution. */
export async function resolveActAs(
	this: IExecuteFunctions,
	itemIndex: number,
	client: InstamojoClient,
): Promise<ResolvedActAs> {
	const { actAs, token } = readActAs.call(this, itemIndex);
	if (actAs === 'credential') return { auth: { kind: 'credential' } };
	if (actAs === 'sellerAccessToken') return { auth: { kind: 'bearer', accessToken: token } };
	const rotated = await client.sellerTokens(token, itemIndex);
	return { auth: { kind: 'bearer', accessToken: rotated.accessToken }, rotated };
}

/**
 * As resolveActAs, for a call Instamojo documents for a user's token only (docs/instamojo-api.md §4): a
 * seller's, or a User / Refresh Token credential's. An Application-flow credential's token acts in the
 * application owner's own account, so My Account with one is refused before anything is sent, even a
 * token request. `action` completes "cannot …".
 */
export async function resolveUserActAs(
	this: IExecuteFunctions,
	itemIndex: number,
	client: InstamojoClient,
	action: string,
): Promise<ResolvedActAs> {
	const { actAs } = readActAs.call(this, itemIndex);
	if (actAs === 'credential' && (await client.credentialFlow()) === 'application') {
		throw new InputError(
			`My Account with an Application credential cannot ${action}`,
			"Instamojo needs a user's token here. Set Account to Seller's Account (Refresh Token) and map the seller's stored refresh_token, or use a credential with the User or Refresh Token flow.",
		);
	}
	return await resolveActAs.call(this, itemIndex, client);
}

/** Adds the rotated seller tokens to an output object, so the workflow can store them. */
export function withRotatedTokens(result: IDataObject, resolved: ResolvedActAs): IDataObject {
	if (!resolved.rotated) return result;
	return {
		...result,
		refresh_token: resolved.rotated.refreshToken,
		access_token_expires_at: resolved.rotated.expiresAt,
	};
}
