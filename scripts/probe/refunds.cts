/** The refunds questions: a repeated transaction_id, what GET /v2/refunds/ lists, cases on payment items. */
import { type Json, ok, type Probe } from './client.cjs';
import { type Finding, finding, skip } from './findings.cjs';

/** The refunds questions share one paid payment and one refund. */
export const refundQuestions = async (probe: Probe): Promise<Finding[]> => {
	const duplicate = 'What does a repeated refund transaction_id answer?';
	const listed = 'What does GET /v2/refunds/ list?';
	const cases = 'Do GET /v2/payments/ items carry cases?';
	const paymentId = await probe.paidPayment('Probe: refunds');
	if (!paymentId) {
		const why =
			'needs a paid test payment: a person pays a test link, then run again with INSTAMOJO_PROBE_PAYMENT_ID';
		return [
			skip('duplicateRefundTransactionId', duplicate, 'duplicateRefundTransactionId', why),
			await refundsListFromExisting(probe, listed),
			skip('paymentListCases', cases, 'paymentListCases', why),
		];
	}
	const transactionId = `probe-${Date.now()}`;
	const refund = async () =>
		await probe.api('POST', `/v2/payments/${paymentId}/refund/`, {
			token: probe.appToken,
			form: {
				type: 'PTH',
				body: 'Probe: duplicate check',
				refund_amount: '1',
				transaction_id: transactionId,
			},
		});
	const first = await refund();
	const second = await refund();
	const firstCase = (first.body.refund as Json | undefined)?.id;
	const secondCase = (second.body.refund as Json | undefined)?.id;
	const keys = Object.keys(second.body).sort().join(', ');
	const duplicateAnswer = !ok(first)
		? null
		: ok(second)
			? secondCase === firstCase
				? 'return-existing'
				: 'second case created'
			: 'transaction_id' in second.body
				? 'error'
				: 'generic-error';
	const duplicateFinding = finding(
		'duplicateRefundTransactionId',
		duplicate,
		'duplicateRefundTransactionId',
		duplicateAnswer,
		[
			`first refund: HTTP ${first.status}; repeat: HTTP ${second.status} with keys ${keys || '(none)'}`,
		],
	);

	const list = await probe.api('GET', '/v2/payments/', {
		token: probe.appToken,
		query: { limit: 50 },
	});
	const item = ((list.body.payments as Json[] | undefined) ?? []).find(
		(payment) => payment.id === paymentId,
	);
	const casesFinding = item
		? finding('paymentListCases', cases, 'paymentListCases', String('cases' in item), [
				`list item keys include cases: ${'cases' in item}`,
			])
		: skip(
				'paymentListCases',
				cases,
				'paymentListCases',
				'the paid payment is not on the first page of GET /v2/payments/',
			);
	return [duplicateFinding, await refundsListFromExisting(probe, listed), casesFinding];
};

/** Reads what is there; creates nothing. */
async function refundsListFromExisting(probe: Probe, question: string): Promise<Finding> {
	const list = await probe.api('GET', '/v2/refunds/', {
		token: probe.appToken,
		query: { limit: 1 },
	});
	const item = ((list.body.refunds as Json[] | undefined) ?? [])[0];
	if (!item)
		return skip(
			'refundsList',
			question,
			'refundsList',
			`no refund to look at (HTTP ${list.status}, count ${String(list.body.count ?? 0)})`,
		);
	const id = String(item.id);
	const answer =
		id.startsWith('C') && 'refund_amount' in item
			? 'cases'
			: id.startsWith('R') && 'amount' in item
				? 'refunds'
				: 'other';
	const detail = await probe.api('GET', `/v2/refunds/${id}/`, { token: probe.appToken });
	return finding('refundsList', question, 'refundsList', answer, [
		`item id starts with ${id.charAt(0)}; keys: ${Object.keys(item).sort().join(', ')}`,
		`GET /v2/refunds/{that id}/: HTTP ${detail.status}`,
	]);
}
