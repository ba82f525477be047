import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { InputError, normalizeIndianPhone, optionalText, validateHexId } from '../../helpers/validation';
import { accountFields, resolveUserActAs, withRotatedTokens } from '../common/account';
import { sellerIdField } from '../common/idFields';
import { type OutputView, readSimplify, shapeOutput, simplifyField } from '../common/output';
import type { OperationContext, OperationResult } from '../common/types';

/** Instamojo's user object has 18 fields (docs/instamojo-api.md §5); Simplify keeps the ones a seller's profile is about. */
const USER_VIEW: OutputView = {
	amounts: [],
	simplified: ['id', 'username', 'first_name', 'last_name', 'email', 'phone', 'location', 'resource_uri'],
};

const properties: INodeProperties[] = [
	...accountFields('seller'),
	sellerIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; at least one is needed',
		options: [
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				description: 'At most 30 characters',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: 'At most 30 characters',
			},
			{
				displayName: 'Location',
				name: 'location',
				type: 'string',
				default: '',
				placeholder: 'Mumbai, India',
				description: 'Free text, at most 100 characters',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '+919876543210',
				description: 'Indian mobile number: ten digits starting with 6–9, with or without +91; sent as +91XXXXXXXXXX',
			},
		],
	},
	simplifyField(USER_VIEW),
];

const displayOptions = { show: { resource: ['seller'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The PATCH body: only the fields given, validated (docs/instamojo-api.md §5 limits). */
function readChanges(fields: IDataObject): IDataObject {
	const changes: IDataObject = {
		first_name: optionalText(fields.firstName, 'First Name', 30),
		last_name: optionalText(fields.lastName, 'Last Name', 30),
		location: optionalText(fields.location, 'Location', 100),
		phone: String(fields.phone ?? '').trim() ? normalizeIndianPhone(fields.phone) : undefined,
	};
	for (const key of Object.keys(changes)) if (changes[key] === undefined) delete changes[key];
	if (Object.keys(changes).length === 0) {
		throw new InputError(
			'Nothing to update',
			'Add at least one of First Name, Last Name, Location or Phone under Update Fields, with a value.',
		);
	}
	return changes;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ client }: OperationContext,
): Promise<OperationResult> {
	const sellerId = validateHexId(this.getNodeParameter('sellerId', itemIndex), 'Seller ID');
	const body = readChanges(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	const simplify = readSimplify.call(this, itemIndex);
	const actAs = await resolveUserActAs.call(this, itemIndex, client, "update a seller's details");
	const user = await client.request(
		{
			method: 'PATCH',
			path: `/v2/users/${sellerId}/`,
			body,
			// PATCH sets the same values again when repeated: harmless.
			retry: 'idempotent',
			action: "update the seller's details",
			resource: 'seller',
		},
		itemIndex,
		actAs.auth,
	);
	return withRotatedTokens(shapeOutput(user, USER_VIEW, simplify), actAs);
}
