import type { IDataObject } from 'n8n-workflow';

/** Instamojo documents no maximum page size; the sandbox caps at 100 (sandbox/decisions.cts). */
export const MAX_PAGE_SIZE = 100;

/** Lists of up to this many pages are read one page at a time. */
const READ_AHEAD_MIN_PAGES = 5;

/** How `requestAll` reads a list: what it keeps, how each kept object is output, when it stops. */
export interface ListReading {
	/** Stop at this many kept objects; every one when undefined. */
	limit?: number;
	/** The node's own check of each object (the filters it enforces); only kept objects count toward `limit`. */
	keep?: (object: IDataObject) => boolean;
	shape?: (object: IDataObject) => IDataObject;
	/** Whether no page after this one can hold an object to keep, e.g. a newest-first list past its time bound. */
	endsWith?: (page: IDataObject[]) => boolean;
}

/** One page of the list: its parsed body, at the given page number and size. */
type PageRequest = (page: number, pageSize: number) => Promise<IDataObject>;

/**
 * Every page of a list, at the largest page size, stopping exactly at `limit` kept objects when one is
 * given. Each object goes through `keep` (the filters the node enforces) and then `shape` as its page
 * arrives, so a long list never holds Instamojo's full objects and the output at once. For long lists the
 * next page is already asked for while one is awaited: n8n's handling of one page then overlaps
 * Instamojo's work on the next.
 */
export async function readAllPages(
	requestPage: PageRequest,
	listKey: string,
	{ limit, keep, shape = (object) => object, endsWith }: ListReading = {},
): Promise<IDataObject[]> {
	// Objects the node drops do not count, so with a filter a Limit bounds neither the page size nor the pages.
	const pageLimit = keep === undefined ? limit : undefined;
	const pageSize = pageLimit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, pageLimit);
	const fetchPage = (page: number): Promise<IDataObject> => {
		const pending = requestPage(page, pageSize);
		// Handled when awaited; a page read ahead of a list that ended sooner is dropped unread.
		pending.catch(() => undefined);
		return pending;
	};
	const results: IDataObject[] = [];
	const full = () => limit !== undefined && results.length >= limit;
	let current = fetchPage(1);
	let following: Promise<IDataObject> | undefined;
	let readAheadUntil: number | undefined;
	for (let page = 1; ; page++) {
		const body = await current;
		if (page === 1) readAheadUntil = readAheadLastPage(body.count, pageSize, pageLimit);
		const items = (body[listKey] as IDataObject[] | undefined) ?? [];
		for (const object of items) {
			if (full()) break;
			if (keep === undefined || keep(object)) results.push(shape(object));
		}
		const more = Boolean(body.next) && items.length > 0 && !full() && !endsWith?.(items);
		if (!more) return results;
		current = following ?? fetchPage(page + 1);
		following = readAheadUntil !== undefined && page + 2 <= readAheadUntil ? fetchPage(page + 2) : undefined;
	}
}

/**
 * The last page worth reading ahead to, from the `count` of the first page (docs/instamojo-api.md §3), or undefined to
 * read one page at a time: a short list, or no count to go by.
 */
function readAheadLastPage(count: unknown, pageSize: number, limit: number | undefined): number | undefined {
	if (typeof count !== 'number' || !Number.isFinite(count)) return undefined;
	const wanted = limit === undefined ? count : Math.min(count, limit);
	const pages = Math.ceil(wanted / pageSize);
	return pages > READ_AHEAD_MIN_PAGES ? pages : undefined;
}
