/**
 * Field validation in Django REST framework's manner, which is what Instamojo's v2 answers with (docs/instamojo-api.md §3):
 * every bad field is collected, then one 400 carries the map `{"field": ["message", ...]}`.
 * Messages are DRF's own where DRF has one, Instamojo's where the docs quote one (phone, email, username).
 */
import { ApiError, type Body } from './http.cjs';

const REQUIRED = 'This field is required.';

export interface TextRules {
	required?: boolean;
	maxLength?: number;
	pattern?: RegExp;
	patternMessage?: string;
}

export interface NumberRules {
	required?: boolean;
	min?: number;
	max?: number;
}

const BOOLEANS: Record<string, boolean> = {
	true: true,
	True: true,
	'1': true,
	false: false,
	False: false,
	'0': false,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Indian mobile numbers, with or without +91/91/0 in front (docs/instamojo-api.md §3: stored as +91…). */
const INDIAN_MOBILE = /^(?:\+?91|0)?([6-9]\d{9})$/;
const DECIMAL = /^-?\d+(?:\.(\d+))?$/;
const ISO_DATETIME =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A 400 about one field, for rules checked after the body itself was read. */
export const fieldError = (field: string, message: string): ApiError =>
	new ApiError(400, { [field]: [message] });

/** The value of a phone number in the form the API stores and returns, or null when it is not one. */
function normalisePhone(value: string): string | null {
	const match = INDIAN_MOBILE.exec(value.replace(/[\s-]/g, ''));
	return match ? `+91${match[1]}` : null;
}

/** Milliseconds since the epoch of an ISO-8601 timestamp, or null when it is not one. */
function parseTimestamp(value: string): number | null {
	if (!ISO_DATETIME.test(value)) return null;
	const time = Date.parse(value);
	return Number.isNaN(time) ? null : time;
}

/** Reads one request body, field by field, remembering every problem for a single 400. */
export class FieldReader {
	private readonly errors: Record<string, string[]> = {};

	constructor(private readonly body: Body) {}

	error(field: string, message: string): void {
		(this.errors[field] ??= []).push(message);
	}

	hasError(field: string): boolean {
		return field in this.errors;
	}

	/** Throws the collected 400, if any field failed. */
	finish(): void {
		if (Object.keys(this.errors).length > 0) throw new ApiError(400, this.errors);
	}

	/**
	 * The raw value, or undefined when absent. An empty string counts as absent for optional fields:
	 * form clients send empty inputs that way. A required field that is empty is reported here.
	 */
	private raw(field: string, required: boolean | undefined): unknown {
		const value = this.body[field];
		const empty = value === undefined || value === null || value === '';
		if (!empty) return value;
		if (required)
			this.error(
				field,
				value === undefined
					? REQUIRED
					: value === null
						? 'This field may not be null.'
						: 'This field may not be blank.',
			);
		return undefined;
	}

	text(field: string, rules: TextRules = {}): string | undefined {
		const value = this.raw(field, rules.required);
		if (value === undefined) return undefined;
		if (typeof value !== 'string' && typeof value !== 'number')
			return this.fail(field, 'Not a valid string.');
		const text = String(value).trim();
		if (text === '' && rules.required) return this.fail(field, 'This field may not be blank.');
		if (rules.maxLength !== undefined && text.length > rules.maxLength) {
			return this.fail(field, `Ensure this field has no more than ${rules.maxLength} characters.`);
		}
		if (rules.pattern && !rules.pattern.test(text))
			return this.fail(field, rules.patternMessage ?? 'Enter a valid value.');
		return text;
	}

	email(field: string, rules: TextRules = {}): string | undefined {
		return this.text(field, {
			...rules,
			pattern: EMAIL,
			patternMessage: 'Enter a valid email address.',
		});
	}

	phone(field: string, rules: { required?: boolean } = {}): string | undefined {
		const text = this.text(field, rules);
		if (text === undefined) return undefined;
		return normalisePhone(text) ?? this.fail(field, 'Enter a valid phone number');
	}

	url(field: string): string | undefined {
		const text = this.text(field, { maxLength: 200 });
		if (text === undefined) return undefined;
		return isHttpUrl(text) ? text : this.fail(field, 'Enter a valid URL.');
	}

	boolean(field: string): boolean | undefined {
		const value = this.raw(field, false);
		if (value === undefined) return undefined;
		if (typeof value === 'boolean') return value;
		const parsed = BOOLEANS[String(value)];
		return parsed ?? this.fail(field, 'Must be a valid boolean.');
	}

	choice<T extends string>(
		field: string,
		choices: readonly T[],
		rules: { required?: boolean } = {},
	): T | undefined {
		const value = this.raw(field, rules.required);
		if (value === undefined) return undefined;
		return choices.includes(value as T)
			? (value as T)
			: this.fail(field, `"${String(value)}" is not a valid choice.`);
	}

	/** A decimal with at most two places (rupees and percentages), within the given bounds. */
	decimal(field: string, rules: NumberRules = {}): number | undefined {
		const value = this.raw(field, rules.required);
		if (value === undefined) return undefined;
		const match =
			typeof value === 'number' || typeof value === 'string'
				? DECIMAL.exec(String(value).trim())
				: null;
		if (!match || !Number.isFinite(Number(value)))
			return this.fail(field, 'A valid number is required.');
		if ((match[1] ?? '').length > 2)
			return this.fail(field, 'Ensure that there are no more than 2 decimal places.');
		const number = Number(value);
		if (rules.min !== undefined && number < rules.min)
			return this.fail(field, `Ensure this value is greater than or equal to ${rules.min}.`);
		if (rules.max !== undefined && number > rules.max)
			return this.fail(field, `Ensure this value is less than or equal to ${rules.max}.`);
		return number;
	}

	/** An ISO-8601 timestamp, returned as epoch milliseconds. */
	timestamp(field: string): number | undefined {
		const text = this.text(field);
		if (text === undefined) return undefined;
		return (
			parseTimestamp(text) ??
			this.fail(
				field,
				'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
			)
		);
	}

	private fail(field: string, message: string): undefined {
		this.error(field, message);
		return undefined;
	}
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}
