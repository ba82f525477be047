import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions, NodeParameterValueType } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

type GetNodeParameter = (
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
) => NodeParameterValueType | object;

/**
 * The execute context, except that a parameter holding no expression is resolved by n8n once per
 * execution instead of once per item. n8n resolves every read afresh (a full walk of the value,
 * defaults and type validation), which costs as much as the node's own work per item, yet a value
 * without an expression is the same for every item. Reads with options, parameters n8n did not store
 * and anything containing an expression go to n8n every time, as before.
 */
export function withConstantParameters(this: IExecuteFunctions): IExecuteFunctions {
	const stored = this.getNode().parameters;
	const read = this.getNodeParameter.bind(this) as GetNodeParameter;
	const constants = new Map<string, unknown>();
	const getNodeParameter: GetNodeParameter = (name, itemIndex, fallback, options) => {
		if (options !== undefined) return read(name, itemIndex, fallback, options);
		if (constants.has(name)) return copyOf(constants.get(name)) as NodeParameterValueType;
		const value = read(name, itemIndex, fallback);
		if (isConstant(storedValue(stored, name))) constants.set(name, copyOf(value));
		return value;
	};
	// The real context stays the prototype: every other method and helper behaves exactly as n8n's.
	const context = Object.create(this) as IExecuteFunctions;
	context.getNodeParameter = getNodeParameter as IExecuteFunctions['getNodeParameter'];
	return context;
}

/** A parameter as stored in the workflow, by its dotted path; undefined when absent. */
function storedValue(parameters: IDataObject, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** Whether a stored value is the same for every item: present, with no `=…` expression anywhere in it. */
function isConstant(value: unknown): boolean {
	if (value === undefined) return false;
	if (typeof value === 'string') return !value.startsWith('=');
	if (value === null || typeof value !== 'object') return true;
	return Object.values(value).every(isConstant);
}

/** Callers may change what they read, so each gets its own copy of a cached object. */
function copyOf(value: unknown): unknown {
	return value !== null && typeof value === 'object' ? deepCopy(value as IDataObject) : value;
}
