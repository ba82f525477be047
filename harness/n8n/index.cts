/**
 * The real-n8n harness, as test/e2e, bench/ and scripts/ use it: a pinned n8n with this package installed
 * (instance.cts, on top of cli.cts), the fixtures it imports (workflows.cts, fixtures.cts), HTTP around it
 * (http.cts), the services queue mode needs (services.cts) and the package tarball (install.cts).
 */
export type { ExecutionResult } from './cli.cjs';
export * from './fixtures.cjs';
export { OWNER, parseJson, postJson, type WebhookResponse } from './http.cjs';
export { type N8nApp, npmPack, packPackage, REPO_ROOT } from './install.cjs';
export { N8nInstance, type N8nInstanceOptions } from './instance.cjs';
export { runChecked, sleep } from './process.cjs';
export * from './services.cjs';
export * from './workflows.cjs';
