/**
 * Refunds (docs/instamojo-api.md §8). A refund is a resolution-centre case (`C…`), created under the payment
 * and read at `/v2/resolutioncenter/cases/{id}/`. `/v2/refunds/` is the other resource the sources name:
 * what it lists is the `refundsList` decision (cases, or refund objects with `R…` ids); its detail path
 * reads refund objects by `R…` id in every world, and cases by `C…` id where it lists cases.
 */
import {
	type ApiContext,
	type ApiRoute,
	CASES,
	findOwned,
	resourceUri,
	visibleNewestFirst,
} from './api.cjs';
import { FieldReader, fieldError } from './fields.cjs';
import { failure, json, notFound, type Reply } from './http.cjs';
import { bankReference, caseId, refundObjectId, uuid } from './ids.cjs';
import { filterList, paginate } from './lists.cjs';
import { formatPaise, toPaise } from './money.cjs';
import type {
	PaymentRecord,
	RefundRecord,
	RefundTransfer,
	SandboxState,
	UserRecord,
} from './state.cjs';

/** The seven reason codes (docs/instamojo-api.md §8). */
const REFUND_TYPES = ['RFD', 'TNR', 'QFL', 'QNR', 'EWN', 'TAN', 'PTH'] as const;

/** docs/instamojo-api.md §8: the object the create call answers with. */
const renderCreated = (refund: RefundRecord, payment: PaymentRecord) => ({
	id: refund.id,
	payment_id: refund.paymentId,
	status: refund.status,
	type: refund.type,
	body: refund.body,
	refund_amount: formatPaise(refund.amountPaise),
	total_amount: formatPaise(payment.amountPaise),
	created_at: refund.createdAt,
});

/**
 * docs/instamojo-api.md §8: the case object. The codes of a completed case are the doc's (`FINI`/`FINI_CONC`); those of a
 * pending one are invented (`OPEN`, no resolution yet).
 */
function renderCase(base: string, refund: RefundRecord, creator: UserRecord | undefined) {
	const done = refund.status === 'Refunded';
	return {
		id: refund.id,
		created_by: null,
		payment: resourceUri(base, 'payments', refund.paymentId),
		status: done ? 'FINI' : 'OPEN',
		resolution_status: done ? 'FINI_CONC' : null,
		status_text: refund.status,
		type: refund.type,
		body: refund.body,
		refund_amount: formatPaise(refund.amountPaise),
		references: [],
		refunds: refund.transfers.map((transfer) => ({
			id: transfer.id,
			status: transfer.status,
			bank_reference_number: transfer.bankReferenceNumber,
			created_at: transfer.createdAt,
		})),
		transaction_id: refund.transactionId,
		created_at: refund.createdAt,
		updated_at: refund.updatedAt,
		resource_uri: resourceUri(base, CASES, refund.id),
		creator_name: creator
			? `${creator.firstName} ${creator.lastName}`.trim() || creator.username
			: null,
	};
}

/**
 * A refund object as `/v2/refunds/` may show it: the fields the official SDKs' tests read (`id`, `payment`,
 * `amount`, `buyer`) plus status and times. `payment` is a URL like every other v2 link; `buyer` the
 * buyer's email. Both are guesses the package must not rely on (docs/instamojo-api.md §8).
 */
function renderRefundObject(
	base: string,
	refund: RefundRecord,
	payment: PaymentRecord | undefined,
) {
	return {
		id: refund.refundId,
		payment: resourceUri(base, 'payments', refund.paymentId),
		amount: formatPaise(refund.amountPaise),
		buyer: payment?.email ?? null,
		status: refund.status,
		type: refund.type,
		body: refund.body,
		created_at: refund.createdAt,
		updated_at: refund.updatedAt,
		resource_uri: resourceUri(base, 'refunds', refund.refundId),
	};
}

const transfer = (now: string): RefundTransfer => ({
	id: uuid(),
	status: 'Completed',
	bankReferenceNumber: bankReference(),
	createdAt: now,
});

/** Marks a pending refund as paid back, as Instamojo's manual review eventually does. */
export function completeRefund(refund: RefundRecord): void {
	if (refund.status === 'Refunded') return;
	const now = new Date().toISOString();
	refund.status = 'Refunded';
	refund.transfers.push(transfer(now));
	refund.updatedAt = now;
}

const refundsOf = (state: SandboxState, payment: PaymentRecord): RefundRecord[] =>
	payment.caseIds
		.map((id) => state.refunds.get(id))
		.filter((refund): refund is RefundRecord => refund !== undefined);

