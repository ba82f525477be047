/**
 * Values that identify or authenticate (refund reasons and IDs, passwords, refresh tokens) follow the same
 * rule as every text field: a list or object from an expression is refused, never stringified into a value
 * that happens to look right, and control characters are refused. A password is never echoed.
 */
import { validateRefundId, validateRefundReason } from '../../nodes/Instamojo/actions/refund/rules';
import { requirePassword, requireRefreshToken } from '../../nodes/Instamojo/actions/token/shared';
import { inputErrorOf } from '../support/inputErrors';

describe('identifiers and secrets are read as strict text', () => {
	it.each([
		['a refund reason given as a list', () => validateRefundReason(['QFL']), 'Reason is a list, not text'],
		['a refund ID given as a list', () => validateRefundId(['C5c0751269']), 'Refund ID is a list, not text'],
		['a refresh token given as an object', () => requireRefreshToken({ token: 'x' }), 'Refresh Token is an object, not text'],
		['a refresh token with a line break', () => requireRefreshToken('abc\ndef'), 'Refresh Token contains a control character'],
	])('refuses %s', (_case, run, message) => {
		expect(inputErrorOf(run).message).toContain(message);
	});

	it('refuses a password with a control character without echoing it', () => {
		const error = inputErrorOf(() => requirePassword('s3cret\u0000Pass', 'Enter the password.'));
		expect(error.message).toContain('Password contains a control character');
		expect(`${error.message} ${error.hint}`).not.toContain('s3cret');
	});

	it('still takes the plain values', () => {
		expect(validateRefundReason(' qfl ')).toBe('QFL');
		expect(validateRefundId('R0312ONS85032')).toBe('R0312ONS85032');
		expect(requirePassword(' pass word ', 'hint')).toBe(' pass word ');
		expect(requireRefreshToken(' tok3n ')).toBe('tok3n');
	});
});
