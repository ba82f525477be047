/** Payment requests, i.e. payment links (docs/instamojo-api.md §6): create, get, list, enable, disable. */
import {
	type ApiContext,
	type ApiRoute,
	findOwned,
	resourceUri,
	visibleNewestFirst,
} from './api.cjs';
import { FieldReader } from './fields.cjs';
import { type Body, json, type Reply } from './http.cjs';
import { hexId } from './ids.cjs';
import { filterList, paginate } from './lists.cjs';
import { formatPaise, toPaise } from './money.cjs';
import type { PartnerFeeType, PaymentRequestRecord, SandboxState, UserRecord } from './state.cjs';

const MIN_AMOUNT = 9;
const MAX_AMOUNT = 200000;
const PARTNER_FEE_TYPES: readonly PartnerFeeType[] = ['fixed', 'percent'];

function renderPaymentRequest(base: string, request: PaymentRequestRecord) {
	return {
		id: request.id,
		user: resourceUri(base, 'users', request.userId),
		phone: request.phone,
		email: request.email,
		buyer_name: request.buyerName,
		amount: formatPaise(request.amountPaise),
		purpose: request.purpose,
		status: request.status,
		// v2 lists payment URLs, not embedded payments (docs/instamojo-api.md §6).
		payments: request.paymentIds.map((id) => resourceUri(base, 'payments', id)),
		send_sms: request.sendSms,
		send_email: request.sendEmail,
		sms_status: request.sendSms ? 'Pending' : null,
		email_status: request.sendEmail ? 'Pending' : null,
		shorturl: null,
		longurl: request.longurl,
		redirect_url: request.redirectUrl,
		webhook: request.webhook,
		scheduled_at: null,
		expires_at: request.expiresAt,
		allow_repeated_payments: request.allowRepeatedPayments,
		mark_fulfilled: request.markFulfilled,
		partner: resourceUri(base, 'users', request.partnerId),
		partner_fee: request.partnerFee === null ? null : request.partnerFee.toFixed(2),
		partner_fee_type: request.partnerFeeType,
		created_at: request.createdAt,
		modified_at: request.modifiedAt,
		resource_uri: resourceUri(base, 'payment_requests', request.id),
	};
}

/** send_email / send_sms need somewhere to send to (docs/instamojo-api.md §6). */
function checkDeliveryTargets(
	fields: FieldReader,
	wants: { email?: boolean; sms?: boolean },
	has: { email?: string; phone?: string },
): void {
	if (wants.email && has.email === undefined && !fields.hasError('email')) {
		fields.error('email', 'This field is required when send_email is true.');
	}
	if (wants.sms && has.phone === undefined && !fields.hasError('phone')) {
		fields.error('phone', 'This field is required when send_sms is true.');
	}
}

/** partner_fee_type and partner_fee come together; a percentage is at most 100, a fixed fee below the amount. */
function checkPartnerFee(
	fields: FieldReader,
	type: PartnerFeeType | undefined,
	fee: number | undefined,
	amount: number | undefined,
): void {
	if (type !== undefined && fee === undefined && !fields.hasError('partner_fee')) {
		fields.error('partner_fee', 'This field is required when partner_fee_type is set.');
	}
	if (fee !== undefined && type === undefined && !fields.hasError('partner_fee_type')) {
		fields.error('partner_fee_type', 'This field is required when partner_fee is set.');
	}
	if (fee === undefined) return;
	if (type === 'percent' && fee > 100)
		fields.error('partner_fee', 'Ensure this value is less than or equal to 100.');
	if (type === 'fixed' && amount !== undefined && fee >= amount)
		fields.error('partner_fee', 'Ensure this value is less than the amount.');
}

/** What a creator chooses; the rest of a request's record is derived or starts empty. */
export interface PaymentRequestInput {
	amountPaise: number;
	purpose: string;
	allowRepeatedPayments: boolean;
	markFulfilled: boolean;
	buyerName?: string;
	email?: string;
	phone?: string;
	redirectUrl?: string;
	webhook?: string;
	sendEmail?: boolean;
	sendSms?: boolean;
	partnerFeeType?: PartnerFeeType;
	partnerFee?: number;
	expiresAt?: string;
}

/**
 * Stores a new request on the owner's account. An application token's owner is the marketplace
 * account itself, so its requests are the marketplace's own.
 */
export function addPaymentRequest(
	state: SandboxState,
	owner: UserRecord,
	base: string,
	input: PaymentRequestInput,
): PaymentRequestRecord {
	const now = new Date().toISOString();
	const id = hexId();
	const request: PaymentRequestRecord = {
		id,
		userId: owner.id,
		partnerId: owner.partnerId,
		amountPaise: input.amountPaise,
		purpose: input.purpose,
		buyerName: input.buyerName ?? null,
		email: input.email ?? null,
		phone: input.phone ?? null,
		redirectUrl: input.redirectUrl ?? null,
		webhook: input.webhook ?? null,
		allowRepeatedPayments: input.allowRepeatedPayments,
		sendEmail: input.sendEmail ?? false,
		sendSms: input.sendSms ?? false,
		partnerFeeType: input.partnerFeeType ?? null,
		partnerFee: input.partnerFee ?? null,
		markFulfilled: input.markFulfilled,
		expiresAt: input.expiresAt ?? null,
		status: 'Pending',
		disabled: false,
		longurl: `${base}/@${owner.username}/${id}`,
		paymentIds: [],
		createdAt: now,
		modifiedAt: now,
	};
	state.paymentRequests.set(id, request);
	return request;
}

