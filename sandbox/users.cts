/** Seller accounts: signup, profile update and bank account (docs/instamojo-api.md §5). */
import { type ApiContext, type ApiRoute, findSelf, resourceUri } from './api.cjs';
import { FieldReader } from './fields.cjs';
import { json, type Reply } from './http.cjs';
import { hexId, saltString } from './ids.cjs';
import {
	findUserByEmail,
	findUserByUsername,
	type SandboxState,
	type UserRecord,
} from './state.cjs';

/** Django's username alphabet; usernames also appear in payment links as `/@<username>/`. */
const USERNAME = /^[\w.@+-]+$/;
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const DIGITS = /^\d+$/;

const userUri = (base: string, user: UserRecord): string => resourceUri(base, 'users', user.id);

/** docs/instamojo-api.md §5: the short object signup answers with. */
const renderSignup = (base: string, user: UserRecord) => ({
	id: user.id,
	username: user.username,
	email: user.email,
	phone: user.phone,
	resource_uri: userUri(base, user),
	promo_code: null,
});

/** docs/instamojo-api.md §5: the full user object. */
const renderUser = (base: string, user: UserRecord) => ({
	id: user.id,
	username: user.username,
	first_name: user.firstName,
	last_name: user.lastName,
	phone: user.phone,
	email: user.email,
	date_joined: user.dateJoined,
	is_email_verified: false,
	is_phone_verified: false,
	bio: '',
	location: user.location,
	public_phone: null,
	public_email: null,
	public_website: null,
	avatar_image_url: null,
	profile_image_url: null,
	tags: [],
	resource_uri: userUri(base, user),
});

/**
 * A free username made from the email's local part, for signups that send none (docs/instamojo-api.md §10 Q20:
 * the format of generated usernames is not published).
 */
function generateUsername(state: SandboxState, email: string): string {
	const stem = (
		email
			.split('@')[0]
			.toLowerCase()
			.replace(/[^a-z0-9_]/g, '') || 'seller'
	).slice(0, 30);
	let candidate = stem;
	while (findUserByUsername(state, candidate))
		candidate = `${stem}${Math.floor(1000 + Math.random() * 9000)}`;
	return candidate;
}

function signup(context: ApiContext): Reply {
	const { state } = context;
	const fields = new FieldReader(context.body);
	const email = fields.email('email', { required: true, maxLength: 75 });
	const password = fields.text('password', { required: true });
	const phone = fields.phone('phone', { required: true });
	const referrer = fields.text('referrer', { required: true });
	const username = fields.text('username', {
		maxLength: 35,
		pattern: USERNAME,
		patternMessage:
			'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
	});
	if (email && findUserByEmail(state, email)) fields.error('email', 'Email already exists.');
	if (username && findUserByUsername(state, username))
		fields.error('username', 'Username is not available.');
	if (referrer !== undefined && referrer !== state.application.referrer)
		fields.error('referrer', 'Invalid referrer.');
	fields.finish();

	const user: UserRecord = {
		id: hexId(),
		username: username ?? generateUsername(state, email as string),
		password: password as string,
		email: email as string,
		phone: phone as string,
		firstName: '',
		lastName: '',
		location: '',
		salt: saltString(),
		partnerId: context.auth.user.partnerId,
		bankAccount: null,
		dateJoined: new Date().toISOString(),
	};
	state.users.set(user.id, user);
	return json(renderSignup(context.base, user), context.decisions.createStatus);
}

function updateUser(context: ApiContext): Reply {
	const user = findSelf(context);
	const fields = new FieldReader(context.body);
	const firstName = fields.text('first_name', { maxLength: 30 });
	const lastName = fields.text('last_name', { maxLength: 30 });
	const location = fields.text('location', { maxLength: 100 });
	const phone = fields.phone('phone');
	fields.finish();
	// PATCH: only what was sent changes.
	user.firstName = firstName ?? user.firstName;
	user.lastName = lastName ?? user.lastName;
	user.location = location ?? user.location;
	user.phone = phone ?? user.phone;
	return json(renderUser(context.base, user));
}

function updateBankAccount(context: ApiContext): Reply {
	const user = findSelf(context);
	const fields = new FieldReader(context.body);
	const accountHolderName = fields.text('account_holder_name', { required: true, maxLength: 100 });
	const accountNumber = fields.text('account_number', {
		required: true,
		maxLength: 50,
		pattern: DIGITS,
		patternMessage: 'Enter a valid account number.',
	});
	const ifscCode = fields.text('ifsc_code', {
		required: true,
		pattern: IFSC,
		patternMessage: 'Enter a valid IFSC code.',
	});
	fields.finish();

	const account = {
		accountHolderName: accountHolderName as string,
		accountNumber: accountNumber as string,
		ifscCode: ifscCode as string,
		bankName: '',
		updatedAt: new Date().toISOString(),
	};
	user.bankAccount = account;
	return json({
		user: userUri(context.base, user),
		account_holder_name: account.accountHolderName,
		bank_name: account.bankName,
		account_number: account.accountNumber,
		ifsc_code: account.ifscCode,
		updated_at: account.updatedAt,
	});
}

export const USER_ROUTES: ApiRoute[] = [
	{ method: 'POST', pattern: '/v2/users', token: 'application', handler: signup },
	{ method: 'PATCH', pattern: '/v2/users/:id', token: 'user', handler: updateUser },
	{
		method: 'PUT',
		pattern: '/v2/users/:id/inrbankaccount',
		token: 'user',
		handler: updateBankAccount,
	},
];
