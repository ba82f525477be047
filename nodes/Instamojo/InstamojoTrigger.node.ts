import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { privateSaltOf } from '../../credentials/common/fields';
import { type FormFields, type MacCheck, verifyMac } from './trigger/mac';
import { validatePaymentId } from './helpers/validation';
import { deliveryKey, type PaymentEvent, type PaymentFilter, paymentEvent, rawFields, statusSelected } from './trigger/webhook';
import { CREDENTIAL_TYPE } from './transport';
import { confirmation, unconfirmable } from './trigger/confirm';
import { forgetCredential, TriggerCredential } from './trigger/credentials';
import { rememberDelivery, wasReceived } from './trigger/dedup';
import { DEFAULT_VERIFICATION, properties, triggerPanel, type Verification } from './trigger/description';
import { type GuardedRead, guardOf } from './trigger/guard';
import { paymentDetailsOf, readPayment } from './trigger/paymentDetails';
import { readDeliveryForm } from './trigger/request';

interface TriggerSettings {
	verification: Verification;
	payments: PaymentFilter;
	deduplicate: boolean;
	fetchPaymentDetails: boolean;
	includeRawFields: boolean;
}

/** Version 1 had a boolean, Verify MAC; its workflows keep exactly the behaviour they had. */
function verificationOf(this: IWebhookFunctions | IHookFunctions): Verification {
	if (this.getNode().typeVersion >= 2) return this.getNodeParameter('verification', DEFAULT_VERIFICATION) as Verification;
	return this.getNodeParameter('verifyMac', true) === false ? 'off' : 'salt';
}

function settingsOf(this: IWebhookFunctions): TriggerSettings {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	return {
		verification: verificationOf.call(this),
		payments: this.getNodeParameter('payments', 'successful') as PaymentFilter,
		deduplicate: this.getNodeParameter('deduplicate', true) as boolean,
		fetchPaymentDetails: options.fetchPaymentDetails === true,
		includeRawFields: options.includeRawFields === true,
	};
}

/** Where the trigger's credential is cached: its id, never anything read from it. */
function credentialKey(this: IWebhookFunctions | IHookFunctions): string | undefined {
	const id = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	return id ? `${CREDENTIAL_TYPE}:${id}` : undefined;
}

/**
 * The credential of a delivery, cached per credential for a bounded time (trigger/credentials.ts).
 * Test deliveries read it afresh: someone editing the credential in the editor sees the edit at once.
 */
function credentialOf(this: IWebhookFunctions): TriggerCredential {
	const key = this.getMode() === 'manual' ? undefined : credentialKey.call(this);
	return new TriggerCredential(key, async () => await this.getCredentials(CREDENTIAL_TYPE));
}

const NO_SALT_MESSAGE = 'The Instamojo credential has no Private Salt, so deliveries cannot be verified';
const NO_SALT_HINT =
	"Enter the Private Salt (from Instamojo's developer page, or from Instamojo support for marketplaces) in the credential, or set Verify Deliveries to Ask Instamojo.";

/** Answers the request itself, so no execution starts: n8n sends nothing more after `noWebhookResponse`. */
function refuse(this: IWebhookFunctions, status: 400 | 401 | 503, message: string): IWebhookResponseData {
	this.getResponseObject().status(status).type('text/plain').send(message);
	return { noWebhookResponse: true };
}

/** Logged because the sender sees the refusal but the n8n user otherwise sees nothing at all. */
function logRefusal(this: IWebhookFunctions, event: PaymentEvent, reason: string): void {
	const payment = event.payment_id === null ? '' : ` for payment ${event.payment_id}`;
	this.logger.warn(`Instamojo Trigger refused a delivery${payment}: ${reason}`);
}

/** A 200 that starts nothing, saying why, so a delivery log shows it was received and skipped on purpose. */
function acknowledge(message: string): IWebhookResponseData {
	return { webhookResponse: message };
}

/**
 * A posted payment_id becomes a URL path when the payment is read, and whoever posts may send anything,
 * so it must be an Instamojo payment ID (the action node's rule), whatever the verification mode: no
 * delivery can make the node read another path. Returns the reason to refuse, never the value.
 */
