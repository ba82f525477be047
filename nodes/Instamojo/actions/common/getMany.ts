/** Get Many: the fields and the paginated read that every list operation shares. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../helpers/validation';
import type { InstamojoClient } from '../../transport';
import { resolveActAs, type ResolvedActAs, withRotatedTokens } from './account';
import type { ListFilter } from './filters';
import { readSimplify, shapeOutput } from './output';
import type { ReadSpec } from './types';

/** Return All and Limit with n8n's standard copy, for a Get Many operation. */
export const getManyFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The Limit of this item, or undefined for Return All. An expression may give anything: check it. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InputError(`Limit "${String(limit)}" is not a whole number of at least 1`, 'Set Limit to 1 or more, or turn on Return All.');
	}
	return limit;
}

/**
 * Get Many: every page at the largest page size, stopping exactly at Limit; one output item per
 * object that passes `filter`, which the node enforces on what Instamojo returns. `listKey` names the
 * array in Instamojo's page (`payment_requests`, `payments`, …).
 */
export async function executeGetMany(
	this: IExecuteFunctions,
	itemIndex: number,
	client: InstamojoClient,
	{ request, view, listKey, filter }: ReadSpec & { listKey: string; filter?: ListFilter },
): Promise<IDataObject[]> {
	const limit = readLimit.call(this, itemIndex);
	const simplify = readSimplify.call(this, itemIndex);
	const actAs = await resolveActAs.call(this, itemIndex, client);
	const objects = await client.requestAll({ ...request, qs: { ...request.qs, ...filter?.query } }, listKey, itemIndex, actAs.auth, {
		limit,
		keep: filter?.keep,
		endsWith: filter?.endsWith,
		shape: (object) => shapeOutput(object, view, simplify),
	});
	return listWithRotatedTokens(objects, actAs);
}

/**
 * Rotated seller tokens on every item of a list. A seller's old refresh token is dead once exchanged,
 * so an empty list still outputs one item carrying the new one: dropping it would lock the seller out.
 */
export function listWithRotatedTokens(objects: IDataObject[], actAs: ResolvedActAs): IDataObject[] {
	if (actAs.rotated && objects.length === 0) return [withRotatedTokens({ results: 0 }, actAs)];
	return objects.map((object) => withRotatedTokens(object, actAs));
}
