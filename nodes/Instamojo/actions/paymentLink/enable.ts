import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { actAsFields } from '../common/account';
import type { OperationContext, OperationResult } from '../common/types';
import { paymentLinkIdField, setPaymentLinkEnabled } from './shared';

export const description: INodeProperties[] = [...actAsFields('paymentLink', ['enable'], 'seller'), paymentLinkIdField('enable')];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	return await setPaymentLinkEnabled.call(this, itemIndex, client, true);
}
