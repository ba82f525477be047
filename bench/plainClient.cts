/**
 * A plain HTTP client (Node's fetch, keep-alive) doing what the n8n workflows do: the baseline of
 * "Get Many" and the sandbox's own ceiling. No n8n, no retries, no validation.
 */
import { boundedAll, timed } from './stats.cjs';

/** The fields of a payment link the node and the HTTP Request node both send for an input item. */
export function linkFields(item: BenchItem): Record<string, string> {
	return {
		amount: item.amount.toFixed(2),
		purpose: item.purpose,
		allow_repeated_payments: 'false',
		mark_fulfilled: 'true',
	};
}

export interface BenchItem {
	amount: number;
	purpose: string;
}

/** `count` different input items, the same in every run and for every contender. */
export function benchItems(count: number): BenchItem[] {
	return Array.from({ length: count }, (_, i) => ({ amount: 100 + (i % 50), purpose: `Bench order ${i + 1}` }));
}

export async function createLink(baseUrl: string, token: string, item: BenchItem): Promise<void> {
	const response = await fetch(`${baseUrl}/v2/payment_requests/`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(linkFields(item)),
	});
	await response.arrayBuffer();
	if (response.status !== 201) throw new Error(`create answered ${response.status}`);
}

/** Creates one link per item with `concurrency` requests in flight; resolves the wall time in ms. */
export async function createLinks(baseUrl: string, token: string, items: BenchItem[], concurrency: number): Promise<number> {
	const { ms } = await timed(() => boundedAll(items.length, concurrency, (i) => createLink(baseUrl, token, items[i])));
	return ms;
}

export interface PagingResult {
	ms: number;
	objects: number;
	pages: number;
	/** Bytes of the objects as JSON (UTF-8): "the JSON size of the data". */
	jsonBytes: number;
}

/** Every page of a list, one after the other, following `next` as the node does. */
export async function pageAll(baseUrl: string, token: string, path: string, listKey: string, pageSize: number): Promise<PagingResult> {
	const lists: unknown[][] = [];
	const { ms } = await timed(async () => {
		for (let page = 1; ; page++) {
			const response = await fetch(`${baseUrl}${path}?page=${page}&limit=${pageSize}`, {
				headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			});
			if (response.status !== 200) throw new Error(`page ${page} answered ${response.status}`);
			const body = (await response.json()) as Record<string, unknown>;
			const list = (body[listKey] as unknown[] | undefined) ?? [];
			lists.push(list);
			if (!body.next || list.length === 0) return;
		}
	});
	// Measured after the clock stopped: the size of all objects as one JSON array.
	const all = lists.flat();
	return { ms, objects: all.length, pages: lists.length, jsonBytes: Buffer.byteLength(JSON.stringify(all)) };
}

/** Requests per second of `count` calls of `request` with `concurrency` in flight. */
export async function requestRate(count: number, concurrency: number, request: (index: number) => Promise<void>): Promise<number> {
	const { ms } = await timed(() => boundedAll(count, concurrency, request));
	return (count * 1000) / ms;
}

/** One GET whose body is read and dropped. */
export async function getOk(url: string, token: string): Promise<void> {
	const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
}
