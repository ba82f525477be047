/**
 * Runs the Instamojo Trigger's real `webhook()` and `webhookMethods` with a stand-in for n8n's webhook
 * context: the request (headers, raw body, n8n's own parse of it), the response object, node parameters
 * (unset ones take the description's defaults), workflow static data, the mode (production `webhook`
 * or test `manual`) and the credential store with n8n's HTTP behaviour (./n8nCore.ts).
 * The HTTP answer is worked out the way n8n 2.41 `webhook-helpers.ts` does from what `webhook()` returns.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { InstamojoTrigger } from '../../nodes/Instamojo/InstamojoTrigger.node';
import { authenticatedRequest, parameterDefaults, StoredCredential, TEST_NODE } from './n8nCore';

export const SALT = '0123456789abcdef0123456789abcdef';
export const FORM = 'application/x-www-form-urlencoded';

const trigger = new InstamojoTrigger();

export interface TriggerSetup {
	parameters?: Record<string, unknown>;
	credential?: StoredCredential;
	/** `webhook` for the active workflow's production URL, `manual` for the test URL. Default `webhook`. */
	mode?: 'webhook' | 'manual';
	/** The node's workflow static data; pass the same object to several deliveries to share it. */
	staticData?: IDataObject;
	/** The node's version; default the current one. */
	typeVersion?: number;
	/**
	 * The workflow's id. Deliveries with the same id share the trigger's in-process state (its budget of API
	 * reads, remembered reads); by default each delivery gets a fresh one, so tests do not see each other.
	 */
	workflowId?: string;
	/**
	 * The id n8n gives the node's credential. By default each StoredCredential has an id of its own, so
	 * deliveries with the same credential share the trigger's cached copy of it and tests with another
	 * do not; null for a node whose credential has no id (nothing is cached).
	 */
	credentialId?: string | null;
}

export interface Delivery {
	/** The raw body as sent; omit to simulate a request that reaches the node without `rawBody`. */
	body?: string | Uint8Array;
	/** Content-Type header; null for none. Default form-urlencoded. */
	contentType?: string | null;
	/** What n8n's body parser made of it (Node's querystring for forms). */
	parsedBody?: IDataObject;
}

export interface TriggerRun {
	status: number;
	/** What the sender read back. */
	body: unknown;
	/** Whether an execution starts, and with which items. */
	started: boolean;
	items: IDataObject[];
	warnings: string[];
	/** Every `httpRequestWithAuthentication` call: which credential type, which request. */
	authenticatedRequests: Array<{ credentialType: string; options: IHttpRequestOptions }>;
	/** How many times the node read (and n8n would decrypt) the credential. */
	credentialReads: number;
}

/** A credential as n8n stores it for the sandbox, with the Private Salt under test. */
export function triggerCredential(fields: ICredentialDataDecryptedObject = {}): StoredCredential {
	return new StoredCredential({
		environment: 'custom',
		baseUrl: 'http://127.0.0.1:9',
		clientId: 'client-id',
		clientSecret: 'client-secret',
		authentication: 'application',
		accessToken: '',
		rotatedRefreshToken: '',
		expiresAt: '',
		privateSaltSecret: SALT,
		...fields,
	});
}

/** The version n8n gives a trigger added today. */
export const CURRENT_VERSION = trigger.description.defaultVersion as number;

const credentialIds = new WeakMap<StoredCredential, string>();
let credentials = 0;

function credentialIdOf(credential: StoredCredential): string {
	let id = credentialIds.get(credential);
	if (id === undefined) {
		id = `credential-${++credentials}`;
		credentialIds.set(credential, id);
	}
	return id;
}

function nodeOf(setup: TriggerSetup, credential: StoredCredential): INode {
	const id = setup.credentialId === undefined ? credentialIdOf(credential) : setup.credentialId;
	return {
		...TEST_NODE,
		id: 'instamojo-trigger',
		name: 'Instamojo Trigger',
		type: 'n8n-nodes-instamojo.instamojoTrigger',
		typeVersion: setup.typeVersion ?? CURRENT_VERSION,
		credentials: { instamojoApi: { id, name: 'Instamojo account' } },
	};
}

let workflows = 0;

