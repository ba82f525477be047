/**
 * A local, stateful stand-in for Instamojo's Marketplace API (docs/sandbox.md, docs/instamojo-api.md):
 * the OAuth2 token endpoint, the /v2/ resources, and a control API under /_sandbox/ for tests and demos.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { type ApiRoute, checkTokenKind } from './api.cjs';
import { CONTROL_ROUTES, type ControlContext, type SandboxRuntime } from './control.cjs';
import {
	copyDecisions,
	type Decisions,
	type ProfileName,
	profileDecisions,
	validateDecisions,
} from './decisions.cjs';
import { describeFault, type Fault, FaultQueue, statusFaultReply } from './faults.cjs';
import {
	ApiError,
	errorReply,
	matchRoute,
	mediaType,
	methodNotAllowed,
	notFound,
	parseBody,
	readBody,
	type Body,
	type Reply,
	sendReply,
	withoutTrailingSlash,
} from './http.cjs';
import { type LogEntry, logAuth, redact, RequestLog } from './log.cjs';
import { PAYMENT_REQUEST_ROUTES } from './paymentRequests.cjs';
import { PAYMENT_ROUTES } from './payments.cjs';
import { REFUND_ROUTES } from './refunds.cjs';
import { createState, DEFAULT_SEED, loadSeed, type SandboxState, type SeedData } from './state.cjs';
import { handleTokenRequest, isAuthenticated, resolveBearer } from './tokens.cjs';
import { USER_ROUTES } from './users.cjs';

export { DEFAULT_SEED } from './state.cjs';
export { DEFAULT_DECISIONS, PROFILE_NAMES, profileDecisions } from './decisions.cjs';
export type { Decisions, ProfileName } from './decisions.cjs';
export type { LogEntry } from './log.cjs';
export type { SandboxState, SeedData } from './state.cjs';

export interface SandboxOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Defaults to 127.0.0.1. */
	host?: string;
	seed?: Partial<SeedData>;
	/**
	 * The world to start in (docs/sandbox.md "Profiles"); default: env `INSTAMOJO_SANDBOX_PROFILE`, else
	 * 'documented'. `decisions` then override single answers on top of it.
	 */
	profile?: ProfileName;
	decisions?: Partial<Decisions>;
	/** `expires_in` of every access token; 36000 like Instamojo's (docs/instamojo-api.md §2). */
	tokenLifetimeSeconds?: number;
}

export interface Sandbox {
	/** `http://127.0.0.1:PORT`, without a trailing slash. */
	url: string;
	port: number;
	log(): LogEntry[];
	clearLog(): void;
	/** The live state, for assertions. `reset()` refills it in place. */
	state: SandboxState;
	/** The live decisions; changing a field takes effect on the next request. */
	decisions: Decisions;
	/** The profile whose decisions were last loaded (at start, by `reset()` or `PUT /_sandbox/profile`). */
	readonly profile: ProfileName;
	/** Loads a profile's decisions in place of the live ones; `reset()` returns to the start profile. */
	useProfile(name: ProfileName): void;
	/** Back to the seed, the start profile and the start decisions; clears the log and the faults. */
	reset(): void;
	close(): Promise<void>;
}

const API_ROUTES: ApiRoute[] = [
	...USER_ROUTES,
	...PAYMENT_REQUEST_ROUTES,
	...PAYMENT_ROUTES,
	...REFUND_ROUTES,
];
const TOKEN_PATH = '/oauth2/token';
const CONTROL_PREFIX = '/_sandbox/';
const DEFAULT_TOKEN_LIFETIME_SECONDS = 36000;

/** Everything a request handler needs from one running sandbox. */
interface Runtime extends SandboxRuntime {
	lifetimeSeconds: number;
	url: string;
}

/** An unreffed timer, so a delay fault in flight never keeps a closed sandbox's process alive. */
const sleep = async (ms: number): Promise<void> =>
	await new Promise((resolve) => setTimeout(resolve, ms).unref());

const unauthenticated = (): ApiError =>
	new ApiError(
		401,
		{ success: false, message: 'Authentication credentials were not provided.' },
		{ 'www-authenticate': 'Bearer realm="api"' },
	);

interface ApiInput {
	base: string;
	path: string;
	query: Record<string, string>;
	body: Body;
}

/** Routes one parsed /v2/ or /oauth2/ request, recording who called into the log entry. */
async function routeApi(
	runtime: Runtime,
	request: IncomingMessage,
	entry: LogEntry,
	input: ApiInput,
): Promise<Reply> {
	const { state, decisions } = runtime;
	const method = entry.method;
	if (withoutTrailingSlash(input.path) === TOKEN_PATH) {
		if (method !== 'POST') return methodNotAllowed(method, ['POST']);
		const outcome = handleTokenRequest(
			state,
			{ decisions, lifetimeSeconds: runtime.lifetimeSeconds },
			input.body,
			request.headers.authorization,
		);
		entry.grantType = outcome.grantType;
		entry.clientId = outcome.clientId;
		return outcome.reply;
	}
	const auth = resolveBearer(state, request.headers.authorization);
	entry.auth = logAuth(auth);
	const match = matchRoute(API_ROUTES, method, input.path);
	// As in Django: an unknown URL is 404 before authentication; authentication comes before the method check.
	if (match.kind === 'none') throw notFound();
	if (!isAuthenticated(auth)) throw unauthenticated();
	if (match.kind === 'wrong-method') return methodNotAllowed(method, match.allowed);
	checkTokenKind(match.route.token, auth);
	return await match.route.handler({ state, decisions, ...input, params: match.params, auth });
}

