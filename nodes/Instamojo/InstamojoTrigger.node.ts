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

import { verifyMac } from './helpers/mac';
import { deliveryKey, type PaymentFilter, paymentEvent, rawFields, statusSelected } from './helpers/webhook';
import { CREDENTIAL_TYPE } from './transport';
import { isRepeatDelivery } from './trigger/dedup';
import { properties, triggerPanel } from './trigger/description';
import { fetchPaymentDetails } from './trigger/paymentDetails';
import { readDeliveryForm } from './trigger/request';

interface TriggerSettings {
	verify: boolean;
	payments: PaymentFilter;
	deduplicate: boolean;
	fetchPaymentDetails: boolean;
	includeRawFields: boolean;
}

function settingsOf(fns: IWebhookFunctions): TriggerSettings {
	const options = fns.getNodeParameter('options', {}) as IDataObject;
	return {
		verify: fns.getNodeParameter('verifyMac', true) as boolean,
		payments: fns.getNodeParameter('payments', 'successful') as PaymentFilter,
		deduplicate: fns.getNodeParameter('deduplicate', true) as boolean,
		fetchPaymentDetails: options.fetchPaymentDetails === true,
		includeRawFields: options.includeRawFields === true,
	};
}

/** The credential's Private Salt, or '' when it has none. */
function privateSalt(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.webhookSecret ?? '').trim();
}

/**
 * Reads the credential on first use and hands every later caller the same copy: n8n reads and decrypts
 * it on every `getCredentials` call, the largest part of a verified delivery's cost (BENCHMARKS.md, 3).
 */
function credentialOnce(fns: IWebhookFunctions): () => Promise<ICredentialDataDecryptedObject> {
	let read: Promise<ICredentialDataDecryptedObject> | undefined;
	return async () => await (read ??= fns.getCredentials(CREDENTIAL_TYPE));
}

const NO_SALT_MESSAGE = 'The Instamojo credential has no Private Salt, so deliveries cannot be verified';
const NO_SALT_HINT =
	"Enter the Private Salt (from Instamojo's developer page, or from Instamojo support for marketplaces) in the credential. Only if you cannot, turn Verify MAC off, knowing that anyone who learns the URL can then start the workflow.";

/** Answers the request itself, so no execution starts: n8n sends nothing more after `noWebhookResponse`. */
function refuse(fns: IWebhookFunctions, status: 400 | 401, message: string): IWebhookResponseData {
	fns.getResponseObject().status(status).type('text/plain').send(message);
	return { noWebhookResponse: true };
}

/** A 200 that starts nothing, saying why, so a delivery log shows it was received and skipped on purpose. */
function acknowledge(message: string): IWebhookResponseData {
	return { webhookResponse: message };
}

export class InstamojoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instamojo Trigger',
		name: 'instamojoTrigger',
		icon: { light: 'file:instamojo.svg', dark: 'file:instamojo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["payments"] + " payments"}}',
		description: 'Starts the workflow when Instamojo reports a payment on a payment link, verified with its MAC',
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
	 * Instamojo has no webhook registration API (spec §12.1): the URL rides on each payment link, so
	 * there is nothing to create, look up or delete remotely. `checkExists` only refuses to activate a
	 * trigger that would answer every delivery 401 (verification on, no salt), so the user sees why at
	 * activation instead of wondering why payments start nothing; it then reports the URL as in place.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const verify = this.getNodeParameter('verifyMac', true) as boolean;
				if (verify && privateSalt(await this.getCredentials(CREDENTIAL_TYPE)) === '') {
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
		const settings = settingsOf(this);
		const credential = credentialOnce(this);
		const form = readDeliveryForm(this);
		if (!form.ok) return refuse(this, 400, `Bad request: ${form.reason}`);

		if (settings.verify) {
			const salt = privateSalt(await credential());
			if (salt === '') {
				this.logger.warn(`Instamojo Trigger refused a delivery: ${NO_SALT_MESSAGE}. ${NO_SALT_HINT}`);
				return refuse(this, 401, 'Unauthorized: this trigger has no Private Salt to verify deliveries with');
			}
			const check = verifyMac(form.fields, salt);
			if (!check.valid) {
				const reason = check.reason === 'missing' ? 'the mac field is missing' : 'the mac does not match';
				// Logged because the sender sees the 401 but the n8n user otherwise sees nothing at all.
				this.logger.warn(`Instamojo Trigger refused a delivery: ${reason} (is the credential's Private Salt the right one?)`);
				return refuse(this, 401, `Unauthorized: ${reason}`);
			}
		}

		const event = paymentEvent(form.fields);
		if (!statusSelected(event.status, settings.payments)) {
			return acknowledge(`Ignored: this trigger does not start on payments with status "${event.status ?? ''}"`);
		}
		const key = deliveryKey(event);
		// Test deliveries see a copy of the production static data and never persist theirs: skip them.
		if (settings.deduplicate && key !== undefined && this.getMode() !== 'manual') {
			if (isRepeatDelivery(this.getWorkflowStaticData('node'), key)) {
				return acknowledge(`Ignored: payment ${event.payment_id} with status "${event.status ?? ''}" was already received`);
			}
		}

		const item: IDataObject = { ...event, verified: settings.verify };
		if (settings.fetchPaymentDetails) Object.assign(item, await fetchPaymentDetails.call(this, event.payment_id, credential));
		if (settings.includeRawFields) item.raw = rawFields(form.fields);
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