/** The marketplace fields: commission and hold, which mean something only on a seller's link. */
const MARKETPLACE_FIELDS = ['partner_fee', 'partner_fee_type', 'mark_fulfilled'];

/**
 * The body as this world reads it. An application token's link lands on the marketplace's own account
 * (docs/instamojo-api.md §4, §6); where `applicationLinkFields` is 'dropped', its marketplace fields are
 * ignored unread, as a serializer without them would: no commission, and the payout is never held.
 */
function effectiveBody(context: ApiContext): Body {
	if (context.auth.kind !== 'application' || context.decisions.applicationLinkFields === 'kept')
		return context.body;
	const body = Object.fromEntries(
		Object.entries(context.body).filter(([key]) => !MARKETPLACE_FIELDS.includes(key)),
	);
	return { ...body, mark_fulfilled: true };
}

function create(context: ApiContext): Reply {
	const { decisions, auth } = context;
	const fields = new FieldReader(effectiveBody(context));
	const amount = fields.decimal('amount', { required: true, min: MIN_AMOUNT, max: MAX_AMOUNT });
	const purpose = fields.text('purpose', { required: true });
	const buyerName = fields.text('buyer_name', { maxLength: 100 });
	const email = fields.email('email', { maxLength: 75 });
	const phone = fields.phone('phone');
	const redirectUrl = fields.url('redirect_url');
	const webhook = fields.url('webhook');
	const allowRepeatedPayments = fields.boolean('allow_repeated_payments');
	const sendEmail = fields.boolean('send_email');
	const sendSms = fields.boolean('send_sms');
	const partnerFeeType = fields.choice('partner_fee_type', PARTNER_FEE_TYPES);
	const partnerFee = fields.decimal('partner_fee', { min: 0 });
	const markFulfilled = fields.boolean('mark_fulfilled');
	const expiresAt = fields.timestamp('expires_at');
	checkDeliveryTargets(fields, { email: sendEmail, sms: sendSms }, { email, phone });
	checkPartnerFee(fields, partnerFeeType, partnerFee, amount);
	if (expiresAt !== undefined && expiresAt <= Date.now())
		fields.error('expires_at', 'Ensure this value is in the future.');
	fields.finish();

	const request = addPaymentRequest(context.state, auth.user, context.base, {
		amountPaise: toPaise(amount as number),
		purpose: purpose as string,
		buyerName,
		email,
		phone,
		redirectUrl,
		webhook,
		allowRepeatedPayments: allowRepeatedPayments ?? decisions.allowRepeatedPaymentsDefault,
		sendEmail,
		sendSms,
		partnerFeeType,
		partnerFee,
		markFulfilled: markFulfilled ?? decisions.markFulfilledDefault,
		expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt).toISOString(),
	});
	return json(renderPaymentRequest(context.base, request), decisions.createStatus);
}

const get = (context: ApiContext): Reply =>
	json(renderPaymentRequest(context.base, findOwned(context, context.state.paymentRequests)));

function list(context: ApiContext): Reply {
	const status = context.query.status;
	const requests = filterList(
		context,
		visibleNewestFirst(context.auth, context.state.paymentRequests),
		{
			timestamps: {
				created_at: (request) => request.createdAt,
				modified_at: (request) => request.modifiedAt,
			},
			matches: (request) => status === undefined || request.status === status,
		},
	);
	return paginate(context, requests, 'payment_requests', (request) =>
		renderPaymentRequest(context.base, request),
	);
}

/** Enable and disable differ only in the flag they set (docs/instamojo-api.md §6). */
const setDisabled =
	(disabled: boolean) =>
	(context: ApiContext): Reply => {
		const request = findOwned(context, context.state.paymentRequests);
		request.disabled = disabled;
		request.modifiedAt = new Date().toISOString();
		return json({ success: true });
	};

export const PAYMENT_REQUEST_ROUTES: ApiRoute[] = [
	{ method: 'POST', pattern: '/v2/payment_requests', token: 'either', handler: create },
	{ method: 'GET', pattern: '/v2/payment_requests', token: 'either', handler: list },
	{ method: 'GET', pattern: '/v2/payment_requests/:id', token: 'either', handler: get },
	{
		method: 'POST',
		pattern: '/v2/payment_requests/:id/enable',
		token: 'either',
		handler: setDisabled(false),
	},
	{
		method: 'POST',
		pattern: '/v2/payment_requests/:id/disable',
		token: 'either',
		handler: setDisabled(true),
	},
];
