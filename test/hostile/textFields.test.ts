/**
 * Hostile text through the real node against the sandbox: control characters in
 * single-line fields, values that are not text, and a Purpose longer than Instamojo's 30 characters fail
 * their item with a message naming the field, and nothing reaches Instamojo. The refund's Explanation is
 * the one multi-line field: its line breaks are sent as typed.
 */
import type { IDataObject } from 'n8n-workflow';

import { createLinkParameters } from '../../harness/standIn/actionNode';
import { paidPayment } from '../support/paidPayments';
import { apiCalls, app, onlyApiCall, refundParameters, run, runError, seller, sellerAccessToken, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const NOTHING_SENT = 'Nothing was sent to Instamojo for this item.';

/** Control characters as they arrive from pasted text, a file or an expression, and how the message names them. */
const CONTROLS: Array<[string, string, string]> = [
	['NUL', '\u0000', 'NUL, U+0000'],
	['a line feed', '\n', 'line break, U+000A'],
	['CR LF', '\r\n', 'carriage return, U+000D'],
	['a tab', '\t', 'tab, U+0009'],
	['an ANSI escape', '\u001b[31m', 'escape, U+001B'],
	['DEL', '\u007f', 'delete, U+007F'],
	['C1 NEL', '\u0085', 'U+0085'],
	['a line separator', '\u2028', 'U+2028'],
	['a right-to-left override', '\u202e', 'U+202E'],
];

/** The item failed for this field, and not one request (token or API) left the node. */
function expectRefusedBeforeSending(error: Error & { description?: string }, message: string): void {
	expect(error.message).toBe(`${message} [item 0]`);
	expect(error.description).toContain(NOTHING_SENT);
	expect(sandbox().log().filter((entry) => entry.method !== 'GET')).toEqual([]);
	expect(apiCalls(sandbox())).toEqual([]);
}

/** Payment Link → Create in the seller's account; the test's own token request is cleared from the log. */
async function linkParameters(overrides: Record<string, unknown>): Promise<Record<string, unknown>> {
	const token = await sellerAccessToken(sandbox());
	sandbox().clearLog();
	return createLinkParameters({ amount: 500, purpose: 'Handloom saree', actAs: 'sellerAccessToken', sellerAccessToken: token, ...overrides });
}

/** Each single-line field of Payment Link → Create, with a valid value the hostile character is put into. */
const LINK_FIELDS: Array<[string, (value: string) => Record<string, unknown>, string]> = [
	['Purpose', (purpose) => ({ purpose }), 'Handloom saree'],
	['Buyer Name', (buyerName) => ({ additionalFields: { buyerName } }), 'Meera Iyer'],
	['Buyer Email', (email) => ({ additionalFields: { email } }), 'meera@example.com'],
	['Buyer Phone', (phone) => ({ additionalFields: { phone } }), '9876543210'],
	['Redirect URL', (redirectUrl) => ({ additionalFields: { redirectUrl } }), 'https://shop.example/thanks'],
	['Webhook URL', (webhook) => ({ additionalFields: { webhook } }), 'https://n8n.example/webhook/instamojo'],
];

describe('Payment Link → Create', () => {
	const cases = LINK_FIELDS.flatMap(([field, set, valid]) =>
		CONTROLS.flatMap(([label, char, shown]) => [
			[field, label, 'inside', set(`${valid.slice(0, 5)}${char}${valid.slice(5)}`), shown],
			[field, label, 'at the end', set(`${valid}${char}`), shown],
		]),
	) as Array<[string, string, string, Record<string, unknown>, string]>;

	it.each(cases)('refuses %s with %s %s', async (field, _label, _where, overrides, shown) => {
		const error = await runError(sandbox(), { parameters: await linkParameters(overrides) });

		expectRefusedBeforeSending(error, `${field} contains a control character (${shown})`);
		expect(error.description).toContain('single line');
	});

	it.each([
		['a 10 KB purpose', 'x'.repeat(10 * 1024), 10240],
		['31 characters', 'x'.repeat(31), 31],
		['31 emoji', '🥻'.repeat(31), 31],
	])('refuses %s, saying the limit', async (_label, purpose, length) => {
		const error = await runError(sandbox(), { parameters: await linkParameters({ purpose }) });

		expectRefusedBeforeSending(error, 'Purpose is longer than 30 characters');
		expect(error.description).toContain(`at most 30 characters; it has ${length}`);
	});

	it.each([
		['a list', ['Handloom saree'], 'Purpose is a list, not text'],
		['an object', { name: 'Handloom saree' }, 'Purpose is an object, not text'],
		['a boolean', true, 'Purpose is true, not text'],
	])('refuses %s as the purpose rather than sending its string form', async (_label, purpose, message) => {
		const error = await runError(sandbox(), { parameters: await linkParameters({ purpose }) });

		expectRefusedBeforeSending(error, message);
	});

	it.each([
		['30 characters', 'x'.repeat(30)],
		['30 emoji', '🥻'.repeat(30)],
		['Devanagari with a zero-width joiner', 'क्\u200dष सिल्क साड़ी'],
	])('sends a purpose of %s as typed', async (_label, purpose) => {
		await run(sandbox(), { parameters: await linkParameters({ purpose: `  ${purpose} ` }) });

		expect(onlyApiCall(sandbox()).body.purpose).toBe(purpose);
	});
});

describe('Refund → Create', () => {
	const refundPosts = () => apiCalls(sandbox()).filter((call) => call.method === 'POST');

	it('sends a multi-line Explanation with its line breaks and tabs', async () => {
		const paymentId = await paidPayment(sandbox());
		const explanation = 'The vase arrived chipped.\r\nPhotos attached:\n\t- base\n\t- rim';

		await run(sandbox(), { parameters: refundParameters(paymentId, { body: explanation }) });

		expect(refundPosts()).toHaveLength(1);
		expect((refundPosts()[0].body as IDataObject).body).toBe(explanation);
	});

	it.each([
		['NUL', '\u0000', 'NUL, U+0000'],
		['an ANSI escape', '\u001b[2J', 'escape, U+001B'],
		['DEL', '\u007f', 'delete, U+007F'],
		['C1 CSI', '\u009b', 'U+009B'],
		['a right-to-left override', '\u202e', 'U+202E'],
	])('refuses %s in the Explanation', async (_label, char, shown) => {
		const paymentId = await paidPayment(sandbox());
		const error = await runError(sandbox(), { parameters: refundParameters(paymentId, { body: `Chipped${char} vase` }) });

		expectRefusedBeforeSending(error, `Explanation contains a control character (${shown})`);
		expect(error.description).toContain('only line breaks and tabs');
	});

	it.each(CONTROLS)('refuses %s in the Transaction ID', async (_label, char, shown) => {
		const paymentId = await paidPayment(sandbox());
		const error = await runError(sandbox(), {
			parameters: refundParameters(paymentId, { additionalFields: { transactionId: `order-17${char}` } }),
		});

		expectRefusedBeforeSending(error, `Transaction ID contains a control character (${shown})`);
	});

	it.each([
		['a line feed', '\n', 'line break, U+000A'],
		['NUL', '\u0000', 'NUL, U+0000'],
	])('refuses %s in the Payment ID', async (_label, char, shown) => {
		const paymentId = await paidPayment(sandbox());
		const error = await runError(sandbox(), { parameters: refundParameters(`${paymentId}${char}`) });

		expectRefusedBeforeSending(error, `Payment ID contains a control character (${shown})`);
	});
});

describe('Seller → Update', () => {
	const update = async (updateFields: IDataObject) => {
		const token = await sellerAccessToken(sandbox());
		sandbox().clearLog();
		return { resource: 'seller', operation: 'update', sellerId: seller.id, updateFields, simple: true, actAs: 'sellerAccessToken', sellerAccessToken: token };
	};

	it.each([
		['First Name', { firstName: 'Asha\u001b[0m' }, 'escape, U+001B'],
		['Last Name', { lastName: 'Verma\n' }, 'line break, U+000A'],
		['Location', { location: 'Jaipur,\r\nIndia' }, 'carriage return, U+000D'],
	])('refuses a control character in %s', async (field, fields, shown) => {
		const error = await runError(sandbox(), { parameters: await update(fields) });

		expectRefusedBeforeSending(error, `${field} contains a control character (${shown})`);
	});
});

describe('Seller → Create', () => {
	const signup = (additionalFields: IDataObject, more: IDataObject = {}) => ({
		resource: 'seller',
		operation: 'create',
		email: 'ravi@pottery.example',
		password: 'ravi-example-pass-42',
		phone: '+91 91234 56789',
		additionalFields,
		...more,
	});

	it.each([
		['Referrer', { referrer: 'mkt\u001b]8;;https://evil.example\u0007' }, {}, 'escape, U+001B'],
		['Username', { username: 'ravi\npottery' }, {}, 'line break, U+000A'],
		['Email', {}, { email: 'ravi@pottery.example\r\nBcc: x@evil.example' }, 'carriage return, U+000D'],
	])('refuses a control character in %s', async (field, additionalFields, more, shown) => {
		const error = await runError(sandbox(), { parameters: signup(additionalFields, more) });

		expectRefusedBeforeSending(error, `${field} contains a control character (${shown})`);
	});

	it('sends a typed Referrer trimmed', async () => {
		await run(sandbox(), { parameters: signup({ referrer: `  ${app.referrer} ` }) });

		const [signupCall] = apiCalls(sandbox()).filter((call) => call.method === 'POST');
		expect((signupCall.body as IDataObject).referrer).toBe(app.referrer);
	});
});
