/** Questions about list endpoints: do they filter, and how large a page do they return. */
import { type Json, lastPathPart, pause, type Probe } from './client.cjs';
import { finding, type Question } from './findings.cjs';

/** Whether a list answers with exactly the expected ids for a filter that excludes the others. */
async function filterHonoured(
	probe: Probe,
	path: string,
	key: string,
	query: Json,
	expected: string[],
	evidence: string[],
): Promise<boolean> {
	const answer = await probe.api('GET', path, {
		token: probe.seller.token,
		query: { ...query, limit: 50 },
	});
	const ids = ((answer.body[key] as Json[] | undefined) ?? []).map((item) => String(item.id));
	const honoured =
		answer.status === 200 &&
		ids.length === expected.length &&
		expected.every((id) => ids.includes(id));
	evidence.push(
		`${path} ${Object.keys(query).join(', ')}: HTTP ${answer.status}, ${ids.length} item(s), ${honoured ? 'filtered' : 'not filtered'}`,
	);
	return honoured;
}

export const listFilters: Question = async (probe) => {
	const q = 'Do list endpoints honour their filters?';
	const evidence: string[] = [];
	// Two links; a filter from the second one's creation time excludes the first.
	await probe.createLink(probe.seller.token, 'Probe: filter A');
	await pause(50);
	const second = await probe.createLink(probe.seller.token, 'Probe: filter B');
	const results = [
		await filterHonoured(
			probe,
			'/v2/payment_requests/',
			'payment_requests',
			{ min_created_at: String(second.body.created_at) },
			[String(second.body.id)],
			evidence,
		),
	];
	const paymentId = await probe.paidPayment('Probe: filter payments');
	if (paymentId) {
		const payment = await probe.api('GET', `/v2/payments/${paymentId}/`, {
			token: probe.seller.token,
		});
		const requestId = lastPathPart(payment.body.payment_request);
		results.push(
			await filterHonoured(
				probe,
				'/v2/payments/',
				'payments',
				{ payment_request_id: requestId },
				[paymentId],
				evidence,
			),
		);
	} else
		evidence.push('payments filter not asked: no paid test payment (INSTAMOJO_PROBE_PAYMENT_ID)');
	const answer = results.every(Boolean) ? 'honoured' : results.some(Boolean) ? 'mixed' : 'ignored';
	return finding('listFilters', q, 'listFilters', answer, evidence);
};

export const maxPageSize: Question = async (probe) => {
	const q = 'What is the largest page a list returns for limit=100?';
	if (probe.sandboxProfile) {
		await probe.control('POST', 'bulk/payments', { count: 101 });
		probe.steps.push('filled the payments list with 101 payments through the control API');
	}
	const sizes: Array<{ path: string; count: number; page: number }> = [];
	for (const [path, key] of [
		['/v2/payments/', 'payments'],
		['/v2/payment_requests/', 'payment_requests'],
	]) {
		const answer = await probe.api('GET', path, { token: probe.appToken, query: { limit: 100 } });
		const page = ((answer.body[key] as unknown[] | undefined) ?? []).length;
		sizes.push({ path, count: Number(answer.body.count ?? 0), page });
	}
	const evidence = sizes.map((size) => `${size.path}?limit=100: ${size.page} of ${size.count}`);
	const capped = sizes.find((size) => size.page < Math.min(size.count, 100));
	if (capped) return finding('maxPageSize', q, 'maxPageSize', String(capped.page), evidence);
	if (sizes.some((size) => size.count >= 100))
		return finding('maxPageSize', q, 'maxPageSize', '100', evidence);
	const most = Math.max(...sizes.map((size) => size.page));
	return finding(
		'maxPageSize',
		q,
		'maxPageSize',
		null,
		evidence,
		`lists hold too few items to see a cap (at least ${most})`,
	);
};
