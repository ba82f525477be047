import { describeErrorBody } from '../../nodes/Instamojo/transport/errors';
import { formBody } from '../../nodes/Instamojo/transport/options';
import { retryAfterMs } from '../../nodes/Instamojo/transport/retryPolicy';
import { findTokenError, grantBody, parseTokenResponse, UNAVAILABLE } from '../../credentials/common/oauth';
import { redirectMessage } from '../../credentials/common/redirects';

describe('retryAfterMs', () => {
	const now = Date.parse('2026-11-25T10:00:00Z');

	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMs('3', now)).toBe(3000);
		expect(retryAfterMs('0.5', now)).toBe(500);
		expect(retryAfterMs('Wed, 25 Nov 2026 10:00:07 GMT', now)).toBe(7000);
	});

	it('ignores absent or unreadable values', () => {
		expect(retryAfterMs(undefined, now)).toBeUndefined();
		expect(retryAfterMs('soon', now)).toBeUndefined();
	});
});

it('form-encodes bodies and leaves out empty values', () => {
	expect(formBody({ amount: '10.00', send_sms: false, email: '', webhook: undefined }).toString()).toBe(
		'amount=10.00&send_sms=false',
	);
});

describe('describeErrorBody', () => {
	it('joins a DRF field map into plain words', () => {
		expect(describeErrorBody({ amount: ['Ensure this value is greater than or equal to 9.'], purpose: ['This field is required.'] })).toBe(
			'amount: Ensure this value is greater than or equal to 9.; purpose: This field is required.',
		);
	});

	it('prefers a message', () => {
		expect(describeErrorBody({ success: false, message: 'Not found' })).toBe('Not found');
		expect(describeErrorBody({ detail: 'Request was throttled. Expected available in 2 seconds.' })).toMatch(/throttled/);
	});
});

describe('redirectMessage', () => {
	it('names the status and the target host only, resolving a relative location against the request', () => {
		expect(redirectMessage({ statusCode: 302, headers: { location: 'https://u:p@other.example:8443/x?token=1' } }, 'https://api.instamojo.com/v2/')).toBe(
			'Instamojo answered 302, redirecting to other.example:8443: the node does not follow redirects, so nothing was sent there',
		);
		expect(redirectMessage({ statusCode: 307, headers: { location: '/elsewhere?secret=1' } }, 'https://api.instamojo.com/v2/')).toContain(
			'redirecting to api.instamojo.com:',
		);
		expect(redirectMessage({ statusCode: 301, headers: {} }, undefined)).toBe(
			'Instamojo answered 301 with a redirect: the node does not follow redirects, so nothing was sent there',
		);
	});
});

describe('parseTokenResponse', () => {
	it('never accepts a token from a redirect, whatever its body says', () => {
		const response = { statusCode: 302, headers: { location: 'http://thief.example/' }, body: { access_token: 'x', expires_in: 1 } };
		expect(() => parseTokenResponse(response, 'client_credentials', 'https://api.instamojo.com/oauth2/token/')).toThrow(
			"Instamojo's token endpoint answered 302, redirecting to thief.example: the node does not follow redirects, so nothing was sent there, and no token was accepted.",
		);
	});

	it('calls a 5xx or 429 an outage, and never quotes an error that is not an OAuth2 code', () => {
		for (const statusCode of [500, 502, 503, 429]) {
			const error = findTokenError(catchError(() => parseTokenResponse({ statusCode, headers: {}, body: {} }, 'password')));
			expect(error?.oauthError).toBe(UNAVAILABLE);
		}
		const echoed = findTokenError(
			catchError(() => parseTokenResponse({ statusCode: 400, headers: {}, body: { error: 'grant_type=password&password=hunter22' } }, 'password')),
		);
		expect(echoed?.message).not.toContain('hunter22');
		expect(echoed?.oauthError).toBe('http_400');
	});
});

it('grantBody sends a trimmed Scope only when one is set', () => {
	expect(grantBody({ grant_type: 'client_credentials' }, 'id', 'secret').has('scope')).toBe(false);
	expect(grantBody({ grant_type: 'client_credentials' }, 'id', 'secret', '  a:read \n b:write ').get('scope')).toBe('a:read b:write');
});

function catchError(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}
