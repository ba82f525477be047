import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError, normalizeDateTime } from '../../helpers/validation';

/**
 * One of Instamojo's inclusive `min_<param>` / `max_<param>` list filters (spec §8.5), read from the
 * Filters options `<option>After` and `<option>Before`, e.g. `createdAfter` → `min_created_at`.
 */
export interface TimeRangeFilter {
	option: string;
	param: string;
	/** Words for errors, e.g. "Created". */
	label: string;
}

export const CREATED: TimeRangeFilter = { option: 'created', param: 'created_at', label: 'Created' };
export const MODIFIED: TimeRangeFilter = { option: 'modified', param: 'modified_at', label: 'Modified' };

/** The Filters collection of a resource's Get Many; `options` in alphabetical order, as n8n lists them. */
export function filtersField(resource: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: [resource], operation: ['getAll'] } },
		options,
	};
}

/** The "<Label> After" and "<Label> Before" options of one range, each with its description. */
export function timeRangeOptions(range: TimeRangeFilter, after: string, before: string): INodeProperties[] {
	return [
		{ displayName: `${range.label} After`, name: `${range.option}After`, type: 'dateTime', default: '', description: after },
		{ displayName: `${range.label} Before`, name: `${range.option}Before`, type: 'dateTime', default: '', description: before },
	];
}

/** The query for the given ranges: each bound as ISO-8601 UTC, and never a range that ends before it starts. */
export function timeRangeQuery(filters: IDataObject, ranges: readonly TimeRangeFilter[]): IDataObject {
	const query: IDataObject = {};
	for (const { option, param, label } of ranges) {
		const after = optionalDateTime(filters[`${option}After`], `${label} After`);
		const before = optionalDateTime(filters[`${option}Before`], `${label} Before`);
		if (after && before && after > before) {
			throw new InputError(`${label} After (${after}) is later than ${label} Before (${before})`, 'Swap the two dates, or clear one of them.');
		}
		if (after) query[`min_${param}`] = after;
		if (before) query[`max_${param}`] = before;
	}
	return query;
}

function optionalDateTime(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return normalizeDateTime(value, field);
}
