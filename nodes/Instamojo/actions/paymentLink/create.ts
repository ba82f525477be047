import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { commission, type CommissionPreview, formatPaise, validateAmount } from '../../helpers/money';
import {
	InputError,
	normalizeDateTime,
	normalizeIndianPhone,
	optionalText,
	requireText,
	validateEmail,
	validateUrl,
} from '../../helpers/validation';
import { accountFields, accountOf, readActAs, resolveActAs, resolveUserActAs, withRotatedTokens } from '../common/account';
import { additionalFields } from '../common/collections';
import { readSimplify, shapeOutput, simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkView } from './shared';

const properties: INodeProperties[] = [
	...accountFields('seller'),
	{
		displayName: 'Amount (INR)',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		required: true,
		default: 0,
		placeholder: '499.50',
		description: 'What the buyer pays, in rupees: from ₹9 to ₹200000, at most two decimals',
	},
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Order #1234',
		description: 'What the payment is for, at most 30 characters; the buyer sees it on the checkout page',
	},
	{
		displayName: 'Commission Type',
		name: 'commissionType',
		type: 'options',
		options: [
			{
				name: 'Fixed Amount',
				value: 'fixed',
				description: 'The marketplace takes a fixed amount in rupees from each payment',
			},
			{
				name: 'None',
				value: 'none',
				description: "The seller gets the whole amount, less Instamojo's own fees",
			},
			{
				name: 'Percentage',
				value: 'percent',
				description: 'The marketplace takes a percentage of each payment',
			},
		],
		default: 'none',
		description: "The marketplace's cut of each payment made on this link (Instamojo's partner fee)",
	},
	{
		displayName: 'Commission Amount (INR)',
		name: 'commissionAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		required: true,
		default: 0,
		description: 'Rupees the marketplace keeps from each payment; above 0 and below the amount',
		displayOptions: { show: { commissionType: ['fixed'] } },
	},
	{
		displayName: 'Commission Percentage',
		name: 'commissionPercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 99.99, numberPrecision: 2 },
		required: true,
		default: 0,
		description: 'Percentage of each payment the marketplace keeps, above 0 and below 100',
		displayOptions: { show: { commissionType: ['percent'] } },
	},
	{
		displayName: 'Hold Payout Until Released',
		name: 'holdPayout',
		type: 'boolean',
		default: false,
		description:
			"Whether Instamojo holds the seller's payout of each payment until the marketplace releases it with Release → Release Payment (sends mark_fulfilled=false; off sends mark_fulfilled=true, so the payout follows Instamojo's normal schedule)",
	},
	{
		displayName: 'Allow Repeated Payments',
		name: 'allowRepeatedPayments',
		type: 'boolean',
		default: false,
		description:
			'Whether more than one payment can be made on the link. Always sent, because Instamojo documents two different defaults.',
	},
	simplifyField(paymentLinkView),
	additionalFields([
		{
			displayName: 'Buyer Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Prefilled on the checkout page; required for Send Email',
		},
		{
			displayName: 'Buyer Name',
			name: 'buyerName',
			type: 'string',
			default: '',
			description: 'Prefilled on the checkout page (at most 100 characters)',
		},
		{
			displayName: 'Buyer Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+919876543210',
			description: 'An Indian mobile number, stored as +91 and ten digits; required for Send SMS',
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'dateTime',
			default: '',
			description: 'When the link stops accepting payments; must be in the future',
		},
		{
			displayName: 'Redirect URL',
			name: 'redirectUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/thank-you',
			description:
				'Where the buyer goes after paying; Instamojo appends payment_id, payment_status and payment_request_id',
		},
		{
			displayName: 'Send Email',
			name: 'sendEmail',
			type: 'boolean',
			default: false,
			description: 'Whether Instamojo emails the link to the buyer (needs Buyer Email)',
		},
		{
			displayName: 'Send SMS',
			name: 'sendSms',
			type: 'boolean',
			default: false,
			description: 'Whether Instamojo texts the link to the buyer (needs Buyer Phone)',
		},
		{
			displayName: 'Webhook URL',
			name: 'webhook',
			type: 'string',
			default: '',
			placeholder: 'https://your-n8n.example.com/webhook/…',
			description:
				'Where Instamojo posts the payment once it is made: paste the Production URL of an Instamojo Trigger node here',
		},
	]),
];

