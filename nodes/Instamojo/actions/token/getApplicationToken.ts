import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { operationNotice } from '../common/notice';
import type { OperationContext, OperationResult } from '../common/types';
import { tokenOutput } from './shared';

/** A notice only: the grant uses the credential's Client ID and Secret, which never leave it. */
const properties: INodeProperties[] = [
	operationNotice(
		'applicationTokenNotice',
		"Outputs a token: treat it as a secret. For use outside this node (e.g. an HTTP Request node); this node's other operations get it themselves.",
	),
];

const displayOptions = { show: { resource: ['token'], operation: ['getApplicationToken'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** client_credentials at the token endpoint (docs/instamojo-api.md §2); application tokens come without a refresh token. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	return tokenOutput(await client.exchangeToken({ grant_type: 'client_credentials' }, itemIndex));
}
