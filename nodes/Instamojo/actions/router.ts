import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPool, type TaskOutcome } from '../helpers/pool';
import { InputError } from '../helpers/validation';
import { InstamojoClient, type TokenSet } from '../transport';
import { readConcurrency } from './common/concurrency';
import { withConstantParameters } from './common/constantParameters';
import type { ResourceModule } from './common/types';
import { resources, type ResourceName } from './resources';

/**
 * Runs the chosen operation for every item, keeping order and pairing, with continueOnFail. Items run
 * one at a time unless the operation offers Options → Concurrency; the output order is the input order
 * either way.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runItems.call(withConstantParameters.call(this));
}

async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ResourceName;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = (resources[resource] as ResourceModule | undefined)?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}
	const context = { client: new InstamojoClient(this) };
	const continueOnFail = this.continueOnFail();
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		try {
			const result = await operation.execute.call(this, itemIndex, context);
			return (Array.isArray(result) ? result : [result]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error as Error, itemIndex);
			keepRotatedTokens(nodeError, context.client.rotatedTokens(itemIndex));
			if (!continueOnFail) throw nodeError;
			return [errorItem(nodeError, itemIndex, toErrorOutput)];
		}
	};

	const outcomes = await runPool(items.length, readConcurrency.call(this), runItem, !continueOnFail);
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome.state === 'failed') throw withItemsAlsoSent(outcome.error as NodeApiError | NodeOperationError, outcomes, itemIndex);
		if (outcome.state === 'done') output.push(...outcome.value);
	}
	return [output];
}

/**
 * The first failure, as the sequential loop would have thrown it. With concurrency, later items were
 * already in flight: those that succeeded would be sent again by a re-run (a create twice), and those
 * that failed may say something the user must see (a create that may have been applied), so the error
 * names both.
 */
function withItemsAlsoSent(
	error: NodeApiError | NodeOperationError,
	outcomes: Array<TaskOutcome<unknown>>,
	failedIndex: number,
): NodeApiError | NodeOperationError {
	const later = outcomes.map((outcome, index) => ({ outcome, index })).filter(({ index }) => index > failedIndex);
	const succeeded = later.filter(({ outcome }) => outcome.state === 'done').map(({ index }) => index);
	const notes: string[] = [];
	if (succeeded.length > 0) {
		const items = succeeded.length === 1 ? `Item ${succeeded[0]} was` : `Items ${succeeded.join(', ')} were`;
		notes.push(`${items} sent at the same time (Options → Concurrency) and succeeded before the node stopped: check in Instamojo before running the node again, or use Settings → On Error → Continue to get an output for every item.`);
	}
	for (const { outcome } of later) {
		if (outcome.state === 'failed') notes.push(`Also failed: ${(outcome.error as Error).message}`);
	}
	if (notes.length > 0) error.description = [error.description, ...notes].filter(Boolean).join(' ');
	return error;
}

/** Every failure leaves the node as a NodeApiError or NodeOperationError that names the item. */
function asNodeError(node: INode, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof InputError) {
		return new NodeOperationError(node, `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `${error.hint} Nothing was sent to Instamojo for this item.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		if (!error.message.includes('[item ')) error.message = `${error.message} [item ${itemIndex}]`;
		return error;
	}
	return new NodeOperationError(node, error, { itemIndex });
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
 * The error item of continueOnFail. n8n sends an item to the node's error output (On Error → Continue
 * (using error output)) when `item.error` is set, or when its json holds nothing but `error`: setting
 * `item.error` keeps the details below in the json either way. n8n clears it when it routes the item.
 */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number, toErrorOutput: boolean): INodeExecutionData {
	const item: INodeExecutionData = { json: errorJson(error, itemIndex), pairedItem: { item: itemIndex } };
	if (toErrorOutput) item.error = error;
	return item;
}

/**
 * The json of an error item. `context.partial` carries what a multi-step operation already
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
