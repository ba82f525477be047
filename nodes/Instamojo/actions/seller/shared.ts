/** What Seller operations share: the signup that Create and Onboard start with, and a new seller as output. */
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { InputError, normalizeIndianPhone, optionalText, validateEmail } from '../../helpers/validation';
import { type ApiRequest, CREDENTIAL_TYPE, type InstamojoClient } from '../../transport';
import { additionalFields } from '../common/collections';
import { passwordField, requirePassword } from '../token/shared';

/** The fields of a new seller that Create and Onboard output (docs/instamojo-api.md §5). */
const SELLER_FIELDS = ['id', 'username', 'email', 'phone', 'resource_uri'] as const;

/**
 * A new seller as output: an allowlist of the signup answer, so nothing Instamojo might echo back
 * (least of all the password) reaches the workflow by accident.
 */
function sellerSummary(signup: IDataObject): IDataObject {
	const seller: IDataObject = {};
	for (const field of SELLER_FIELDS) seller[field] = signup[field] ?? null;
	return seller;
}

/** Email, password and phone: what every signup needs, Create's and Onboard's (docs/instamojo-api.md §5). */
export const signupFields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "The seller's email address; Instamojo allows one account per address",
	},
	passwordField("The new account's password. It is sent to Instamojo only, never output."),
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+919876543210',
		description: 'Indian mobile number: ten digits starting with 6–9, with or without +91; sent as +91XXXXXXXXXX',
	},
];

/** Referrer and Username: optional, so they sit in Additional Fields. */
export const signupAdditionalFields: INodeProperties = additionalFields([
	{
		displayName: 'Referrer',
		name: 'referrer',
		type: 'string',
		default: '',
		description:
			"Referrer code Instamojo issued with your Marketplace credentials. Leave empty to use the credential's Default Referrer.",
	},
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		default: '',
		description:
			'Instamojo username for the seller (at most 35 characters). Leave empty to let Instamojo choose one; the output has it either way.',
	},
]);

/** The signup form of this item, validated; reads the credential only when Referrer is left empty. */
export async function readSignup(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		email: validateEmail(this.getNodeParameter('email', itemIndex)),
		password: requirePassword(
			this.getNodeParameter('password', itemIndex),
			'Enter the password the seller will have on Instamojo.',
		),
		phone: normalizeIndianPhone(this.getNodeParameter('phone', itemIndex)),
		username: optionalText(additional.username, 'Username', 35),
	};
	body.referrer = optionalText(additional.referrer, 'Referrer') ?? (await defaultReferrer.call(this));
	if (!body.referrer) {
		throw new InputError(
			'Referrer is required to sign a seller up',
			"Fill in Default Referrer in the Instamojo credential (Instamojo issues it with your Marketplace credentials), or set Referrer under Additional Fields.",
		);
	}
	return body;
}

/**
 * The credential's Default Referrer. Kept apart from every request: a function that reads credentials
 * must not send HTTP itself (lint rule no-http-request-with-manual-auth).
 */
async function defaultReferrer(this: IExecuteFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return String(credentials.defaultReferrer ?? '').trim();
}

const APPLICATION_FLOW_HINT =
	"Only an application token may sign sellers up: use an Instamojo credential with Authentication: Application (the marketplace's Client ID and Client Secret).";

/**
 * POST /v2/users/ with the credential's token (docs/instamojo-api.md §5). A signup carries no idempotency key, so it
 * is resent only after a 429 (the transport's `once` policy). Outputs the new seller, never the password.
 */
export async function signUp(
	this: IExecuteFunctions,
	client: InstamojoClient,
	body: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const request: ApiRequest = {
		method: 'POST',
		path: '/v2/users/',
		body,
		retry: 'once',
		action: 'sign the seller up',
	};
	try {
		return sellerSummary(await client.request(request, itemIndex, { kind: 'credential' }));
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') error.description = APPLICATION_FLOW_HINT;
		// Hands back the same error when it already is one (n8n-workflow's NodeApiError constructor).
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}
