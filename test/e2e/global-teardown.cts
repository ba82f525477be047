/** Jest globalTeardown of the e2e suite: removes the tarball directory globalSetup created. */
import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
	const dir = process.env.INSTAMOJO_E2E_PACK_DIR;
	if (dir) await rm(dir, { recursive: true, force: true });
}
