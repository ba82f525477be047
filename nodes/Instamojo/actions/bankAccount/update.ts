import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { validateHexId } from '../../helpers/validation';
import { accountFields, resolveUserActAs, withRotatedTokens } from '../common/account';
import { sellerIdField } from '../common/idFields';
import type { OperationContext, OperationResult } from '../common/types';
import { bankAccountFields, bankAccountSummary, readBankAccount, saveBankAccount } from './shared';

const properties: INodeProperties[] = [
	...accountFields('seller'),
	sellerIdField,
	...bankAccountFields,
];

const displayOptions = { show: { resource: ['bankAccount'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const sellerId = validateHexId(this.getNodeParameter('sellerId', itemIndex), 'Seller ID');
	const account = readBankAccount.call(this, itemIndex);
	const actAs = await resolveUserActAs.call(this, itemIndex, client, "save a seller's bank account");
	const saved = await saveBankAccount(client, sellerId, account, itemIndex, actAs.auth);
	return withRotatedTokens(bankAccountSummary(saved), actAs);
}
