import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { shapeOutput } from './actions/common/output';
import { paymentLinkIdFilterValue, paymentView } from './actions/payment/shared';
import { InputError } from './helpers/validation';
import { cursorAfter, floorOf, isNew, storedCursor, storeCursor, UnreadablePaymentError } from './poll/cursor';
import { properties } from './poll/description';
import { newestMatching, readNewestDownTo } from './poll/read';
import { isSelected, type PaymentSelection, type PaymentStatusFilter } from './poll/select';
import { InstamojoClient } from './transport';

function selectionOf(this: IPollFunctions): PaymentSelection {
	return {
		status: this.getNodeParameter('payments', 'successful') as PaymentStatusFilter,
		paymentLinkId: paymentLinkIdFilterValue(this.getNodeParameter('options', {}) as IDataObject),
	};
}

const STATUS_WORDS: Record<PaymentStatusFilter, string> = { all: 'payment', successful: 'successful payment', failed: 'failed payment' };

/** A test run: the most recent matching payment, so the user sees real data; the production cursor is left alone. */
async function testPoll(this: IPollFunctions, client: InstamojoClient, selection: PaymentSelection): Promise<IDataObject[]> {
	const payment = await newestMatching(client, (candidate) => isSelected(candidate, selection));
	if (payment) return [payment];
	const link = selection.paymentLinkId === undefined ? '' : ` on payment link ${selection.paymentLinkId}`;
	throw new NodeOperationError(this.getNode(), `No ${STATUS_WORDS[selection.status]}${link} among the most recent payments`, {
		description: 'Make such a payment (e.g. pay a payment link in the sandbox), or change Trigger On or the Payment Link ID, and test again.',
	});
}

/**
 * A production poll: every payment since the stored cursor, read newest first down to it, oldest first in
 * the output. The first poll only stores the cursor, so activating never replays the account's history.
 */
async function productionPoll(this: IPollFunctions, client: InstamojoClient, selection: PaymentSelection): Promise<IDataObject[]> {
	const staticData = this.getWorkflowStaticData('node');
	const cursor = storedCursor(staticData);
	const read = await readNewestDownTo(client, cursor === undefined ? undefined : floorOf(cursor));
	storeCursor(staticData, cursorAfter(cursor, read));
	if (cursor === undefined) return [];
	return read.filter((payment) => isNew(payment, cursor) && isSelected(payment, selection)).reverse();
}

/** The client's errors are node errors already; the poll's own are named here, with what to do. */
function nodeErrorOf(this: IPollFunctions, error: Error): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InputError) return new NodeOperationError(this.getNode(), error.message, { description: error.hint });
	if (error instanceof UnreadablePaymentError) {
		return new NodeOperationError(this.getNode(), error.message, {
			description: 'Nothing was output and the position in the list was kept, so no payment is skipped; the next poll tries again.',
		});
	}
	return new NodeOperationError(this.getNode(), error);
}

export class InstamojoPaymentPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Instamojo Payment Poll Trigger',
		name: 'instamojoPaymentPollTrigger',
		icon: { light: 'file:../../icons/instamojo.svg', dark: 'file:../../icons/instamojo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["payments"] + " payments"}}',
		description: 'Starts the workflow for new Instamojo payments, checking at set times (no public URL needed)',
		documentationUrl: 'https://github.com/n8n-nodes-instamojo/n8n-nodes-instamojo#webhook-trigger-polling-trigger-or-both',
		defaults: { name: 'Instamojo Payment Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'instamojoApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const client = new InstamojoClient(this);
		let payments: IDataObject[];
		try {
			const selection = selectionOf.call(this);
			payments = this.getMode() === 'manual' ? await testPoll.call(this, client, selection) : await productionPoll.call(this, client, selection);
		} catch (error) {
			throw nodeErrorOf.call(this, error as Error);
		}
		if (payments.length === 0) return null;
		const simplify = this.getNodeParameter('simple', true) as boolean;
		return [payments.map((payment) => ({ json: shapeOutput(payment, paymentView, simplify) }))];
	}
}
