/**
 * Reading Instamojo's answers without guessing (docs/instamojo-api.md, "Booleans"): the docs' samples
 * write booleans as `True`/`False`, JSON answers may carry real booleans, and a string "False" is truthy
 * in JavaScript, so no decision may test an API value with plain truthiness.
 */

/** true or false for a boolean the API may send as a JSON boolean or as `True`/`False`/`true`/`false`; undefined otherwise. */
export function apiBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	if (text === 'true') return true;
	if (text === 'false') return false;
	return undefined;
}

/** A copy of the object with each named field turned into a real boolean where the API sent a readable one. */
export function withBooleans<T extends Record<string, unknown>>(object: T, fields: readonly string[]): T {
	const result: Record<string, unknown> = { ...object };
	for (const field of fields) {
		const parsed = apiBoolean(object[field]);
		if (parsed !== undefined) result[field] = parsed;
	}
	return result as T;
}
