import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { type FormParseResult, parseFormBody } from './mac';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The media type of a Content-Type header, without parameters such as charset. */
function mediaType(header: unknown): string {
	const value = Array.isArray(header) ? String(header[0] ?? '') : String(header ?? '');
	return value.split(';')[0].trim().toLowerCase();
}

/** UTF-8 text, or undefined for bytes no form body contains (invalid UTF-8, NUL). */
function decodeText(bytes: Uint8Array): string | undefined {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Not UTF-8: binary data, reported as such by the caller.
		return undefined;
	}
	return text.includes('\u0000') ? undefined : text;
}

/**
 * The body re-encoded from what n8n parsed, for a request that reached us without its raw bytes.
 * n8n's parser turns a repeated key into an array; each value is kept, so the repeat is still refused.
 */
function reencode(body: IDataObject): string {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(body ?? {})) {
		for (const item of Array.isArray(value) ? value : [value]) form.append(key, String(item ?? ''));
	}
	return form.toString();
}

/**
 * The delivery's form fields, parsed from the raw body: n8n's own parse (Node's querystring) folds
 * repeated keys into arrays and is not what Instamojo signed. A reason is returned, never thrown,
 * for anything that is not a form (JSON, binary, empty, a repeated key): the caller answers 400.
 */
export function readDeliveryForm(this: IWebhookFunctions): FormParseResult {
	const type = mediaType(this.getHeaderData()['content-type']);
	if (type !== FORM_MEDIA_TYPE) {
		return { ok: false, reason: `expected an ${FORM_MEDIA_TYPE} body, got ${type || 'no Content-Type'}` };
	}
	const raw = this.getRequestObject().rawBody as Uint8Array | undefined;
	if (raw === undefined || raw === null) return parseFormBody(reencode(this.getBodyData()));
	const text = decodeText(raw);
	if (text === undefined) return { ok: false, reason: 'the body is binary, not form-encoded text' };
	return parseFormBody(text);
}
