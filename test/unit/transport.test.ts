import { describeErrorBody } from '../../nodes/Instamojo/transport/errors';
import { formBody, retryAfterMs } from '../../nodes/Instamojo/transport';

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
