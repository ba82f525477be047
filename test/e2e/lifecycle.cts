/**
 * The start and end most e2e files share: the local sandbox and a real n8n with the package installed,
 * started before the file's tests and both stopped after them, whatever failed in between.
 */
import { N8nInstance, type N8nInstanceOptions } from '../../harness/n8n/index.cjs';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/server.cjs';

export interface SandboxAndN8n {
	sandbox: Sandbox;
	n8n: N8nInstance;
}

/**
 * Registers the file's beforeAll (sandbox, then n8n with the package, then `prepare` seeds and starts what
 * the tests need) and afterAll (n8n disposed, sandbox closed).
 */
export function useSandboxAndN8n(
	prepare: (started: SandboxAndN8n) => Promise<void>,
	options: { sandbox?: SandboxOptions; n8n?: N8nInstanceOptions; timeoutMs?: number } = {},
): void {
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options.sandbox ?? {});
		n8n = await N8nInstance.withPackage(options.n8n);
		await prepare({ sandbox, n8n });
	}, options.timeoutMs);
	afterAll(async () => {
		await n8n?.dispose();
		await sandbox?.close();
	});
}
