/**
 * End-to-end tests against a real, pinned n8n (see harness/n8n/instance.cts). Run through test/e2e/run.sh,
 * which installs n8n first. Slow by nature (each n8n CLI call boots n8n: ~5 s), hence the timeouts;
 * one worker, because every test file starts its own n8n (~0.8 GB RSS each).
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	resolver: '<rootDir>/test/support/jest-resolver.cjs',
	globalSetup: '<rootDir>/test/e2e/global-setup.cts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.cts',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 120,
};
