/**
 * Runs the Instamojo action node's real `execute()` with a stand-in for n8n's execute context:
 * parameters per item, the credential store, and n8n's HTTP helpers over the real network to the
 * local sandbox (see ./n8nCore.ts). What the API received is then read from the sandbox's request log.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { Instamojo } from '../../nodes/Instamojo/Instamojo.node';
import { authenticatedRequest, httpRequest, StoredCredential, TEST_NODE } from './n8nCore';

/** A parameter value, or a function of the item (like an n8n expression). */
type ParameterValue = unknown | ((item: IDataObject, itemIndex: number) => unknown);

export interface RunOptions {
	parameters: Record<string, ParameterValue>;
	items?: IDataObject[];
	credential: StoredCredential;
	continueOnFail?: boolean;
	/** The node's Settings → On Error; continueOnFail is true for both Continue choices. */
	onError?: INode['onError'];
}

/**
 * Payment Link → Create as a new node starts: in the seller's account, with the seller's refresh token
 * mapped from the item's `refresh_token`; no commission, no hold and the simple output. `overrides` sets
 * the amount, purpose and anything else a test is about (`MY_ACCOUNT` for the credential's own account).
 */
export function createLinkParameters(overrides: Record<string, ParameterValue> = {}): Record<string, ParameterValue> {
	return {
		resource: 'paymentLink',
		operation: 'create',
		actAs: 'sellerRefreshToken',
		sellerRefreshToken: (item: IDataObject) => item.refresh_token,
		commissionType: 'none',
		holdPayout: false,
		allowRepeatedPayments: false,
		simple: true,
		additionalFields: {},
		...overrides,
	};
}

/** The Account choice "My Account (Credential)": the credential's own token. */
export const MY_ACCOUNT = { actAs: 'credential' } as const;

export interface RunResult {
	items: INodeExecutionData[];
	json: IDataObject[];
}

export function credentialFor(baseUrl: string, fields: ICredentialDataDecryptedObject): StoredCredential {
	return new StoredCredential({
		environment: 'custom',
		baseUrl,
		accessToken: '',
		rotatedRefreshToken: '',
		expiresAt: '',
		...fields,
	});
}

function parameterGetter(options: RunOptions, items: IDataObject[]) {
	return (name: string, itemIndex: number, fallback?: unknown): unknown => {
		if (!(name in options.parameters)) {
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}
		const value = options.parameters[name];
		return typeof value === 'function' ? (value as (i: IDataObject, n: number) => unknown)(items[itemIndex], itemIndex) : value;
	};
}

export function executeFunctions(options: RunOptions): IExecuteFunctions {
	const items = options.items ?? [{}];
	const node: INode = { ...TEST_NODE, onError: options.onError };
	const fns = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: parameterGetter(options, items),
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? options.onError?.startsWith('continue') ?? false,
		getCredentials: async () => options.credential.read(),
		helpers: { httpRequest, httpRequestWithAuthentication: authenticatedRequest(options.credential) },
	};
	return fns as unknown as IExecuteFunctions;
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const [output] = await new Instamojo().execute.call(executeFunctions(options));
	return { items: output, json: output.map((item) => item.json) };
}

/** Runs the node expecting it to throw; returns the error for assertions. */
export async function runNodeError(options: RunOptions): Promise<Error & { description?: string; context?: IDataObject }> {
	try {
		await runNode(options);
	} catch (error) {
		return error as Error & { description?: string; context?: IDataObject };
	}
	throw new Error('expected the node to fail');
}
