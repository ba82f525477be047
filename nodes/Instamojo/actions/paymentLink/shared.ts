/** What the Payment Link operations share: the output view, the ID field, Enable and Disable. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { idFromResourceUrl, lightCheckoutUrl } from '../../helpers/resourceUrls';
import { apiBoolean, withBooleans } from '../../helpers/values';
import { validateHexId } from '../../helpers/validation';
import type { InstamojoClient } from '../../transport';
import { resolveUserActAs, withRotatedTokens } from '../common/account';
import type { OutputView } from '../common/output';

/**
 * A payment request as every Payment Link operation outputs it (docs/instamojo-api.md §6). Simplify keeps what
 * a workflow usually needs next: where to send the buyer, what it costs, the marketplace's cut, whether
 * payouts are held, and whether it was paid. Instamojo's fields are kept, and the form's words are added
 * beside them (formTerms).
 */
export const paymentLinkView: OutputView = {
	amounts: ['amount', 'partner_fee'],
	simplified: [
		'id',
		'status',
		'purpose',
		'amount',
		'buyer_name',
		'email',
		'phone',
		'longurl',
		'shorturl',
		'light_checkout_url',
		'commission_type',
		'commission',
		'hold_payout',
		'partner_fee_type',
		'partner_fee',
		'mark_fulfilled',
		'allow_repeated_payments',
		'expires_at',
		'seller_id',
		'user',
		'payment_ids',
		'created_at',
	],
	derive: (link: IDataObject): IDataObject => ({
		// Real booleans, also when Instamojo answers "True"/"False" (docs/instamojo-api.md §3).
		...withBooleans(link, ['mark_fulfilled', 'allow_repeated_payments', 'send_email', 'send_sms']),
		...formTerms(link),
		light_checkout_url: lightCheckoutUrl(link.longurl) ?? null,
		seller_id: idFromResourceUrl(link.user) ?? null,
		// v2 lists payments as URLs (docs/instamojo-api.md §6); the IDs are what Payment → Get takes.
		payment_ids: Array.isArray(link.payments) ? link.payments.map((url) => idFromResourceUrl(url) ?? url) : [],
	}),
};

/**
 * The link's terms in the words of Payment Link → Create: Hold Payout Until Released is mark_fulfilled
 * inverted, the commission is Instamojo's partner fee. Unreadable values stay null: never guessed.
 */
function formTerms(link: IDataObject): IDataObject {
	const fulfilled = apiBoolean(link.mark_fulfilled);
	const type = link.partner_fee_type;
	return {
		hold_payout: fulfilled === undefined ? null : !fulfilled,
		commission_type: typeof type === 'string' && type.trim() !== '' ? type : 'none',
		commission: numberOrNull(link.partner_fee),
	};
}

function numberOrNull(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : null;
}

/** The payment link (payment request) Get, Enable and Disable act on. */
export const paymentLinkIdField: INodeProperties = {
	displayName: 'Payment Link ID',
	name: 'paymentLinkId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '05f317448ad84649aa1a9c7328edb015',
	description: 'The payment request ID (32 hexadecimal characters), as output by Create or Get Many',
};

/**
 * Enable and Disable: the same call but for its last path segment (docs/instamojo-api.md §6), with a user's token
 * (docs/instamojo-api.md §4). Instamojo answers a bare
 * `{"success": true}`; the output says which link is now in which state, so later nodes can use it.
 */
export async function setPaymentLinkEnabled(
	this: IExecuteFunctions,
	itemIndex: number,
	client: InstamojoClient,
	enabled: boolean,
): Promise<IDataObject> {
	const id = validateHexId(this.getNodeParameter('paymentLinkId', itemIndex), 'Payment Link ID');
	const verb = enabled ? 'enable' : 'disable';
	const actAs = await resolveUserActAs.call(this, itemIndex, client, `${verb} a link`);
	await client.request(
		{
			method: 'POST',
			path: `/v2/payment_requests/${id}/${verb}/`,
			// Setting the state it already has changes nothing, so a repeat is harmless.
			retry: 'idempotent',
			action: `${verb} the payment link`,
			resource: 'payment link',
		},
		itemIndex,
		actAs.auth,
	);
	return withRotatedTokens({ id, enabled }, actAs);
}
