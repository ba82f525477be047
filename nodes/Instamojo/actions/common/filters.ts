import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { referencedId } from '../../helpers/resourceUrls';
import { InputError, normalizeDateTime } from '../../helpers/validation';

/**
 * One of Instamojo's inclusive `min_<param>` / `max_<param>` list filters (docs/instamojo-api.md §6), read from the
 * Filters options `<option>After` and `<option>Before`, e.g. `createdAfter` → `min_created_at`.
 */
export interface TimeRangeFilter {
	option: string;
	param: string;
	/** Words for errors, e.g. "Created". */
	label: string;
	/** Lists are newest first by this time ("returns first (latest) 50", docs/instamojo-api.md §3). */
	ordersLists?: boolean;
}

export const CREATED: TimeRangeFilter = { option: 'created', param: 'created_at', label: 'Created', ordersLists: true };
export const MODIFIED: TimeRangeFilter = { option: 'modified', param: 'modified_at', label: 'Modified' };

/** The node's own check of one object Instamojo returned. */
export type Keep = (object: IDataObject) => boolean;

/**
 * A Get Many's filters. Sent as query parameters, as hints: no source documents them on every list, and a
 * server may ignore them (docs/instamojo-api.md §3, §10). So the node also checks every returned object
 * with `keep` and outputs only those that match.
 */
export interface ListFilter {
	query: IDataObject;
	/** Undefined when no filter is set: every object is kept. */
	keep?: Keep;
	/** Whether no page after this one can hold an object to keep (see `pastCreatedAfter`). */
	endsWith?: (page: IDataObject[]) => boolean;
}

/** The Filters collection of a resource's Get Many; `options` in alphabetical order, as n8n lists them. */
export function filtersField(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Applied by the node to every result, and sent to Instamojo too',
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

/** The given ranges as a ListFilter: an object is kept when each of its times lies within its bounds, as instants. */
export function timeRangeFilter(filters: IDataObject, ranges: readonly TimeRangeFilter[]): ListFilter {
	const query: IDataObject = {};
	const parts: ListFilter[] = [];
	for (const range of ranges) {
		const { option, param, label } = range;
		const after = optionalDateTime(filters[`${option}After`], `${label} After`);
		const before = optionalDateTime(filters[`${option}Before`], `${label} Before`);
		if (after && before && after > before) {
			throw new InputError(`${label} After (${after}) is later than ${label} Before (${before})`, 'Swap the two dates, or clear one of them.');
		}
		if (after) query[`min_${param}`] = after;
		if (before) query[`max_${param}`] = before;
		if (after || before) parts.push(withinRange(range, after, before));
	}
	return { ...allFilters(parts), query };
}

function withinRange(range: TimeRangeFilter, after?: string, before?: string): ListFilter {
	const min = after === undefined ? -Infinity : Date.parse(after);
	const max = before === undefined ? Infinity : Date.parse(before);
	return {
		query: {},
		// An object whose time cannot be read cannot be shown to match: it is dropped.
		keep: (object) => {
			const time = instant(object[range.param]);
			return time !== undefined && time >= min && time <= max;
		},
		endsWith: range.ordersLists && after !== undefined ? pastCreatedAfter(range.param, min) : undefined,
	};
}

/**
 * For a list sent newest first: true at the first page whose objects are all older than `min`, as no later
 * page can hold a newer one. Only while every object read so far did come newest first: a list in any other
 * order is read to its end, so nothing that matches is ever missed.
 */
function pastCreatedAfter(field: string, min: number): (page: IDataObject[]) => boolean {
	let previous = Infinity;
	let newestFirst = true;
	return (page) => {
		for (const object of page) {
			const time = instant(object[field]);
			if (time === undefined || time > previous) newestFirst = false;
			else previous = time;
		}
		const first = page.length > 0 ? instant(page[0][field]) : undefined;
		return newestFirst && first !== undefined && first < min;
	};
}

/**
 * Keeps an object whose `field` references `id`: Instamojo gives references as resource URLs
 * (`…/v2/payment_requests/<id>/`), compared by the ID at their end, case-insensitively.
 */
export function referenceFilter(param: string, field: string, id: string): ListFilter {
	const wanted = id.toLowerCase();
	return { query: { [param]: id }, keep: (object) => referencedId(object[field]) === wanted };
}

/** Keeps an object whose `field` is `value` (a status, say), case-insensitively. */
export function equalsFilter(param: string, field: string, value: string): ListFilter {
	const wanted = value.toLowerCase();
	return {
		query: { [param]: value },
		keep: (object) => typeof object[field] === 'string' && (object[field] as string).toLowerCase() === wanted,
	};
}

/** Every part's query, and an object is kept only when every part keeps it. */
export function allFilters(parts: readonly ListFilter[]): ListFilter {
	const keeps = parts.map((part) => part.keep).filter((keep): keep is Keep => keep !== undefined);
	const ends = parts.map((part) => part.endsWith).filter((end) => end !== undefined);
	return {
		query: Object.assign({}, ...parts.map((part) => part.query)) as IDataObject,
		keep: keeps.length === 0 ? undefined : (object) => keeps.every((keep) => keep(object)),
		// Each part's check sees every page, so each keeps its own account of the order.
		endsWith: ends.length === 0 ? undefined : (page) => ends.map((end) => end(page)).some(Boolean),
	};
}

function instant(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

function optionalDateTime(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	return normalizeDateTime(value, field);
}
