/** n8n's collections of optional fields, each with its standard name and "Add …" button. */
import type { INodeProperties } from 'n8n-workflow';

/** Additional Fields: the optional fields of what an operation sends. */
export function additionalFields(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options };
}

/** Options: settings of how the node runs, not of what it sends. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}
