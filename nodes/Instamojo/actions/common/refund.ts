import type { IDataObject } from 'n8n-workflow';

import { idFromResourceUrl } from '../../helpers/resourceUrls';
import type { OutputView } from './output';

/**
 * A refund case as Get and Get Many output it (spec §13.2). The object has 16 fields, many of them
 * internal codes; Simplify keeps what a workflow acts on. `status` is Instamojo's code (`FINI`),
 * `status_text` the words ("Refunded").
 */
export const refundView: OutputView = {
	amounts: ['refund_amount'],
	simplified: ['id', 'payment_id', 'transaction_id', 'status', 'status_text', 'type', 'body', 'refund_amount', 'created_at'],
	derive: (refundCase: IDataObject): IDataObject => ({
		payment_id: idFromResourceUrl(refundCase.payment) ?? null,
	}),
};
