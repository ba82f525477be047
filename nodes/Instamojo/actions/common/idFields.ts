/** The ID fields several resources ask for, so each reads and looks the same wherever it appears. */
import type { INodeProperties } from 'n8n-workflow';

/** Payment ID (validated by validatePaymentId): `description` says which payment this operation wants. */
export function paymentIdField(description: string): INodeProperties {
	return {
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'MOJO5a06005J21512197',
		description,
	};
}

/** Seller ID (validated by validateHexId), for operations on a seller's own account. */
export const sellerIdField: INodeProperties = {
	displayName: 'Seller ID',
	name: 'sellerId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '90f01dfdacbe4fe7892fc27dbdc30906',
	description: "The seller's Instamojo user ID (32 hexadecimal characters), as returned by Create or Onboard",
};
