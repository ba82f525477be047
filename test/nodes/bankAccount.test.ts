/**
 * Bank Account → Update against the sandbox: the PUT Instamojo received with the seller's own token
 * (an access token or a refresh token from the item), the normalised IFSC and the full account number,
 * an output that shows only its last four digits, and input that is refused before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { apiCalls, bankAccountUpdate, expectNoSecrets, run, runError, seller, sellerAccessToken, sellerRefreshToken, tokenCalls, WITH_SELLER } from '../support/marketplace';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox(WITH_SELLER);

const account = { accountHolderName: 'Asha Verma', accountNumber: '1234 5678 9012', ifscCode: ' sbin0001234 ' };

/** Bank Account → Update of `account` as typed (spaces, lower case), in the account `more` names. */
const update = (more: Record<string, unknown> = {}) => bankAccountUpdate({ ...account, ...more });

const asSeller = (token: string) => ({
	items: [{ access_token: token }],
	parameters: update({ actAs: 'sellerAccessToken', sellerAccessToken: (item: IDataObject) => item.access_token }),
});

const EXPECTED_BODY = { account_holder_name: 'Asha Verma', account_number: '123456789012', ifsc_code: 'SBIN0001234' };

describe('Bank Account → Update', () => {
	it("PUTs the normalised account with the seller's access token from the item", async () => {
		const token = await sellerAccessToken(sandbox());
		sandbox().clearLog();

		const { json, items } = await run(sandbox(), asSeller(token));

		expect(sandbox().log()).toHaveLength(1);
		expect(sandbox().log()[0]).toMatchObject({
			method: 'PUT',
			path: `/v2/users/${seller.id}/inrbankaccount/`,
			contentType: 'application/x-www-form-urlencoded',
			body: EXPECTED_BODY,
			auth: { kind: 'user', userId: seller.id },
			status: 200,
		});
		const saved = sandbox().state.users.get(seller.id)?.bankAccount;
		// As Seller → Onboard outputs it: the last four digits, never the full number Instamojo received.
		expect(json).toEqual([
			{
				account_holder_name: 'Asha Verma',
				account_number_last4: '9012',
				ifsc_code: 'SBIN0001234',
				bank_name: '',
				updated_at: saved?.updatedAt,
			},
		]);
		expect(JSON.stringify(json)).not.toContain('123456789012');
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(saved).toMatchObject({ accountHolderName: 'Asha Verma', accountNumber: '123456789012', ifscCode: 'SBIN0001234' });
		expectNoSecrets(json, token);
	});

	it('with a refresh token from the item: exchanges it once and outputs the rotated one, which works next time', async () => {
		const refreshToken = await sellerRefreshToken(sandbox());
		sandbox().clearLog();
		const withRefreshToken = (token: string) => ({
			items: [{ refresh_token: token }],
			parameters: update({ actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
		});

		const { json } = await run(sandbox(), withRefreshToken(refreshToken));

		expect(tokenCalls(sandbox()).filter((call) => call.grantType === 'refresh_token')).toHaveLength(1);
		expect(apiCalls(sandbox())).toEqual([
			expect.objectContaining({ method: 'PUT', body: EXPECTED_BODY, auth: expect.objectContaining({ kind: 'user', userId: seller.id }) }),
		]);
		const rotated = json[0].refresh_token as string;
		expect(rotated).toEqual(expect.any(String));
		expect(rotated).not.toBe(refreshToken);
		expect(Date.parse(json[0].access_token_expires_at as string)).toBeGreaterThan(Date.now());
		expect(json[0]).toMatchObject({ ifsc_code: 'SBIN0001234' });
		expect(json[0]).not.toHaveProperty('access_token');

		// Refresh tokens work once: the stored (rotated) one is what the next run needs.
		const spent = await runError(sandbox(), withRefreshToken(refreshToken));
		expect(spent.message).toContain('already used');
		expectNoSecrets(spent, refreshToken);
		const next = await run(sandbox(), withRefreshToken(rotated));
		expect(next.json[0]).toMatchObject({ account_number_last4: '9012' });
		expect(JSON.stringify([json, next.json])).not.toContain('123456789012');
		expect(apiCalls(sandbox()).filter((call) => call.method === 'PUT').map((call) => call.body)).toEqual([EXPECTED_BODY, EXPECTED_BODY]);
	});

	it('items sharing one refresh token share one exchange, and each outputs the rotated token', async () => {
		const refreshToken = await sellerRefreshToken(sandbox());
		sandbox().clearLog();

		const { json } = await run(sandbox(), {
			items: [
				{ refresh_token: refreshToken, ifsc: 'HDFC0000001' },
				{ refresh_token: refreshToken, ifsc: 'ICIC0000002' },
			],
			parameters: update({
				actAs: 'sellerRefreshToken',
				sellerRefreshToken: (item: IDataObject) => item.refresh_token,
				ifscCode: (item: IDataObject) => item.ifsc,
			}),
		});

		expect(tokenCalls(sandbox()).filter((call) => call.grantType === 'refresh_token')).toHaveLength(1);
		expect(apiCalls(sandbox()).map((call) => (call.body as IDataObject).ifsc_code)).toEqual(['HDFC0000001', 'ICIC0000002']);
		expect(json[0].refresh_token).toBe(json[1].refresh_token);
	});

	it('with My Account and an Application credential: refused before anything is sent, naming the account to choose', async () => {
		const error = await runError(sandbox(), { parameters: update({ actAs: 'credential' }) });

		expect(error.message).toBe("My Account with an Application credential cannot save a seller's bank account [item 0]");
		expect(error.description).toContain("Set Account to Seller's Account (Refresh Token) and map the seller's stored refresh_token");
		expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
		expect(sandbox().log()).toEqual([]);
	});

	it("another seller's ID with this seller's token is refused", async () => {
		const token = await sellerAccessToken(sandbox());
		const marketplaceId = sandbox().state.application.userId;

		const error = await runError(sandbox(), { ...asSeller(token), parameters: { ...asSeller(token).parameters, sellerId: marketplaceId } });

		expect(error.message).toContain('(HTTP 403)');
		expect(sandbox().state.users.get(marketplaceId)?.bankAccount).toBeNull();
	});

	describe('validation: nothing is sent', () => {
		it.each([
			['an IFSC without the zero', { ifscCode: 'SBIN1001234' }, 'IFSC "SBIN1001234" is not valid'],
			['a short IFSC', { ifscCode: 'sbin000123' }, 'IFSC "SBIN000123" is not valid'],
			['an IFSC with inner spaces', { ifscCode: 'SBIN 0001234' }, 'IFSC "SBIN 0001234" is not valid'],
			['letters in the account number', { accountNumber: '12AB34' }, 'Account Number must contain digits only (at most 50)'],
			['dashes in the account number', { accountNumber: '1234-5678' }, 'Account Number must contain digits only (at most 50)'],
			['an account number over 50 digits', { accountNumber: '1'.repeat(51) }, 'Account Number must contain digits only (at most 50)'],
			['an empty holder name', { accountHolderName: ' ' }, 'Account Holder Name is required'],
			['a malformed seller ID', { sellerId: 'asha_crafts' }, 'Seller ID "asha_crafts" is not an Instamojo ID'],
		])('%s', async (_case, fields, message) => {
			const error = await runError(sandbox(), { parameters: update({ actAs: 'sellerAccessToken', sellerAccessToken: 'any-token', ...fields }) });

			expect(error.message).toBe(`${message} [item 0]`);
			expect(error.description).toContain('Nothing was sent to Instamojo for this item.');
			expect(sandbox().log()).toEqual([]);
		});

		it('a bad IFSC is refused before a refresh token is spent', async () => {
			const refreshToken = await sellerRefreshToken(sandbox());
			sandbox().clearLog();

			await runError(sandbox(), {
				items: [{ refresh_token: refreshToken }],
				parameters: update({ ifscCode: 'NOT-AN-IFSC', actAs: 'sellerRefreshToken', sellerRefreshToken: (item: IDataObject) => item.refresh_token }),
			});

			expect(sandbox().log()).toEqual([]);
		});

		it('an empty seller token from the item', async () => {
			const error = await runError(sandbox(), { items: [{}], parameters: update({ actAs: 'sellerAccessToken', sellerAccessToken: '' }) });

			expect(error.message).toBe('Seller Access Token is empty [item 0]');
			expect(sandbox().log()).toEqual([]);
		});
	});
});
