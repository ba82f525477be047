/**
 * The workflows the benchmark runs in real n8n. Each is started by a production webhook, so many
 * executions run in one long-lived n8n (a CLI `n8n execute` would boot n8n every time), and the
 * n8n process's CPU time around one call belongs to that execution.
 *
 * Payment-link workflows: Webhook (answers when the last node is done) → Split Out (the items in the
 * body) → the contender. The contenders send the same form fields per item (see linkFields).
 */
import { randomUUID } from 'node:crypto';

import { type CredentialRef, instamojoNode, instamojoTrigger, linearWorkflow, type Node, node, type WorkflowFixture } from '../harness/n8n/index.cjs';
import { httpRequestParameters } from './inProcess.cjs';

export const CREDENTIAL: CredentialRef = { type: 'instamojoApi', id: 'benchCredential1', name: 'Instamojo bench' };

/** n8n's Header Auth credential of the Webhook node that checks a shared secret: n8n's own verified webhook. */
export const HEADER_AUTH = { type: 'httpHeaderAuth', id: 'benchHeaderAuth1', name: 'Bench header auth', header: 'X-Bench-Key', value: 'bench-shared-secret' };

/** Where each workflow listens (`/webhook/<path>`), and its id. */
export const FLOWS = {
	nodeC1: { id: 'benchNodeC1Wf001', path: 'bench-node-c1', node: 'Instamojo' },
	nodeC10: { id: 'benchNodeC10Wf01', path: 'bench-node-c10', node: 'Instamojo' },
	nodeC10Fixed: { id: 'benchNodeFixedWf', path: 'bench-node-c10-fixed', node: 'Instamojo' },
	httpAll: { id: 'benchHttpAllWf01', path: 'bench-http-all', node: 'HTTP Request' },
	httpLoop1: { id: 'benchHttpLoop1W1', path: 'bench-http-loop1', node: 'HTTP Request' },
	httpLoop10: { id: 'benchHttpLoop10W', path: 'bench-http-loop10', node: 'HTTP Request' },
	getMany: { id: 'benchGetManyWf01', path: 'bench-get-many', node: 'Instamojo' },
	getManyUnsaved: { id: 'benchGetManyNoSv', path: 'bench-get-many-unsaved', node: 'Instamojo' },
	// A trigger's URL is /webhook/<its webhookId>/webhook.
	trigger: { id: 'benchTriggerWf01', path: '3f6b8a2c-1d4e-4f5a-9b7c-8e0d1f2a3b4c/webhook', node: 'Instamojo Trigger' },
	triggerNoDedup: { id: 'benchTriggerNoDd', path: '5a7c9e1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d/webhook', node: 'Instamojo Trigger' },
	triggerApi: { id: 'benchTriggerApi1', path: '8d2e4f6a-7b9c-4d1e-8f2a-3b4c5d6e7f80/webhook', node: 'Instamojo Trigger' },
	triggerSalt: { id: 'benchTriggerSalt', path: '1c3e5a7b-9d2f-4b6c-8e1a-3c5e7a9b1d2f/webhook', node: 'Instamojo Trigger' },
	webhook: { id: 'benchWebhookWf01', path: 'bench-plain-webhook', node: 'Webhook' },
	webhookAuth: { id: 'benchWebhookAuth', path: 'bench-header-auth-webhook', node: 'Webhook' },
} as const;

export type FlowName = keyof typeof FLOWS;

type TriggerFlow = 'trigger' | 'triggerNoDedup' | 'triggerApi' | 'triggerSalt';

/** The current version of the Instamojo Trigger, with `parameters` over its defaults. */
function triggerWorkflow(flow: TriggerFlow, name: string, parameters: Record<string, unknown>): WorkflowFixture {
	const webhookId = FLOWS[flow].path.split('/')[0];
	return linearWorkflow(FLOWS[flow].id, name, [instamojoTrigger('Instamojo Trigger', webhookId, parameters, CREDENTIAL, 2)]);
}

/** n8n's Webhook node; `lastNode` answers when the execution is done, `onReceived` at once with no body. */
function webhook(path: string, responseMode: 'lastNode' | 'onReceived', headerAuth = false): Node {
	const options = responseMode === 'onReceived' ? { noResponseBody: true } : {};
	const authentication = headerAuth ? { authentication: 'headerAuth' } : {};
	return {
		...node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode, ...authentication, options }),
		webhookId: randomUUID(),
		...(headerAuth ? { credentials: { [HEADER_AUTH.type]: { id: HEADER_AUTH.id, name: HEADER_AUTH.name } } } : {}),
	};
}

function splitItems(): Node {
	return node('Items', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} });
}

/**
 * Our node creating a link per item. `fixed` uses the same amount and purpose for every item instead
 * of expressions: the difference is what n8n's expression engine costs per item.
 */
function createLinkNode(concurrency: number, fixed = false, credential = CREDENTIAL): Node {
	return instamojoNode(
		'Instamojo',
		{
			resource: 'paymentLink',
			operation: 'create',
			// The marketplace's own links (no commission, no hold), so the bench needs no seller's token.
			actAs: 'credential',
			amount: fixed ? 100 : '={{ $json.amount }}',
			purpose: fixed ? 'Bench order' : '={{ $json.purpose }}',
			options: { concurrency },
		},
		credential,
	);
}