const displayOptions = { show: { resource: ['paymentLink'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Commission {
	body: IDataObject;
	preview?: CommissionPreview;
}

/** partner_fee_type and partner_fee for the chosen commission, checked against the amount. */
function readCommission(this: IExecuteFunctions, itemIndex: number, amountPaise: number): Commission {
	const type = String(this.getNodeParameter('commissionType', itemIndex, 'none'));
	if (type === 'none') return { body: {} };
	// An expression could name a type that does not exist: never drop the marketplace's cut silently.
	if (type !== 'fixed' && type !== 'percent') {
		throw new InputError(`Commission Type "${type}" is not one Instamojo knows`, 'Use none, fixed or percent.');
	}
	const fee = this.getNodeParameter(type === 'fixed' ? 'commissionAmount' : 'commissionPercent', itemIndex);
	const { partnerFee, preview } = commission(amountPaise, type, fee);
	return { body: { partner_fee_type: type, partner_fee: partnerFee }, preview };
}

/** The buyer and delivery fields; Send Email / Send SMS need their contact, as Instamojo rejects them otherwise. */
function readBuyer(fields: IDataObject): IDataObject {
	const email = optionalText(fields.email, 'Buyer Email', 75);
	const phone = optionalText(fields.phone, 'Buyer Phone', 50);
	if (fields.sendEmail === true && email === undefined) {
		throw new InputError('Send Email is on but Buyer Email is empty', 'Add Buyer Email under Additional Fields, or turn Send Email off.');
	}
	if (fields.sendSms === true && phone === undefined) {
		throw new InputError('Send SMS is on but Buyer Phone is empty', 'Add Buyer Phone under Additional Fields, or turn Send SMS off.');
	}
	return {
		buyer_name: optionalText(fields.buyerName, 'Buyer Name', 100),
		email: email === undefined ? undefined : validateEmail(email, 'Buyer Email'),
		phone: phone === undefined ? undefined : normalizeIndianPhone(phone, 'Buyer Phone'),
		send_email: typeof fields.sendEmail === 'boolean' ? fields.sendEmail : undefined,
		send_sms: typeof fields.sendSms === 'boolean' ? fields.sendSms : undefined,
	};
}

function optionalUrl(value: unknown, field: string): string | undefined {
	return String(value ?? '').trim() ? validateUrl(value, field) : undefined;
}

/** An expiry must be ahead: a link that is born expired can never be paid. */
function readExpiry(value: unknown): string | undefined {
	if (!String(value ?? '').trim()) return undefined;
	const expiresAt = normalizeDateTime(value, 'Expires At');
	if (Date.parse(expiresAt) <= Date.now()) {
		throw new InputError(`Expires At ${expiresAt} is not in the future`, 'Use a date and time after now, or leave Expires At empty.');
	}
	return expiresAt;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const amountPaise = validateAmount(this.getNodeParameter('amount', itemIndex));
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fee = readCommission.call(this, itemIndex, amountPaise);
	const body: IDataObject = {
		amount: formatPaise(amountPaise),
		// 30: Instamojo's only documented limit (v1.1); v2 states none (docs/instamojo-api.md §6, §10).
		purpose: requireText(this.getNodeParameter('purpose', itemIndex), 'Purpose', 30),
		...readBuyer(fields),
		redirect_url: optionalUrl(fields.redirectUrl, 'Redirect URL'),
		webhook: optionalUrl(fields.webhook, 'Webhook URL'),
		expires_at: readExpiry(fields.expiresAt),
		allow_repeated_payments: this.getNodeParameter('allowRepeatedPayments', itemIndex, false) as boolean,
		...fee.body,
		// Always explicit: Instamojo's default for an omitted mark_fulfilled is documented both ways (docs/instamojo-api.md §6).
		mark_fulfilled: !(this.getNodeParameter('holdPayout', itemIndex, false) as boolean),
	};
	const simplify = readSimplify.call(this, itemIndex);
	const { actAs: account } = readActAs.call(this, itemIndex);
	// A commission and a hold are a marketplace's terms on a seller's link: with an Application token the link
	// would be the marketplace's own, where Instamojo may drop them silently (docs/instamojo-api.md §4, §6).
	const marketplaceTerms = fee.body.partner_fee !== undefined || body.mark_fulfilled === false;
	const actAs = marketplaceTerms
		? await resolveUserActAs.call(this, itemIndex, client, 'create a link with a commission or a held payout')
		: await resolveActAs.call(this, itemIndex, client);
	const link = await client.request(
		{
			method: 'POST',
			path: '/v2/payment_requests/',
			body,
			retry: 'once',
			action: 'create the payment link',
			resource: 'payment link',
		},
		itemIndex,
		actAs.auth,
	);
	const output: IDataObject = { account: accountOf(account), ...shapeOutput(link, paymentLinkView, simplify) };
	// Only a commission Instamojo took on: one it dropped would make the preview a promise nobody keeps.
	if (fee.preview && hasValue(link.partner_fee)) output.commission_preview = { ...fee.preview };
	return withRotatedTokens(output, actAs);
}

function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}
