/**
 * The env variable that picks the default sandbox profile, for tests of that default. A `.cts` helper
 * because test files may not use `process` (n8n's lint rules).
 */
const NAME = 'INSTAMOJO_SANDBOX_PROFILE';

/** The profile the jest project set for this file (test/support/sandbox-profile.cjs). */
export const projectProfile = (): string | undefined => process.env[NAME];

/** Runs `body` with the variable set to `value`, then puts the previous value back. */
export async function withProfileEnv(value: string, body: () => Promise<void>): Promise<void> {
	const before = process.env[NAME];
	process.env[NAME] = value;
	try {
		await body();
	} finally {
		if (before === undefined) delete process.env[NAME];
		else process.env[NAME] = before;
	}
}
