import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError } from '../helpers/validation';
import { InstamojoClient } from '../transport';
import { resources, type ResourceName } from './resources';
import type { ResourceModule } from './types';
import type { TokenSet } from '../transport/oauth';

/** Runs the chosen operation for every item, keeping order and pairing, with continueOnFail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ResourceName;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = (resources[resource] as ResourceModule | undefined)?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const context = { client: new InstamojoClient(this) };

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.execute.call(this, itemIndex, context);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const nodeError = asNodeError(this, error as Error, itemIndex);
			keepRotatedTokens(nodeError, context.client.rotatedTokens(itemIndex));
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: errorJson(nodeError, itemIndex), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/** Every failure leaves the node as a NodeApiError or NodeOperationError that names the item. */
function asNodeError(fns: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof InputError) {
		return new NodeOperationError(fns.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `${error.hint} Nothing was sent to Instamojo for this item.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		if (!error.message.includes('[item ')) error.message = `${error.message} [item ${itemIndex}]`;
		return error;
	}
	return new NodeOperationError(fns.getNode(), error, { itemIndex });
}

/**
 * A seller refresh token is spent once the exchange succeeded, so a failure after it must still hand
 * the new one back, or the workflow loses the seller's only valid token.
 */
function keepRotatedTokens(error: NodeApiError | NodeOperationError, rotated: TokenSet | undefined): void {
	if (!rotated) return;
	error.context.partial = {
		...(error.context.partial as IDataObject | undefined),
		refresh_token: rotated.refreshToken,
		access_token_expires_at: rotated.expiresAt,
	};
	error.description = `${error.description ?? ''} The seller's refresh token was already rotated: with Settings → On Error → Continue, the error item carries the new one as partial.refresh_token; store it in place of the old one.`.trim();
}

/**
 * The error item of continueOnFail. `context.partial` carries what a multi-step operation already
 * created before it failed (e.g. the seller an Onboard signed up), so nothing is left unreported.
 */
function errorJson(error: NodeApiError | NodeOperationError, itemIndex: number): IDataObject {
	const partial = error.context.partial as IDataObject | undefined;
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
		...(partial ? { partial } : {}),
		itemIndex,
	};
}
