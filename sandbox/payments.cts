/** Payments and hold-and-release (docs/instamojo-api.md §7). Payments are only made through the control API. */
import {
	type ApiContext,
	type ApiRoute,
	CASES,
	findOwned,
	resourceUri,
	visibleNewestFirst,
} from './api.cjs';
import type { Decisions } from './decisions.cjs';
import { failure, json, type Reply } from './http.cjs';
import { paymentId } from './ids.cjs';
import { filterList, paginate } from './lists.cjs';
import { formatPaise, percentOf, toPaise } from './money.cjs';
import type { PaymentRecord, PaymentRequestRecord, SandboxState } from './state.cjs';

const formatOrNull = (paise: number | null): string | null =>
	paise === null ? null : formatPaise(paise);

/** docs/instamojo-api.md §7, including the differences of a failed payment. */
export function renderPayment(base: string, payment: PaymentRecord) {
	return {
		id: payment.id,
		title: payment.title,
		payment_type: 'api_rap',
		payment_request: resourceUri(base, 'payment_requests', payment.paymentRequestId),
		status: payment.success,
		link: null,
		product: null,
		seller: resourceUri(base, 'users', payment.userId),
		currency: 'INR',
		amount: formatPaise(payment.amountPaise),
		name: payment.buyerName,
		email: payment.email,
		phone: payment.phone,
		payout: null,
		fees: formatOrNull(payment.feesPaise),
		total_taxes: formatOrNull(payment.taxesPaise),
		cases: payment.caseIds.map((id) => resourceUri(base, CASES, id)),
		affiliate_id: null,
		affiliate_commission: payment.success ? '0.00' : null,
		order_info: {
			shipping_address: null,
			shipping_city: null,
			shipping_state: null,
			shipping_zip: null,
			shipping_country: null,
			quantity: 1,
			unit_price: formatPaise(payment.amountPaise),
			custom_fields: {},
			variants: [],
		},
		instrument_type: payment.instrumentType,
		billing_instrument: payment.billingInstrument,
		failure: payment.failure,
		created_at: payment.createdAt,
		updated_at: payment.updatedAt,
		tax_invoice_id: '',
		resource_uri: resourceUri(base, 'payments', payment.id),
	};
}

export interface Buyer {
	name: string;
	email: string;
	phone: string;
}

/** The marketplace's cut of one payment, per the request's partner fee (docs/instamojo-api.md §6). */
function partnerFeePaise(request: PaymentRequestRecord, amountPaise: number): number {
	if (request.partnerFee === null) return 0;
	return request.partnerFeeType === 'percent'
		? percentOf(amountPaise, request.partnerFee)
		: toPaise(request.partnerFee);
}

/**
 * Records one payment against a request and updates the request, as a buyer completing (or failing)
 * checkout would. A successful payment on a request with mark_fulfilled=false is held (docs/instamojo-api.md §6).
 */
export function recordPayment(
	state: SandboxState,
	decisions: Decisions,
	request: PaymentRequestRecord,
	payment: { success: boolean; amountPaise: number; buyer: Buyer },
): PaymentRecord {
	const now = new Date().toISOString();
	const { success, amountPaise, buyer } = payment;
	const fee = decisions.instamojoFee;
	const feesPaise = success ? percentOf(amountPaise, fee.percent) + toPaise(fee.fixed) : null;
	const record: PaymentRecord = {
		id: paymentId(),
		paymentRequestId: request.id,
		userId: request.userId,
		partnerId: request.partnerId,
		title: request.purpose,
		amountPaise,
		buyerName: buyer.name,
		email: buyer.email,
		phone: buyer.phone,
		success,
		feesPaise,
		taxesPaise: feesPaise === null ? null : percentOf(feesPaise, fee.gstPercent),
		partnerFeePaise: success ? partnerFeePaise(request, amountPaise) : 0,
		held: success && !request.markFulfilled,
		failure: success
			? null
			: { reason: 'AUTHORIZATION_FAILED', message: 'Transaction was declined by the bank' },
		instrumentType: success ? 'UPI' : 'CARD',
		billingInstrument: success ? 'UPI' : 'International Regular Credit Card (Visa/Mastercard)',
		caseIds: [],
		createdAt: now,
		updatedAt: now,
	};
	state.payments.set(record.id, record);
	request.paymentIds.push(record.id);
	request.modifiedAt = now;
	if (success) request.status = 'Completed';
	return record;
}

const get = (context: ApiContext): Reply =>
	json(renderPayment(context.base, findOwned(context, context.state.payments)));

/** A list item: the detail object, without `cases` in a world whose lists leave them out. */
function listedPayment(context: ApiContext, payment: ReturnType<typeof renderPayment>) {
	if (context.decisions.paymentListCases) return payment;
	const { cases: _cases, ...withoutCases } = payment;
	return withoutCases;
}

function list(context: ApiContext): Reply {
	const requestId = context.query.payment_request_id;
	const payments = filterList(context, visibleNewestFirst(context.auth, context.state.payments), {
		timestamps: { created_at: (payment) => payment.createdAt },
		matches: (payment) => requestId === undefined || payment.paymentRequestId === requestId,
	});
	return paginate(context, payments, 'payments', (payment) =>
		listedPayment(context, renderPayment(context.base, payment)),
	);
}

/** Releases a held payment (docs/instamojo-api.md §7). */
function fulfil(context: ApiContext): Reply {
	const payment = findOwned(context, context.state.payments);
	if (!payment.success) throw failure(400, 'Payment failed, so it cannot be fulfilled.');
	if (!payment.held) throw failure(400, 'Payment is already fulfilled.');
	payment.held = false;
	payment.updatedAt = new Date().toISOString();
	return json({ fulfil: true, success: true });
}

export const PAYMENT_ROUTES: ApiRoute[] = [
	{ method: 'GET', pattern: '/v2/payments', token: 'either', handler: list },
	{ method: 'GET', pattern: '/v2/payments/:id', token: 'either', handler: get },
	{ method: 'POST', pattern: '/v2/payments/:id/fulfil', token: 'either', handler: fulfil },
];
