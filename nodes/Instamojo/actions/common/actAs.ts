import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InstamojoClient, RequestAuth } from '../../transport';
import type { TokenSet } from '../../transport/oauth';
import { InputError } from '../../helpers/validation';

type ActAs = 'credential' | 'sellerAccessToken' | 'sellerRefreshToken';

/** The "Act As" fields of an operation on a seller's account, shown for the given operations. */
export function actAsFields(resource: string, operations: string[]): INodeProperties[] {
	const show = { resource: [resource], operation: operations };
	return [
		{
			displayName: 'Act As',
			name: 'actAs',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show },
			options: [
				{
					name: 'Credential',
					value: 'credential',
					description: "The Instamojo credential's own token",
				},
				{
					name: 'Seller (Access Token)',
					value: 'sellerAccessToken',
					description: "A seller's access token taken from the item",
				},
				{
					name: 'Seller (Refresh Token)',
					value: 'sellerRefreshToken',
					description:
						"A seller's refresh token taken from the item; the node gets a fresh access token and outputs the rotated refresh token as refresh_token, to store in place of the old one",
				},
			],
			default: 'credential',
			description: 'Whose token the request carries',
		},
		{
			displayName: 'Seller Access Token',
			name: 'sellerAccessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: '={{ $json.access_token }}',
			displayOptions: { show: { ...show, actAs: ['sellerAccessToken'] } },
		},
		{
			displayName: 'Seller Refresh Token',
			name: 'sellerRefreshToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: '={{ $json.refresh_token }}',
			displayOptions: { show: { ...show, actAs: ['sellerRefreshToken'] } },
			description: 'Used once: Instamojo rotates it, so store the refresh_token this node outputs',
		},
	];
}

export interface ResolvedActAs {
	auth: RequestAuth;
	/** Set when a seller refresh token was exchanged: the rotated pair to output. */
	rotated?: TokenSet;
}

/** The Act As choice and its token, checked without sending anything (also what a Dry Run checks). */
export function readActAs(this: IExecuteFunctions, itemIndex: number): { actAs: ActAs; token: string } {
	const actAs = this.getNodeParameter('actAs', itemIndex, 'credential') as ActAs;
	if (actAs === 'credential') return { actAs, token: '' };
	const name = actAs === 'sellerAccessToken' ? 'Seller Access Token' : 'Seller Refresh Token';
	const token = String(this.getNodeParameter(actAs, itemIndex, '') ?? '').trim();
	if (!token) {
		throw new InputError(`${name} is empty`, `Map the seller's token from the item, e.g. {{ $json.${actAs === 'sellerAccessToken' ? 'access_token' : 'refresh_token'} }}.`);
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

/** Adds the rotated seller tokens to an output object, so the workflow can store them. */
export function withRotatedTokens(result: IDataObject, resolved: ResolvedActAs): IDataObject {
	if (!resolved.rotated) return result;
	return {
		...result,
		refresh_token: resolved.rotated.refreshToken,
		access_token_expires_at: resolved.rotated.expiresAt,
	};
}
