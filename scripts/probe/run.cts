/** One probe run: every question in order, gathered into a report. */
import { Probe, type ProbeConfig } from './client.cjs';
import type { Finding, ProbeReport, Question } from './findings.cjs';
import { applicationLinkFields, booleanFormat, tokenKinds } from './links.cjs';
import { listFilters, maxPageSize } from './lists.cjs';
import { refundQuestions } from './refunds.cjs';
import { webhookSalt } from './webhookSalt.cjs';

/** Every question, in the order docs/instamojo-api.md §10 lists them. */
const QUESTIONS: Question[] = [
	webhookSalt,
	tokenKinds,
	applicationLinkFields,
	listFilters,
	maxPageSize,
	booleanFormat,
];

export async function runProbe(config: ProbeConfig): Promise<ProbeReport> {
	const probe = new Probe(config);
	await probe.detectSandbox();
	await probe.login();
	const findings: Finding[] = [];
	for (const question of QUESTIONS) findings.push(await question(probe));
	findings.push(...(await refundQuestions(probe)));
	return {
		target: probe.sandboxProfile
			? `local sandbox (profile ${probe.sandboxProfile})`
			: new URL(config.baseUrl).host,
		sandboxProfile: probe.sandboxProfile,
		startedAt: new Date().toISOString(),
		findings,
		sandboxOnlySteps: probe.steps,
	};
}
