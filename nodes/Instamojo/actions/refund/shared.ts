/** What Refund operations share: where refunds are read, and a refund as output. */
import type { IDataObject } from 'n8n-workflow';

import { idFromResourceUrl } from '../../helpers/resourceUrls';
import type { OutputView } from '../common/output';

/**
 * A refund as Get and Get Many output it, in either shape Instamojo may answer with (docs/instamojo-api.md
 * §8): a resolution-centre case (`C…`, `refund_amount`, `transaction_id`, `status` a code such as `FINI`
 * and `status_text` the words) or a refund object (`R…`, `amount`, `buyer`). Both are output as they
 * come; Simplify keeps what a workflow acts on, including the amount of either shape.
 */
export const refundView: OutputView = {
	amounts: ['refund_amount', 'amount'],
	simplified: ['id', 'payment_id', 'transaction_id', 'status', 'status_text', 'type', 'body', 'refund_amount', 'amount', 'buyer', 'created_at'],
	derive: (refund: IDataObject): IDataObject => ({ payment_id: refundPaymentId(refund) ?? null }),
};

/** A resolution-centre case, where the refund Create opens lives (docs/instamojo-api.md §8). */
const refundCasePath = (id: string): string => `/v2/resolutioncenter/cases/${id}/`;

export const REFUNDS_PATH = '/v2/refunds/';

/**
 * Where one refund is read, by its kind of id: a case (`C…`) in the resolution centre, anything else
 * (`R…`, what `GET /v2/refunds/` may list) under `/v2/refunds/{id}/` (docs/instamojo-api.md §8).
 */
export const refundReadPath = (id: string): string => (id.startsWith('C') ? refundCasePath(id) : `${REFUNDS_PATH}${id}/`);

/**
 * The payment a refund or case belongs to: `payment_id`, or its `payment` as a resource URL, a bare
 * payment id or an object with an `id` (the sources show the URL for cases and leave refunds open).
 */
export function refundPaymentId(refund: IDataObject): string | undefined {
	const { payment, payment_id: paymentId } = refund;
	if (typeof paymentId === 'string' && paymentId) return paymentId;
	if (typeof payment === 'object' && payment !== null && typeof (payment as IDataObject).id === 'string') {
		return (payment as IDataObject).id as string;
	}
	if (typeof payment !== 'string' || !payment) return undefined;
	return idFromResourceUrl(payment) ?? payment;
}
