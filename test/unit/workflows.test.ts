/**
 * The GitHub Actions workflows cannot run here, so they are checked here: actionlint finds nothing in
 * them, CI runs the README's test command on the Node versions the README names, and the publish
 * workflow runs only on version tags, refuses a tag that differs from package.json, and publishes with
 * provenance under the least permissions that allow it. The shell steps that decide are run, not read.
 */
import {
	actionlint,
	type Job,
	packageJson,
	readmeTestCommands,
	runStep,
	type Step,
	workflow,
	workflowSource,
} from './workflowFiles.cjs';

const ci = workflow('ci.yml');
const publish = workflow('publish.yml');
const publishJob = publish.jobs.publish;

function stepNamed(job: Job, name: string): Step {
	const step = job.steps.find((s) => s.name === name);
	if (!step) throw new Error(`no step "${name}"`);
	return step;
}

function runs(job: Job): string[] {
	return job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
}

function nodeVersionOf(job: Job): unknown {
	return job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'];
}

test('actionlint finds nothing in the workflows', () => {
	const { status, report } = actionlint();
	expect(report).toContain('Checking 2 workflow file(s)');
	expect({ status, report }).toEqual({
		status: 0,
		report: expect.stringContaining('passed lint checks'),
	});
});

describe('CI', () => {
	test('runs on pushes to main and on every pull request', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
		expect(ci.on.pull_request).toBeNull();
	});

	test('may only read the repository', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
		for (const job of Object.values(ci.jobs)) expect(job.permissions).toBeUndefined();
		expect(workflowSource('ci.yml')).not.toMatch(/secrets\.|id-token/);
	});

	test("runs the README's test command, after a clean install, on Node 20 and 24", () => {
		const commands = readmeTestCommands();
		expect(commands).toEqual(['npm ci', 'npm test']);
		expect(runs(ci.jobs.test)).toEqual(commands);
		expect(ci.jobs.test.strategy?.matrix?.['node-version']).toEqual(['20', '24']);
		expect(nodeVersionOf(ci.jobs.test)).toBe('${{ matrix.node-version }}');
	});

	test('the oldest Node it tests is the oldest package.json allows', () => {
		const oldest = /^>=(\d+)\./.exec(packageJson().engines.node)?.[1];
		expect(ci.jobs.test.strategy?.matrix?.['node-version']).toContain(oldest);
	});

	test('runs the end-to-end suite in Debian once the tests pass', () => {
		const e2e = ci.jobs.e2e;
		expect(e2e.needs).toBe('test');
		expect(e2e.container).toMatch(/^node:20-bookworm/);
		expect(runs(e2e).slice(-2)).toEqual(['npm ci', 'npm run test:e2e']);
	});
});

describe('Publish', () => {
	test('runs only on version tags', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('asks for the OIDC token only in the publishing job, and may only read the repository', () => {
		expect(publish.permissions).toEqual({ contents: 'read' });
		expect(publishJob.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	test('checks the tag, tests as CI does, then publishes with provenance on Node 24', () => {
		const commands = runs(publishJob);
		const publishCommand = stepNamed(publishJob, 'Publish with provenance').run ?? '';
		expect(commands.indexOf('npm ci')).toBeGreaterThan(
			commands.indexOf(stepNamed(publishJob, 'Tag matches package.json').run!.trim()),
		);
		expect(commands.indexOf('npm test')).toBeGreaterThan(commands.indexOf('npm ci'));
		expect(commands.indexOf(publishCommand.trim())).toBe(commands.length - 1);
		expect(publishCommand).toMatch(/^\s*npm publish --provenance --access public\b/m);
		expect(nodeVersionOf(publishJob)).toBe('24');
	});

	test('package.json makes a publish from anywhere but CI fail (provenance required)', () => {
		expect(packageJson().publishConfig).toEqual({ access: 'public', provenance: true });
	});

	describe('the tag check', () => {
		const check = stepNamed(publishJob, 'Tag matches package.json');
		const version = packageJson().version;

		test("passes for v + package.json's version", () => {
			expect(runStep(check, { TAG: `v${version}` }).status).toBe(0);
		});

		test.each([version, `v${version}.1`, 'v9.9.9', `v${version}-rc.1`])(
			'refuses %s, naming both',
			(tag) => {
				const { status, output } = runStep(check, { TAG: tag });
				expect(status).toBe(1);
				expect(output).toContain(
					`::error::tag ${tag} does not match package.json version ${version}`,
				);
			},
		);

		test('reads the tag from the environment, not from an expression pasted into the script', () => {
			expect(check.env).toEqual({ TAG: '${{ github.ref_name }}' });
			expect(check.run).not.toContain('${{');
		});
	});

	describe('the npm version check', () => {
		const check = stepNamed(publishJob, 'npm supports trusted publishing');

		test.each(['11.5.1', '11.6.0', '12.0.0'])('passes npm %s', (npm) => {
			expect(runStep(check, {}, npm).status).toBe(0);
		});

		test.each(['10.9.2', '11.5.0', '9.99.99'])('refuses npm %s', (npm) => {
			const { status, output } = runStep(check, {}, npm);
			expect(status).toBe(1);
			expect(output).toContain(`npm ${npm} is older than 11.5.1`);
		});
	});

	describe('the publish step', () => {
		const step = stepNamed(publishJob, 'Publish with provenance');
		const token = `npm_${'x'.repeat(36)}`;

		test('with no NPM_TOKEN secret, leaves authentication to OIDC (no token line in .npmrc)', () => {
			const { status, output, npmrc } = runStep(step, {
				NODE_AUTH_TOKEN: '',
				GITHUB_REF_NAME: 'v1.2.3',
			});
			expect(status).toBe(0);
			expect(npmrc).toBe('');
			expect(output.trim()).toBe('npm publish --provenance --access public --tag latest');
		});

		test('with the secret, npm reads the token from the environment; it is never written or printed', () => {
			const { status, output, npmrc } = runStep(step, {
				NODE_AUTH_TOKEN: token,
				GITHUB_REF_NAME: 'v1.2.3',
			});
			expect(status).toBe(0);
			expect(npmrc).toBe('//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n');
			expect(`${output}${npmrc}`).not.toContain(token);
			expect(step.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		});

		test('a pre-release goes to the next dist-tag, not latest', () => {
			const { output } = runStep(step, { NODE_AUTH_TOKEN: '', GITHUB_REF_NAME: 'v1.3.0-rc.1' });
			expect(output.trim()).toBe('npm publish --provenance --access public --tag next');
		});

		test('no other step sees a secret', () => {
			const withSecrets = publishJob.steps.filter((s) => JSON.stringify(s).includes('secrets.'));
			expect(withSecrets).toEqual([step]);
		});
	});
});
