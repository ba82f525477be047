import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { formatPaise, withNumericAmounts } from '../../helpers/money';
import { optionalText, requireMultilineText, validatePaymentId } from '../../helpers/validation';
import type { ApiRequest, FinalResponse } from '../../transport';
import { accountFields, readActAs, resolveActAs, withRotatedTokens } from '../common/account';
import { additionalFields } from '../common/collections';
import { paymentIdField } from '../common/idFields';
import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { type BeforeRefund, type RefundInput, RefundLookup } from './lookup';
import { refundTransactionId, validateRefundAmount, validateRefundReason } from './rules';

const properties: INodeProperties[] = [
	paymentIdField('The successful payment to refund: MOJO followed by 16 letters or digits'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		required: true,
		// Names give the meaning; the value is the code Instamojo expects in `type` (docs/instamojo-api.md §8).
		options: [
			{ name: 'Customer Not Satisfied (QFL)', value: 'QFL' },
			{ name: 'Digital Download Issue (EWN)', value: 'EWN' },
			{ name: 'Duplicate or Delayed Payment (RFD)', value: 'RFD' },
			{ name: 'Event Was Canceled or Changed (TAN)', value: 'TAN' },
			{ name: 'Problem Not Described Above (PTH)', value: 'PTH' },
			{ name: 'Product Lost or Damaged (QNR)', value: 'QNR' },
			{ name: 'Product or Service No Longer Available (TNR)', value: 'TNR' },
		],
		default: 'PTH',
		description: "Instamojo's reason code for the refund",
	},
	{
		displayName: 'Explanation',
		name: 'body',
		type: 'string',
		required: true,
		typeOptions: { rows: 3 },
		default: '',
		placeholder: "The buyer returned the item; refunding the full price",
		description: 'Why the payment is refunded, in words; Instamojo keeps it with the refund case',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only validate and output the request that would be sent, including the transaction ID, without refunding anything',
	},
	additionalFields([
		{
			displayName: 'Refund Amount',
			name: 'refundAmount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description: 'A partial refund in rupees, at most the amount paid. Leave the field out to refund the full amount.',
		},
		{
			displayName: 'Transaction ID',
			name: 'transactionId',
			type: 'string',
			default: '',
			description:
				'Your unique ID for this refund: Instamojo never opens a second case with the same one. Left out, the node derives it from the payment ID and amount, so a re-run refunds nothing twice, even with another reason or explanation. Two refunds of the same amount on one payment need a different ID each.',
		},
	]),
	...accountFields(),
	operationNotice(
		'refundCreateNotice',
		'Moves money back to the buyer: turn on Dry Run to check first. Running it again for the same payment and amount opens no second refund.',
	),
];

