/**
 * Instamojo answers with URLs where a workflow needs IDs or another form of the same address
 * (docs/instamojo-api.md §3, §6, §7). These pure helpers derive them.
 */

/**
 * The ID at the end of a v2 resource URL, e.g. `…/v2/payment_requests/<id>/` → `<id>`.
 * Undefined when the value is not such a URL (Instamojo sends null for missing links).
 */
export function idFromResourceUrl(value: unknown): string | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const path = value.split(/[?#]/)[0];
	const segments = path.split('/').filter(Boolean);
	return segments.length > 1 ? decodeURIComponent(segments[segments.length - 1]) : undefined;
}

/**
 * The ID a reference names, lower-cased, for comparing with an ID: Instamojo gives references (a payment's
 * `payment_request`, say) as v2 resource URLs, `…/v2/payment_requests/<id>/`, or as the bare ID.
 * Undefined when the value is not text.
 */
export function referencedId(value: unknown): string | undefined {
	const id = idFromResourceUrl(value) ?? (typeof value === 'string' ? value.trim() : undefined);
	return id?.toLowerCase();
}

/**
 * The payment link for embedding in an iframe or a mobile webview ("light checkout", docs/instamojo-api.md §6):
 * the longurl with `embed=form` added to its query, before any fragment.
 */
export function lightCheckoutUrl(longurl: unknown): string | undefined {
	if (typeof longurl !== 'string' || !longurl) return undefined;
	const hashAt = longurl.indexOf('#');
	const address = hashAt === -1 ? longurl : longurl.slice(0, hashAt);
	const fragment = hashAt === -1 ? '' : longurl.slice(hashAt);
	if (/[?&]embed=form(&|$)/.test(address)) return longurl;
	const separator = !address.includes('?') ? '?' : address.endsWith('?') || address.endsWith('&') ? '' : '&';
	return `${address}${separator}embed=form${fragment}`;
}
