/**
 * Workflow fixtures for real-n8n runs, built in code so each test states only what matters to it: n8n's
 * own nodes, ours as the installed package names them, and workflows wiring them one after the other. Ids
 * are fixed 16-character strings (n8n's own ids are 16-character nanoids) so tests can refer to them.
 */
import { randomUUID } from 'node:crypto';

/** The shape `n8n import:workflow` takes. */
export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** One node of a workflow fixture. */
export type Node = Record<string, unknown> & { name: string };

/** A saved credential as a node refers to it. */
export type CredentialRef = { type: string; id: string; name: string };

export function manualTrigger(name = 'Start'): Node {
	return node(name, 'n8n-nodes-base.manualTrigger', 1, {});
}

/**
 * n8n's own HTTP Request node using a credential type of ours: n8n then calls the credential's
 * preAuthentication/authenticate exactly as it does for our own nodes' requests.
 */
export function httpRequestWithCredential(
	name: string,
	url: string,
	credential: CredentialRef,
	method = 'GET',
): Node {
	return {
		...node(name, 'n8n-nodes-base.httpRequest', 4.2, {
			method,
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: credential.type,
			options: {},
		}),
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/** n8n's Set node assigning fixed values. */
export function setValues(name: string, values: Record<string, string | number | boolean>): Node {
	const assignments = Object.entries(values).map(([key, value]) => ({
		id: randomUUID(),
		name: key,
		value,
		type: typeof value,
	}));
	return node(name, 'n8n-nodes-base.set', 3.4, {
		mode: 'manual',
		assignments: { assignments },
		options: {},
	});
}

/**
 * n8n's Webhook node on `/webhook/<path>`, answering with the last node's first item. A fixed webhookId
 * keeps the URL at `/webhook/<path>` (without one n8n prefixes the workflow id and node name).
 */
export function webhookTrigger(name: string, path: string): Node {
	return {
		...node(name, 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			options: {},
		}),
		webhookId: randomUUID(),
	};
}

/** A workflow whose nodes run one after the other, in the given order. */
export function linearWorkflow(id: string, name: string, nodes: Node[]): WorkflowFixture {
	const placed = nodes.map((n, i) => ({ ...n, position: [i * 220, 0] }));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		nodes: placed,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Any node by its type and version, with a fresh id, before linearWorkflow places it. */
export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
): Node {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters };
}

/** The output items of a node's first run, as plain JSON. */
export function outputOf(
	runData: Record<string, Array<Record<string, any>>>,
	nodeName: string,
): Array<Record<string, any>> {
	const items = runData[nodeName]?.[0]?.data?.main?.[0] as
		| Array<{ json: Record<string, any> }>
		| undefined;
	return (items ?? []).map((item) => item.json);
}

function withCredential(target: Node, credential: CredentialRef): Node {
	return {
		...target,
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/** Our action node, as the package installed in n8n names it. */
export function instamojoNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: CredentialRef,
): Node {
	return withCredential(node(name, 'n8n-nodes-instamojo.instamojo', 1, parameters), credential);
}

/**
 * Seller → Onboard with the seller's email, password and phone from the item (`$json`); the bank account
 * is given as values or expressions.
 */
export function onboardNode(
	credential: CredentialRef,
	bankAccount: { accountHolderName: string; accountNumber: string; ifscCode: string },
): Node {
	return instamojoNode(
		'Onboard',
		{
			resource: 'seller',
			operation: 'onboard',
			email: '={{ $json.email }}',
			password: '={{ $json.password }}',
			phone: '={{ $json.phone }}',
			...bankAccount,
		},
		credential,
	);
}

/**
 * Create Payment Link as a marketplace uses it: ₹499 for a handmade lamp, a 10 % commission, the payout
 * held until released, and Instamojo's payment webhook sent to `webhookUrl` (an Instamojo Trigger). In
 * My Account, the credential's own account: a commission or hold needs a user's token there, so the
 * credential has the User or Refresh Token flow (an Application credential is refused before sending).
 */
export function heldLinkNode(name: string, webhookUrl: string, credential: CredentialRef): Node {
	return instamojoNode(
		name,
		{
			resource: 'paymentLink',
			operation: 'create',
			actAs: 'credential',
			amount: 499,
			purpose: 'Handmade lamp',
			commissionType: 'percent',
			commissionPercent: 10,
			holdPayout: true,
			additionalFields: { webhook: webhookUrl },
		},
		credential,
	);
}

/**
 * Our trigger with a fixed webhookId, so its production URL is `/webhook/<webhookId>/webhook`
 * (n8n's path for a node with a webhookId and a relative webhook path). Version 1 (Verify MAC) unless
 * `typeVersion` says 2 (Verify Deliveries).
 */
export function instamojoTrigger(
	name: string,
	webhookId: string,
	parameters: Record<string, unknown>,
	credential: CredentialRef,
	typeVersion = 1,
): Node {
	return {
		...withCredential(
			node(name, 'n8n-nodes-instamojo.instamojoTrigger', typeVersion, parameters),
			credential,
		),
		webhookId,
	};
}

/** The Instamojo Payment Poll Trigger, checking at the given Poll Times (n8n's `pollTimes.item` entries). */
export function paymentPollTrigger(
	name: string,
	pollTimes: Array<Record<string, unknown>>,
	credential: CredentialRef,
	parameters: Record<string, unknown> = {},
): Node {
	return withCredential(
		node(name, 'n8n-nodes-instamojo.instamojoPaymentPollTrigger', 1, {
			pollTimes: { item: pollTimes },
			...parameters,
		}),
		credential,
	);
}
