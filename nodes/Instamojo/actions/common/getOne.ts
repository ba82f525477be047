/** Get: the read of one object that Get operations share. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { InstamojoClient } from '../../transport';
import { resolveActAs, withRotatedTokens } from './account';
import { readSimplify, shapeOutput } from './output';
import type { ReadSpec } from './types';

/** Get: one object, shaped by the view and Simplify, with rotated seller tokens when a refresh token was used. */
export async function executeGetOne(
	this: IExecuteFunctions,
	itemIndex: number,
	client: InstamojoClient,
	{ request, view }: ReadSpec,
): Promise<IDataObject> {
	const simplify = readSimplify.call(this, itemIndex);
	const actAs = await resolveActAs.call(this, itemIndex, client);
	const object = await client.request(request, itemIndex, actAs.auth);
	return withRotatedTokens(shapeOutput(object, view, simplify), actAs);
}
