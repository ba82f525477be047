/**
 * Money is kept in integer paise so sums and percentages never drift, and rendered the way the API
 * renders it: a string with two decimals (docs/instamojo-api.md §3).
 */

export const toPaise = (rupees: number): number => Math.round(rupees * 100);

export const formatPaise = (paise: number): string => (paise / 100).toFixed(2);

/** A percentage of an amount, rounded to the paisa. */
export const percentOf = (paise: number, percent: number): number =>
	Math.round((paise * percent) / 100);
