/**
 * Measurement 4, the node's own cost: `execute()` over many items in this process, with the network
 * replaced by an instant responder (a resolved promise with a canned 201). What remains is the node's
 * work per item: reading parameters, validating, building the request, shaping the output, pairing.
 *
 * Both contenders get the same stand-in for n8n's execute context: parameters are plain values or
 * functions of the item (the stand-in for expressions, evaluated on every read), helpers answer at once.
 * n8n's own expression engine, credential store and HTTP stack are not part of this figure.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { Instamojo } from '../nodes/Instamojo/Instamojo.node';
import { renderPayment } from '../sandbox/payments.cjs';
import { createLinkParameters, credentialFor, executeFunctions } from '../harness/standIn/actionNode';
import { benchItems, type BenchItem, linkFields } from './plainClient.cjs';
import { type Summary, summarize, timed } from './stats.cjs';

const BASE = 'https://api.instamojo.com';
const SELLER_ID = '6d1f0c2a9b8e4f7d8c3b2a1908f7e6d5';
const USER = `${BASE}/v2/users/${SELLER_ID}/`;

/** A created payment request as Instamojo (and the sandbox) answers it. */
export function cannedLink(index: number): IDataObject {
	const id = index.toString(16).padStart(32, '0');
	return {
		id,
		user: USER,
		phone: null,
		email: null,
		buyer_name: null,
		amount: '100.00',
		purpose: `Bench order ${index + 1}`,
		status: 'Pending',
		payments: [],
		send_sms: false,
		send_email: false,
		sms_status: null,
		email_status: null,
		shorturl: null,
		longurl: `${BASE}/@marketplace/${id}`,
		redirect_url: null,
		webhook: null,
		scheduled_at: null,
		expires_at: null,
		allow_repeated_payments: false,
		mark_fulfilled: true,
		partner: USER,
		partner_fee: null,
		partner_fee_type: null,
		created_at: '2026-11-25T10:00:16.978Z',
		modified_at: '2026-11-25T10:00:16.978Z',
		resource_uri: `${BASE}/v2/payment_requests/${id}/`,
	};
}

const CANNED_BODY = cannedLink(1);
const CANNED_JSON = Buffer.from(JSON.stringify(CANNED_BODY));

/** µs per item: median, min and max over the runs, and every run's figure. */
export interface OwnCostResult extends Summary {
	items: number;
}

/** Runs `once` `runs` times (after one warm-up run) and reports the median µs per item. */
async function measure(items: number, runs: number, once: () => Promise<number>): Promise<OwnCostResult> {
	const produced = await once(); // warm-up: JIT, lazy requires
	if (produced !== items) throw new Error(`expected ${items} output items, got ${produced}`);
	const perRun: number[] = [];
	for (let run = 0; run < runs; run++) {
		const { ms } = await timed(once);
		perRun.push((ms * 1000) / items);
	}
	return { items, ...summarize(perRun) };
}

/** Instamojo → Payment Link → Create, Simplify on, over `count` items, answered instantly. */
export async function instamojoOwnCost(count: number, runs: number, concurrency = 1): Promise<OwnCostResult> {
	const items = benchItems(count) as unknown as IDataObject[];
	const node = new Instamojo();
	const once = async (): Promise<number> => {
		const fns = executeFunctions({
			items,
			credential: credentialFor(BASE, { environment: 'production', clientId: 'bench', clientSecret: 'bench', accessToken: 'bench-token' }),
			parameters: createLinkParameters({
				actAs: 'credential',
				amount: (item: IDataObject) => item.amount,
				purpose: (item: IDataObject) => item.purpose,
				options: { concurrency },
			}),
		});
		const answer = async (): Promise<unknown> => ({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: { ...CANNED_BODY } });
		(fns as unknown as { helpers: IDataObject }).helpers = { httpRequest: answer, httpRequestWithAuthentication: answer };
		const [output] = await node.execute.call(fns);
		return output.length;
	};
	return await measure(count, runs, once);
}

/** Reads `a.b.c` from nested parameters, resolving functions of the item at any depth. */
function parameterAt(parameters: IDataObject, path: string, item: BenchItem, itemIndex: number): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === undefined || value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return resolveDeep(value, item, itemIndex);
}

function resolveDeep(value: unknown, item: BenchItem, itemIndex: number): unknown {
	if (typeof value === 'function') return (value as (i: BenchItem, n: number) => unknown)(item, itemIndex);
	if (Array.isArray(value)) return value.map((entry) => resolveDeep(entry, item, itemIndex));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolveDeep(entry, item, itemIndex)]));
	}
	return value;
}

/** The HTTP Request node's parameters for the same create, with a fixed bearer token. */
export function httpRequestParameters(url: string, token: string): IDataObject {
	const field = (name: keyof ReturnType<typeof linkFields>) => (item: BenchItem) => linkFields(item)[name];
	return {
		method: 'POST',
		url,
		authentication: 'none',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		bodyParameters: {
			parameters: (['amount', 'purpose', 'allow_repeated_payments', 'mark_fulfilled'] as const).map((name) => ({
				name,
				value: field(name),
			})),
		},
		options: {},
	};
}

/**
 * n8n's own HTTP Request node (V3, typeVersion 4.2) from the n8n install, over `count` items with the
 * same stand-in context and an instant `helpers.request`. Returns undefined when the node cannot be
 * loaded (no n8n install), which the report states.
 */
