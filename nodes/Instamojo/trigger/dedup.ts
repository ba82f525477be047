import type { IDataObject } from 'n8n-workflow';

import { DEDUPLICATION_WINDOW } from './description';

const STATIC_KEY = 'recentDeliveries';

/**
 * The keys this process remembered, per trigger (workflow and node), oldest first. n8n loads a workflow's
 * static data for each webhook request and saves it whole afterwards, so of two deliveries handled at
 * the same time the later save drops the earlier one's key (last write wins). Each save here carries
 * every key this process remembered, so within one process no key is lost; between several webhook
 * processors sharing the database a save can still drop another processor's key, which that processor
 * keeps recognising until it restarts.
 */
const remembered = new Map<string, string[]>();

/**
 * The keys in static data, lower-cased: keys stored before deduplication ignored case keep matching.
 * Lives in the node's workflow static data, which n8n saves after each production webhook run.
 */
function storedKeys(staticData: IDataObject): string[] {
	const stored = staticData[STATIC_KEY];
	return Array.isArray(stored) ? (stored as string[]).map((key) => String(key).toLowerCase()) : [];
}

/** Whether this delivery key is among the remembered ones (static data or this process); remembers nothing. */
export function wasReceived(staticData: IDataObject, trigger: string, key: string): boolean {
	const wanted = key.toLowerCase();
	return remembered.get(trigger)?.includes(wanted) === true || storedKeys(staticData).includes(wanted);
}

/**
 * Remembers a delivery that starts an execution: a bounded list, oldest dropped first. Called only once
 * the delivery is verified, so a forged copy cannot make the genuine one look repeated. Two copies
 * arriving at once both miss, so this is best effort.
 */
export function rememberDelivery(staticData: IDataObject, trigger: string, key: string, window = DEDUPLICATION_WINDOW): void {
	const own = [...(remembered.get(trigger) ?? []), key.toLowerCase()].slice(-window);
	remembered.set(trigger, own);
	const mine = new Set(own);
	staticData[STATIC_KEY] = [...storedKeys(staticData).filter((stored) => !mine.has(stored)), ...own].slice(-window);
}
