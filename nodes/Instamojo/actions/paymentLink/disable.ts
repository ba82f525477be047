import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountFields } from '../common/account';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkIdField, setPaymentLinkEnabled } from './shared';

const properties: INodeProperties[] = [...accountFields('seller'), paymentLinkIdField];

const displayOptions = { show: { resource: ['paymentLink'], operation: ['disable'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	return await setPaymentLinkEnabled.call(this, itemIndex, client, false);
}
