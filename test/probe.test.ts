/**
 * `npm run probe` against the local sandbox in each profile: it must name that profile's answer for every
 * question it asks, and its report must carry no secret.
 */
import type { ProbeConfig } from '../scripts/probe/client.cjs';
import type { ProbeReport } from '../scripts/probe/findings.cjs';
import { configFromEnv, isProductionHost, main } from '../scripts/probe/main.cjs';
import { describeFinding, markdown, redacted } from '../scripts/probe/report.cjs';
import { runProbe } from '../scripts/probe/run.cjs';
import { profileDecisions, type ProfileName } from '../sandbox/decisions.cjs';
import { DEFAULT_SEED, type Sandbox, startSandbox } from '../sandbox/server.cjs';

const { application, marketplace } = DEFAULT_SEED;

const configFor = (sandbox: Sandbox): ProbeConfig => ({
	baseUrl: sandbox.url,
	clientId: application.clientId,
	clientSecret: application.clientSecret,
	referrer: application.referrer,
	salt: marketplace.salt,
});

/** Every question the probe answers in the sandbox, with the decision it maps to. */
const DECIDED = [
	'webhookSalt',
	'applicationLinkFields',
	'listFilters',
	'maxPageSize',
	'booleanFormat',
	'duplicateRefundTransactionId',
	'refundsList',
	'paymentListCases',
] as const;

describe.each(['documented', 'pessimistic'] as ProfileName[])(
	'the probe in the %s profile',
	(profile) => {
		let sandbox: Sandbox;
		let report: ProbeReport;
		beforeAll(async () => {
			sandbox = await startSandbox({ profile });
			report = await runProbe(configFor(sandbox));
		}, 60_000);
		afterAll(async () => await sandbox.close());

		it('recognises the sandbox and says which steps it took through the control API', () => {
			expect(report.sandboxProfile).toBe(profile);
			expect(report.target).toBe(`local sandbox (profile ${profile})`);
			expect(report.sandboxOnlySteps).toContain(
				'filled the payments list with 101 payments through the control API',
			);
		});

		it.each(DECIDED)("names the profile's answer to %s", (decision) => {
			const finding = report.findings.find((item) => item.id === decision);
			expect(finding).toMatchObject({
				decision,
				answer: String(profileDecisions(profile)[decision]),
			});
			expect(finding?.matches).toContain(profile);
			expect(describeFinding(finding!)).toContain(`matches ${finding!.matches.join(', ')}`);
		});

		it('finds every call accepting both token kinds, as the sandbox does in every profile', () => {
			const finding = report.findings.find((item) => item.id === 'tokenKinds');
			expect(finding?.answer).toBe('either');
			expect(finding?.evidence).toEqual(
				expect.arrayContaining([
					'POST /v2/payment_requests/ with the application token: HTTP 201',
					'GET /v2/payments/{id}/ with the seller user token: HTTP 200',
				]),
			);
		});

		it('writes reports with no secret, salt, token or email', () => {
			const config = configFor(sandbox);
			const tokens = [...sandbox.state.accessTokens.keys(), ...sandbox.state.refreshTokens.keys()];
			const emails = [...sandbox.state.users.values()].map((user) => user.email);
			for (const text of [
				redacted(JSON.stringify(report), config),
				redacted(markdown(report), config),
			]) {
				for (const secret of [config.clientSecret, config.salt as string, ...tokens, ...emails])
					expect(text).not.toContain(secret);
			}
			expect(redacted('{"access_token": "abc123", "mail": "a@b.example"}', config)).toBe(
				'{"access_token": "[redacted]", "mail": "[email]"}',
			);
		});
	},
);

describe('without credentials or against production', () => {
	it('says what it needs and exits 0 without sending anything', async () => {
		const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		try {
			expect(await main([], {})).toBe(0);
			expect(log.mock.calls[0][0]).toContain(
				'INSTAMOJO_CLIENT_ID, INSTAMOJO_CLIENT_SECRET, INSTAMOJO_REFERRER',
			);
		} finally {
			log.mockRestore();
		}
	});

	it("refuses Instamojo's production hosts and defaults to the test host", async () => {
		expect(isProductionHost('https://api.instamojo.com')).toBe(true);
		expect(isProductionHost('https://www.instamojo.com/')).toBe(true);
		expect(isProductionHost('https://test.instamojo.com')).toBe(false);
		const env = {
			INSTAMOJO_CLIENT_ID: 'id',
			INSTAMOJO_CLIENT_SECRET: 'secret',
			INSTAMOJO_REFERRER: 'ref',
		};
		expect(configFromEnv(env)).toMatchObject({ baseUrl: 'https://test.instamojo.com' });
		const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			expect(await main([], { ...env, INSTAMOJO_BASE_URL: 'https://api.instamojo.com' })).toBe(1);
			expect(error.mock.calls[0][0]).toContain("Instamojo's test environment only");
		} finally {
			error.mockRestore();
		}
	});
});