async function answerApi(
	runtime: Runtime,
	request: IncomingMessage,
	entry: LogEntry,
	fault: Fault | undefined,
	base: string,
): Promise<Reply> {
	try {
		const body = parseBody(entry.contentType, await readBody(request));
		entry.body = redact(body);
		if (fault?.type === 'status') return statusFaultReply(fault);
		return await routeApi(runtime, request, entry, {
			base,
			path: entry.path,
			query: entry.query,
			body,
		});
	} catch (error) {
		return errorReply(error);
	}
}

/** Python's `str(True)`: how a server that stringifies its booleans answers them. */
function pythonBooleans(value: unknown): unknown {
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	if (Array.isArray(value)) return value.map(pythonBooleans);
	if (typeof value === 'object' && value !== null)
		return Object.fromEntries(
			Object.entries(value).map(([key, item]) => [key, pythonBooleans(item)]),
		);
	return value;
}

/** Every boolean of an answer in the `booleanFormat` decision's form (docs/instamojo-api.md §3). */
const inBooleanFormat = (reply: Reply, format: Decisions['booleanFormat']): Reply =>
	format === 'python' ? { ...reply, body: pythonBooleans(reply.body) } : reply;

async function handleApi(
	runtime: Runtime,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	base: string,
): Promise<void> {
	const entry = runtime.log.open(
		request.method ?? 'GET',
		url.pathname,
		Object.fromEntries(url.searchParams),
	);
	entry.contentType = mediaType(request.headers['content-type']);
	const fault = runtime.faults.take(entry.method, entry.path);
	if (fault) entry.fault = describeFault(fault);
	if (fault?.type === 'delay') await sleep(fault.ms);
	const reply = inBooleanFormat(
		await answerApi(runtime, request, entry, fault, base),
		runtime.decisions.booleanFormat,
	);
	entry.status = reply.status;
	// A drop fault: the request took effect, but the client never hears about it.
	if (fault?.type === 'drop') request.socket.destroy();
	else sendReply(response, reply);
}

async function answerControl(
	runtime: Runtime,
	request: IncomingMessage,
	url: URL,
	base: string,
): Promise<Reply> {
	try {
		const match = matchRoute(CONTROL_ROUTES, request.method ?? 'GET', url.pathname);
		if (match.kind === 'none') throw notFound();
		if (match.kind === 'wrong-method')
			return methodNotAllowed(request.method ?? 'GET', match.allowed);
		// The control API speaks JSON whatever the header says: `curl -d '{...}'` labels JSON as a form.
		const body = parseBody('application/json', await readBody(request));
		const context: ControlContext = { ...runtime, base, body, params: match.params };
		return await match.route.handler(context);
	} catch (error) {
		return errorReply(error);
	}
}

async function handleRequest(
	runtime: Runtime,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const url = new URL(request.url ?? '/', runtime.url);
	// Links in bodies point at the host the client used, as Instamojo's do (docs/instamojo-api.md §2).
	const base = request.headers.host ? `http://${request.headers.host}` : runtime.url;
	try {
		if (url.pathname.startsWith(CONTROL_PREFIX))
			sendReply(response, await answerControl(runtime, request, url, base));
		else await handleApi(runtime, request, response, url, base);
	} catch (error) {
		if (!response.headersSent) sendReply(response, errorReply(error));
	}
}

async function listen(server: Server, port: number, host: string): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return (server.address() as { port: number }).port;
}

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Tooling may pick the world for a whole test run (jest sets it per project). */
const envProfile = (): ProfileName =>
	(process.env.INSTAMOJO_SANDBOX_PROFILE || 'documented') as ProfileName;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const seed: SeedData = { ...DEFAULT_SEED, ...options.seed };
	const startProfile = options.profile ?? envProfile();
	const startDecisions: Decisions = {
		...profileDecisions(startProfile),
		...validateDecisions(options.decisions ?? {}),
	};
	const decisions = copyDecisions(startDecisions);
	const state = createState();
	loadSeed(state, seed);
	const log = new RequestLog();
	const faults = new FaultQueue();
	const reset = (): void => {
		loadSeed(state, seed);
		Object.assign(decisions, copyDecisions(startDecisions));
		runtime.profile = startProfile;
		log.clear();
		faults.clear();
	};
	const useProfile = (name: ProfileName): void => {
		Object.assign(decisions, profileDecisions(name));
		runtime.profile = name;
	};

	const host = options.host ?? '127.0.0.1';
	const runtime: Runtime = {
		state,
		decisions,
		log,
		faults,
		profile: startProfile,
		useProfile,
		reset,
		lifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
		url: '',
	};
	const server = createServer(
		(request, response) => void handleRequest(runtime, request, response),
	);
	const port = await listen(server, options.port ?? 0, host);
	runtime.url = `http://${hostForUrl(host)}:${port}`;

	return {
		url: runtime.url,
		port,
		log: () => log.list(),
		clearLog: () => log.clear(),
		state,
		decisions,
		get profile() {
			return runtime.profile;
		},
		useProfile,
		reset,
		close: async () =>
			await new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				// Keep-alive sockets of test clients would otherwise hold close() open for seconds.
				server.closeAllConnections();
			}),
	};
}
