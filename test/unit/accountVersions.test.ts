/**
 * The Account default of writes that need a user's token changed in node version 2 (My Account → Seller's
 * Account). n8n stores no parameter left at its default, so the defaults are resolved here the way n8n
 * resolves a saved node's parameters: a version 1 node keeps acting in the credential's account.
 */
import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Instamojo } from '../../nodes/Instamojo/Instamojo.node';

const description = new Instamojo().description;

/** The parameters n8n resolves for a saved node that stores only resource and operation. */
function resolved(typeVersion: number, resource: string, operation: string): INodeParameters {
	const node: INode = {
		id: 'a',
		name: 'Instamojo',
		type: 'n8n-nodes-instamojo.instamojo',
		typeVersion,
		position: [0, 0],
		parameters: { resource, operation },
	};
	return NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
}

describe('Account defaults per node version', () => {
	it('is version 2 for new nodes', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it.each([
		['paymentLink', 'create'],
		['paymentLink', 'enable'],
		['paymentLink', 'disable'],
		['seller', 'update'],
		['bankAccount', 'update'],
	])("%s → %s: version 1 keeps My Account, version 2 starts in the seller's account", (resource, operation) => {
		expect(resolved(1, resource, operation)).toMatchObject({ actAs: 'credential' });
		expect(resolved(2, resource, operation)).toMatchObject({
			actAs: 'sellerRefreshToken',
			sellerRefreshToken: '={{ $json.refresh_token }}',
		});
	});

	it.each([
		['paymentLink', 'get'],
		['payment', 'getAll'],
		['release', 'release'],
		['refund', 'create'],
	])('%s → %s: the credential in both versions', (resource, operation) => {
		expect(resolved(1, resource, operation)).toMatchObject({ actAs: 'credential' });
		expect(resolved(2, resource, operation)).toMatchObject({ actAs: 'credential' });
	});
});
