/**
 * No secret leaks, in real n8n. The five example workflows of examples/ run as a marketplace uses them
 * (harness/examples/stack.cts's ExampleStack: onboarding form, selling as the seller, the payment webhook, the
 * scheduled release, the refund desk), and, in the same n8n, the flows the examples do not use: a User-flow
 * credential, Token → Get Seller Tokens → Refresh Seller Tokens → acting as the seller, Get Application
 * Token, a wrong seller password, a mistyped client secret. Then everything n8n kept is searched: its
 * database and write-ahead log as raw bytes (execution data and Data Tables are stored there), its logs,
 * and every output.
 *
 * - Never anywhere: client secrets (also a mistyped one), the User-flow credential's password, the private
 *   salt, the refund desk's login, and every token the API issued that no operation returned (held by a
 *   credential, or used by Act As and not returned).
 * - Tokens an operation exists to return (Seller → Onboard, Token → Get Seller Tokens / Refresh Seller
 *   Tokens / Get Application Token, the rotated `refresh_token` of Act As: Seller (Refresh Token); README
 *   "Operations that return tokens") appear in those nodes' outputs and where a workflow stores them (the
 *   examples' Data Table), never in another Instamojo node's output, never in logs.
 * - Passwords a workflow passes in items (also the one typed into example 1's form) sit in the items that
 *   carry them; they must not appear in any Instamojo node's output or error, nor in logs. Where n8n keeps
 *   the form's answers on disk although example 1 saves no execution data is reported (docs/reliability.md).
 */
import { randomBytes } from 'node:crypto';

import { DEMO_SELLER, DESK_LOGIN } from '../../harness/examples/catalog.cjs';
import { ExampleStack } from '../../harness/examples/stack.cjs';
import { type CredentialRef, instamojoCredential, instamojoNode, onboardNode, outputOf, packPackage, type WorkflowFixture } from '../../harness/n8n/index.cjs';
import { bulkPayments } from '../support/marketplace';
import { DEFAULT_SEED } from '../../sandbox/server.cjs';
import { submitRefunds } from './exampleSteps.cjs';
import { findSecrets, itemPath, itemWorkflow, type OutputItem, readN8nLogs, report, runItems, scanN8nData, type Secret, tolerantNode } from './reliability.cjs';

/** A value no run has seen before, so finding it anywhere proves a leak. */
const unique = (label: string): string => `${label}-${randomBytes(6).toString('hex')}`;

const WRONG_CLIENT_SECRET = unique('mistyped-client-secret');
const SELLER = {
	email: 'leak-check@shop.example',
	password: unique('seller-onboard-password'),
	phone: '9876543213',
	accountHolderName: 'Leak Check',
	accountNumber: '001234567890',
	ifscCode: 'SBIN0123456',
};
const WRONG_SELLER_PASSWORD = unique('wrong-seller-password');

const INSTAMOJO_NODE = 'n8n-nodes-instamojo.instamojo';
/** Operations whose output carries tokens by design. */
const TOKEN_OPERATIONS = ['onboard', 'getSellerTokens', 'refreshSellerTokens', 'getApplicationToken'];
const TOKEN_FIELDS = ['access_token', 'refresh_token'];

type WorkflowNode = OutputItem & { name: string; type: string };

/** Whether a node of a workflow returns tokens on purpose. */
function returnsTokens(node: WorkflowNode | undefined): boolean {
	if (node?.type !== INSTAMOJO_NODE) return false;
	return TOKEN_OPERATIONS.includes(String(node.parameters?.operation)) || node.parameters?.actAs === 'sellerRefreshToken';
}

