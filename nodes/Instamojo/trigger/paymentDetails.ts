import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import { withNumericAmounts } from '../helpers/money';
import { requestWithCredential } from '../transport';
import { describeErrorBody } from '../transport/errors';

/** Instamojo may be waiting for our answer while this runs (the response is sent after `webhook()`). */
const TIMEOUT_MS = 10_000;

const PAYMENT_AMOUNT_FIELDS = ['amount', 'fees', 'total_taxes', 'affiliate_commission'];

/**
 * The payment as the API knows it (spec §10.1), fetched with the trigger's credential. Never throws:
 * the delivery was already accepted, so a failed fetch is reported on the item as
 * `payment_details_error` and the workflow still runs. `readCredential` gives the trigger's credential,
 * read once per delivery.
 */
export async function fetchPaymentDetails(
	this: IWebhookFunctions,
	paymentId: string | null,
	readCredential: () => Promise<ICredentialDataDecryptedObject>,
): Promise<IDataObject> {
	if (paymentId === null) {
		return { payment_details_error: 'The delivery has no payment_id, so there was no payment to fetch.' };
	}
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: `/v2/payments/${encodeURIComponent(paymentId)}/`,
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: TIMEOUT_MS,
	};
	let response: IN8nHttpFullResponse;
	try {
		const credential = await readCredential();
		response = await requestWithCredential(this, options, credential, false);
		// Expired or revoked: renew the token once (n8n stores it) and ask again.
		if (response.statusCode === 401) response = await requestWithCredential(this, options, credential, true);
	} catch (error) {
		return { payment_details_error: `Could not get payment ${paymentId} from Instamojo: ${(error as Error).message}` };
	}
	if (response.statusCode >= 200 && response.statusCode < 300 && isObject(response.body)) {
		return { payment_details: withNumericAmounts(response.body, PAYMENT_AMOUNT_FIELDS) };
	}
	const detail = describeErrorBody(response.body);
	return {
		payment_details_error: `Instamojo refused to get payment ${paymentId} (HTTP ${response.statusCode})${detail ? `: ${detail}` : ''}`,
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