const displayOptions = { show: { resource: ['refund'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Every input checked and the request body built, before anything is sent. */
function readInput(this: IExecuteFunctions, itemIndex: number): RefundInput {
	const paymentId = validatePaymentId(this.getNodeParameter('paymentId', itemIndex));
	const reason = validateRefundReason(this.getNodeParameter('reason', itemIndex));
	const explanation = requireMultilineText(this.getNodeParameter('body', itemIndex), 'Explanation');
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const amountPaise = validateRefundAmount(additional.refundAmount);
	const transactionId =
		optionalText(additional.transactionId, 'Transaction ID', 100) ?? refundTransactionId(paymentId, amountPaise);
	return {
		paymentId,
		transactionId,
		amountPaise,
		body: {
			transaction_id: transactionId,
			type: reason,
			body: explanation,
			// Two decimals, as Instamojo writes amounts (docs/instamojo-api.md §3); absent means the full amount.
			refund_amount: amountPaise === undefined ? undefined : formatPaise(amountPaise),
		},
	};
}

function refundRequest(input: RefundInput): ApiRequest {
	return {
		method: 'POST',
		path: `/v2/payments/${input.paymentId}/refund/`,
		body: input.body,
		// The transaction_id makes a repeat harmless: Instamojo opens no second case for it.
		retry: 'idempotent',
		action: 'refund the payment',
		resource: 'payment',
	};
}

function dryRunOutput(input: RefundInput, request: ApiRequest): IDataObject {
	const fields = Object.fromEntries(Object.entries(input.body).filter(([, value]) => value !== undefined));
	const amount = input.amountPaise === undefined ? {} : { refund_amount: formatPaise(input.amountPaise) };
	return withNumericAmounts(
		{
			dry_run: true,
			payment_id: input.paymentId,
			transaction_id: input.transactionId,
			full_refund: input.amountPaise === undefined,
			...amount,
			request: { method: request.method, path: request.path, body: fields },
		},
		['refund_amount'],
	);
}

/** Keys of an error body that carry words, not the name of a field (docs/instamojo-api.md §3). */
const WORDS_KEYS = new Set(['success', 'message', 'detail', 'error', 'reason', 'non_field_errors']);

/** The fields a refusal names, e.g. `transaction_id` in `{"transaction_id": [...]}`; none for `{success, message}`. */
function namedFields(body: unknown): string[] {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
	return Object.keys(body).filter((key) => !WORDS_KEYS.has(key));
}

/**
 * A refusal that may be Instamojo's answer to a transaction_id this payment already used. Its body is
 * undocumented (docs/instamojo-api.md §8, §10): a field error on `transaction_id`, or words naming no
 * field. A refusal naming another field (e.g. `refund_amount`) is about that field.
 */
function mayBeDuplicate(response: IN8nHttpFullResponse): boolean {
	if (response.statusCode !== 400 && response.statusCode !== 409) return false;
	const fields = namedFields(response.body);
	return fields.length === 0 || fields.includes('transaction_id');
}

/**
 * One shape whatever happened, so later nodes read the same fields. `created` is true when this item's
 * request opened the case, also when its answer was lost and the case was found after the retry.
 */
function outcome(refund: IDataObject, created: boolean, skipped: string[]): IDataObject {
	const checks = skipped.length > 0 ? { checks_skipped: skipped } : {};
	return withNumericAmounts({ ...refund, created, already_refunded: !created, ...checks }, ['refund_amount', 'total_amount']);
}

/**
 * A case (or a listed refund) read back, in the shape of Create's own answer (docs/instamojo-api.md §8).
 * `total_amount` is the payment's amount, known only when the payment could be read.
 */
function existingCase(refund: IDataObject, input: RefundInput, before: BeforeRefund, created: boolean): IDataObject {
	const found = {
		id: refund.id,
		payment_id: input.paymentId,
		status: refund.status_text ?? refund.status,
		type: refund.type,
		body: refund.body,
		refund_amount: refund.refund_amount ?? refund.amount,
		total_amount: before.payment?.amount,
		created_at: refund.created_at,
		transaction_id: refund.transaction_id,
	};
	const known = Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
	return outcome(known, created, before.skipped);
}

/**
 * Whether a case Instamojo answered a refund with is new: Instamojo may answer a repeated transaction ID
 * with the case opened before (docs/instamojo-api.md §8), recognised among the payment's cases; when
 * those are unknown, the answer is taken as new, and the output's checks_skipped says why it is not sure.
 */
const answeredNew = (refund: IDataObject, before: BeforeRefund): boolean => !before.caseIds?.includes(String(refund.id));

/**
 * Whether the case that confirmed a refusal was opened by this item: an attempt of it whose answer was
 * lost may have opened it, and it is new (see answeredNew). Otherwise another run (or a parallel item
 * with the same refund) opened it.
 */
function openedByThisItem(refund: IDataObject, before: BeforeRefund, response: FinalResponse): boolean {
	return response.earlierAttemptMayHaveApplied && answeredNew(refund, before);
}

/**
 * A refusal that may be a repeated transaction ID, when no case could confirm it: never "correct the
 * fields", which would invite a second refund with changed fields.
 */
function duplicateError(error: NodeApiError, input: RefundInput, response: IN8nHttpFullResponse): NodeApiError {
	const certain = namedFields(response.body).includes('transaction_id');
	const exists = certain ? 'already exists' : 'may already exist';
	error.message = `A refund with transaction ID "${input.transactionId}" ${exists} for payment ${input.paymentId}. ${error.message}`;
	error.description =
		"Nothing new was refunded. Check the payment's refunds in Instamojo (the dashboard, or Refund → Get Many) before running this item again. To refund the payment again on purpose, set a new Transaction ID.";
	return error;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const input = readInput.call(this, itemIndex);
	const request = refundRequest(input);
	if (this.getNodeParameter('dryRun', itemIndex, false) as boolean) {
		readActAs.call(this, itemIndex);
		return dryRunOutput(input, request);
	}

	const actAs = await resolveActAs.call(this, itemIndex, client);
	const lookup = new RefundLookup(client, itemIndex, actAs.auth, input);
	// Looked up first rather than relying on Instamojo's answer to a repeated transaction_id, which is
	// undocumented (docs/instamojo-api.md §8): a re-run then sends no refund request at all.
	const before = await lookup.before();
	if (before.problem) {
		throw new NodeOperationError(this.getNode(), before.problem.message, {
			itemIndex,
			description: `${before.problem.hint} The payment was read; no refund was sent.`,
		});
	}
	if (before.existing) return withRotatedTokens(existingCase(before.existing, input, before, false), actAs);

	const response = await client.requestResponse(request, itemIndex, actAs.auth);
	if (response.statusCode >= 200 && response.statusCode < 300) {
		const body = response.body as IDataObject;
		// Instamojo wraps the case as `{ refund, success }`; it may be the case opened before (docs/instamojo-api.md §8).
		const refund = { ...((body.refund ?? body) as IDataObject), transaction_id: input.transactionId };
		return withRotatedTokens(outcome(refund, answeredNew(refund, before), before.skipped), actAs);
	}
	if (!mayBeDuplicate(response)) throw client.failure(request, response, itemIndex);
	// Either the case exists (opened by an attempt whose answer was lost, a parallel run or an earlier run
	// the lookup could not see) and is output, or the refusal stays an error: never a guess.
	const opened = await lookup.confirm(before);
	if (opened) {
		return withRotatedTokens(existingCase(opened, input, before, openedByThisItem(opened, before, response)), actAs);
	}
	throw duplicateError(client.failure(request, response, itemIndex), input, response);
}
