/** The report as a person reads it: one line per finding, the markdown table, and redaction of secrets. */
import type { ProbeConfig } from './client.cjs';
import type { Finding, ProbeReport } from './findings.cjs';

const EMAIL = /[^\s"'@<>]+@[^\s"'@<>]+\.[a-z]{2,}/gi;

/** The report as text with every secret value the run knew and every email address replaced. */
export function redacted(text: string, config: ProbeConfig): string {
	const secrets = [config.clientSecret, config.salt, config.seller?.password, config.scope].filter(
		(value): value is string => typeof value === 'string' && value.length >= 4,
	);
	let out = text.replace(EMAIL, '[email]');
	for (const secret of secrets) out = out.split(secret).join('[redacted]');
	// Tokens never enter findings; this catches a bearer or token-looking field should one ever slip in.
	return out.replace(/("?(?:access|refresh)_token"?\s*[:=]\s*"?)[^\s"&,]+/gi, '$1[redacted]');
}

export function describeFinding(finding: Finding): string {
	const answer = finding.answer ?? `not asked: ${finding.skipped ?? ''}`;
	const profiles =
		finding.answer === null
			? ''
			: finding.matches.length > 0
				? ` → matches ${finding.matches.join(', ')}`
				: ' → matches no sandbox profile';
	return `${finding.id}: ${answer}${profiles}`;
}

export function markdown(report: ProbeReport): string {
	const rows = report.findings.map(
		(f) =>
			`| ${f.id} | ${f.question} | ${f.decision ?? '–'} | ${f.answer ?? `not asked: ${f.skipped ?? ''}`} | ${f.matches.join(', ') || '–'} | ${f.evidence.join('; ')} |`,
	);
	const steps = report.sandboxOnlySteps.map((step) => `- ${step}`);
	return [
		'# Instamojo probe report',
		'',
		`Target: ${report.target}. Started ${report.startedAt}. Questions: docs/instamojo-api.md §10.`,
		'',
		'| Question | Asked | Sandbox decision | Answer | Matches profile | Evidence |',
		'|---|---|---|---|---|---|',
		...rows,
		...(steps.length > 0
			? ['', 'Sandbox-only steps (a person does these on the real host):', ...steps]
			: []),
		'',
	].join('\n');
}