function badPaymentId(event: PaymentEvent): string | undefined {
	if (event.payment_id === null) return undefined;
	try {
		if (validatePaymentId(event.payment_id) === event.payment_id) return undefined;
	} catch {
		// Refused below, with a message that does not repeat what was posted.
	}
	return 'payment_id is not an Instamojo payment ID';
}

/** Why the signature does not prove the delivery, in words for the log. */
function macProblem(check: MacCheck | undefined): string | undefined {
	if (check === undefined) return 'the credential has no Private Salt';
	if (check.valid) return undefined;
	return check.reason === 'missing' ? 'the mac field is missing' : 'the mac does not match';
}

/** The signature checked with one copy of the credential. */
function signatureCheck(fields: FormFields, credentials: ICredentialDataDecryptedObject): { salt: string; check: MacCheck | undefined } {
	const salt = privateSaltOf(credentials);
	return { salt, check: salt === '' ? undefined : verifyMac(fields, salt) };
}

/**
 * The signature checked with the cached credential and, if that fails for want of the right salt, with
 * the credential read again: a salt just entered or changed proves its first delivery.
 */
async function checkedSignature(fields: FormFields, credential: TriggerCredential): Promise<{ salt: string; check: MacCheck | undefined }> {
	const cached = await credential.current();
	const first = signatureCheck(fields, cached);
	if (first.check?.valid === true || (first.check !== undefined && first.check.reason === 'missing')) return first;
	const newer = await credential.afterMismatch(cached);
	return newer === undefined ? first : signatureCheck(fields, newer);
}

/** How a delivery that passed was verified, for the item. */
type VerifiedBy = 'signature' | 'instamojo' | null;

const WRONG_SALT_HINT =
	"Is the credential's Private Salt the right one? A seller's link may be signed with the seller's salt: then set Verify Deliveries to Private Salt, Else Ask Instamojo.";

/**
 * The signature check of the modes that use the Private Salt: 'signature' when it proves the delivery,
 * null when the mode falls back to asking Instamojo, or the refusal (Private Salt only).
 */
async function checkSignature(
	this: IWebhookFunctions,
	verification: Verification,
	fields: FormFields,
	event: PaymentEvent,
	credential: TriggerCredential,
): Promise<VerifiedBy | IWebhookResponseData> {
	if (verification !== 'salt' && verification !== 'saltOrApi') return null;
	const { salt, check } = await checkedSignature(fields, credential);
	const problem = macProblem(check);
	if (problem === undefined) return 'signature';
	if (verification === 'saltOrApi') return null;
	logRefusal.call(this, event, `${problem}. ${salt === '' ? NO_SALT_HINT : WRONG_SALT_HINT}`);
	return salt === ''
		? refuse.call(this, 401, 'Unauthorized: this trigger has no Private Salt to verify deliveries with')
		: refuse.call(this, 401, `Unauthorized: ${problem}`);
}

/** Confirms an unsigned delivery with the payment Instamojo reads back; the refusal if it is not confirmed. */
async function checkWithInstamojo(
	this: IWebhookFunctions,
	event: PaymentEvent,
	readOnce: (paymentId: string) => Promise<GuardedRead>,
): Promise<IWebhookResponseData | undefined> {
	const problem = unconfirmable(event);
	if (problem !== undefined) {
		logRefusal.call(this, event, `it is not signed with the Private Salt and cannot be confirmed with Instamojo: ${problem}`);
		return refuse.call(this, 401, 'Unauthorized: this delivery cannot be confirmed');
	}
	const verdict = confirmation(event, await readOnce(event.payment_id as string));
	if (verdict.confirmed) return undefined;
	logRefusal.call(this, event, `Instamojo does not confirm it: ${verdict.reason}`);
	return verdict.status === 503
		? refuse.call(this, 503, 'Service unavailable: this delivery could not be confirmed with Instamojo now')
		: refuse.call(this, 401, 'Unauthorized: Instamojo does not confirm this delivery');
}

