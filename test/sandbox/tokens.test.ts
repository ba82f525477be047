import { sleep } from 'n8n-workflow';

import { application, appToken, grant, marketplace, userTokens } from '../support/client';
import { call, control, useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ profile: 'documented', tokenLifetimeSeconds: 600 });

const listPayments = async (token?: string) =>
	await call(sandbox(), 'GET', '/v2/payments/', { token });
const lastApiCall = () =>
	sandbox()
		.log()
		.filter((entry) => entry.path.startsWith('/v2/'))
		.pop();

describe('client_credentials grant', () => {
	it('issues an application token without a refresh token, with the configured lifetime', async () => {
		const answer = await grant(sandbox(), { grant_type: 'client_credentials' });

		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
			token_type: 'Bearer',
			expires_in: 600,
			scope: 'read write',
		});
		expect(answer.headers.get('cache-control')).toBe('no-store');
	});

	it('acts for the marketplace account', async () => {
		expect((await listPayments(await appToken(sandbox()))).status).toBe(200);
		expect(lastApiCall()?.auth).toEqual({
			kind: 'application',
			userId: marketplace.id,
			username: marketplace.username,
		});
	});

	it('accepts a JSON body and HTTP Basic client authentication too', async () => {
		const json = await call(sandbox(), 'POST', '/oauth2/token', {
			json: {
				grant_type: 'client_credentials',
				client_id: application.clientId,
				client_secret: application.clientSecret,
			},
		});
		const basic = await call(sandbox(), 'POST', '/oauth2/token/', {
			form: { grant_type: 'client_credentials' },
			headers: {
				authorization: `Basic ${btoa(`${application.clientId}:${application.clientSecret}`)}`,
			},
		});
		expect([json.status, basic.status]).toEqual([200, 200]);
	});
});

describe('password grant', () => {
	it('issues a user token and a refresh token for the account', async () => {
		const tokens = await userTokens(sandbox(), marketplace.username, marketplace.password);

		expect(tokens).toEqual({
			access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
			refresh_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
			token_type: 'Bearer',
			expires_in: 600,
			scope: 'read write',
		});
		await listPayments(tokens.access_token);
		expect(lastApiCall()?.auth).toEqual({
			kind: 'user',
			userId: marketplace.id,
			username: marketplace.username,
		});
	});

	it('rejects a wrong password and an unknown username alike', async () => {
		for (const fields of [
			{ username: marketplace.username, password: 'wrong' },
			{ username: 'nobody', password: marketplace.password },
		]) {
			const answer = await grant(sandbox(), { grant_type: 'password', ...fields });
			expect([answer.status, answer.body]).toEqual([
				400,
				{ error: 'invalid_grant', error_description: 'Invalid credentials given.' },
			]);
		}
	});

	it('does not accept the email address in place of the username', async () => {
		const answer = await grant(sandbox(), {
			grant_type: 'password',
			username: marketplace.email,
			password: marketplace.password,
		});
		expect(answer.body.error).toBe('invalid_grant');
	});

	it('names a missing username as an invalid request', async () => {
		const answer = await grant(sandbox(), {
			grant_type: 'password',
			password: marketplace.password,
		});
		expect([answer.status, answer.body.error]).toEqual([400, 'invalid_request']);
	});
});

describe('refresh_token grant', () => {
	it('rotates the pair: new tokens work, the used refresh token is refused, the old access token dies', async () => {
		const first = await userTokens(sandbox(), marketplace.username, marketplace.password);
		const second = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: first.refresh_token as string,
		});

		expect(second.status).toBe(200);
		expect(second.body.refresh_token).not.toBe(first.refresh_token);
		expect(second.body.access_token).not.toBe(first.access_token);
		expect((await listPayments(second.body.access_token)).status).toBe(200);
		expect((await listPayments(first.access_token)).status).toBe(401);
		expect(lastApiCall()?.auth.kind).toBe('revoked');

		const reused = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: first.refresh_token as string,
		});
		expect([reused.status, reused.body]).toEqual([
			400,
			{ error: 'invalid_grant', error_description: 'Invalid refresh token.' },
		]);
	});

	it('keeps the old access token alive when revokeAccessTokenOnRefresh is off', async () => {
		sandbox().decisions.revokeAccessTokenOnRefresh = false;
		const first = await userTokens(sandbox(), marketplace.username, marketplace.password);
		await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: first.refresh_token as string,
		});

		expect((await listPayments(first.access_token)).status).toBe(200);
	});

	it('refuses an unknown refresh token', async () => {
		const answer = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: 'x'.repeat(30),
		});
		expect(answer.body.error_description).toBe('Invalid refresh token.');
	});
});

