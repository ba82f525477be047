import type { INodeProperties, TriggerPanelDefinition } from 'n8n-workflow';

/** How many recent deliveries deduplication remembers, so static data stays small. */
export const DEDUPLICATION_WINDOW = 1000;

/**
 * Instamojo has no API to register a webhook: the URL travels on each payment link (docs/instamojo-api.md §9).
 * The panel says where the URL goes; n8n lists the Test and Production URLs in the node itself. While it
 * listens, n8n shows its own words ("Listening for test event"), which a node cannot change, so the step
 * is named here, before the user clicks, with the button names the editor shows.
 */
export const triggerPanel: TriggerPanelDefinition = {
	header: 'Click Execute step, then pay a payment link whose Webhook URL is the Test URL',
	executionsHelp: {
		inactive:
			"Instamojo has no API to register webhooks: each payment link carries its own webhook URL. <b>While building</b>, click <b>Execute step</b>; while n8n is listening, create a payment link with this node's <b>Test URL</b> as its Webhook URL (e.g. with the Instamojo node's Payment Link → Create) and pay it. <b>To run automatically</b>, publish (activate) the workflow and put the <b>Production URL</b> in the Webhook URL of every payment link. Links that already exist keep the URL they were created with.",
		active:
			"This workflow runs for every payment on a payment link whose webhook is this node's <b>Production URL</b>. Instamojo has no API to register webhooks, so set that URL as the Webhook URL of each payment link, e.g. in the Instamojo node's Payment Link → Create. Executions appear in the <a data-key=\"executions\">executions list</a>.",
	},
	activationHint:
		"Once you've finished building, activate the workflow and put the Production URL in the Webhook URL of your payment links.",
};

/** How a delivery is checked before it starts the workflow. */
export type Verification = 'salt' | 'saltOrApi' | 'api' | 'off';

/**
 * The default that works in every world the sources leave open (docs/instamojo-api.md §9, §10): a
 * delivery signed with the credential's Private Salt costs no API call; one signed with a seller's salt,
 * which the marketplace cannot read, is confirmed by reading the payment; a forged one is refused either way.
 */
export const DEFAULT_VERIFICATION: Verification = 'saltOrApi';

/** Version 1 had a boolean, Verify MAC; its workflows keep exactly the behaviour they had. */
const VERSION_1 = { '@version': [1] };
const VERSION_2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

export const properties: INodeProperties[] = [
	{
		displayName: 'Verify Deliveries',
		name: 'verification',
		type: 'options',
		options: [
			{
				name: 'Ask Instamojo',
				value: 'api',
				description:
					'Read each new payment from the Instamojo API with the credential: it must exist, belong to the payment link, and have the same status and amount. Needs no Private Salt.',
			},
			{
				name: 'Off (Not Recommended)',
				value: 'off',
				description: 'Start the workflow for anything posted to the URL',
			},
			{
				name: 'Private Salt',
				value: 'salt',
				description:
					"Accept only deliveries signed with the credential's Private Salt. A seller's payment link may be signed with the seller's salt, and would be refused.",
			},
			{
				name: 'Private Salt, Else Ask Instamojo',
				value: 'saltOrApi',
				description:
					"Check the signature with the Private Salt; if it does not match (e.g. a seller's link signed with the seller's salt), ask Instamojo instead",
			},
		],
		default: DEFAULT_VERIFICATION,
		description:
			'How to make sure a delivery really comes from Instamojo. Refused deliveries start nothing and are logged with the reason.',
		displayOptions: { show: VERSION_2_ON },
	},
	{
		displayName:
			'Verification is off: anyone who learns this URL can start the workflow with a made-up payment. Output items say <code>verified: false</code>.',
		name: 'verificationOffNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...VERSION_2_ON, verification: ['off'] } },
	},
	{
		displayName: 'Verify MAC',
		name: 'verifyMac',
		type: 'boolean',
		default: true,
		description:
			"Whether to accept only deliveries signed with the credential's Private Salt. Add the trigger again for more ways to verify, e.g. asking Instamojo when a seller's link is signed with the seller's salt.",
		displayOptions: { show: VERSION_1 },
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
		description: `Whether to start nothing for a payment ID and status (in any letter case) already received among this trigger's last ${DEDUPLICATION_WINDOW} deliveries, which are kept across restarts, as Instamojo may deliver a webhook more than once. Applies to the active (production) workflow only: test deliveries always run. Best effort: two copies arriving at the same moment can both run.`,
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
					"Whether to also get the payment from the Instamojo API with the credential and add it as payment_details (instrument, taxes, failure reason…). A payment already read to verify the delivery is not read again. If that fails, the item carries payment_details_error instead and still runs.",
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
