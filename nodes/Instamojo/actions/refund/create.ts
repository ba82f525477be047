import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INodeProperties } from 'n8n-workflow';

import { formatPaise, withNumericAmounts } from '../../helpers/money';
import {
	isRefundId,
	refundCasePath,
	refundTransactionId,
	validateRefundAmount,
	validateRefundReason,
} from '../../helpers/refund';
import { idFromResourceUrl } from '../../helpers/resourceUrls';
import { optionalText, requireText, validatePaymentId } from '../../helpers/validation';
import type { ApiRequest, InstamojoClient, RequestAuth } from '../../transport';
import { describeErrorBody } from '../../transport/errors';
import { actAsFields, readActAs, resolveActAs, withRotatedTokens } from '../common/actAs';
import type { OperationContext, OperationResult } from '../types';

const show = { resource: ['refund'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'MOJO5a06005J21512197',
		description: 'The successful payment to refund: MOJO followed by 16 letters or digits',
		displayOptions: { show },
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		required: true,
		// Names give the meaning; the value is the code Instamojo expects in `type` (spec §13.1).
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
		displayOptions: { show },
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
		displayOptions: { show },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only validate and output the request that would be sent, including the transaction ID, without refunding anything',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
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
					'Your unique ID for this refund: Instamojo never opens a second case with the same one. Leave it out and the node derives one from the payment ID, amount and reason, so running the workflow again refunds nothing twice.',
			},
		],
	},
	...actAsFields('refund', ['create']),
];

interface RefundInput {
	paymentId: string;
	transactionId: string;
	amountPaise?: number;
	body: IDataObject;
}

/** Every input checked and the request body built, before anything is sent. */
function readInput(fns: IExecuteFunctions, itemIndex: number): RefundInput {
	const paymentId = validatePaymentId(fns.getNodeParameter('paymentId', itemIndex));
	const reason = validateRefundReason(fns.getNodeParameter('reason', itemIndex));
	const explanation = requireText(fns.getNodeParameter('body', itemIndex), 'Explanation');
	const additional = fns.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const amountPaise = validateRefundAmount(additional.refundAmount);
	const transactionId =
		optionalText(additional.transactionId, 'Transaction ID', 100) ?? refundTransactionId(paymentId, amountPaise, reason);
	return {
		paymentId,
		transactionId,
		amountPaise,
		body: {
			transaction_id: transactionId,
			type: reason,
			body: explanation,
			// Two decimals, as Instamojo writes amounts (spec §3.6); absent means the full amount.
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

/** Instamojo's answer to a transaction_id this payment already used (sandbox/decisions.cts). */
function isDuplicateTransactionId(response: IN8nHttpFullResponse): boolean {
	const body = response.body as IDataObject | undefined;
	return response.statusCode === 400 && typeof body === 'object' && body !== null && 'transaction_id' in body;
}

class RefundCases {
	constructor(
		private readonly client: InstamojoClient,
		private readonly itemIndex: number,
		private readonly auth: RequestAuth,
	) {}

	async payment(paymentId: string): Promise<IDataObject> {
		return await this.client.request(
			{ method: 'GET', path: `/v2/payments/${paymentId}/`, retry: 'read', action: 'look up the payment to refund', resource: 'payment' },
			this.itemIndex,
			this.auth,
		);
	}

	/** The payment's refund case with this transaction ID, read through the `cases` the payment links to. */
	async find(payment: IDataObject, transactionId: string): Promise<IDataObject | undefined> {
		const links = Array.isArray(payment.cases) ? (payment.cases as unknown[]) : [];
		const ids = links.map(idFromResourceUrl).filter((id): id is string => id !== undefined && isRefundId(id));
		for (const id of ids) {
			const refundCase = await this.client.request(
				{ method: 'GET', path: refundCasePath(id), retry: 'read', action: 'read the refund', resource: 'refund' },
				this.itemIndex,
				this.auth,
			);
			if (refundCase.transaction_id === transactionId) return refundCase;
		}
		return undefined;
	}
}

/**
 * One shape whatever happened, so later nodes read the same fields. `created` is true when no case
 * with this transaction ID existed when the item started, so a case opened by an attempt whose answer
 * was lost (and found on the retry) still counts as this item's.
 */
function outcome(refund: IDataObject, created: boolean): IDataObject {
	return withNumericAmounts({ ...refund, created, already_refunded: !created }, ['refund_amount', 'total_amount']);
}

/** A case read back (spec §13.2) in the shape of Create's own answer (spec §13.1). */
function existingCase(refundCase: IDataObject, payment: IDataObject, created: boolean): IDataObject {
	const refund = {
		id: refundCase.id,
		payment_id: payment.id,
		status: refundCase.status_text ?? refundCase.status,
		type: refundCase.type,
		body: refundCase.body,
		refund_amount: refundCase.refund_amount,
		total_amount: payment.amount,
		created_at: refundCase.created_at,
		transaction_id: refundCase.transaction_id,
	};
	return outcome(refund, created);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const input = readInput(this, itemIndex);
	const request = refundRequest(input);
	if (this.getNodeParameter('dryRun', itemIndex, false) as boolean) {
		readActAs.call(this, itemIndex);
		return dryRunOutput(input, request);
	}

	const actAs = await resolveActAs.call(this, itemIndex, client);
	const cases = new RefundCases(client, itemIndex, actAs.auth);
	// Looked up first rather than relying on Instamojo's answer to a repeated transaction_id, which is
	// undocumented (spec §20.4): a re-run then sends no refund request at all.
	const payment = await cases.payment(input.paymentId);
	const earlier = await cases.find(payment, input.transactionId);
	if (earlier) return withRotatedTokens(existingCase(earlier, payment, false), actAs);

	const response = await client.requestResponse(request, itemIndex, actAs.auth);
	if (response.statusCode >= 200 && response.statusCode < 300) {
		const body = response.body as IDataObject;
		// Instamojo wraps the new case as `{ refund, success }` (spec §13.1).
		const refund = (body.refund ?? body) as IDataObject;
		return withRotatedTokens(outcome({ ...refund, transaction_id: input.transactionId }, true), actAs);
	}
	if (!isDuplicateTransactionId(response)) throw client.failure(request, response, itemIndex);
	// The case did not exist a moment ago: an earlier attempt of this request opened it and its answer
	// was lost (or a parallel run of the same refund did). Either way there is one case: output it.
	const opened = await cases.find(await cases.payment(input.paymentId), input.transactionId);
	if (opened) return withRotatedTokens(existingCase(opened, payment, true), actAs);
	// Instamojo says the case exists but the payment does not link it (its `cases` are undocumented
	// beyond an empty example, spec §10.1): take Instamojo's word, so a re-run is still not an error.
	return withRotatedTokens(
		{
			payment_id: input.paymentId,
			transaction_id: input.transactionId,
			created: false,
			already_refunded: true,
			message: describeErrorBody(response.body),
		},
		actAs,
	);
}
