import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InstamojoClient } from '../../transport';

export interface OperationContext {
	/** One per execution: retries, pagination, error mapping and token exchanges live there. */
	client: InstamojoClient;
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
