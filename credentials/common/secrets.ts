import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { LEGACY_KEYS } from './fields';

/** What a secret is replaced with in any text the node shows or logs. */
export const REDACTED = '[redacted]';

/**
 * Secrets at least this long are removed wherever they appear. Shorter ones only where they stand alone
 * (between characters that are not letters or digits, as in `password=abcd&`), so a short password never
 * blanks out ordinary words that contain it.
 */
const MIN_ANYWHERE = 6;
/** Shorter values hide nothing worth hiding and would mangle every message. */
const MIN_REDACTED = 3;

/** The credential fields that hold secrets (docs/instamojo-api.md §4). */
const CREDENTIAL_SECRET_FIELDS = [
	'clientSecret',
	'password',
	'initialRefreshToken',
	'rotatedRefreshToken',
	'accessToken',
	'privateSaltSecret',
	...Object.values(LEGACY_KEYS),
];

/**
 * Every secret value one execution holds, so no error message, description or log line can repeat one,
 * even when a server or proxy echoes the request back in its error body.
 */
export class Secrets {
	private readonly values = new Set<string>();

	private pattern?: RegExp;

	/** Adds values; empty and non-string ones are ignored. */
	add(...values: unknown[]): this {
		for (const value of values) {
			if (typeof value !== 'string') continue;
			for (const form of encodedForms(value)) {
				if (form.length >= MIN_REDACTED && !this.values.has(form)) {
					this.values.add(form);
					this.pattern = undefined;
				}
			}
		}
		return this;
	}

	/** The credential's secrets, and the userinfo of a Custom Base URL. */
	addCredential(data: ICredentialDataDecryptedObject): this {
		this.add(...CREDENTIAL_SECRET_FIELDS.map((field) => data[field]));
		return this.add(...userinfoOf(data.baseUrl));
	}

	/** The text with every secret replaced by `[redacted]`. */
	redact(text: string): string {
		const pattern = this.compiled();
		return pattern ? text.replace(pattern, REDACTED) : text;
	}

	/** A copy of a parsed body with every string redacted (keys too). */
	redactValue<T>(value: T): T {
		return redactDeep(value, (text) => this.redact(text)) as T;
	}

	/** Redacts the message and description of an error in place, and returns it. */
	redactError<E>(error: E): E {
		if (typeof error !== 'object' || error === null) return error;
		const fields = error as { message?: unknown; description?: unknown };
		if (typeof fields.message === 'string') fields.message = this.redact(fields.message);
		if (typeof fields.description === 'string') fields.description = this.redact(fields.description);
		return error;
	}

	private compiled(): RegExp | undefined {
		if (this.pattern || this.values.size === 0) return this.pattern;
		// Longest first, so a secret that contains another is removed whole.
		const alternatives = [...this.values]
			.sort((a, b) => b.length - a.length)
			.map((value) =>
				value.length >= MIN_ANYWHERE ? escape(value) : `(?<![A-Za-z0-9])${escape(value)}(?![A-Za-z0-9])`,
			);
		this.pattern = new RegExp(alternatives.join('|'), 'g');
		return this.pattern;
	}
}

/** One-off redaction of a text, e.g. in the credential, which holds no per-execution set. */
export function redact(text: string, secrets: Iterable<unknown>): string {
	return new Secrets().add(...secrets).redact(text);
}

/** A URL fit to repeat in a message: no userinfo, query or fragment. Unparseable input is not repeated. */
export function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the configured Base URL';
	}
}

/** `user:password`, the password and the user of a URL's userinfo, decoded and as written. */
function userinfoOf(url: unknown): string[] {
	if (typeof url !== 'string') return [];
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url.trim());
	if (!match) return [];
	const userinfo = match[1];
	const parts = [userinfo, ...userinfo.split(':')];
	return [...parts, ...parts.map(safeDecode)];
}

/** The value as it may come back: raw, URL-encoded, form-encoded and inside a JSON string. */
function encodedForms(value: string): string[] {
	const forms = [value, value.trim(), encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
	forms.push(JSON.stringify(value).slice(1, -1));
	return forms;
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function redactDeep(value: unknown, redactText: (text: string) => string, depth = 0): unknown {
	if (typeof value === 'string') return redactText(value);
	if (depth > 20 || typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, redactText, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [redactText(key), redactDeep(entry, redactText, depth + 1)]),
	);
}
