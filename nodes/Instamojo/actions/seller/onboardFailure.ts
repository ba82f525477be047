import type { IDataObject } from 'n8n-workflow';

/** Seller → Onboard's steps, in order: signup (docs/instamojo-api.md §5), password grant (§2), bank account (§5). */
export const ONBOARD_STEPS = ['sign_up', 'get_seller_tokens', 'save_bank_account'] as const;

export type OnboardStep = (typeof ONBOARD_STEPS)[number];

const STEP_WORDS: Record<OnboardStep, string> = {
	sign_up: 'sign the seller up',
	get_seller_tokens: "get the seller's tokens",
	save_bank_account: "save the seller's bank account",
};

/** Where an Onboard stopped after the seller was created, and what it had obtained by then. */
export interface OnboardProgress {
	/** Never `sign_up`: a failed signup leaves nothing behind and is reported as it is. */
	failedStep: Exclude<OnboardStep, 'sign_up'>;
	/** The seller as Create outputs it. */
	seller: IDataObject;
	/** The seller's tokens as output, once issued: the only copy, since the password is not kept. */
	tokens?: IDataObject;
}

function stepNumber(step: OnboardStep): number {
	return ONBOARD_STEPS.indexOf(step) + 1;
}

function sellerName(seller: IDataObject): string {
	return `seller "${String(seller.username)}" (ID ${String(seller.id)})`;
}

/** What already exists, for the error item's `partial`: the router copies it there under continueOnFail. */
export function onboardPartial({ failedStep, seller, tokens }: OnboardProgress): IDataObject {
	return {
		seller,
		...(tokens ? { tokens } : {}),
		completed_steps: ONBOARD_STEPS.slice(0, stepNumber(failedStep) - 1),
		failed_step: failedStep,
	};
}

/** Names the failed step and what it left behind, followed by the cause. */
export function onboardFailureMessage({ failedStep, seller, tokens }: OnboardProgress, cause: string): string {
	const done = tokens ? 'was signed up and got its tokens' : 'was signed up';
	return `Onboard stopped at step ${stepNumber(failedStep)} of ${ONBOARD_STEPS.length} (${STEP_WORDS[failedStep]}) after ${sellerName(seller)} ${done}. ${cause}`;
}

/**
 * What to do next, so the seller is finished by hand rather than signed up twice. It replaces the
 * cause's own hint, whose usual advice (run the item again) would sign the seller up a second time.
 */
export function onboardFailureHint({ failedStep, seller }: OnboardProgress): string {
	const id = String(seller.id);
	const next =
		failedStep === 'get_seller_tokens'
			? `The seller exists on Instamojo without tokens or a bank account. Next: run Token → Get Seller Tokens with username "${String(seller.username)}" and the password, store the tokens, then run Bank Account → Update with Seller ID ${id}.`
			: `The seller exists and has tokens, but no bank account is saved. The tokens are in partial.tokens of this item's error output (with Settings → On Error set to continue): store them, since the password is not needed again. Next: run Bank Account → Update with Seller ID ${id} and Account: Seller's Account (Refresh Token). Without the tokens, run Token → Get Seller Tokens first.`;
	return `${next} Do not run Onboard again for this seller: the email address is now taken.`;
}
