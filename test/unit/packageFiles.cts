/**
 * The package's files as n8n and GitHub see them, for test/unit/description.test.ts: package.json, the
 * codex file beside each node, and the README's heading anchors. A `.cts` helper because test files may
 * not use the file system.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface PackageJson {
	name: string;
	homepage: string;
	files: string[];
	n8n: { nodes: string[] };
}

export interface Codex {
	node: string;
	categories?: string[];
	alias?: string[];
	resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
}

export function packageJson(): PackageJson {
	return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** The codex source of a node listed as `dist/nodes/…/X.node.js`: `nodes/…/X.node.json`, or undefined. */
export function codexOf(distPath: string): Codex | undefined {
	const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.json'));
	return existsSync(source) ? (JSON.parse(readFileSync(source, 'utf8')) as Codex) : undefined;
}

/** The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces as hyphens. */
export function readmeAnchors(): string[] {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	return [...readme.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
		heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N} _-]/gu, '')
			.replace(/ /g, '-'),
	);
}
