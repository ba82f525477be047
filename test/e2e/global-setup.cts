/**
 * Jest globalSetup of the e2e suite: resolves the pinned n8n and builds + packs the package once per run,
 * handing both to the test files through the environment (jest starts its workers after this).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Jest loads globalSetup outside its module system, where our `.cjs` → `.cts` resolver does not apply: the
// harness module is required by its source name, which jest's transform hook compiles while this runs.
const { buildAndPack, resolveN8nPaths } = require('../../harness/n8n/install.cts') as typeof import('../../harness/n8n/install.cjs');

export default async function globalSetup(): Promise<void> {
	const paths = await resolveN8nPaths();
	process.env.INSTAMOJO_E2E_NODE_BIN_DIR = paths.nodeBinDir;
	process.env.INSTAMOJO_E2E_N8N_BIN = paths.n8nBin;
	if (!process.env.INSTAMOJO_E2E_PACKAGE_TGZ) {
		const dir = await mkdtemp(join(tmpdir(), 'instamojo-e2e-pack-'));
		process.env.INSTAMOJO_E2E_PACKAGE_TGZ = await buildAndPack(dir);
		// Ours to delete in globalTeardown (a caller-provided tarball is not).
		process.env.INSTAMOJO_E2E_PACK_DIR = dir;
	}
}
