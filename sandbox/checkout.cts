/**
 * What a buyer does on the payment page, driven through the control API: pay (or fail to pay) a
 * request, which records the payment, fires the webhook and yields the redirect (docs/instamojo-api.md §6, §9).
 * Also the bulk variant benchmarks use to fill the state quickly.
 */
import type { Decisions } from './decisions.cjs';
import { FieldReader } from './fields.cjs';
import { failure, json, notFound, type Body, type Reply } from './http.cjs';
import { toPaise } from './money.cjs';
import { addPaymentRequest } from './paymentRequests.cjs';
import { type Buyer, recordPayment, renderPayment } from './payments.cjs';
import type { PaymentRecord, PaymentRequestRecord, SandboxState } from './state.cjs';
import { deliverWebhook, webhookFields, webhookSaltFor } from './webhook.cjs';

/** Why a request cannot take a payment now, or null when it can. */
function unpayableReason(state: SandboxState, request: PaymentRequestRecord): string | null {
	if (request.disabled) return 'This payment request is disabled.';
	if (request.expiresAt !== null && Date.parse(request.expiresAt) <= Date.now())
		return 'This payment request has expired.';
	const paid = request.paymentIds.some((id) => state.payments.get(id)?.success);
	if (paid && !request.allowRepeatedPayments) return 'This payment request has already been paid.';
	return null;
}

/**
 * docs/instamojo-api.md §6: the redirect_url with payment_id, payment_status and payment_request_id appended; joined with
 * `&` when the URL already has a query, directly when it already ends with `?` or `&`.
 */
function redirectUrlFor(request: PaymentRequestRecord, payment: PaymentRecord): string | null {
	const url = request.redirectUrl;
	if (url === null) return null;
	const params = new URLSearchParams({
		payment_id: payment.id,
		payment_status: payment.success ? 'Credit' : 'Failed',
		payment_request_id: request.id,
	});
	const joiner = /[?&]$/.test(url) ? '' : url.includes('?') ? '&' : '?';
	return `${url}${joiner}${params.toString()}`;
}

/** The buyer's details: what the control call says, else what the request was created with, else a stand-in. */
function readBuyer(fields: FieldReader, request: PaymentRequestRecord): Buyer {
	return {
		name: fields.text('buyer_name', { maxLength: 100 }) ?? request.buyerName ?? 'Sandbox Buyer',
		email: fields.email('email') ?? request.email ?? 'buyer@example.com',
		phone: fields.phone('phone') ?? request.phone ?? '+919999999999',
	};
}

export async function pay(
	state: SandboxState,
	decisions: Decisions,
	base: string,
	requestId: string,
	body: Body,
): Promise<Reply> {
	const request = state.paymentRequests.get(requestId);
	if (!request) throw notFound();
	const fields = new FieldReader(body);
	const outcome = fields.choice('outcome', ['success', 'failure'] as const) ?? 'success';
	const buyer = readBuyer(fields, request);
	const amount = fields.decimal('amount', { min: 0.01 });
	fields.finish();
	const reason = unpayableReason(state, request);
	if (reason) throw failure(400, reason);

	const success = outcome === 'success';
	const payment = recordPayment(state, decisions, request, {
		success,
		amountPaise: amount === undefined ? request.amountPaise : toPaise(amount),
		buyer,
	});
	const notify = request.webhook !== null && (success || decisions.failureWebhooks);
	const webhook = notify
		? await deliverWebhook(
				request.webhook as string,
				webhookFields(payment, request, webhookSaltFor(state, decisions, request)),
			)
		: null;
	return json({
		payment: renderPayment(base, payment),
		redirect_url: redirectUrlFor(request, payment),
		webhook,
	});
}

/** More than a benchmark needs, small enough to answer in well under a second. */
const MAX_BULK = 100_000;
const BULK_AMOUNT_PAISE = 100_00;

/**
 * `count` successful payments, each on its own request of ₹100.00 on the given account (default: the
 * marketplace), held when asked. No webhooks: this fills the state, it does not simulate buyers.
 */
export function bulkPayments(
	state: SandboxState,
	decisions: Decisions,
	base: string,
	body: Body,
): Reply {
	const count = Number.isInteger(body.count) ? (body.count as number) : 0;
	if (count < 1 || count > MAX_BULK) {
		throw failure(400, `count must be an integer from 1 to ${MAX_BULK}.`);
	}
	const owner = state.users.get(
		body.user === undefined ? state.application.userId : String(body.user),
	);
	if (!owner) throw failure(400, `No user with id ${String(body.user)}.`);
	if (body.held !== undefined && typeof body.held !== 'boolean')
		throw failure(400, 'held must be a boolean.');
	const buyer: Buyer = {
		name: 'Sandbox Buyer',
		email: 'buyer@example.com',
		phone: '+919999999999',
	};
	const paymentIds: string[] = [];
	for (let i = 1; i <= count; i++) {
		const request = addPaymentRequest(state, owner, base, {
			amountPaise: BULK_AMOUNT_PAISE,
			purpose: `Bulk payment ${i}`,
			allowRepeatedPayments: false,
			markFulfilled: body.held !== true,
		});
		paymentIds.push(
			recordPayment(state, decisions, request, {
				success: true,
				amountPaise: BULK_AMOUNT_PAISE,
				buyer,
			}).id,
		);
	}
	return json({ count, payment_ids: paymentIds });
}