/** The flows the examples do not cover, on the credentials created for them. */
function extraWorkflows(app: CredentialRef, user: CredentialRef, bad: CredentialRef): Record<string, WorkflowFixture> {
	const sellerLogin = { username: '={{ $json.username }}', password: '={{ $json.password }}' };
	return {
		onboard: itemWorkflow('secrOnboardWf001', 'secrets-onboard', [
			onboardNode(app, {
				accountHolderName: '={{ $json.accountHolderName }}',
				accountNumber: '={{ $json.accountNumber }}',
				ifscCode: '={{ $json.ifscCode }}',
			}),
		]),
		sellerTokens: itemWorkflow('secrTokensWf0001', 'secrets-seller-tokens', [
			instamojoNode('Get Seller Tokens', { resource: 'token', operation: 'getSellerTokens', ...sellerLogin }, app),
			instamojoNode('Refresh Seller Tokens', { resource: 'token', operation: 'refreshSellerTokens', refreshToken: '={{ $json.refresh_token }}' }, app),
			instamojoNode(
				'Create Link As Seller',
				{ resource: 'paymentLink', operation: 'create', amount: 150, purpose: 'Seller link', actAs: 'sellerRefreshToken', sellerRefreshToken: '={{ $json.refresh_token }}' },
				app,
			),
		]),
		applicationToken: itemWorkflow('secrAppTokenWf01', 'secrets-application-token', [
			instamojoNode('Get Application Token', { resource: 'token', operation: 'getApplicationToken' }, app),
		]),
		userPayments: itemWorkflow('secrUserPayWf001', 'secrets-user-payments', [
			instamojoNode('List Payments', { resource: 'payment', operation: 'getAll', returnAll: false, limit: 5 }, user),
		]),
		wrongPassword: itemWorkflow('secrWrongPassWf1', 'secrets-wrong-password', [
			tolerantNode('Get Seller Tokens', { resource: 'token', operation: 'getSellerTokens', ...sellerLogin }, app),
		]),
		badSecret: itemWorkflow('secrBadSecretWf1', 'secrets-bad-secret', [
			instamojoNode('Get Payments', { resource: 'payment', operation: 'getAll', returnAll: false, limit: 1 }, bad),
		]),
	};
}

interface NodeOutput {
	where: string;
	/** The node as the workflow defines it, when the output is a node's. */
	node?: WorkflowNode;
	items: OutputItem[];
}

