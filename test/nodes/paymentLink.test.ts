import type { IDataObject } from 'n8n-workflow';

import { lightCheckoutUrl } from '../../nodes/Instamojo/helpers/resourceUrls';
import { createLinkParameters, MY_ACCOUNT, runNode } from '../../harness/standIn/actionNode';
import { apiCalls, expectNoSecrets, getManyParameters, marketplace, onlyApiCall, run, runError, seller, sellerAccessToken, sellerRefreshToken, WITH_SELLER, tokenCalls, userCredential } from '../support/marketplace';
import { accepted, pay, useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const NOTHING_SENT = 'Nothing was sent to Instamojo for this item.';

/** Create in the credential's own account (a plain merchant's link) unless `overrides` choose a seller's. */
const createParameters = (overrides: Record<string, unknown> = {}) =>
	createLinkParameters({ ...MY_ACCOUNT, amount: 500, purpose: 'Handloom saree', ...overrides });

/** Account: Seller's Account (Access Token), with a fresh token of the seller; the log is cleared after getting it. */
async function asSeller(): Promise<Record<string, unknown>> {
	const token = await sellerAccessToken(sandbox());
	sandbox().clearLog();
	return { actAs: 'sellerAccessToken', sellerAccessToken: token };
}

const links = () => [...sandbox().state.paymentRequests.values()];

/** Statuses of the seller refresh-token exchanges the node made (the credential may also fetch its own token). */
const refreshGrants = () => tokenCalls(sandbox()).filter((call) => call.grantType === 'refresh_token').map((call) => call.status);

/** A link on the marketplace's account, made through the node. */
async function createLink(overrides: Record<string, unknown> = {}): Promise<IDataObject> {
	const { json } = await run(sandbox(), { parameters: createParameters(overrides) });
	return json[0];
}

async function buyerPays(linkId: string, outcome: 'success' | 'failure' = 'success'): Promise<string> {
	const { payment } = accepted(await pay(sandbox(), linkId, { outcome }));
	return payment.id;
}

describe('Payment Link → Create', () => {
	it('sends every field form-encoded with a percentage commission and a held payout, and previews the split', async () => {
		const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
		const { json, items } = await run(sandbox(), {
			parameters: createParameters({
				...(await asSeller()),
				amount: 1250.5,
				commissionType: 'percent',
				commissionPercent: 12.5,
				holdPayout: true,
				allowRepeatedPayments: true,
				additionalFields: {
					buyerName: 'Meera Iyer',
					email: 'meera@example.com',
					phone: '098765 43210',
					redirectUrl: 'https://shop.example/thanks?order=1',
					webhook: 'https://n8n.example/webhook/instamojo',
					sendEmail: true,
					sendSms: true,
					expiresAt,
				},
			}),
		});

		const call = onlyApiCall(sandbox());
		expect(call).toMatchObject({ method: 'POST', path: '/v2/payment_requests/', contentType: 'application/x-www-form-urlencoded', status: 201 });
		expect(call.auth).toMatchObject({ kind: 'user', username: seller.username });
		expect(call.body).toEqual({
			amount: '1250.50',
			purpose: 'Handloom saree',
			buyer_name: 'Meera Iyer',
			email: 'meera@example.com',
			phone: '+919876543210',
			redirect_url: 'https://shop.example/thanks?order=1',
			webhook: 'https://n8n.example/webhook/instamojo',
			send_email: 'true',
			send_sms: 'true',
			expires_at: expiresAt,
			allow_repeated_payments: 'true',
			partner_fee_type: 'percent',
			partner_fee: '12.50',
			mark_fulfilled: 'false',
		});

		const [link] = links();
		expect(link).toMatchObject({ markFulfilled: false, partnerFeeType: 'percent', partnerFee: 12.5, userId: seller.id, partnerId: marketplace.id });
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const commission = Math.round(125050 * 0.125) / 100;
		expect(json[0]).toMatchObject({
			account: 'seller',
			seller_id: seller.id,
			id: link.id,
			amount: '1250.50',
			amount_number: 1250.5,
			partner_fee: '12.50',
			partner_fee_number: 12.5,
			partner_fee_type: 'percent',
			mark_fulfilled: false,
			commission_type: 'percent',
			commission: 12.5,
			hold_payout: true,
			phone: '+919876543210',
			expires_at: expiresAt,
			light_checkout_url: `${link.longurl}?embed=form`,
			commission_preview: { commission_amount: commission, seller_share: 1250.5 - commission },
		});
	});

	it('sends a fixed commission in rupees and mark_fulfilled=true when the payout is not held', async () => {
		const output = await createLink({ ...(await asSeller()), commissionType: 'fixed', commissionAmount: 49.99 });

		expect(onlyApiCall(sandbox()).body).toMatchObject({ partner_fee_type: 'fixed', partner_fee: '49.99', mark_fulfilled: 'true' });
		expect(output.commission_preview).toMatchObject({ commission_amount: 49.99, seller_share: 450.01 });
		expect(links()[0]).toMatchObject({ markFulfilled: true, partnerFeeType: 'fixed' });
		expect(output).toMatchObject({ commission_type: 'fixed', commission: 49.99, hold_payout: false });
	});

	it("says hold_payout in the form's words also when Instamojo answers booleans as the strings True/False", async () => {
		sandbox().decisions.booleanFormat = 'python';
		const held = await createLink({ ...(await asSeller()), holdPayout: true });
		const paidOut = await createLink({ ...(await asSeller()), holdPayout: false, simple: false });

		expect(held).toMatchObject({ mark_fulfilled: false, hold_payout: true });
		expect(paidOut).toMatchObject({ mark_fulfilled: true, hold_payout: false });
	});

	it('always sends mark_fulfilled and allow_repeated_payments, and no commission or preview without one', async () => {
		const output = await createLink();

		expect(onlyApiCall(sandbox()).body).toEqual({
			amount: '500.00',
			purpose: 'Handloom saree',
			allow_repeated_payments: 'false',
			mark_fulfilled: 'true',
		});
		expect(output).not.toHaveProperty('commission_preview');
		expect(output.partner_fee).toBeNull();
		expect(output).toMatchObject({ commission_type: 'none', commission: null, hold_payout: false });
	});

	it('outputs the whole API object, plus the derived fields, when Simplify is off', async () => {
		const output = await createLink({ simple: false });
		const [link] = links();

		expect(output).toMatchObject({
			id: link.id,
			resource_uri: expect.stringContaining(`/v2/payment_requests/${link.id}/`),
			partner: expect.stringContaining(`/v2/users/${marketplace.id}/`),
			sms_status: null,
			webhook: null,
			amount_number: 500,
			light_checkout_url: `${link.longurl}?embed=form`,
			seller_id: marketplace.id,
		});
	});

	it('keeps only the documented fields when Simplify is on', async () => {
		const output = await createLink();

		expect(output).not.toHaveProperty('resource_uri');
		expect(output).not.toHaveProperty('sms_status');
		expect(Object.keys(output)).toEqual(expect.arrayContaining(['id', 'status', 'amount', 'amount_number', 'longurl', 'light_checkout_url']));
	});

	const invalid: Array<[string, Record<string, unknown>, string, string]> = [
		['an amount below ₹9', { amount: 5 }, "Amount ₹5.00 is outside Instamojo's limits", 'Use an amount from ₹9 to ₹200000.'],
		['an amount above ₹200000', { amount: 200000.01 }, "Amount ₹200000.01 is outside Instamojo's limits", 'Use an amount from ₹9 to ₹200000.'],
		['an amount that is not a number', { amount: 'five hundred' }, 'Amount "five hundred" is not an amount in rupees', 'at most two decimals'],
		['an empty purpose', { purpose: '  ' }, 'Purpose is required', 'Enter a Purpose.'],
		['a percentage above 100', { commissionType: 'percent', commissionPercent: 100.5 }, 'Commission Percentage 100.50% is not below 100%', 'below 100'],
		[
			'a fixed commission equal to the amount',
			{ commissionType: 'fixed', commissionAmount: 500 },
			'Fixed commission ₹500.00 is not below the amount ₹500.00',
			'make it smaller than the amount',
		],
		['an unknown commission type', { commissionType: 'percentage', commissionPercent: 10 }, 'Commission Type "percentage" is not one Instamojo knows', 'none, fixed or percent'],
		['Send Email without an email', { additionalFields: { sendEmail: true } }, 'Send Email is on but Buyer Email is empty', 'Add Buyer Email'],
		['Send SMS without a phone', { additionalFields: { sendSms: true, email: 'a@b.example' } }, 'Send SMS is on but Buyer Phone is empty', 'Add Buyer Phone'],
		['a malformed email', { additionalFields: { email: 'meera.example.com' } }, 'Buyer Email "meera.example.com" is not a valid email address', 'name@example.com'],
		['a non-Indian phone', { additionalFields: { phone: '+44 20 7946 0958' } }, 'Buyer Phone "+44 20 7946 0958" is not an Indian mobile number', '+91'],
		['a redirect URL that is not http(s)', { additionalFields: { redirectUrl: 'ftp://shop.example' } }, 'Redirect URL "ftp://shop.example" is not a valid http(s) URL', 'https://'],
		['a webhook URL that is not a URL', { additionalFields: { webhook: 'my trigger' } }, 'Webhook URL "my trigger" is not a valid http(s) URL', 'https://'],
		['an expiry in the past', { additionalFields: { expiresAt: '2020-01-01T00:00:00Z' } }, 'Expires At 2020-01-01T00:00:00.000Z is not in the future', 'after now'],
		['an empty seller refresh token', { actAs: 'sellerRefreshToken', sellerRefreshToken: '' }, 'Seller Refresh Token is empty', 'refresh_token'],
	];

	it.each(invalid)('refuses %s before sending anything', async (_label, overrides, message, hint) => {
		const error = await runError(sandbox(), { parameters: createParameters(overrides) });

		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain(hint);
		expect(error.description).toContain(NOTHING_SENT);
		expect(sandbox().log()).toEqual([]);
		expect(links()).toHaveLength(0);
	});

	it('with Continue On Fail, keeps going after a bad item, in order and paired with its input', async () => {
		const { items } = await run(sandbox(), {
			continueOnFail: true,
			items: [{ amount: 500 }, { amount: 5 }, { amount: 750 }],
			parameters: createParameters({ amount: (item: IDataObject) => item.amount, purpose: (_: IDataObject, i: number) => `Order ${i}` }),
		});

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ purpose: 'Order 0', amount: '500.00' });
		expect(items[1].json).toMatchObject({ error: "Amount ₹5.00 is outside Instamojo's limits [item 1]", itemIndex: 1 });
		expect(String(items[1].json.description)).toContain(NOTHING_SENT);
		expect(items[2].json).toMatchObject({ purpose: 'Order 2', amount: '750.00' });
		expect(apiCalls(sandbox()).map((call) => (call.body as IDataObject).purpose)).toEqual(['Order 0', 'Order 2']);
	});

	it('with On Error → Continue (using error output), marks only the failed item for the error output, details kept', async () => {
		const { items } = await run(sandbox(), {
			onError: 'continueErrorOutput',
			items: [{ amount: 500 }, { amount: 5 }],
			parameters: createParameters({ amount: (item: IDataObject) => item.amount }),
		});

		// n8n moves an item to the error output when item.error is set (json alone would need only `error`).
		expect(items[0].error).toBeUndefined();
		expect(items[1].error?.message).toBe("Amount ₹5.00 is outside Instamojo's limits [item 1]");
		expect(items[1].json).toMatchObject({ error: items[1].error?.message, itemIndex: 1 });
		expect(String(items[1].json.description)).toContain(NOTHING_SENT);
	});

	it('with On Error → Continue (using regular output), error items carry no item.error', async () => {
		const { items } = await run(sandbox(), {
			onError: 'continueRegularOutput',
			items: [{ amount: 5 }],
			parameters: createParameters({ amount: (item: IDataObject) => item.amount }),
		});

		expect(items[0].error).toBeUndefined();
		expect(items[0].json).toMatchObject({ error: "Amount ₹5.00 is outside Instamojo's limits [item 0]" });
	});

	it("creates the link on a seller's account with the seller's refresh token from the item, and outputs the rotated token", async () => {
		const stored = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: createParameters({
				actAs: 'sellerRefreshToken',
				sellerRefreshToken: (item: IDataObject) => item.refresh_token,
				commissionType: 'percent',
				commissionPercent: 10,
			}),
		});

		expect(refreshGrants()).toEqual([200]);
		const call = onlyApiCall(sandbox());
		expect(call.auth).toMatchObject({ kind: 'user', userId: seller.id, username: seller.username });
		const [link] = links();
		expect(link).toMatchObject({ userId: seller.id, partnerId: marketplace.id, partnerFee: 10 });
		expect(json[0]).toMatchObject({ id: link.id, seller_id: seller.id, light_checkout_url: `${link.longurl}?embed=form` });
		expect(link.longurl).toContain(`/@${seller.username}/`);
		expect(typeof json[0].refresh_token).toBe('string');
		expect(json[0].refresh_token).not.toBe(stored);
		expect(Date.parse(String(json[0].access_token_expires_at))).toBeGreaterThan(Date.now());
		expectNoSecrets(json, stored);
	});

	it("spends a seller's refresh token once for all the items that carry it", async () => {
		const stored = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored }, { refresh_token: stored }],
			parameters: createParameters({ actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		expect(refreshGrants()).toEqual([200]);
		expect(apiCalls(sandbox()).map((call) => call.auth.userId)).toEqual([seller.id, seller.id]);
		expect(json[0].refresh_token).toBe(json[1].refresh_token);
	});

	it("acts for a seller with the seller's access token from the item, without any token request", async () => {
		const stored = await sellerRefreshToken(sandbox());
		const accessToken = [...sandbox().state.refreshTokens.values()].find((token) => token.refreshToken === stored)?.accessToken;
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			parameters: createParameters({ actAs: 'sellerAccessToken', sellerAccessToken: accessToken }),
		});

		expect(tokenCalls(sandbox())).toHaveLength(0);
		expect(onlyApiCall(sandbox()).auth).toMatchObject({ kind: 'user', userId: seller.id });
		expect(json[0]).toMatchObject({ seller_id: seller.id });
		expect(json[0]).not.toHaveProperty('refresh_token');
		expectNoSecrets(json, String(accessToken));
	});

	it('reports a seller token Instamojo refuses with the item index and what to do, without the token', async () => {
		const error = await runError(sandbox(), {
			parameters: createParameters({ actAs: 'sellerAccessToken', sellerAccessToken: 'expired-or-unknown-token' }),
		});

		expect(error.message).toBe('Instamojo refused to create the payment link (HTTP 401): Authentication credentials were not provided. [item 0]');
		expect(error.description).toContain('pass the seller\'s refresh token instead');
		expect(onlyApiCall(sandbox()).auth.kind).toBe('invalid');
		expect(links()).toHaveLength(0);
		expectNoSecrets(error, 'expired-or-unknown-token');
	});
});