describe('token endpoint errors', () => {
	it('answers 401 invalid_client for a wrong or missing client secret', async () => {
		for (const secret of ['wrong', '']) {
			const answer = await grant(sandbox(), {
				grant_type: 'client_credentials',
				client_secret: secret,
			});
			expect([answer.status, answer.body]).toEqual([401, { error: 'invalid_client' }]);
		}
	});

	it('answers 400 unsupported_grant_type for an unknown or empty grant', async () => {
		for (const grantType of ['authorization_code', '']) {
			const answer = await grant(sandbox(), { grant_type: grantType });
			expect([answer.status, answer.body]).toEqual([400, { error: 'unsupported_grant_type' }]);
		}
	});

	it('logs the grant and client id but never the secrets', async () => {
		await grant(sandbox(), {
			grant_type: 'password',
			username: marketplace.username,
			password: marketplace.password,
		});
		const entry = sandbox().log()[0];

		expect(entry).toMatchObject({
			path: '/oauth2/token/',
			grantType: 'password',
			clientId: application.clientId,
			status: 200,
		});
		expect(entry.body).toEqual({
			client_id: application.clientId,
			client_secret: '[redacted]',
			grant_type: 'password',
			username: marketplace.username,
			password: '[redacted]',
		});
	});
});

describe('bearer tokens on /v2/', () => {
	const unauthenticated = {
		success: false,
		message: 'Authentication credentials were not provided.',
	};

	it('answers 401 without a token and with an unknown one', async () => {
		for (const [token, kind] of [
			[undefined, 'none'],
			['not-a-token', 'invalid'],
		]) {
			const answer = await listPayments(token);
			expect([answer.status, answer.body]).toEqual([401, unauthenticated]);
			expect(lastApiCall()?.auth.kind).toBe(kind);
		}
	});

	it('answers 401 for an expired token, and only for the tokens the control API expired', async () => {
		const app = await appToken(sandbox());
		const user = (await userTokens(sandbox(), marketplace.username, marketplace.password))
			.access_token;
		expect((await control(sandbox(), 'POST', 'tokens/expire', { kind: 'user' })).body).toEqual({
			expired: 1,
		});

		expect((await listPayments(user)).body).toEqual(unauthenticated);
		expect(lastApiCall()?.auth.kind).toBe('expired');
		expect((await listPayments(app)).status).toBe(200);
	});

	it('lets a refresh token outlive its expired access token', async () => {
		const tokens = await userTokens(sandbox(), marketplace.username, marketplace.password);
		await control(sandbox(), 'POST', 'tokens/expire');

		const renewed = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: tokens.refresh_token as string,
		});
		expect((await listPayments(renewed.body.access_token)).status).toBe(200);
	});

	it('revokes access tokens only, or refresh tokens too, as asked', async () => {
		const tokens = await userTokens(sandbox(), marketplace.username, marketplace.password);
		await control(sandbox(), 'POST', 'tokens/revoke', { user: marketplace.id, access: true });

		expect((await listPayments(tokens.access_token)).status).toBe(401);
		expect(lastApiCall()?.auth.kind).toBe('revoked');
		const renewed = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: tokens.refresh_token as string,
		});
		expect(renewed.status).toBe(200);

		await control(sandbox(), 'POST', 'tokens/revoke', {});
		expect((await listPayments(renewed.body.access_token)).status).toBe(401);
		const refused = await grant(sandbox(), {
			grant_type: 'refresh_token',
			refresh_token: renewed.body.refresh_token as string,
		});
		expect(refused.body.error).toBe('invalid_grant');
	});

	it('rejects a bad token kind filter', async () => {
		expect((await control(sandbox(), 'POST', 'tokens/expire', { kind: 'robot' })).status).toBe(400);
	});
});

describe('token lifetime', () => {
	const shortLived = useSandbox({ tokenLifetimeSeconds: 1 });

	it('lets an access token expire on its own after tokenLifetimeSeconds', async () => {
		const token = await appToken(shortLived());
		expect((await call(shortLived(), 'GET', '/v2/payments/', { token })).status).toBe(200);

		await sleep(1100);

		expect((await call(shortLived(), 'GET', '/v2/payments/', { token })).status).toBe(401);
		expect(shortLived().log().pop()?.auth.kind).toBe('expired');
	});
});
