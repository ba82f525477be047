import type { IDataObject } from 'n8n-workflow';

import { refundPaymentId } from '../../helpers/refund';
import type { OutputView } from './output';

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
