import type { IDataObject } from 'n8n-workflow';

import { DEDUPLICATION_WINDOW } from './description';

const STATIC_KEY = 'recentDeliveries';

/**
 * The remembered keys, lower-cased: keys stored before deduplication ignored case keep matching.
 * Lives in the node's workflow static data, which n8n saves after each production webhook run.
 */
function recentKeys(staticData: IDataObject): string[] {
	const stored = staticData[STATIC_KEY];
	return Array.isArray(stored) ? (stored as string[]).map((key) => String(key).toLowerCase()) : [];
}

/** Whether this delivery key is among the remembered ones; remembers nothing. */
export function wasReceived(staticData: IDataObject, key: string): boolean {
	return recentKeys(staticData).includes(key.toLowerCase());
}

/**
 * Remembers a delivery that starts an execution: a bounded list, oldest dropped first. Called only once
 * the delivery is verified, so a forged copy cannot make the genuine one look repeated. Two copies
 * arriving at once both miss (static data is last-write-wins), so this is best effort.
 */
export function rememberDelivery(staticData: IDataObject, key: string, window = DEDUPLICATION_WINDOW): void {
	const recent = recentKeys(staticData);
	recent.push(key.toLowerCase());
	staticData[STATIC_KEY] = recent.slice(-window);
}
