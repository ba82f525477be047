/**
 * The repository's import graph, read from the source as text: every relative import or require of a
 * .ts/.cts/.js/.cjs/.mjs file, resolved to the file it names. Used by layout.test.ts to keep the layout's
 * rules (no folder import cycles, the credential independent of the nodes, no operation importing another).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage']);
const SOURCE = /\.(ts|cts|mts|js|cjs|mjs)$/;
const RELATIVE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

export type Edge = readonly [from: string, to: string];

/** Source files of the repository, as paths relative to its root. */
export function sourceFiles(dir = ROOT): string[] {
	const files: string[] = [];
	for (const name of readdirSync(dir)) {
		if (SKIPPED.has(name) || name.startsWith('.')) continue;
		const path = join(dir, name);
		if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
		else if (SOURCE.test(name) && !name.endsWith('.d.ts')) files.push(relative(ROOT, path));
	}
	return files;
}

/** The file an import names: compiled names (.js, .cjs) stand for their sources (.ts, .cts). */
function resolveImport(from: string, specifier: string): string | undefined {
	const base = resolve(ROOT, dirname(from), specifier);
	const candidates = [
		base,
		`${base}.ts`,
		`${base}.cts`,
		base.replace(/\.js$/, '.ts'),
		base.replace(/\.cjs$/, '.cts'),
		join(base, 'index.ts'),
	];
	const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
	return found && relative(ROOT, found);
}

/** A source file's text. */
export const sourceOf = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

export function importEdges(files = sourceFiles()): Edge[] {
	const edges: Edge[] = [];
	for (const file of files) {
		for (const match of sourceOf(file).matchAll(RELATIVE_IMPORT)) {
			const target = resolveImport(file, match[1]);
			if (target) edges.push([file, target]);
		}
	}
	return edges;
}

/** Groups of nodes that reach each other (Tarjan's strongly connected components), two or more each. */
export function cycles(edges: readonly Edge[], group: (file: string) => string): string[][] {
	const next = new Map<string, Set<string>>();
	for (const [from, to] of edges) {
		const [a, b] = [group(from), group(to)];
		if (!next.has(a)) next.set(a, new Set());
		if (!next.has(b)) next.set(b, new Set());
		if (a !== b) next.get(a)!.add(b);
	}
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const found: string[][] = [];
	const visit = (node: string): void => {
		index.set(node, index.size);
		low.set(node, index.get(node)!);
		stack.push(node);
		for (const to of next.get(node)!) {
			if (!index.has(to)) visit(to);
			if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, low.get(to)!));
		}
		if (low.get(node) !== index.get(node)) return;
		const component = stack.splice(stack.indexOf(node));
		if (component.length > 1) found.push(component.sort());
	};
	for (const node of next.keys()) if (!index.has(node)) visit(node);
	return found;
}

/** The folder a file lives in, and the top-level folder (`.` for files at the root). */
export const folderOf = (file: string): string => dirname(file);
export const topFolderOf = (file: string): string => (file.includes('/') ? file.split('/')[0] : '.');
