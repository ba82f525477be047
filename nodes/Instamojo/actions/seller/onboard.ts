import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { TokenSet } from '../../transport';
import { bankAccountFields, bankAccountSummary, readBankAccount, saveBankAccount } from '../bankAccount/shared';
import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { tokenOutput } from '../token/shared';
import { onboardFailureHint, onboardFailureMessage, onboardPartial, type OnboardProgress } from './onboardFailure';
import { readSignup, signUp, signupAdditionalFields, signupFields } from './shared';

const properties: INodeProperties[] = [
	...signupFields,
	...bankAccountFields,
	signupAdditionalFields,
	operationNotice(
		'onboardNotice',
		"Store the refresh_token this outputs: it is how later steps act in the seller's account, and the password is not kept",
	),
];

const displayOptions = { show: { resource: ['seller'], operation: ['onboard'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Signup, password grant, bank account: one item, three requests. Every input is validated before
 * the first. Once the seller exists, a failure names the step and carries what exists (the seller,
 * and its tokens once issued) in `context.partial`, so nothing created is left unreported.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const signup = await readSignup.call(this, itemIndex);
	const bankAccount = readBankAccount.call(this, itemIndex);

	const seller = await signUp.call(this, client, signup, itemIndex);

	let tokens: TokenSet;
	try {
		tokens = await client.exchangeToken(
			{ grant_type: 'password', username: String(seller.username), password: String(signup.password) },
			itemIndex,
		);
	} catch (error) {
		throw stepFailure(this.getNode(), error, { failedStep: 'get_seller_tokens', seller }, itemIndex);
	}

	let account: IDataObject;
	try {
		account = await saveBankAccount(client, String(seller.id), bankAccount, itemIndex, {
			kind: 'bearer',
			accessToken: tokens.accessToken,
		});
	} catch (error) {
		const progress: OnboardProgress = { failedStep: 'save_bank_account', seller, tokens: tokenOutput(tokens) };
		throw stepFailure(this.getNode(), error, progress, itemIndex);
	}

	return { ...seller, ...tokenOutput(tokens), bank_account: bankAccountSummary(account) };
}

/**
 * The cause, reworded to name the step and the seller, with what to do next and `context.partial`.
 * An API error stays a NodeApiError, keeping its HTTP status.
 */
function stepFailure(
	node: INode,
	cause: unknown,
	progress: OnboardProgress,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const error =
		cause instanceof NodeApiError || cause instanceof NodeOperationError
			? cause
			: new NodeOperationError(node, cause as Error, { itemIndex });
	error.message = onboardFailureMessage(progress, error.message);
	error.description = onboardFailureHint(progress);
	error.context.partial = onboardPartial(progress);
	error.context.itemIndex = itemIndex;
	return error;
}
