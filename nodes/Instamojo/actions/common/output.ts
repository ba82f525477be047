import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withNumericAmounts } from '../../helpers/money';

/**
 * How one kind of Instamojo object is output. Shared by every operation that returns it, so Create,
 * Get and Get Many of a resource always agree on field names.
 */
export interface OutputView {
	/** Two-decimal string amounts; each is also output as `<field>_number`. */
	amounts: readonly string[];
	/** Fields kept by Simplify, in output order (an amount brings its `_number` twin along). */
	simplified: readonly string[];
	/** Fields derived from the API object (e.g. an ID taken from a URL), added in both modes. */
	derive?: (object: IDataObject) => IDataObject;
}

/**
 * The Simplify switch of operations returning wide objects (n8n's UX rule: more than 10 fields).
 * The hint stays one line: the output itself shows which fields are kept.
 */
export function simplifyField(view: OutputView): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simple',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		hint: `Keeps the ${simplifiedFieldNames(view).length} fields most workflows use next. Turn off for the full Instamojo object.`,
	};
}

export function readSimplify(this: IExecuteFunctions, itemIndex: number): boolean {
	return this.getNodeParameter('simple', itemIndex, true) as boolean;
}

/** The API object with derived fields and numeric amounts; only the view's subset when simplified. */
export function shapeOutput(object: IDataObject, view: OutputView, simplify: boolean): IDataObject {
	const full = withNumericAmounts({ ...object, ...view.derive?.(object) }, [...view.amounts]);
	if (!simplify) return full;
	const simplified: IDataObject = {};
	for (const field of simplifiedFieldNames(view)) {
		if (field in full) simplified[field] = full[field];
	}
	return simplified;
}

/** Worked out once per view, not once per output item. */
const simplifiedNames = new WeakMap<OutputView, string[]>();

function simplifiedFieldNames(view: OutputView): string[] {
	let names = simplifiedNames.get(view);
	if (!names) {
		names = view.simplified.flatMap((field) => (view.amounts.includes(field) ? [field, `${field}_number`] : [field]));
		simplifiedNames.set(view, names);
	}
	return names;
}