export async function httpRequestOwnCost(nodesBaseDir: string, count: number, runs: number): Promise<OwnCostResult | undefined> {
	let HttpRequestV3: new (description: unknown) => INodeType;
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		({ HttpRequestV3 } = require(`${nodesBaseDir}/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js`));
	} catch {
		return undefined;
	}
	const node = new HttpRequestV3({ displayName: 'HTTP Request', name: 'httpRequest', group: ['output'], description: '', defaultVersion: 4.2 });
	const items = benchItems(count);
	const parameters = httpRequestParameters(`${BASE}/v2/payment_requests/`, 'bench-token');
	const once = async (): Promise<number> => {
		const fns = httpRequestContext(items, parameters);
		const output = (await node.execute!.call(fns)) as INodeExecutionData[][];
		return output[0].length;
	};
	return await measure(count, runs, once);
}

function httpRequestContext(items: BenchItem[], parameters: IDataObject): IExecuteFunctions {
	const nodeDescription = { id: 'http', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [0, 0], parameters: {} };
	const context = {
		getInputData: () => items.map((json) => ({ json })),
		getNode: () => nodeDescription,
		getMode: () => 'webhook',
		getContext: () => ({}),
		isToolExecution: () => false,
		continueOnFail: () => false,
		sendMessageToUI: () => {},
		addExecutionHints: () => {},
		getExecutionCancelSignal: () => undefined,
		getNodeParameter: (name: string, itemIndex: number, ...fallback: unknown[]) => {
			const value = parameterAt(parameters, name, items[itemIndex] ?? items[0], itemIndex);
			if (value !== undefined) return value;
			if (fallback.length > 0) return fallback[0];
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: {
			request: async () => ({
				statusCode: 201,
				statusMessage: 'Created',
				headers: { 'content-type': 'application/json' },
				body: Buffer.from(CANNED_JSON),
			}),
			binaryToString: async (body: Buffer) => body.toString('utf8'),
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

/** A payment as Instamojo lists it (docs/instamojo-api.md §7), rendered by the sandbox's own renderer. */
function cannedPayment(index: number): IDataObject {
	const at = '2026-11-25T10:00:16.995Z';
	return renderPayment(BASE, {
		id: `MOJO${index.toString(36).padStart(16, '0')}`,
		paymentRequestId: index.toString(16).padStart(32, '0'),
		userId: SELLER_ID,
		partnerId: SELLER_ID,
		title: `Bulk payment ${index + 1}`,
		amountPaise: 10_000,
		buyerName: 'Sandbox Buyer',
		email: 'buyer@example.com',
		phone: '+919999999999',
		success: true,
		feesPaise: 500,
		taxesPaise: 90,
		partnerFeePaise: 0,
		held: false,
		failure: null,
		instrumentType: 'UPI',
		billingInstrument: 'UPI',
		caseIds: [],
		createdAt: at,
		updatedAt: at,
	}) as unknown as IDataObject;
}

export interface OwnMemoryResult {
	payments: number;
	/** The payments as one JSON array, in bytes. */
	jsonBytes: number;
	/** Largest growth of the JS heap during execute(), sampled every 2 ms after a full GC. */
	peakHeapGrowthBytes: number;
	/** What the output still holds after a full GC. */
	outputHeapBytes: number;
}

/**
 * The node's own memory for Get Many → Return All over `count` payments, in this process: each page is
 * parsed afresh from its JSON (as n8n's HTTP helper does) and handed over after yielding to the event
 * loop (as a network answer would). Needs `--expose-gc`; without it, undefined.
 */
export async function instamojoGetManyMemory(count: number): Promise<OwnMemoryResult | undefined> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return undefined;
	const payments = Array.from({ length: count }, (_, i) => cannedPayment(i));
	const jsonBytes = Buffer.byteLength(JSON.stringify(payments));
	const pageSize = 100;
	const pages = Array.from({ length: Math.ceil(count / pageSize) }, (_, i) => JSON.stringify(payments.slice(i * pageSize, (i + 1) * pageSize)));
	payments.length = 0;
	const answer = async (_type: string, options: { qs?: IDataObject }): Promise<unknown> => {
		await new Promise((resolve) => setImmediate(resolve));
		const page = Number(options.qs?.page ?? 1);
		const next = page < pages.length ? `${BASE}/v2/payments/?limit=${pageSize}&page=${page + 1}` : null;
		return { statusCode: 200, headers: {}, body: { count, next, previous: null, payments: JSON.parse(pages[page - 1] ?? '[]') } };
	};
	const fns = executeFunctions({
		credential: credentialFor(BASE, { environment: 'production', clientId: 'bench', clientSecret: 'bench', accessToken: 'bench-token' }),
		parameters: { resource: 'payment', operation: 'getAll', returnAll: true, simple: true, filters: {}, actAs: 'credential', options: {} },
	});
	(fns as unknown as { helpers: IDataObject }).helpers = { httpRequest: answer, httpRequestWithAuthentication: answer };
	gc();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2);
	const [output] = await new Instamojo().execute.call(fns);
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	gc();
	const outputHeapBytes = process.memoryUsage().heapUsed - baseline;
	if (output.length !== count) throw new Error(`expected ${count} payments, got ${output.length}`);
	return { payments: count, jsonBytes, peakHeapGrowthBytes: peak - baseline, outputHeapBytes };
}
