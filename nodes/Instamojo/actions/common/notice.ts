import type { INodeProperties } from 'n8n-workflow';

/**
 * A caveat shown on the form of some operations of a resource. Operation descriptions stay one short
 * sentence (the dropdown cuts longer ones off), so what the user must know before running goes here.
 */
export function operationNotice(name: string, text: string): INodeProperties {
	return {
		displayName: text,
		name,
		type: 'notice',
		default: '',
	};
}
