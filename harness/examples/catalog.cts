/**
 * The example workflows of examples/ as users import them, and what they take: the credentials they name,
 * the seller example 1 onboards and the refund desk's login. Used by the ExampleStack (stack.cts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, type WorkflowFixture } from '../n8n/index.cjs';

export const EXAMPLE_FILES = {
	onboarding: '1-seller-onboarding.json',
	sell: '2-sell-with-commission-and-hold.json',
	paymentReceived: '3-payment-received.json',
	release: '4-scheduled-release.json',
	refundDesk: '5-refund-desk.json',
	reconciliation: '6-reconciliation.json',
	scheduledRefunds: '7-scheduled-refunds.json',
} as const;

export type ExampleName = keyof typeof EXAMPLE_FILES;

/** Examples started by a form or a webhook: they only listen once published. */
export const PUBLISHED: ExampleName[] = ['onboarding', 'paymentReceived', 'refundDesk'];

/** Where the examples assume n8n runs: example 2 gives its links example 3's trigger URL on this host. */
export const EXAMPLES_N8N_URL = 'http://127.0.0.1:5678';

/** The credentials the examples name (by id and name); the stack creates them. */
export const INSTAMOJO_CREDENTIAL = {
	type: 'instamojoApi',
	id: 'instamojoExample',
	name: 'Instamojo marketplace',
};
export const DESK_CREDENTIAL = {
	type: 'httpBasicAuth',
	id: 'refundDeskLogin1',
	name: 'Refund desk login',
};

/** The refund desk's login (a fixed demo password, like the owner's: both exist only in a throwaway n8n). */
export const DESK_LOGIN = { user: 'desk', password: 'Desk-Demo-Passw0rd' };

/** A seller's answers to example 1's form; the email is the seller example 2's Order names. */
export const DEMO_SELLER = {
	email: 'asha@shop.example',
	password: 'Asha-Instamojo-Passw0rd',
	phone: '98765 01234',
	account_holder_name: 'Asha Rao',
	account_number: '001234567890',
	ifsc: 'sbin0001234',
};

export const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';
export const MANUAL_TRIGGERS = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger'];
export const INSTAMOJO_TRIGGER = 'n8n-nodes-instamojo.instamojoTrigger';

export type WorkflowNode = Record<string, any> & { name: string; type: string };

/**
 * The example files, as they are but for one thing: example 2's webhook URL (example 3's trigger) on the
 * given n8n instead of the default one.
 */
export function loadExamples(n8nUrl: string): Record<ExampleName, WorkflowFixture> {
	const examples: Partial<Record<ExampleName, WorkflowFixture>> = {};
	for (const [name, file] of Object.entries(EXAMPLE_FILES) as Array<[ExampleName, string]>) {
		const text = readFileSync(join(REPO_ROOT, 'examples', file), 'utf8');
		examples[name] = JSON.parse(text.split(EXAMPLES_N8N_URL).join(n8nUrl)) as WorkflowFixture;
	}
	return examples as Record<ExampleName, WorkflowFixture>;
}

export function nodeOfType(workflow: WorkflowFixture, types: string[]): WorkflowNode {
	const found = (workflow.nodes as WorkflowNode[]).find((node) => types.includes(node.type));
	if (!found) throw new Error(`"${workflow.name}" has no node of type ${types.join(' or ')}`);
	return found;
}

/** What a browser posts for an n8n form: multipart fields named field-<index>, in the form's field order. */
export function formBody(workflow: WorkflowFixture, answers: Record<string, string>): FormData {
	const fields = nodeOfType(workflow, [FORM_TRIGGER]).parameters.formFields.values as Array<{
		fieldName: string;
	}>;
	const unknown = Object.keys(answers).filter((key) => !fields.some((f) => f.fieldName === key));
	if (unknown.length > 0)
		throw new Error(`"${workflow.name}" has no form field ${unknown.join(', ')}`);
	const body = new FormData();
	fields.forEach((field, index) => body.append(`field-${index}`, answers[field.fieldName] ?? ''));
	return body;
}
