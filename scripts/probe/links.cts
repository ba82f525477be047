/** Questions answered by creating payment links: token kinds, application-link fields, boolean format. */
import { type Answer, lastPathPart, ok } from './client.cjs';
import { finding, type Question } from './findings.cjs';

/** `true`/`"True"` and `false`/`"False"`: answers may carry either (docs/instamojo-api.md §3). */
const apiBoolean = (value: unknown): boolean | undefined =>
	value === true || value === 'True'
		? true
		: value === false || value === 'False'
			? false
			: undefined;

export const tokenKinds: Question = async (probe) => {
	const q = 'Which token kinds does each call accept?';
	const evidence: string[] = [];
	const record = (call: string, kind: string, answer: Answer) =>
		evidence.push(`${call} with the ${kind} token: HTTP ${answer.status}`);
	const sellerLink = await probe.createLink(probe.seller.token, 'Probe: token kinds');
	record('POST /v2/payment_requests/', 'seller user', sellerLink);
	const appLink = await probe.createLink(probe.appToken, 'Probe: application link');
	record('POST /v2/payment_requests/', 'application', appLink);
	const id = String(sellerLink.body.id);
	const tokens = [
		['application', probe.appToken],
		['seller user', probe.seller.token],
	];
	for (const [kind, token] of tokens) {
		record(
			'GET /v2/payment_requests/{id}/',
			kind,
			await probe.api('GET', `/v2/payment_requests/${id}/`, { token }),
		);
		record(
			'POST …/disable/',
			kind,
			await probe.api('POST', `/v2/payment_requests/${id}/disable/`, { token }),
		);
		record(
			'POST …/enable/',
			kind,
			await probe.api('POST', `/v2/payment_requests/${id}/enable/`, { token }),
		);
	}
	const paymentId = await probe.paidPayment('Probe: payment read');
	if (paymentId)
		for (const [kind, token] of tokens)
			record(
				'GET /v2/payments/{id}/',
				kind,
				await probe.api('GET', `/v2/payments/${paymentId}/`, { token }),
			);
	const refused = evidence.filter((line) => !/HTTP 2\d\d$/.test(line));
	// The sandbox accepts either kind on all of these (docs/instamojo-api.md §4), in every profile.
	return finding(
		'tokenKinds',
		q,
		undefined,
		refused.length === 0 ? 'either' : 'some refused',
		evidence,
	);
};

export const applicationLinkFields: Question = async (probe) => {
	const q = 'Does an Application-token link keep partner_fee and mark_fulfilled?';
	const link = await probe.createLink(probe.appToken, 'Probe: application link fields', {
		partner_fee_type: 'fixed',
		partner_fee: '1',
		mark_fulfilled: 'False',
	});
	if (!ok(link))
		return finding('applicationLinkFields', q, 'applicationLinkFields', 'refused', [
			`HTTP ${link.status}: the API refuses the fields with an application token`,
		]);
	const kept = link.body.partner_fee !== null && link.body.partner_fee !== undefined;
	const held = apiBoolean(link.body.mark_fulfilled) === false;
	const owner =
		lastPathPart(link.body.user) === probe.seller.id
			? "the seller's"
			: "the credential owner's, not the seller's";
	return finding(
		'applicationLinkFields',
		q,
		'applicationLinkFields',
		kept && held ? 'kept' : !kept && !held ? 'dropped' : 'partly kept',
		[
			`link account: ${owner}`,
			`partner_fee ${JSON.stringify(link.body.partner_fee)}, mark_fulfilled ${JSON.stringify(link.body.mark_fulfilled)}`,
		],
	);
};

export const booleanFormat: Question = async (probe) => {
	const q = 'Are booleans in answers JSON booleans or "True"/"False" strings?';
	const link = await probe.createLink(probe.seller.token, 'Probe: booleans');
	const value = link.body.allow_repeated_payments;
	const answer =
		typeof value === 'boolean' ? 'json' : value === 'True' || value === 'False' ? 'python' : null;
	return finding('booleanFormat', q, 'booleanFormat', answer, [
		`allow_repeated_payments came back as ${JSON.stringify(value)}`,
	]);
};
