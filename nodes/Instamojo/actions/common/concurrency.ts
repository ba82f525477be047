import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from './collections';

/** Small on purpose: Instamojo documents no rate limit, and a 429 pauses every request of the execution. */
export const MAX_CONCURRENCY = 10;

/**
 * The "Options → Concurrency" field: how many items are in flight at once. A resource's index shows it
 * for the operations that may run items in parallel; the others run one item at a time.
 */
export const concurrencyOptions: INodeProperties = optionsCollection([
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: 1,
		noDataExpression: true,
		description: `How many items are sent to Instamojo at once, from 1 to ${MAX_CONCURRENCY}`,
		hint: "Output keeps the input order. Above 1, items after a failing one may already be sent: the error lists them; Settings → On Error → Continue reports each item in place. A 429 pauses all for Instamojo's Retry-After.",
	},
]);

/** The node's concurrency for this execution: read once, whole, between 1 and MAX_CONCURRENCY. */
export function readConcurrency(this: IExecuteFunctions): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Math.floor(Number(options.concurrency ?? 1));
	if (!Number.isFinite(value) || value < 1) return 1;
	return Math.min(value, MAX_CONCURRENCY);
}