function bytesOf(body: string | Uint8Array): Uint8Array {
	return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** Node's querystring.parse as n8n applies it to form bodies: repeated keys become arrays. */
function querystringParse(body: string): IDataObject {
	const parsed: IDataObject = {};
	for (const [key, value] of new URLSearchParams(body)) {
		const existing = parsed[key];
		parsed[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return parsed;
}

function contextFor(setup: TriggerSetup, delivery: Delivery, run: TriggerRun, sent: { status?: number; body?: unknown }) {
	const parameters = { ...parameterDefaults(trigger.description), ...setup.parameters };
	const credential = setup.credential ?? triggerCredential();
	const contentType = delivery.contentType === undefined ? FORM : delivery.contentType;
	const staticData = setup.staticData ?? {};
	const node = nodeOf(setup, credential);
	const workflow = { id: setup.workflowId ?? `workflow-${++workflows}`, name: 'Test workflow', active: true };
	const response = {
		status(code: number) {
			sent.status = code;
			return response;
		},
		type() {
			return response;
		},
		send(body: unknown) {
			sent.body = body;
			return response;
		},
		end() {
			return response;
		},
	};
	const parsedBody =
		delivery.parsedBody ?? (typeof delivery.body === 'string' && contentType === FORM ? querystringParse(delivery.body) : {});
	return {
		getNode: () => node,
		getWorkflow: () => workflow,
		getMode: () => setup.mode ?? 'webhook',
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async (type: string) => {
			if (type !== 'instamojoApi') throw new Error(`unexpected credential type ${type}`);
			run.credentialReads++;
			return credential.read();
		},
		getHeaderData: () => (contentType === null ? {} : { 'content-type': contentType }),
		getRequestObject: () => ({ rawBody: delivery.body === undefined ? undefined : bytesOf(delivery.body) }),
		getResponseObject: () => response,
		getBodyData: () => parsedBody,
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		logger: {
			warn: (message: string) => run.warnings.push(message),
			info: () => undefined,
			debug: () => undefined,
			error: () => undefined,
		},
		helpers: {
			returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })),
			httpRequestWithAuthentication: authenticatedRequest(credential, (credentialType, options) =>
				run.authenticatedRequests.push({ credentialType, options }),
			),
		},
	};
}

/** n8n's answer for what `webhook()` returned (responseMode onReceived). */
function answer(result: IWebhookResponseData, sent: { status?: number; body?: unknown }): Pick<TriggerRun, 'status' | 'body' | 'started'> {
	if (result.noWebhookResponse) {
		if (sent.status === undefined) throw new Error('noWebhookResponse without an answer sent: the sender would hang');
		return { status: sent.status, body: sent.body, started: result.workflowData !== undefined };
	}
	if (result.workflowData === undefined) {
		return { status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' }, started: false };
	}
	// responseData 'noData': n8n starts the execution, then answers 200 with no body.
	return { status: 200, body: undefined, started: true };
}

/** What a delivery, an activation or a deactivation has seen before it starts. */
function emptyRun(): TriggerRun {
	return { status: 0, body: undefined, started: false, items: [], warnings: [], authenticatedRequests: [], credentialReads: 0 };
}

/** One delivery through the trigger's `webhook()`. */
export async function deliver(delivery: Delivery, setup: TriggerSetup = {}): Promise<TriggerRun> {
	const run = emptyRun();
	const sent: { status?: number; body?: unknown } = {};
	const context = contextFor(setup, delivery, run, sent);
	const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
	Object.assign(run, answer(result, sent));
	run.items = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return run;
}

/** Activation as n8n runs it: `checkExists`, then `create` only when that says false. */
export async function activate(setup: TriggerSetup = {}): Promise<{ created: boolean }> {
	const context = contextFor(setup, {}, emptyRun(), {});
	const hooks = context as unknown as IHookFunctions;
	const methods = trigger.webhookMethods.default;
	if (await methods.checkExists.call(hooks)) return { created: false };
	return { created: await methods.create.call(hooks) };
}

export async function deactivate(setup: TriggerSetup = {}): Promise<boolean> {
	const context = contextFor(setup, {}, emptyRun(), {});
	return await trigger.webhookMethods.default.delete.call(context as unknown as IHookFunctions);
}
