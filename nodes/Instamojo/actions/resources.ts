import type { ResourceModule } from './common/types';
import * as bankAccount from './bankAccount';
import * as payment from './payment';
import * as paymentLink from './paymentLink';
import * as refund from './refund';
import * as release from './release';
import * as seller from './seller';
import * as token from './token';

export const resources = {
	seller,
	bankAccount,
	paymentLink,
	payment,
	release,
	refund,
	token,
} satisfies Record<string, ResourceModule>;

export type ResourceName = keyof typeof resources;
