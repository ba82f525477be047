/**
 * Tests are TypeScript. Node-side tooling (the Instamojo sandbox, the real-n8n harness) is written as
 * `.cts` modules: n8n's lint rules, which apply to every `.ts` file, are for code that runs inside n8n.
 * The unit suite runs once per sandbox profile (docs/sandbox.md "Profiles"): every sandbox a test starts
 * without naming a profile lives in that project's world. One jest run, so the "Tests:" line counts both.
 * @type {import('jest').Config}
 */
const PROFILES = ['documented', 'pessimistic'];

/** @type {import('jest').Config} */
const unitProject = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	resolver: '<rootDir>/test/support/jest-resolver.cjs',
	setupFiles: ['<rootDir>/test/support/sandbox-profile.cjs'],
};

module.exports = {
	testTimeout: 20000,
	projects: PROFILES.map((profile) => ({
		...unitProject,
		displayName: profile,
		globals: { INSTAMOJO_SANDBOX_PROFILE: profile },
	})),
};
