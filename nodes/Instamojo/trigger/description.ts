import type { INodeProperties, TriggerPanelDefinition } from 'n8n-workflow';

/** How many recent deliveries deduplication remembers, so static data stays small. */
export const DEDUPLICATION_WINDOW = 1000;

/**
 * Instamojo has no API to register a webhook: the URL travels on each payment link (spec §12.1).
 * The panel says where the URL goes; n8n lists the Test and Production URLs in the node itself.
 */
export const triggerPanel: TriggerPanelDefinition = {
	header: 'Pull in a test payment from Instamojo',
	executionsHelp: {
		inactive:
			"Instamojo has no API to register webhooks: each payment link carries its own webhook URL. <b>While building</b>, click 'Listen for test event' and create a payment link with this node's <b>Test URL</b> as its webhook, then pay it. <b>To run automatically</b>, publish (activate) the workflow and put the <b>Production URL</b> in the Webhook URL of every payment link, e.g. in the Instamojo node's Payment Link → Create. Links that already exist keep the URL they were created with.",
		active:
			"This workflow runs for every payment on a payment link whose webhook is this node's <b>Production URL</b>. Instamojo has no API to register webhooks, so set that URL as the Webhook URL of each payment link, e.g. in the Instamojo node's Payment Link → Create. Executions appear in the <a data-key=\"executions\">executions list</a>.",
	},
	activationHint:
		"Once you've finished building, activate the workflow and put the Production URL in the Webhook URL of your payment links.",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Verify MAC',
		name: 'verifyMac',
		type: 'boolean',
		default: true,
		description:
			"Whether to accept only deliveries signed with the credential's Private Salt. Others are answered 401 and start nothing. Without a Private Salt in the credential, the workflow cannot be activated while this is on.",
	},
	{
		displayName:
			'Verification is off: anyone who learns this URL can start the workflow with a made-up payment. Output items say <code>verified: false</code>. Turn Verify MAC back on once the credential has its Private Salt, or use Fetch Payment Details and trust only the fetched payment.',
		name: 'verificationOffNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verifyMac: [false] } },
	},
	{
		displayName: 'Trigger On',
		name: 'payments',
		type: 'options',
		options: [
			{
				name: 'All Payments',
				value: 'all',
				description: 'Successful and failed payments',
			},
			{
				name: 'Failed Payments',
				value: 'failed',
				description: 'Status Failed. Instamojo sends these only if its support enabled failure webhooks for the account.',
			},
			{
				name: 'Successful Payments',
				value: 'successful',
				description: 'Status Credit',
			},
		],
		default: 'successful',
		description: 'Deliveries for other payments are answered 200 and start nothing',
	},
	{
		displayName: 'Ignore Repeat Deliveries',
		name: 'deduplicate',
		type: 'boolean',
		default: true,
		description: `Whether to start nothing for a payment ID and status already received among the last ${DEDUPLICATION_WINDOW} deliveries, as Instamojo may deliver a webhook more than once. Applies to the active (production) workflow only: test deliveries always run. Best effort: two copies arriving at the same moment can both run.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fetch Payment Details',
				name: 'fetchPaymentDetails',
				type: 'boolean',
				default: false,
				description:
					"Whether to also get the payment from the Instamojo API with the credential and add it as payment_details (instrument, taxes, failure reason…). If that fails, the item carries payment_details_error instead and still runs.",
			},
			{
				displayName: 'Include Raw Fields',
				name: 'includeRawFields',
				type: 'boolean',
				default: false,
				description:
					'Whether to add every posted field exactly as received, including the MAC and fields this node does not know yet, as raw',
			},
		],
	},
];
