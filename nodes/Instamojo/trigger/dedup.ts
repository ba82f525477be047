import type { IDataObject } from 'n8n-workflow';

import { DEDUPLICATION_WINDOW } from './description';

const STATIC_KEY = 'recentDeliveries';

/**
 * Whether this delivery was seen before; remembers it if not. Lives in the node's workflow static data,
 * which n8n saves after each production webhook run: a bounded list, oldest dropped first. Two copies
 * arriving at once both miss (static data is last-write-wins), so this is best effort.
 */
export function isRepeatDelivery(staticData: IDataObject, key: string, window = DEDUPLICATION_WINDOW): boolean {
	const stored = staticData[STATIC_KEY];
	const recent = Array.isArray(stored) ? (stored as string[]) : [];
	if (recent.includes(key)) return true;
	recent.push(key);
	staticData[STATIC_KEY] = recent.slice(-window);
	return false;
}