export class InstamojoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instamojo Trigger',
		name: 'instamojoTrigger',
		icon: { light: 'file:../../icons/instamojo.svg', dark: 'file:../../icons/instamojo.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"On " + $parameter["payments"] + " payments"}}',
		// n8n's nodes panel shows a trigger that has sibling actions as the whole app: this is the package's header.
		description: 'Run an Instamojo marketplace: start on payments, take a commission, hold payouts, refund',
		documentationUrl: 'https://github.com/n8n-nodes-instamojo/n8n-nodes-instamojo#the-trigger-wiring-instamojos-webhook',
		defaults: { name: 'Instamojo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'instamojoApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// An empty 200 once the execution has started; n8n's default would answer the word "firstEntryJson".
				responseData: 'noData',
				path: 'webhook',
			},
		],
		triggerPanel,
		properties,
	};

	/**
	 * Instamojo has no webhook registration API (docs/instamojo-api.md §9): the URL rides on each payment
	 * link, so there is nothing to create, look up or delete remotely. `checkExists` only refuses to
	 * activate a trigger that would answer every delivery 401 (Private Salt only, and no salt), so the user
	 * sees why at activation instead of wondering why payments start nothing; it then reports the URL as in place.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Activation starts from the stored credential: deliveries read it afresh too.
				const key = credentialKey.call(this);
				if (key !== undefined) forgetCredential(key);
				if (verificationOf.call(this) === 'salt' && privateSaltOf(await this.getCredentials(CREDENTIAL_TYPE)) === '') {
					throw new NodeOperationError(this.getNode(), NO_SALT_MESSAGE, { description: NO_SALT_HINT });
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = settingsOf.call(this);
		const credential = credentialOf.call(this);
		const form = readDeliveryForm.call(this);
		if (!form.ok) return refuse.call(this, 400, `Bad request: ${form.reason}`);
		const event = paymentEvent(form.fields);
		const badId = badPaymentId(event);
		if (badId !== undefined) return refuse.call(this, 400, `Bad request: ${badId}`);

		// The signature is checked first: it is local, and refuses a forgery before anything else.
		const signature = await checkSignature.call(this, settings.verification, form.fields, event, credential);
		if (signature !== null && typeof signature === 'object') return signature;
		let verifiedBy: VerifiedBy = signature;

		if (!statusSelected(event.status, settings.payments)) {
			return acknowledge(`Ignored: this trigger does not start on payments with status "${event.status ?? ''}"`);
		}
		const key = deliveryKey(event);
		// Test deliveries see a copy of the production static data and never persist theirs: skip them.
		const staticData = settings.deduplicate && key !== undefined && this.getMode() !== 'manual' ? this.getWorkflowStaticData('node') : undefined;
		const trigger = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().id}`;
		if (staticData && wasReceived(staticData, trigger, key as string)) {
			return acknowledge(`Ignored: payment ${event.payment_id} with status "${event.status ?? ''}" was already received`);
		}

		// Asked only for deliveries that would start the workflow: ignored and repeated ones cost no read.
		let read: GuardedRead | undefined;
		const readOnce = async (paymentId: string): Promise<GuardedRead> =>
			(read ??= await guardOf(this.getWorkflow().id ?? '', this.getNode().id).read(paymentId, async () => await readPayment.call(this, paymentId, credential)));
		if (verifiedBy === null && settings.verification !== 'off') {
			const refusal = await checkWithInstamojo.call(this, event, readOnce);
			if (refusal) return refusal;
			verifiedBy = 'instamojo';
		}

		if (staticData) rememberDelivery(staticData, trigger, key as string);
		const item: IDataObject = { ...event, verified: verifiedBy !== null, verified_by: verifiedBy };
		if (settings.fetchPaymentDetails) {
			Object.assign(item, paymentDetailsOf(event.payment_id, event.payment_id === null ? undefined : await readOnce(event.payment_id)));
		}
		if (settings.includeRawFields) item.raw = rawFields(form.fields);
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
