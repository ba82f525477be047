/**
 * Runs the Instamojo Payment Poll Trigger's real `poll()` with a stand-in for n8n's poll context:
 * parameters (unset ones take the description's defaults), the workflow's static data (pass the same
 * object to several polls, as n8n keeps it between them), the mode (`trigger` for the active workflow's
 * scheduled poll, `manual` for a test) and the credential store with n8n's HTTP behaviour (./n8nCore.ts).
 */
import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';

import { InstamojoPaymentPollTrigger } from '../../nodes/Instamojo/InstamojoPaymentPollTrigger.node';
import { authenticatedRequest, httpRequest, parameterDefaults, StoredCredential, TEST_NODE } from './n8nCore';

export const pollTrigger = new InstamojoPaymentPollTrigger();

export interface PollSetup {
	credential: StoredCredential;
	parameters?: Record<string, unknown>;
	/** Kept between polls by the caller, as n8n keeps a node's static data. */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
}

export interface PollResult {
	/** The items the poll emitted; none when it returned null. */
	items: IDataObject[];
	/** Whether it returned null (n8n starts no execution). */
	emittedNothing: boolean;
}

const NODE: INode = {
	...TEST_NODE,
	id: 'instamojo-poll',
	name: 'Instamojo Payment Poll Trigger',
	type: 'n8n-nodes-instamojo.instamojoPaymentPollTrigger',
};

function pollFunctions(setup: PollSetup): IPollFunctions {
	const parameters = { ...parameterDefaults(pollTrigger.description), ...setup.parameters };
	const staticData = setup.staticData ?? {};
	const fns = {
		getNode: () => NODE,
		getMode: () => setup.mode ?? 'trigger',
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		getCredentials: async (type: string) => {
			if (type !== 'instamojoApi') throw new Error(`unexpected credential type ${type}`);
			return setup.credential.read();
		},
		helpers: { httpRequest, httpRequestWithAuthentication: authenticatedRequest(setup.credential) },
	};
	return fns as unknown as IPollFunctions;
}

export async function poll(setup: PollSetup): Promise<PollResult> {
	const result = await pollTrigger.poll.call(pollFunctions(setup));
	return { items: (result?.[0] ?? []).map((item) => item.json), emittedNothing: result === null };
}

/** Runs a poll expecting it to throw; returns the error for assertions. */
export async function pollError(setup: PollSetup): Promise<Error & { description?: string }> {
	try {
		await poll(setup);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the poll to fail');
}
