/**
 * Tests are TypeScript. Node-side tooling (the Instamojo sandbox, the real-n8n harness) is written as
 * `.cts` modules: n8n's lint rules, which apply to every `.ts` file, are for code that runs inside n8n.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	resolver: '<rootDir>/test/support/jest-resolver.cjs',
	testTimeout: 20000,
};