/** What is left to refund: the amount paid minus every case already opened on the payment. */
function unrefundedPaise(state: SandboxState, payment: PaymentRecord): number {
	return refundsOf(state, payment).reduce(
		(left, refund) => left - refund.amountPaise,
		payment.amountPaise,
	);
}

function create(context: ApiContext): Reply {
	const { state, decisions } = context;
	const payment = findOwned(context, state.payments);
	if (!payment.success) throw failure(400, 'Only successful payments can be refunded.');
	const fields = new FieldReader(context.body);
	const type = fields.choice('type', REFUND_TYPES, { required: true });
	const body = fields.text('body', { required: true });
	const amount = fields.decimal('refund_amount', { min: 0.01 });
	const transactionId = fields.text('transaction_id', {
		required: decisions.refundTransactionIdRequired,
		maxLength: 100,
	});
	fields.finish();

	// A replayed transaction_id never opens a second case (docs/instamojo-api.md §8); checked before the amount, because
	// the first case has already used up the amount a faithful replay asks for.
	const existing =
		transactionId === undefined
			? undefined
			: refundsOf(state, payment).find((refund) => refund.transactionId === transactionId);
	if (existing && decisions.duplicateRefundTransactionId === 'return-existing') {
		return json({ refund: renderCreated(existing, payment), success: true });
	}
	if (existing && decisions.duplicateRefundTransactionId === 'generic-error')
		throw failure(400, 'Could not create the refund. Please try again later.');
	if (existing)
		throw fieldError(
			'transaction_id',
			'A refund with this transaction_id already exists for this payment.',
		);

	const left = unrefundedPaise(state, payment);
	if (left <= 0) throw failure(400, 'This payment has already been refunded in full.');
	// Without refund_amount the whole payment is refunded (docs/instamojo-api.md §8), which fails after a partial refund.
	const requested = amount === undefined ? payment.amountPaise : toPaise(amount);
	if (requested > left)
		throw fieldError(
			'refund_amount',
			`Ensure this value is less than or equal to ${formatPaise(left)}.`,
		);

	const now = new Date().toISOString();
	const refund: RefundRecord = {
		id: caseId(),
		refundId: refundObjectId(),
		paymentId: payment.id,
		userId: payment.userId,
		partnerId: payment.partnerId,
		type: type as string,
		body: body as string,
		amountPaise: requested,
		transactionId: transactionId ?? null,
		status: 'Pending',
		transfers: [],
		createdAt: now,
		updatedAt: now,
	};
	if (decisions.refundInitialStatus === 'Refunded') completeRefund(refund);
	state.refunds.set(refund.id, refund);
	payment.caseIds.push(refund.id);
	payment.updatedAt = now;
	return json({ refund: renderCreated(refund, payment), success: true }, decisions.createStatus);
}

function getCase(context: ApiContext): Reply {
	const refund = findOwned(context, context.state.refunds);
	return json(renderCase(context.base, refund, context.state.users.get(refund.userId)));
}

/** The case behind an `R…` id, with the path's visibility rules; 404 when no case has that refund id. */
function findByRefundId(context: ApiContext): RefundRecord {
	const id = context.params.id;
	const refund = [...context.state.refunds.values()].find((record) => record.refundId === id);
	if (!refund) throw notFound();
	return findOwned(context, context.state.refunds, refund.id);
}

/** `/v2/refunds/{id}/`: a refund object by `R…` id; a case by `C…` id only where the list shows cases. */
function getRefund(context: ApiContext): Reply {
	if (context.decisions.refundsList === 'cases' && context.state.refunds.has(context.params.id))
		return getCase(context);
	const refund = findByRefundId(context);
	return json(
		renderRefundObject(context.base, refund, context.state.payments.get(refund.paymentId)),
	);
}

function list(context: ApiContext): Reply {
	const { state, base } = context;
	const refunds = filterList(context, visibleNewestFirst(context.auth, state.refunds), {
		timestamps: { created_at: (refund) => refund.createdAt },
	});
	const render =
		context.decisions.refundsList === 'refunds'
			? (refund: RefundRecord) =>
					renderRefundObject(base, refund, state.payments.get(refund.paymentId))
			: (refund: RefundRecord) => renderCase(base, refund, state.users.get(refund.userId));
	return paginate(context, refunds, 'refunds', render);
}

export const REFUND_ROUTES: ApiRoute[] = [
	{ method: 'POST', pattern: '/v2/payments/:id/refund', token: 'either', handler: create },
	{ method: 'GET', pattern: '/v2/refunds', token: 'either', handler: list },
	{ method: 'GET', pattern: '/v2/refunds/:id', token: 'either', handler: getRefund },
	{ method: 'GET', pattern: `/v2/${CASES}/:id`, token: 'either', handler: getCase },
];
