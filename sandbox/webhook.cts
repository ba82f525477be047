/** The payment webhook (docs/instamojo-api.md §9): form fields, their MAC, and delivery. */
import { createHmac } from 'node:crypto';

import type { Decisions } from './decisions.cjs';
import { formatPaise } from './money.cjs';
import type { PaymentRecord, PaymentRequestRecord, SandboxState } from './state.cjs';

/**
 * docs/instamojo-api.md §9: HMAC-SHA1, keyed by the private salt, over the values of every field but `mac`, ordered by
 * key compared case-insensitively (PHP's `ksort(SORT_STRING | SORT_FLAG_CASE)`), joined with `|`.
 */
export function computeMac(fields: Record<string, string>, salt: string): string {
	const keys = Object.keys(fields)
		.filter((key) => key !== 'mac')
		.sort((a, b) => {
			const left = a.toLowerCase();
			const right = b.toLowerCase();
			return left < right ? -1 : left > right ? 1 : 0;
		});
	const message = keys.map((key) => fields[key]).join('|');
	return createHmac('sha1', salt).update(message).digest('hex');
}

/** The salt that signs a request's webhooks, per the `webhookSalt` decision. */
export function webhookSaltFor(
	state: SandboxState,
	decisions: Decisions,
	request: PaymentRequestRecord,
): string {
	const signerId = decisions.webhookSalt === 'partner' ? request.partnerId : request.userId;
	const signer = state.users.get(signerId);
	if (!signer) throw new Error(`No account ${signerId} to sign the webhook with`);
	return signer.salt;
}

/** docs/instamojo-api.md §9: the fields in the documented order, `mac` last. `shorturl` is empty: the sandbox issues none. */
export function webhookFields(
	payment: PaymentRecord,
	request: PaymentRequestRecord,
	salt: string,
): Record<string, string> {
	const fields: Record<string, string> = {
		amount: formatPaise(payment.amountPaise),
		buyer: payment.email,
		buyer_name: payment.buyerName,
		buyer_phone: payment.phone,
		currency: 'INR',
		fees: formatPaise(payment.feesPaise ?? 0),
		longurl: request.longurl,
		payment_id: payment.id,
		payment_request_id: request.id,
		purpose: request.purpose,
		shorturl: '',
		status: payment.success ? 'Credit' : 'Failed',
	};
	return { ...fields, mac: computeMac(fields, salt) };
}

export interface WebhookDelivery {
	url: string;
	/** The receiver's HTTP status, or null when it could not be reached. */
	status: number | null;
	body: string | null;
	error?: string;
}

/** Receivers that hang must not hang the sandbox; Instamojo's own timeout is not documented. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs the form body (not JSON, docs/instamojo-api.md §9) and reports what the receiver answered. */
export async function deliverWebhook(
	url: string,
	fields: Record<string, string>,
): Promise<WebhookDelivery> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString(),
			signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
		});
		return { url, status: response.status, body: await response.text() };
	} catch (error) {
		// fetch says only "fetch failed"; the cause says why (ECONNREFUSED, timeout, bad port...).
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		const reason = cause?.code ?? cause?.message;
		return {
			url,
			status: null,
			body: null,
			error: reason ? `${(error as Error).message}: ${reason}` : (error as Error).message,
		};
	}
}