describe('Payment Link → Create: whose account', () => {
	it.each([
		['a commission', { commissionType: 'percent', commissionPercent: 10 }],
		['a fixed commission', { commissionType: 'fixed', commissionAmount: 20 }],
		['a held payout', { holdPayout: true }],
	])('with My Account, an Application credential and %s: refused before anything is sent, not even a token request', async (_case, terms) => {
		const error = await runError(sandbox(), { parameters: createParameters(terms) });

		expect(error.message).toBe('My Account with an Application credential cannot create a link with a commission or a held payout [item 0]');
		expect(error.description).toContain("Set Account to Seller's Account (Refresh Token) and map the seller's stored refresh_token");
		expect(error.description).toContain(NOTHING_SENT);
		expect(sandbox().log()).toEqual([]);
		expect(links()).toHaveLength(0);
	});

	it("with My Account and an Application credential, no commission and no hold: the link is the credential owner's, and says so", async () => {
		const output = await createLink();

		expect(onlyApiCall(sandbox()).auth).toMatchObject({ kind: 'application', userId: marketplace.id });
		expect(links()[0]).toMatchObject({ userId: marketplace.id });
		expect(output).toMatchObject({ account: 'credential owner', seller_id: marketplace.id, user: expect.stringContaining(`/v2/users/${marketplace.id}/`) });
		expect(output).not.toHaveProperty('commission_preview');
	});

	it('with a User credential (a user token) a commission and a hold are sent: the link is in that user\'s account', async () => {
		const { json } = await runNode({
			credential: userCredential(sandbox()),
			parameters: createParameters({ commissionType: 'percent', commissionPercent: 10, holdPayout: true }),
		});

		expect(apiCalls(sandbox())).toEqual([expect.objectContaining({ path: '/v2/payment_requests/', auth: expect.objectContaining({ kind: 'user', userId: marketplace.id }) })]);
		expect(json[0]).toMatchObject({ account: 'credential owner', seller_id: marketplace.id, mark_fulfilled: false });
	});

	it("a new node starts in the seller's account with the item's refresh_token mapped: an item without one is refused, saying what to do", async () => {
		const error = await runError(sandbox(), { items: [{ order: 1 }], parameters: createLinkParameters({ amount: 500, purpose: 'Handloom saree' }) });

		expect(error.message).toBe('Seller Refresh Token is empty [item 0]');
		expect(error.description).toContain("Map the seller's token from the item, e.g. {{ $json.refresh_token }}, or set Account to My Account (Credential)");
		expect(sandbox().log()).toEqual([]);
	});

	it("a new node with the seller's refresh_token on the item creates the link in the seller's account, with a commission and a hold", async () => {
		const stored = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: createLinkParameters({ amount: 500, purpose: 'Handloom saree', commissionType: 'percent', commissionPercent: 10, holdPayout: true }),
		});

		expect(links()[0]).toMatchObject({ userId: seller.id, partnerFee: 10, markFulfilled: false });
		expect(json[0]).toMatchObject({ account: 'seller', seller_id: seller.id, mark_fulfilled: false, commission_preview: { commission_amount: 50, seller_share: 450 } });
	});
});

