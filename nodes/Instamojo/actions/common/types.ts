import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiRequest, InstamojoClient } from '../../transport';
import type { OutputView } from './output';

export interface OperationContext {
	/** One per execution: retries, pagination, error mapping and token exchanges live there. */
	client: InstamojoClient;
}

/** What an operation reading one object or a list hands to executeGetOne or executeGetMany, after validating its input. */
export interface ReadSpec {
	request: ApiRequest;
	view: OutputView;
}

/** One output item per object returned, each paired with the input item. */
export type OperationResult = IDataObject | IDataObject[];

/** The shape every `actions/<resource>/<operation>.ts` module has. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, context: OperationContext): Promise<OperationResult>;
}

export interface ResourceModule {
	/** The operation selector plus every operation's fields. */
	description: INodeProperties[];
	operations: Record<string, OperationModule>;
}