/** Webhook → Split Out → our node creating a link per item, with any credential (for tests). */
export function createLinksWorkflow(id: string, path: string, concurrency: number, credential: CredentialRef): WorkflowFixture {
	return linearWorkflow(id, `Create links, Concurrency ${concurrency}`, [webhook(path, 'lastNode'), splitItems(), createLinkNode(concurrency, false, credential)]);
}

function getManyPayments(path: string): Node[] {
	return [webhook(path, 'lastNode'), instamojoNode('Instamojo', { resource: 'payment', operation: 'getAll', returnAll: true }, CREDENTIAL)];
}

/** n8n's HTTP Request node making the same create with a fixed bearer token, as a user would build it. */
function httpCreateNode(sandboxUrl: string, token: string): Node {
	const parameters = httpRequestParameters(`${sandboxUrl}/v2/payment_requests/`, token);
	const expression = (name: string): string =>
		name === 'amount' ? '={{ $json.amount.toFixed(2) }}' : name === 'purpose' ? '={{ $json.purpose }}' : name === 'mark_fulfilled' ? 'true' : 'false';
	const body = parameters.bodyParameters as { parameters: Array<{ name: string }> };
	return node('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, {
		...parameters,
		bodyParameters: { parameters: body.parameters.map(({ name }) => ({ name, value: expression(name) })) },
	});
}

/**
 * The HTTP Request node inside Loop Over Items: the one way n8n offers to keep at most `batchSize`
 * requests in flight (the HTTP Request node alone starts every item's request at once).
 */
function loopedHttp(id: string, path: string, batchSize: number, sandboxUrl: string, token: string): WorkflowFixture {
	const nodes = [
		webhook(path, 'lastNode'),
		splitItems(),
		node('Loop', 'n8n-nodes-base.splitInBatches', 3, { batchSize, options: {} }),
		node('Done', 'n8n-nodes-base.noOp', 1, {}),
		httpCreateNode(sandboxUrl, token),
	];
	const to = (target: string) => ({ node: target, type: 'main', index: 0 });
	return {
		id,
		name: `Bench: HTTP Request in Loop Over Items (${batchSize})`,
		nodes: nodes.map((n, i) => ({ ...n, position: [i * 220, 0] })),
		connections: {
			Webhook: { main: [[to('Items')]] },
			Items: { main: [[to('Loop')]] },
			// Loop Over Items v3: output 0 is "done", output 1 is "loop".
			Loop: { main: [[to('Done')], [to('HTTP Request')]] },
			'HTTP Request': { main: [[to('Loop')]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Every workflow of the benchmark. `token` is the HTTP Request node's fixed bearer token. */
export function benchWorkflows(sandboxUrl: string, token: string): WorkflowFixture[] {
	return [
		linearWorkflow(FLOWS.nodeC1.id, 'Bench: Instamojo create, Concurrency 1', [webhook(FLOWS.nodeC1.path, 'lastNode'), splitItems(), createLinkNode(1)]),
		linearWorkflow(FLOWS.nodeC10.id, 'Bench: Instamojo create, Concurrency 10', [webhook(FLOWS.nodeC10.path, 'lastNode'), splitItems(), createLinkNode(10)]),
		linearWorkflow(FLOWS.httpAll.id, 'Bench: HTTP Request create', [webhook(FLOWS.httpAll.path, 'lastNode'), splitItems(), httpCreateNode(sandboxUrl, token)]),
		loopedHttp(FLOWS.httpLoop1.id, FLOWS.httpLoop1.path, 1, sandboxUrl, token),
		loopedHttp(FLOWS.httpLoop10.id, FLOWS.httpLoop10.path, 10, sandboxUrl, token),
		linearWorkflow(FLOWS.nodeC10Fixed.id, 'Bench: Instamojo create, Concurrency 10, no expressions', [
			webhook(FLOWS.nodeC10Fixed.path, 'lastNode'),
			splitItems(),
			createLinkNode(10, true),
		]),
		linearWorkflow(FLOWS.getMany.id, 'Bench: Instamojo Get Many payments', getManyPayments(FLOWS.getMany.path)),
		// n8n keeps no data of its successful executions: what the execution costs without saving 20,000 items.
		{
			...linearWorkflow(FLOWS.getManyUnsaved.id, 'Bench: Instamojo Get Many payments, not saved', getManyPayments(FLOWS.getManyUnsaved.path)),
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
		},
		// The defaults: Private Salt, Else Ask Instamojo; Ignore Repeat Deliveries on.
		triggerWorkflow('trigger', 'Bench: Instamojo Trigger', {}),
		// The defaults without deduplication: what remembering deliveries costs.
		triggerWorkflow('triggerNoDedup', 'Bench: Instamojo Trigger, no deduplication', { deduplicate: false }),
		triggerWorkflow('triggerApi', 'Bench: Instamojo Trigger, Ask Instamojo', { verification: 'api' }),
		triggerWorkflow('triggerSalt', 'Bench: Instamojo Trigger, Private Salt only', { verification: 'salt' }),
		linearWorkflow(FLOWS.webhook.id, 'Bench: plain Webhook', [webhook(FLOWS.webhook.path, 'onReceived')]),
		linearWorkflow(FLOWS.webhookAuth.id, 'Bench: Webhook with Header Auth', [webhook(FLOWS.webhookAuth.path, 'onReceived', true)]),
	];
}

/** The workflows whose triggers must be live. */
export const WEBHOOK_FLOWS: FlowName[] = Object.keys(FLOWS) as FlowName[];