describe('light checkout URL', () => {
	it.each([
		['https://www.instamojo.com/@foo/05f317448ad84649aa1a9c7328edb015', 'https://www.instamojo.com/@foo/05f317448ad84649aa1a9c7328edb015?embed=form'],
		['https://www.instamojo.com/@foo/05f3?ref=mail', 'https://www.instamojo.com/@foo/05f3?ref=mail&embed=form'],
		['https://www.instamojo.com/@foo/05f3?', 'https://www.instamojo.com/@foo/05f3?embed=form'],
		['https://www.instamojo.com/@foo/05f3#pay', 'https://www.instamojo.com/@foo/05f3?embed=form#pay'],
		['https://www.instamojo.com/@foo/05f3?embed=form', 'https://www.instamojo.com/@foo/05f3?embed=form'],
	])('embeds %s', (longurl, expected) => {
		expect(lightCheckoutUrl(longurl)).toBe(expected);
	});
});

describe('Payment Link → Get', () => {
	const getParameters = (id: unknown, overrides: Record<string, unknown> = {}) => ({
		resource: 'paymentLink',
		operation: 'get',
		paymentLinkId: id,
		simple: true,
		actAs: 'credential',
		...overrides,
	});

	it('reads one link by ID and lists the payments made on it', async () => {
		const created = await createLink({ ...(await asSeller()), commissionType: 'percent', commissionPercent: 5, allowRepeatedPayments: true });
		const paymentIds = [await buyerPays(String(created.id)), await buyerPays(String(created.id), 'failure')];
		sandbox().clearLog();

		const { json } = await run(sandbox(), { parameters: getParameters(` ${String(created.id).toUpperCase()} `) });

		expect(onlyApiCall(sandbox())).toMatchObject({
			method: 'GET',
			path: `/v2/payment_requests/${String(created.id)}/`,
			status: 200,
			auth: { kind: 'application', userId: marketplace.id },
		});
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			id: created.id,
			status: 'Completed',
			amount: '500.00',
			amount_number: 500,
			partner_fee: '5.00',
			partner_fee_number: 5,
			light_checkout_url: created.light_checkout_url,
			payment_ids: paymentIds,
		});
		expect(json[0]).not.toHaveProperty('commission_preview');
	});

	it('outputs the full object with Simplify off', async () => {
		const created = await createLink();
		const { json } = await run(sandbox(), { parameters: getParameters(created.id, { simple: false }) });

		expect(json[0]).toMatchObject({ id: created.id, payments: [], resource_uri: expect.any(String), amount_number: 500 });
	});

	it('refuses an ID that is not one before sending anything', async () => {
		const error = await runError(sandbox(), { parameters: getParameters('MOJO5a06005J21512197') });

		expect(error.message).toBe('Payment Link ID "mojo5a06005j21512197" is not an Instamojo ID [item 0]');
		expect(error.description).toContain('32 hexadecimal characters');
		expect(sandbox().log()).toEqual([]);
	});

	it('says there is no such payment link when Instamojo answers 404', async () => {
		const error = await runError(sandbox(), { parameters: getParameters('0123456789abcdef0123456789abcdef') });

		expect(error.message).toBe('Instamojo has no such payment link: Not found [item 0]');
		expect(error.description).toContain('Check the ID');
		expect(apiCalls(sandbox())).toHaveLength(1);
	});

	it("does not show one seller's link to another seller", async () => {
		const created = await createLink();
		const stored = await sellerRefreshToken(sandbox());

		const error = await runError(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: getParameters(created.id, { actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		expect(error.message).toContain('HTTP 403');
		expect(error.message).toContain('[item 0]');
	});
});

describe('Payment Link → Get Many', () => {
	const getLinks = (overrides: Record<string, unknown> = {}) => getManyParameters('paymentLink', overrides);

	it('lists the links newest first, one item per link, each paired with the input item', async () => {
		const first = await createLink({ purpose: 'First' });
		const second = await createLink({ purpose: 'Second' });
		sandbox().clearLog();

		const { items } = await run(sandbox(), { parameters: getLinks() });

		expect(onlyApiCall(sandbox())).toMatchObject({ method: 'GET', path: '/v2/payment_requests/', query: { page: '1', limit: '100' }, auth: { kind: 'application' } });
		expect(items.map((item) => item.json.id)).toEqual([second.id, first.id]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(items[0].json).toMatchObject({ amount_number: 500, light_checkout_url: second.light_checkout_url });
	});

	it('passes the status filter and the creation and change time ranges to Instamojo', async () => {
		const paid = await createLink({ purpose: 'Paid' });
		await createLink({ purpose: 'Unpaid' });
		await buyerPays(String(paid.id));
		sandbox().clearLog();
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

		const { json } = await run(sandbox(), {
			parameters: getLinks({
				filters: { status: 'Completed', createdAfter: hourAgo, createdBefore: inAnHour, modifiedAfter: hourAgo, modifiedBefore: inAnHour },
			}),
		});

		expect(onlyApiCall(sandbox()).query).toEqual({
			page: '1',
			limit: '100',
			status: 'Completed',
			min_created_at: hourAgo,
			max_created_at: inAnHour,
			min_modified_at: hourAgo,
			max_modified_at: inAnHour,
		});
		expect(json.map((link) => link.purpose)).toEqual(['Paid']);
	});

	it('outputs nothing when no link matches', async () => {
		await createLink();
		const { json } = await run(sandbox(), { parameters: getLinks({ filters: { createdAfter: new Date(Date.now() + 3_600_000).toISOString() } }) });

		expect(json).toEqual([]);
		expect(apiCalls(sandbox()).at(-1)?.status).toBe(200);
	});

	it("lists only the seller's own links with the seller's token, each item carrying the rotated refresh token", async () => {
		await createLink({ purpose: 'Marketplace link' });
		const stored = await sellerRefreshToken(sandbox());
		await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: createParameters({ purpose: 'Seller link', actAs: 'sellerAccessToken', sellerAccessToken: findAccessToken(stored) }),
		});

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: getLinks({ actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		expect(json.map((link) => [link.purpose, link.seller_id])).toEqual([['Seller link', seller.id]]);
		expect(json[0].refresh_token).toEqual(expect.any(String));
		expect(json[0].refresh_token).not.toBe(stored);
	});

	it('still outputs the rotated refresh token when a seller has no links, so it can be stored', async () => {
		const stored = await sellerRefreshToken(sandbox());

		const { json, items } = await run(sandbox(), {
			items: [{ refresh_token: stored }],
			parameters: getLinks({ actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		expect(json).toEqual([{ results: 0, refresh_token: expect.any(String), access_token_expires_at: expect.any(String) }]);
		expect(json[0].refresh_token).not.toBe(stored);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it.each([
		[
			'a time range that ends before it starts',
			{ createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' },
			'Created After (2026-02-01T00:00:00.000Z) is later than Created Before (2026-01-01T00:00:00.000Z)',
			'Swap the two dates',
		],
		['a date that is not one', { modifiedAfter: 'last tuesday' }, 'Modified After "last tuesday" is not a date and time', 'ISO date'],
		['a status Instamojo does not have', { status: 'Paid' }, 'Status "Paid" is not a payment link status', 'Completed, Failed, Pending, Sent'],
	])('refuses %s before sending anything', async (_label, filters, message, hint) => {
		const error = await runError(sandbox(), { parameters: getLinks({ filters }) });

		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain(hint);
		expect(sandbox().log()).toEqual([]);
	});

	it('refuses a Limit below 1 before sending anything', async () => {
		const error = await runError(sandbox(), { parameters: getLinks({ returnAll: false, limit: 0 }) });

		expect(error.message).toBe('Limit "0" is not a whole number of at least 1 [item 0]');
		expect(sandbox().log()).toEqual([]);
	});
});

function findAccessToken(refreshToken: string): string {
	const record = [...sandbox().state.refreshTokens.values()].find((token) => token.refreshToken === refreshToken);
	if (!record) throw new Error('unknown refresh token');
	return record.accessToken;
}

describe('Payment Link → Enable and Disable', () => {
	const toggleParameters = (operation: 'enable' | 'disable', id: unknown, overrides: Record<string, unknown> = {}) => ({
		resource: 'paymentLink',
		operation,
		paymentLinkId: id,
		actAs: 'credential',
		...overrides,
	});

	/** A plain merchant toggles its own links with a User-flow credential: a user token, as Instamojo documents. */
	const runAsMerchant = async (options: Omit<Parameters<typeof runNode>[0], 'credential'>) =>
		await runNode({ credential: userCredential(sandbox()), ...options });

	it.each(['enable', 'disable'] as const)(
		'%s with My Account and an Application credential is refused before anything is sent, naming the account to choose',
		async (operation) => {
			const created = await createLink();
			sandbox().clearLog();

			const error = await runError(sandbox(), { parameters: toggleParameters(operation, created.id) });

			expect(error.message).toBe(`My Account with an Application credential cannot ${operation} a link [item 0]`);
			expect(error.description).toContain("Set Account to Seller's Account (Refresh Token)");
			expect(error.description).toContain(NOTHING_SENT);
			expect(sandbox().log()).toEqual([]);
		},
	);

	it("starts in the seller's account with the item's refresh_token: an item without one is refused before sending", async () => {
		const created = await createLink();
		sandbox().clearLog();
		const { actAs, sellerRefreshToken: mapping } = createLinkParameters();

		const error = await runError(sandbox(), { items: [{ id: created.id }], parameters: toggleParameters('disable', created.id, { actAs, sellerRefreshToken: mapping }) });

		expect(error.message).toBe('Seller Refresh Token is empty [item 0]');
		expect(error.description).toContain('or set Account to My Account (Credential)');
		expect(sandbox().log()).toEqual([]);
	});

	it('disables a link so it cannot be paid, and says which link is now disabled', async () => {
		const created = await createLink();
		sandbox().clearLog();

		const { json } = await runAsMerchant({ parameters: toggleParameters('disable', created.id) });

		expect(apiCalls(sandbox())).toEqual([
			expect.objectContaining({ method: 'POST', path: `/v2/payment_requests/${String(created.id)}/disable/`, contentType: '', status: 200, auth: expect.objectContaining({ kind: 'user', userId: marketplace.id }) }),
		]);
		expect(json).toEqual([{ id: created.id, enabled: false }]);
		expect(sandbox().state.paymentRequests.get(String(created.id))?.disabled).toBe(true);
		await expect(buyerPays(String(created.id))).rejects.toThrow('disabled');
	});

	it('enables it again', async () => {
		const created = await createLink();
		await runAsMerchant({ parameters: toggleParameters('disable', created.id) });
		sandbox().clearLog();

		const { json } = await runAsMerchant({ parameters: toggleParameters('enable', created.id) });

		expect(onlyApiCall(sandbox())).toMatchObject({ method: 'POST', path: `/v2/payment_requests/${String(created.id)}/enable/`, status: 200 });
		expect(json).toEqual([{ id: created.id, enabled: true }]);
		expect(sandbox().state.paymentRequests.get(String(created.id))?.disabled).toBe(false);
		await expect(buyerPays(String(created.id))).resolves.toMatch(/^MOJO/);
	});

	it("toggles a seller's link with the seller's refresh token and outputs the rotated one", async () => {
		const stored = await sellerRefreshToken(sandbox());
		const created = await createLink({ actAs: 'sellerAccessToken', sellerAccessToken: findAccessToken(stored) });
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [{ refresh_token: stored, id: created.id }],
			parameters: toggleParameters('disable', (item: IDataObject) => item.id, {
				actAs: 'sellerRefreshToken',
				sellerRefreshToken: (item: IDataObject) => item.refresh_token,
			}),
		});

		expect(onlyApiCall(sandbox()).auth).toMatchObject({ kind: 'user', userId: seller.id });
		expect(json[0]).toMatchObject({ id: created.id, enabled: false, refresh_token: expect.any(String) });
		expect(json[0].refresh_token).not.toBe(stored);
	});

	it('with Continue On Fail, reports a bad and an unknown ID in place and toggles the rest', async () => {
		const created = await createLink();
		sandbox().clearLog();

		const { items } = await runAsMerchant({
			continueOnFail: true,
			items: [{ id: 'not-an-id' }, { id: created.id }, { id: '0123456789abcdef0123456789abcdef' }],
			parameters: toggleParameters('disable', (item: IDataObject) => item.id),
		});

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe('Payment Link ID "not-an-id" is not an Instamojo ID [item 0]');
		expect(items[1].json).toEqual({ id: created.id, enabled: false });
		expect(items[2].json).toMatchObject({ error: 'Instamojo has no such payment link: Not found [item 2]', httpCode: '404' });
		expect(apiCalls(sandbox()).map((call) => call.status)).toEqual([200, 404]);
	});
});
