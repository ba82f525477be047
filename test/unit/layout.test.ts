/**
 * The layout's rules (CONTRIBUTING.md "Layout"), checked on the imports as written so a move that breaks
 * one fails here, not in a reviewer's head: folders never import each other in a circle; the credential
 * depends on nothing of the nodes; an operation never imports another operation; runtime code imports
 * only n8n-workflow, node:crypto and itself.
 */
import { cycles, type Edge, folderOf, importEdges, sourceFiles, sourceOf, topFolderOf } from './importGraph.cjs';

const files = sourceFiles();
const edges = importEdges(files);
const runtime = files.filter((file) => /^(nodes|credentials)\//.test(file));

/** An operation file exports its description and execute (CONTRIBUTING.md "Add an operation"). */
const operations = new Set(
	runtime.filter((file) => {
		const source = sourceOf(file);
		return /export (async )?function execute\b|export const execute\b/.test(source) && /export const description\b/.test(source);
	}),
);

const edgesFrom = (prefix: string): Edge[] => edges.filter(([from]) => from.startsWith(prefix));

describe('the repository layout', () => {
	it('reads a graph large enough to mean something', () => {
		expect(files.length).toBeGreaterThan(150);
		expect(edges.length).toBeGreaterThan(400);
		expect(operations.size).toBeGreaterThanOrEqual(18);
	});

	it('has no import cycle between folders', () => {
		expect(cycles(edges, folderOf)).toEqual([]);
	});

	it('has no import cycle between top-level folders (test, bench, scripts, harness, sandbox, nodes, credentials)', () => {
		expect(cycles(edges, topFolderOf)).toEqual([]);
	});

	it('keeps the credential independent of the nodes', () => {
		expect(edgesFrom('credentials/').filter(([, to]) => !to.startsWith('credentials/'))).toEqual([]);
	});

	it('never lets an operation import another operation', () => {
		expect(edges.filter(([from, to]) => operations.has(from) && operations.has(to))).toEqual([]);
	});

	it('lets runtime code import only n8n-workflow, node:crypto and runtime files', () => {
		const packages = new Set<string>();
		for (const file of runtime) {
			const source = sourceOf(file);
			for (const match of source.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^.'"][^'"]*)['"]/g)) packages.add(match[1]);
		}
		expect([...packages].sort()).toEqual(['n8n-workflow', 'node:crypto']);
		expect(edgesFrom('nodes/').concat(edgesFrom('credentials/')).filter(([, to]) => !/^(nodes|credentials)\//.test(to))).toEqual([]);
	});
});
