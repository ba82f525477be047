import type { IDataObject, IN8nHttpFullResponse, IWebhookFunctions } from 'n8n-workflow';

import { withNumericAmounts } from '../helpers/money';
import { withBooleans } from '../helpers/values';
import { describeErrorBody, readWithCredential } from '../transport';
import type { TriggerCredential } from './credentials';
import { type GuardedRead, type PaymentRead, READS_PER_MINUTE } from './guard';

/** Instamojo may be waiting for our answer while this runs (the response is sent after `webhook()`). */
const TIMEOUT_MS = 10_000;

const PAYMENT_AMOUNT_FIELDS = ['amount', 'fees', 'total_taxes', 'affiliate_commission'];
/** `status` may come as `True`/`False` (docs/instamojo-api.md §3): output as a real boolean. */
const PAYMENT_BOOLEAN_FIELDS = ['status'];

/**
 * The payment as the API knows it (docs/instamojo-api.md §7), read with the trigger's credential (the
 * cached copy of this credential, see ./credentials.ts). Never throws: every outcome is a value. The id
 * was validated by the caller, so the path is exactly `/v2/payments/{id}/`.
 */
export async function readPayment(this: IWebhookFunctions, paymentId: string, source: TriggerCredential): Promise<PaymentRead> {
	let response: IN8nHttpFullResponse;
	try {
		// A copy: a renewal writes into it, and deliveries sharing the cached one must not see it half done.
		const cached = await source.current();
		const credential = { ...cached };
		try {
			response = await readWithCredential.call(this, `/v2/payments/${encodeURIComponent(paymentId)}/`, credential, TIMEOUT_MS);
		} finally {
			// n8n stored a new token: the next delivery reads the credential again rather than fetch another.
			if (credential.accessToken !== cached.accessToken) source.forget();
		}
	} catch (error) {
		return { kind: 'unavailable', reason: (error as Error).message };
	}
	const { statusCode, body } = response;
	if (statusCode >= 200 && statusCode < 300 && isObject(body)) return { kind: 'payment', payment: body };
	if (statusCode === 401 || statusCode === 429 || statusCode >= 500 || statusCode < 400) {
		return { kind: 'unavailable', reason: `HTTP ${statusCode}` };
	}
	return { kind: 'refused', statusCode, detail: describeErrorBody(body) };
}

/** What the item carries for Fetch Payment Details: the payment, or why there is none. The workflow still runs. */
export function paymentDetailsOf(paymentId: string | null, read: GuardedRead | undefined): IDataObject {
	if (paymentId === null || read === undefined) {
		return { payment_details_error: 'The delivery has no payment_id, so there was no payment to fetch.' };
	}
	switch (read.kind) {
		case 'payment':
			return { payment_details: withBooleans(withNumericAmounts(read.payment, PAYMENT_AMOUNT_FIELDS), PAYMENT_BOOLEAN_FIELDS) };
		case 'refused':
			return {
				payment_details_error: `Instamojo refused to get payment ${paymentId} (HTTP ${read.statusCode})${read.detail ? `: ${read.detail}` : ''}`,
			};
		case 'unavailable':
			return { payment_details_error: `Could not get payment ${paymentId} from Instamojo: ${read.reason}` };
		case 'overBudget':
			return { payment_details_error: `Payment ${paymentId} was not fetched: ${OVER_BUDGET}.` };
	}
}

/** Why a read was not sent: shared by the item's error, the log and the sender's answer. */
export const OVER_BUDGET = `this trigger already asked Instamojo about ${READS_PER_MINUTE} payments in the last minute`;

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
