/**
 * What a user reads in the editor before running anything: operation descriptions short enough for the
 * dropdown, hints instead of paragraphs, canvas subtitles in words, and the package's codex (search
 * aliases, docs links) beside every node. The editor test (test/e2e/editor.test.ts) checks the same in
 * real n8n; these checks fail fast, offline.
 */
import type { INode, INodeProperties, INodePropertyOptions, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { Instamojo } from '../../nodes/Instamojo/Instamojo.node';
import { InstamojoPaymentPollTrigger } from '../../nodes/Instamojo/InstamojoPaymentPollTrigger.node';
import { InstamojoTrigger } from '../../nodes/Instamojo/InstamojoTrigger.node';
import { codexOf, packageJson, readmeAnchors } from './packageFiles.cjs';

/**
 * The longest operation description the dropdown surely shows whole: the dropdown is as wide as the
 * Operation field, 385 px in n8n 2.41.1 at a 1280 px window, about 60 characters of its small type;
 * test/e2e/editor.test.ts measures it and fails on any description cut off there.
 */
export const MAX_OPERATION_DESCRIPTION = 50;

const action = new Instamojo().description;
const nodes: INodeType[] = [new Instamojo(), new InstamojoTrigger(), new InstamojoPaymentPollTrigger()];

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []) as INodePropertyOptions[];
}

const resources = optionsOf(action.properties.find((p) => p.name === 'resource')).map((r) => String(r.value));

/** Every operation of every resource, as `resource.operation` with its option. */
const operations = action.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) =>
		optionsOf(p).map((option) => ({
			key: `${String(p.displayOptions?.show?.resource?.[0])}.${String(option.value)}`,
			option,
		})),
	);

/** Every parameter of the action node, collection options included. */
function allParameters(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [
		p,
		...allParameters(((p.options ?? []) as INodeProperties[]).filter((o) => 'type' in o)),
	]);
}

/** The canvas subtitle n8n shows for the action node with these parameters (n8n evaluates it as an expression). */
function subtitleFor(resource: string, operation: string): unknown {
	const node: INode = {
		id: 'a',
		name: 'Instamojo',
		type: 'n8n-nodes-instamojo.instamojo',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource, operation },
	};
	const nodeTypes = {
		getByName: () => new Instamojo(),
		getByNameAndVersion: () => new Instamojo(),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, String(action.subtitle), 'internal', {});
}

describe('operation descriptions', () => {
	it('cover every resource', () => {
		expect(new Set(operations.map(({ key }) => key.split('.')[0]))).toEqual(new Set(resources));
	});

	it.each(operations.map(({ key, option }) => [key, String(option.description)]))(
		'%s: one short sentence, whole in the dropdown',
		(_key, description) => {
			expect(description.length).toBeGreaterThan(0);
			expect(description.length).toBeLessThanOrEqual(MAX_OPERATION_DESCRIPTION);
			// n8n style: a sentence without a full stop, so one clause, no caveat after it.
			expect(description).not.toMatch(/[.;]( |$)/);
		},
	);

	it('move their caveats onto the form: each money-moving or token operation shows a notice', () => {
		const notices = action.properties.filter((p) => p.type === 'notice');
		const shown = notices.flatMap((p) =>
			(p.displayOptions?.show?.operation ?? []).map((op) => `${String(p.displayOptions?.show?.resource?.[0])}.${String(op)}`),
		);
		expect(shown).toEqual(
			expect.arrayContaining([
				'seller.create',
				'seller.onboard',
				'refund.create',
				'release.release',
				'token.getApplicationToken',
				'token.getSellerTokens',
				'token.refreshSellerTokens',
			]),
		);
		expect(notices.find((p) => p.displayOptions?.show?.resource?.[0] === 'refund')?.displayName).toContain('Dry Run');
	});
});

describe('hints instead of paragraphs', () => {
	const parameters = allParameters(action.properties);

	it('Options → Concurrency: a short description, the details in a hint', () => {
		const concurrency = parameters.filter((p) => p.name === 'concurrency');
		expect(concurrency.length).toBeGreaterThan(0);
		for (const field of concurrency) {
			expect(String(field.description).length).toBeLessThanOrEqual(60);
			expect(field.hint).toContain('On Error → Continue');
		}
	});

	it('Simplify: one line saying how many fields it keeps, not the list of their names', () => {
		const hints = parameters.filter((p) => p.name === 'simple').map((p) => String(p.hint));
		expect(hints.length).toBeGreaterThan(0);
		for (const hint of hints) {
			expect(hint).toMatch(/^Keeps the \d+ fields most workflows use next\. Turn off for the full Instamojo object\.$/);
		}
	});
});

describe('canvas subtitle', () => {
	it.each(operations.map(({ key }) => key.split('.')))('%s → %s reads as words', (resource, operation) => {
		const subtitle = subtitleFor(resource, operation);
		expect(typeof subtitle).toBe('string');
		expect(subtitle).toMatch(/^[A-Z][a-z]+( [a-z]+)+$/);
		expect(String(subtitle).length).toBeLessThanOrEqual(30);
	});

	it('names what the operation does', () => {
		expect(subtitleFor('release', 'release')).toBe('Release payment');
		expect(subtitleFor('paymentLink', 'create')).toBe('Create payment link');
		expect(subtitleFor('refund', 'create')).toBe('Refund payment');
	});
});

describe('codex: search aliases and docs links for every node of the package', () => {
	const pkg = packageJson();
	const repository = pkg.homepage.replace(/#.*$/, '');
	const anchors = readmeAnchors();

	it.each(pkg.n8n.nodes)('%s has a codex file naming it', (distPath) => {
		const codex = codexOf(distPath);
		expect(codex).toBeDefined();
		const names = nodes.map((node) => `${pkg.name}.${node.description.name}`);
		expect(names).toContain(codex?.node);
	});

	it('lets a search for payment, refund, payout or marketplace find the action node', () => {
		const codex = codexOf(pkg.n8n.nodes.find((p) => p.endsWith('/Instamojo.node.js')) ?? '');
		expect(codex?.alias).toEqual(expect.arrayContaining(['payment', 'refund', 'payout', 'marketplace']));
	});

	// The editor opens documentationUrl as it is; a codex URL gets `?utm_…` appended, which would break the anchor.
	it.each(nodes.map((node) => [node.constructor.name, node] as const))(
		'%s: Docs opens the part of the README that helps',
		(className, node) => {
			const codex = codexOf(pkg.n8n.nodes.find((p) => p.endsWith(`/${className}.node.js`)) ?? '');
			const url = String(node.description.documentationUrl);
			expect(url.startsWith(`${repository}#`)).toBe(true);
			expect(anchors).toContain(url.slice(url.indexOf('#') + 1));
			expect(codex?.resources.primaryDocumentation).toEqual([{ url }]);
		},
	);
});
