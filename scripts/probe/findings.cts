/** What a probe question yields: a finding, named against the sandbox profiles, and the report they make. */
import {
	type Decisions,
	PROFILE_NAMES,
	type ProfileName,
	profileDecisions,
} from '../../sandbox/decisions.cjs';
import type { Probe } from './client.cjs';

export interface Finding {
	id: string;
	question: string;
	/** The sandbox decision that models the question, when one does. */
	decision?: keyof Decisions;
	/** What Instamojo answered, in the decision's terms where there is one; null when not asked. */
	answer: string | null;
	/** The profiles whose decision gives the same answer. */
	matches: ProfileName[];
	evidence: string[];
	skipped?: string;
}

export interface ProbeReport {
	target: string;
	sandboxProfile: ProfileName | null;
	startedAt: string;
	findings: Finding[];
	/** Steps done through the local sandbox's control API, which a person does on the real host. */
	sandboxOnlySteps: string[];
}

/** The profiles whose value of a decision is the answer seen. */
function matching(decision: keyof Decisions, answer: string | null): ProfileName[] {
	if (answer === null) return [];
	return PROFILE_NAMES.filter((name) => String(profileDecisions(name)[decision]) === answer);
}

export function finding(
	id: string,
	question: string,
	decision: keyof Decisions | undefined,
	answer: string | null,
	evidence: string[],
	skipped?: string,
): Finding {
	const matches = decision ? matching(decision, answer) : answer === null ? [] : [...PROFILE_NAMES];
	return { id, question, decision, answer, matches, evidence, ...(skipped ? { skipped } : {}) };
}

export const skip = (
	id: string,
	question: string,
	decision: keyof Decisions | undefined,
	why: string,
) => finding(id, question, decision, null, [], why);

export type Question = (probe: Probe) => Promise<Finding>;