describe('secrets stay secret in real n8n', () => {
	let stack: ExampleStack;
	let workflows: Record<string, WorkflowFixture>;
	/** Every answer a caller got, every node output n8n stored, every Data Table row. */
	const answers: NodeOutput[] = [];
	let stored: NodeOutput[] = [];
	let tableRows: OutputItem[] = [];

	const n8n = () => stack.n8n;
	const pathOf = (name: string): string => itemPath(workflows[name]);
	const run = async (name: string, items: Array<Record<string, unknown>>) => {
		const output = await runItems(n8n(), pathOf(name), items);
		answers.push({ where: `answer of ${name}`, items: output });
		return output;
	};

	/** Creates a credential through n8n's public API (the server runs already); returns the node reference. */
	async function createCredential(fixture: ReturnType<typeof instamojoCredential>): Promise<CredentialRef> {
		const created = (await n8n().api('POST', '/api/v1/credentials', { name: fixture.name, type: fixture.type, data: fixture.data })) as {
			id: string;
		};
		return { type: fixture.type, id: created.id, name: fixture.name };
	}

	/** Creates and publishes the extra workflows through the public API; keeps their n8n ids. */
	async function createWorkflows(fixtures: Record<string, WorkflowFixture>): Promise<Record<string, WorkflowFixture>> {
		const created: Record<string, WorkflowFixture> = {};
		for (const [name, workflow] of Object.entries(fixtures)) {
			const { id } = (await n8n().api('POST', '/api/v1/workflows', {
				name: workflow.name,
				nodes: workflow.nodes,
				connections: workflow.connections,
				settings: { executionOrder: 'v1' },
			})) as { id: string };
			await n8n().publish(id);
			created[name] = { ...workflow, id };
		}
		return created;
	}

	async function runExamples(): Promise<void> {
		const onboarded = await stack.submitForm('onboarding', DEMO_SELLER);
		expect(onboarded.status).toBe(200);
		const sold = await stack.runManually('sell');
		expect(sold.status).toBe('success');
		const [link] = outputOf(sold.data.resultData.runData, 'Checkout link');
		const paid = await stack.pay(String(link.order_id));
		expect(paid.webhook?.status).toBe(200);
		await stack.executions('paymentReceived', 1);
		expect((await stack.runManually('release')).status).toBe('success');
		await submitRefunds(stack, [{ payment_id: paid.payment.id, reason: 'Customer not satisfied', explanation: 'Scratched' }]);
		await stack.executions('refundDesk', 1);
	}

	async function runExtraFlows(): Promise<void> {
		const [onboarded] = await run('onboard', [SELLER]);
		expect(onboarded).toMatchObject({ email: SELLER.email, refresh_token: expect.any(String) });
		const [asSeller] = await run('sellerTokens', [{ username: onboarded.username, password: SELLER.password }]);
		expect(asSeller).toMatchObject({ purpose: 'Seller link', refresh_token: expect.any(String) });
		await run('applicationToken', [{}]);
		const [payment] = await run('userPayments', [{}]);
		expect(payment.error).toBeUndefined();
		const [refused] = await run('wrongPassword', [{ username: onboarded.username, password: WRONG_SELLER_PASSWORD }]);
		expect(refused.error).toMatch(/rejected the username .* or its password/);
		const failed = await n8n().postWebhook(pathOf('badSecret'), { items: [{}] });
		expect(failed.status).toBeGreaterThanOrEqual(400);
		answers.push({ where: 'answer of the failed run', items: [{ answer: failed.text }] });
	}

	/** Each node's output items of every stored execution (with the node's definition), and each execution's error. */
	async function storedOutputs(): Promise<NodeOutput[]> {
		const workflowIds = [...Object.values(stack.examples), ...Object.values(workflows)].map((w) => w.id);
		const outputs: NodeOutput[] = [];
		for (const workflowId of workflowIds) {
			for (const execution of await n8n().listExecutions(workflowId)) {
				const nodes = (execution.workflowData?.nodes ?? []) as WorkflowNode[];
				const resultData = execution.data?.resultData ?? {};
				for (const [name, runs] of Object.entries((resultData.runData ?? {}) as Record<string, OutputItem[]>)) {
					const items = runs.flatMap((r) => ((r.data?.main ?? []) as Array<Array<{ json: OutputItem }> | null>).flat().map((i) => i?.json ?? {}));
					outputs.push({ where: `stored output of ${name}`, node: nodes.find((n) => n.name === name), items: [...items, ...runs.map((r) => ({ runError: r.error ?? null }))] });
				}
				outputs.push({ where: 'stored execution error', items: [{ error: resultData.error ?? null }] });
			}
		}
		return outputs;
	}

	/**
	 * Tokens returned on purpose: in the outputs of the nodes that return them, and wherever a workflow keeps
	 * them on purpose: its Data Table, and other nodes' token fields (example 2 reads the seller's stored
	 * refresh token; example 1, which keeps no execution data, is the only record of its Onboard output).
	 */
	function designedTokens(): Set<string> {
		const tokens = new Set<string>();
		const add = (item: OutputItem) => {
			for (const field of TOKEN_FIELDS) if (typeof item[field] === 'string' && item[field]) tokens.add(item[field] as string);
			if (typeof item.partial?.refresh_token === 'string') tokens.add(item.partial.refresh_token as string);
		};
		for (const { node, items } of stored) if (returnsTokens(node) || (node && node.type !== INSTAMOJO_NODE)) items.forEach(add);
		for (const { where, items } of answers) if (/ of (onboard|sellerTokens|applicationToken)$/.test(where)) items.forEach(add);
		tableRows.forEach(add);
		return tokens;
	}

	/** Every access token the API issued: Act As hands back the rotated refresh token, never one of these. */
	const accessTokens = (): Secret[] => [...stack.sandbox.state.accessTokens.keys()].map((value, i) => ({ label: `access token #${i}`, value }));

	const returnedTokens = (): Secret[] => [...designedTokens()].map((value, i) => ({ label: `returned token #${i}`, value }));

	/** Every token the API issued that no operation returned. */
	function heldTokens(): Secret[] {
		const designed = designedTokens();
		const issued = [...stack.sandbox.state.accessTokens.keys(), ...stack.sandbox.state.refreshTokens.keys()];
		return issued.filter((token) => !designed.has(token)).map((value, i) => ({ label: `held or used token #${i}`, value }));
	}

	function neverSecrets(): Secret[] {
		return [
			{ label: 'client secret', value: DEFAULT_SEED.application.clientSecret },
			{ label: 'mistyped client secret', value: WRONG_CLIENT_SECRET },
			{ label: "User-flow credential's password", value: DEFAULT_SEED.marketplace.password },
			{ label: 'private salt', value: String(DEFAULT_SEED.marketplace.salt) },
			{ label: "refund desk's login", value: DESK_LOGIN.password },
			...heldTokens(),
		];
	}

	const itemPasswords = (): Secret[] => [
		{ label: "new seller's password (in items)", value: SELLER.password },
		{ label: 'mistyped seller password (in items)', value: WRONG_SELLER_PASSWORD },
		{ label: "seller's password typed into example 1's form", value: DEMO_SELLER.password },
	];

	beforeAll(async () => {
		stack = await ExampleStack.create();
		await stack.setUp({ tarball: await packPackage() });
		const application = DEFAULT_SEED.application;
		const sandboxUrl = stack.sandbox.url;
		const app = await createCredential(
			instamojoCredential({ id: '', name: 'Secrets: application', baseUrl: sandboxUrl, application, authentication: 'application', data: { defaultReferrer: application.referrer } }),
		);
		const user = await createCredential(
			instamojoCredential({
				id: '',
				name: 'Secrets: marketplace user',
				baseUrl: sandboxUrl,
				application,
				authentication: 'user',
				data: { username: DEFAULT_SEED.marketplace.username, password: DEFAULT_SEED.marketplace.password },
			}),
		);
		const bad = await createCredential(
			instamojoCredential({
				id: '',
				name: 'Secrets: mistyped client secret',
				baseUrl: sandboxUrl,
				application: { clientId: application.clientId, clientSecret: WRONG_CLIENT_SECRET },
				authentication: 'application',
			}),
		);
		workflows = await createWorkflows(extraWorkflows(app, user, bad));
		await bulkPayments(stack.sandbox, 2);

		await runExamples();
		await runExtraFlows();
		stored = await storedOutputs();
		tableRows = [...(await stack.tableRows('instamojo_sellers')), ...(await stack.tableRows('instamojo_orders'))];
	});

	afterAll(async () => {
		await stack?.stop();
	});

	it('returns tokens only from the operations that exist to return them, and no password in any Instamojo output', () => {
		const findings = [];
		for (const { where, items } of answers) findings.push(...findSecrets(JSON.stringify(items), where, [...neverSecrets(), ...itemPasswords()]));
		for (const { where, node, items } of stored) {
			const json = JSON.stringify(items);
			findings.push(...findSecrets(json, where, neverSecrets()));
			if (node?.type !== INSTAMOJO_NODE) continue;
			findings.push(...findSecrets(json, where, itemPasswords()));
			if (!returnsTokens(node)) findings.push(...findSecrets(json, where, returnedTokens()));
			if (node.parameters?.actAs === 'sellerRefreshToken') findings.push(...findSecrets(json, where, accessTokens()));
		}

		report(`outputs: ${answers.length} answers, ${stored.length} stored node outputs, ${tableRows.length} table rows; ${designedTokens().size} tokens returned on purpose, ${heldTokens().length} never returned`);
		expect(stored.filter((s) => s.node?.type === INSTAMOJO_NODE).length).toBeGreaterThanOrEqual(10);
		expect(designedTokens().size).toBeGreaterThanOrEqual(6);
		expect(findings).toEqual([]);
	});

	it('stores none of the never-shown secrets anywhere: database, write-ahead log, logs, temp files', async () => {
		await n8n().stop(); // n8n flushes its logs; the write-ahead log is read as it is, unmerged rows included

		const secrets = neverSecrets();
		const scan = await scanN8nData(n8n().root, secrets);
		// The control: what the flows store on purpose (returned tokens, the new seller's password in the
		// items that carried it) is found by the same scan, so an empty result above means absent, not unread.
		const control = await scanN8nData(n8n().root, [...returnedTokens(), itemPasswords()[0]]);

		// Example 1 keeps no execution data, yet n8n writes the running execution (the form's answers) to its
		// database and deletes it at the end: the bytes stay in SQLite's write-ahead log until overwritten.
		const formAnswers = await scanN8nData(n8n().root, [itemPasswords()[2]]);

		report(`secrets scan: ${secrets.length} secrets over ${scan.files} files, ${(scan.bytes / 1024 / 1024).toFixed(1)} MiB`);
		report(`example 1's form password on disk: ${formAnswers.findings.map((f) => f.where).join(', ') || 'nowhere'}`);
		expect(heldTokens().length).toBeGreaterThanOrEqual(4);
		expect(scan.findings).toEqual([]);
		expect(new Set(control.findings.map((f) => f.label)).size).toBe(designedTokens().size + 1);
	});

	it('logs no token and no password, including the tokens operations return', async () => {
		const logs = await readN8nLogs(n8n().root);

		report(`logs: ${(logs.length / 1024).toFixed(0)} KiB`);
		expect(logs).toContain('Instamojo');
		expect(findSecrets(logs, 'logs', [...neverSecrets(), ...itemPasswords(), ...returnedTokens()])).toEqual([]);
	});
});
