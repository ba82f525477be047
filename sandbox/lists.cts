/**
 * List endpoints: page-number pagination as Django REST framework does it and the filters
 * (docs/instamojo-api.md §3, §6).
 */
import type { ApiContext } from './api.cjs';
import { FieldReader } from './fields.cjs';
import { failure, json, type Reply } from './http.cjs';

function pageSize(context: ApiContext): number {
	const { defaultPageSize, maxPageSize } = context.decisions;
	const requested = /^\d+$/.test(context.query.limit ?? '') ? Number(context.query.limit) : 0;
	// DRF ignores a limit it cannot use rather than failing the request.
	return Math.min(requested > 0 ? requested : defaultPageSize, maxPageSize);
}

function pageNumber(context: ApiContext): number {
	const raw = context.query.page ?? '1';
	if (!/^\d+$/.test(raw) || Number(raw) < 1) throw failure(404, 'Invalid page.');
	return Number(raw);
}

/**
 * The URL of another page: the request's own URL with `page` replaced. Like DRF, the link to page 1
 * drops `page` instead, as in the docs' example `"previous": "...?limit=10"`.
 */
function pageUrl(context: ApiContext, page: number): string {
	const params = new URLSearchParams(context.query);
	if (page === 1) params.delete('page');
	else params.set('page', String(page));
	const search = params.toString();
	return `${context.base}${context.path}${search ? `?${search}` : ''}`;
}

export function paginate<T>(
	context: ApiContext,
	items: T[],
	key: string,
	render: (item: T) => unknown,
): Reply {
	const limit = pageSize(context);
	const page = pageNumber(context);
	const pages = Math.max(1, Math.ceil(items.length / limit));
	if (page > pages) throw failure(404, 'Invalid page.');
	return json({
		count: items.length,
		next: page < pages ? pageUrl(context, page + 1) : null,
		previous: page > 1 ? pageUrl(context, page - 1) : null,
		[key]: items.slice((page - 1) * limit, page * limit).map(render),
	});
}

export interface ListFilters<T> {
	/** `min_<name>` / `max_<name>` (inclusive) for each named timestamp, e.g. `created_at`. */
	timestamps: Record<string, (item: T) => string>;
	/** The list's other filters (`status`, `payment_request_id`), already read from the query. */
	matches?: (item: T) => boolean;
}

/**
 * Applies a list's filter parameters, unless this world ignores them (the `listFilters` decision), as a
 * view without a filter backend does: then nothing is read, so even a malformed bound is no error.
 * A malformed bound is otherwise a 400 field error, as DRF's filter forms report it.
 */
export function filterList<T>(context: ApiContext, items: T[], filters: ListFilters<T>): T[] {
	if (context.decisions.listFilters === 'ignored') return items;
	const reader = new FieldReader(context.query);
	const bounds = Object.entries(filters.timestamps).map(([name, read]) => ({
		read,
		min: reader.timestamp(`min_${name}`),
		max: reader.timestamp(`max_${name}`),
	}));
	reader.finish();
	const matches = filters.matches ?? (() => true);
	return items.filter(
		(item) =>
			matches(item) &&
			bounds.every(({ read, min, max }) => {
				const time = Date.parse(read(item));
				return (min === undefined || time >= min) && (max === undefined || time <= max);
			}),
	);
}
