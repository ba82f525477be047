/**
 * The steps of the example workflows as a marketplace runs them, on an ExampleStack (harness/examples/stack.cts), and
 * what the tests read back from the sandbox and n8n's Data Tables. Shared by examples.test.ts (the default
 * world) and pessimistic.test.ts (the pessimistic one), so both worlds run the examples the same way.
 */
import { DEMO_SELLER, DESK_LOGIN } from '../../harness/examples/catalog.cjs';
import { type ExampleStack, type Execution } from '../../harness/examples/stack.cjs';
import { outputOf, sleep } from '../../harness/n8n/index.cjs';
import { bulkPayments } from '../support/marketplace';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The refund desk's Basic Auth header (example 5 is behind a login). */
export const DESK_AUTH = { authorization: `Basic ${btoa(`${DESK_LOGIN.user}:${DESK_LOGIN.password}`)}` };

/** The seller example 1 onboarded, as Instamojo has them. */
export const sellerInInstamojo = (stack: ExampleStack) =>
	[...stack.sandbox.state.users.values()].find((user) => user.email === DEMO_SELLER.email);

/** The refresh token example 1 stored for the seller, as the store has it now. */
export async function storedRefreshToken(stack: ExampleStack): Promise<string> {
	const rows = await stack.tableRows('instamojo_sellers');
	return String(rows.find((row) => row.status === 'active')?.refresh_token);
}

/** 'active', 'used' or 'revoked' in Instamojo, for a refresh token the store has. */
export const refreshTokenState = (stack: ExampleStack, token: string) =>
	stack.sandbox.state.refreshTokens.get(token)?.refreshState;

/** Makes a payment look `days` old to Instamojo (and so to example 4's Hold period). */
export function backdate(stack: ExampleStack, paymentId: string, days: number): void {
	const payment = stack.sandbox.state.payments.get(paymentId);
	if (!payment) throw new Error(`no payment ${paymentId}`);
	payment.createdAt = new Date(Date.now() - days * DAY_MS).toISOString();
}

export const isHeld = (stack: ExampleStack, paymentId: string) => stack.sandbox.state.payments.get(paymentId)?.held;

/** Every release Instamojo was asked for since the log was last cleared, in order. */
export const releaseCalls = (stack: ExampleStack) =>
	stack.sandbox
		.log()
		.filter((entry) => entry.path.endsWith('/fulfil/'))
		.map((entry) => `${entry.method} ${entry.path} → ${entry.status}`);

/** A held payment on a link of the marketplace's own, which is not one of the store's orders. */
export async function heldPaymentNotOurs(stack: ExampleStack): Promise<string> {
	const [paymentId] = await bulkPayments(stack.sandbox, 1, undefined, true);
	return paymentId;
}

/** The title of a form's ending page. */
export const pageTitle = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

/** Example 2 run `runs` times: each run's status, the checkout links made and the refresh token stored before and after each run. */
export async function sell(stack: ExampleStack, runs: number): Promise<{ statuses: string[]; links: Array<Record<string, any>>; tokens: string[] }> {
	const statuses: string[] = [];
	const links: Array<Record<string, any>> = [];
	const tokens = [await storedRefreshToken(stack)];
	for (let run = 0; run < runs; run++) {
		const execution = await stack.runManually('sell');
		statuses.push(String(execution.status));
		links.push(...outputOf(execution.data.resultData.runData, 'Checkout link'));
		tokens.push(await storedRefreshToken(stack));
	}
	return { statuses, links, tokens };
}

/**
 * A buyer pays each order's link, one after the other; each payment's webhook is awaited until example 3
 * has run for it. Returns the payments made, in order, and the status n8n answered each webhook with.
 */
export async function payOrders(stack: ExampleStack, orderIds: string[]): Promise<{ paymentIds: string[]; webhookStatuses: Array<number | undefined> }> {
	const paymentIds: string[] = [];
	const webhookStatuses: Array<number | undefined> = [];
	const before = (await stack.executions('paymentReceived')).length;
	for (const orderId of orderIds) {
		const paid = await stack.pay(orderId);
		webhookStatuses.push(paid.webhook?.status);
		paymentIds.push(paid.payment.id);
		await stack.executions('paymentReceived', before + paymentIds.length);
	}
	await sleep(1000); // room for a second execution, if one were to start
	return { paymentIds, webhookStatuses };
}

/** Example 3's executions: status and the payment its trigger output, ordered by payment ID. */
export async function receivedPayments(stack: ExampleStack): Promise<Array<{ status: string; paymentId: string; verifiedBy: unknown }>> {
	const executions = await stack.executions('paymentReceived');
	return executions
		.map((execution: Execution) => {
			const [delivery] = outputOf(execution.data.resultData.runData, 'Instamojo Trigger');
			return { status: String(execution.status), paymentId: String(delivery?.payment_id), verifiedBy: delivery?.verified_by };
		})
		.sort((a, b) => (a.paymentId < b.paymentId ? -1 : 1));
}

/** Submits the refund desk's form with each set of answers in turn (logged in) and returns each ending page's title. */
export async function submitRefunds(stack: ExampleStack, answers: Array<Record<string, string>>): Promise<Array<string | undefined>> {
	const titles = [];
	for (const request of answers) {
		const submitted = await stack.submitForm('refundDesk', request, DESK_AUTH);
		titles.push(pageTitle(await stack.openEndingPage(submitted.json.formWaitingUrl)));
	}
	return titles;
}
