/**
 * The n8n editor with the package installed, in headless Chromium: what a user building a workflow sees.
 * Instamojo is found in the node panel, also by what it does ("refund"); the trigger shows its Production
 * URL and names the real step; every action is listed; the action node opens on each resource with that
 * resource's operations, none of whose descriptions is cut off; a new user creates a seller's payment link
 * with a commission and a hold without opening Additional Fields, and the link lands in the seller's
 * account. The editor must log no error about our nodes or credential. Expectations come from the nodes'
 * own descriptions; screenshots are saved on the way (see screenshotDir; the best ones are in
 * docs/screenshots).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { type Browser, type Locator, type Page, selectors } from 'playwright-core';

import sellWithCommission from '../../examples/2-sell-with-commission-and-hold.json';
import { Instamojo } from '../../nodes/Instamojo/Instamojo.node';
import { InstamojoTrigger } from '../../nodes/Instamojo/InstamojoTrigger.node';
import {
	properties as triggerProperties,
	triggerPanel,
} from '../../nodes/Instamojo/trigger/description';
import type { Sandbox } from '../../sandbox/server.cjs';
import { seller, sellerTokens, WITH_SELLER } from '../support/marketplace';
import { EditorConsole, launchChromium, note as noteLine, screenshotDir } from './browser.cjs';
import { linearWorkflow, manualTrigger, type N8nInstance, OWNER, seededCredential, setValues } from '../../harness/n8n/index.cjs';
import { useSandboxAndN8n } from './lifecycle.cjs';

const CREDENTIAL = { type: 'instamojoApi', id: 'editorCred000001', name: 'Instamojo sandbox' };
/** Where a new user starts: a workflow whose item carries a seller's stored refresh token. */
const SELLER_WORKFLOW = 'editorSeller0001';
/** A cold Chromium install (apt-get) may happen first; the rest takes about a minute. */
const SETUP_TIMEOUT_MS = 10 * 60_000;
const UI_TIMEOUT_MS = 30_000;

const actionNode = new Instamojo().description;

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []) as INodePropertyOptions[];
}

const resources = optionsOf(actionNode.properties.find((p) => p.name === 'resource'));

function operationsOf(resource: string): INodePropertyOptions[] {
	return optionsOf(
		actionNode.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		),
	);
}

const paymentLink = resources.find((r) => r.value === 'paymentLink') as INodePropertyOptions;
const create = operationsOf('paymentLink').find(
	(o) => o.value === 'create',
) as INodePropertyOptions;
const successfulPayments = optionsOf(triggerProperties.find((p) => p.name === 'payments')).find(
	(o) => o.value === 'successful',
) as INodePropertyOptions;

/** The trigger panel's help before the workflow is published, as the editor shows it (without its `<b>`s). */
function inactiveHelp(): string {
	const help = triggerPanel.executionsHelp;
	const html = typeof help === 'object' ? help.inactive : String(help ?? '');
	return html.replace(/<[^>]+>/g, '');
}

describe('the editor with the package installed', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;
	let editorConsole: EditorConsole;
	let shots: string;

	/** The items of the dropdown that is open (element-plus keeps closed ones in the DOM, aria-hidden). */
	const dropdownItems = (): Locator =>
		page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item');
	const nodeCreatorSearch = (): Locator => page.locator('[data-test-id="node-creator"] input');
	const creatorItem = (name: string | RegExp): Locator =>
		page.getByTestId('node-creator-item-name').filter({ hasText: name });

	/** Waits for the element to show and returns its text. */
	async function textOf(locator: Locator): Promise<string> {
		await locator.waitFor();
		return (await locator.innerText()).trim();
	}

	async function screenshot(name: string): Promise<void> {
		await page.mouse.move(1, 1); // no hover effects in the picture
		// Transitions finished at once: a toggle fading out would otherwise still be in the picture.
		await page.screenshot({ path: `${shots}/${name}.png`, animations: 'disabled' });
	}

	/**
	 * The option names a dropdown parameter offers (first line of each: the name, not its description),
	 * with a screenshot of the open dropdown if `shot` names one.
	 */
	async function dropdownOptions(parameter: string, shot?: string): Promise<string[]> {
		await page.getByTestId(`parameter-input-${parameter}`).click();
		await dropdownItems().first().waitFor();
		const names = (await dropdownItems().allInnerTexts()).map((text) => text.split('\n')[0].trim());
		if (shot) await screenshot(shot);
		await page.keyboard.press('Escape');
		await dropdownItems().first().waitFor({ state: 'hidden' });
		return names;
	}

	async function choose(parameter: string, option: string): Promise<void> {
		await page.getByTestId(`parameter-input-${parameter}`).click();
		await dropdownItems().first().waitFor();
		const names = (await dropdownItems().allInnerTexts()).map((text) => text.split('\n')[0].trim());
		if (!names.includes(option))
			throw new Error(`${parameter} offers ${names.join(', ')}, not ${option}`);
		await dropdownItems().nth(names.indexOf(option)).click();
	}

	async function searchNodes(term: string): Promise<void> {
		await nodeCreatorSearch().waitFor();
		await nodeCreatorSearch().fill(term);
	}

	/**
	 * The texts in the open dropdown that do not fit their box (wider or taller than shown: cut off or
	 * ellipsed), and the widest description box, in pixels.
	 */
	async function cutOffInOpenDropdown(): Promise<{ cutOff: string[]; width: number }> {
		return await page
			.locator('.el-popper[aria-hidden="false"] .el-select-dropdown')
			.first()
			.evaluate((dropdown) => {
				type Box = { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; innerText: string };
				const boxes = [...dropdown.querySelectorAll('.el-select-dropdown__item, .el-select-dropdown__item *')] as unknown as Box[];
				const cutOff = boxes
					.filter((box) => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1)
					.map((box) => box.innerText.trim());
				const width = Math.max(0, ...boxes.map((box) => box.clientWidth));
				return { cutOff, width };
			});
	}

	// Declared first, so it runs before useSandboxAndN8n's afterAll stops n8n.
	afterAll(async () => {
		editorConsole?.report();
		await browser?.close();
	});

	useSandboxAndN8n(async (started) => {
		({ sandbox, n8n } = started);
		await n8n.importCredentials([
			seededCredential(CREDENTIAL, sandbox.url, 'application'),
		]);
		const { refresh_token } = await sellerTokens(sandbox);
		await n8n.importWorkflows([
			linearWorkflow(SELLER_WORKFLOW, 'Sell for a seller', [manualTrigger(), setValues('Seller', { refresh_token })]),
			sellWithCommission as unknown as Parameters<N8nInstance['importWorkflows']>[0][number],
		]);
		await n8n.start();
		await n8n.setupOwnerAndApiKey();

		shots = await screenshotDir();
		browser = await launchChromium();
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		context.setDefaultTimeout(UI_TIMEOUT_MS);
		selectors.setTestIdAttribute('data-test-id');
		editorConsole = new EditorConsole(new URL(n8n.baseUrl).origin);
		await editorConsole.confine(context);
		page = await context.newPage();
		editorConsole.watch(page);
		const login = await page.request.post(`${n8n.baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
		expect(login.status()).toBe(200);
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').waitFor({ timeout: 90_000 });
	}, { sandbox: WITH_SELLER, timeoutMs: SETUP_TIMEOUT_MS });

	it('finds Instamojo in the node panel as an installed package', async () => {
		await page.keyboard.press('n');
		await searchNodes('Instamojo');

		await creatorItem(/^Instamojo$/).click();

		const panel = page.getByTestId('node-creator');
		expect(await textOf(panel.getByText('Installed', { exact: true }))).toBe('Installed');
		expect(await textOf(panel.getByText(/^Triggers \(\d+\)$/))).toBe(
			`Triggers (${optionsOf(triggerProperties.find((p) => p.name === 'payments')).length})`,
		);
		expect(await textOf(panel.getByText(/^Actions \(\d+\)$/))).toBe(
			`Actions (${resources.flatMap((r) => operationsOf(String(r.value))).length})`,
		);
		await screenshot('01-node-panel-package');
	});

	it('opens the trigger with its Production URL and how to wire it into payment links', async () => {
		await creatorItem(new RegExp(`^On ${successfulPayments.name}$`, 'i')).click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();

		await ndv.getByText('Webhook URLs').click();
		await ndv.getByTestId('radio-button-production').click();
		await ndv.getByText('When will this node trigger my flow?').click();

		const productionUrl = ndv.getByText(
			new RegExp(`^${n8n.baseUrl}/webhook/[0-9a-f-]{36}/webhook$`),
		);
		expect(await textOf(productionUrl)).toMatch(/\/webhook$/);
		const text = await ndv.innerText();
		expect(text).toContain(String(triggerPanel.header));
		expect(String(triggerPanel.header)).toMatch(/Execute step.*Test URL/);
		expect(text).toContain(String(triggerPanel.activationHint));
		expect(text).toContain(inactiveHelp());
		expect(await ndv.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
			CREDENTIAL.name,
		);
		await screenshot('02-trigger-production-url');
		await page.getByTestId('ndv-close-button').click();
	});

	it('lists every action of the action node, grouped by resource', async () => {
		await page.getByTestId('canvas-handle-plus').click();
		await searchNodes('Instamojo');
		await creatorItem(/^Instamojo$/).click();

		const shown = await page.getByTestId('node-creator-item-name').allInnerTexts();
		const actions = resources.flatMap((r) =>
			operationsOf(String(r.value)).map((o) => String(o.action)),
		);
		expect(shown).toEqual(expect.arrayContaining(actions));
		await screenshot('03-node-panel-actions');
	});

	it("opens the action node on each resource, offering that resource's operations", async () => {
		await creatorItem(String(create.action)).click();
		await page.getByTestId('ndv').waitFor();

		expect(await dropdownOptions('resource', '05-resources')).toEqual(resources.map((r) => r.name));
		const seen: Record<string, string[]> = {};
		const expected: Record<string, string[]> = {};
		const cutOff: Record<string, string[]> = {};
		for (const resource of resources) {
			await choose('resource', resource.name);
			await page.getByTestId('parameter-input-operation').click();
			await dropdownItems().first().waitFor();
			const measured = await cutOffInOpenDropdown();
			cutOff[resource.name] = measured.cutOff;
			noteLine(`${resource.name}: operation dropdown ${measured.width} px wide`);
			if (resource.value === 'paymentLink') await screenshot('06-operations');
			await page.keyboard.press('Escape');
			await dropdownItems().first().waitFor({ state: 'hidden' });
			seen[resource.name] = await dropdownOptions('operation');
			expected[resource.name] = operationsOf(String(resource.value)).map((o) => o.name);
		}
		expect(seen).toEqual(expected);
		expect(cutOff).toEqual(Object.fromEntries(resources.map((r) => [r.name, []])));
	});

	it('shows Payment Link → Create with the amount, the commission and the hold', async () => {
		await choose('resource', paymentLink.name);
		await choose('operation', create.name);
		await page.getByTestId('parameter-input-amount').locator('input').fill('499');
		await page.getByTestId('parameter-input-purpose').locator('input').fill('Handmade lamp');
		await choose('commissionType', 'Percentage');
		await page.getByTestId('parameter-input-commissionPercent').locator('input').fill('10');
		await page.getByTestId('parameter-input-holdPayout').click();
		// A click elsewhere: the focused parameter would show its Fixed/Expression toggle in the screenshot.
		await page.getByTestId('ndv-input-panel').click({ position: { x: 20, y: 600 } });
		const holdPayout = page.getByTestId('parameter-input-holdPayout').getByRole('switch');

		const labels = await page
			.getByTestId('node-parameters')
			.getByTestId('input-label')
			.allInnerTexts();
		expect(labels.map((label) => label.split('\n')[0].trim())).toEqual(
			expect.arrayContaining([
				'Amount (INR)',
				'Purpose',
				'Commission Type',
				'Commission Percentage',
				'Hold Payout Until Released',
			]),
		);
		expect(await holdPayout.getAttribute('aria-checked')).toBe('true');
		expect(await page.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
			CREDENTIAL.name,
		);
		await screenshot('04-create-payment-link');
	});

	it('finds Instamojo by what it does: a search for "refund" lists it (codex aliases)', async () => {
		// Leaving the unsaved workflow of the tests above: the browser asks, and the test says leave.
		page.once('dialog', (dialog) => void dialog.accept());
		await page.goto(`${n8n.baseUrl}/workflow/${SELLER_WORKFLOW}`);
		await page.getByTestId('canvas-handle-plus').first().click();
		for (const term of ['refund', 'payout', 'marketplace']) {
			await searchNodes(term);
			await creatorItem(/^Instamojo$/).waitFor();
			if (term === 'refund') await screenshot('07-search-refund');
		}
	});

	it("creates a seller's link with a commission and a hold without opening Additional Fields: it lands in the seller's account", async () => {
		await searchNodes('payment link');
		await creatorItem(/^Instamojo$/).click();
		await screenshot('08-node-panel-actions');
		// The app's header is its trigger's description (n8n shows a trigger with actions as the whole app).
		expect(await page.getByTestId('node-creator').innerText()).toContain(String(new InstamojoTrigger().description.description));
		await creatorItem(String(create.action)).click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();

		expect(await page.getByTestId('parameter-input-actAs').locator('input').inputValue()).toBe(
			"Seller's Account (Refresh Token)",
		);
		expect(await page.getByTestId('parameter-input-sellerRefreshToken').innerText()).toContain('$json.refresh_token');
		await page.getByTestId('parameter-input-amount').locator('input').fill('500');
		await page.getByTestId('parameter-input-purpose').locator('input').fill('Handmade lamp');
		await choose('commissionType', 'Percentage');
		await page.getByTestId('parameter-input-commissionPercent').locator('input').fill('10');
		await page.getByTestId('parameter-input-holdPayout').click();
		await page.getByTestId('node-execute-button').click();

		// Executed when the sandbox holds the link (the output panel's own markers differ between n8n versions).
		for (const end = Date.now() + UI_TIMEOUT_MS; sandbox.state.paymentRequests.size === 0 && Date.now() < end; ) {
			await page.waitForTimeout(250);
		}
		expect([...sandbox.state.paymentRequests.values()]).toEqual([
			expect.objectContaining({ userId: seller.id, partnerFeeType: 'percent', partnerFee: 10, markFulfilled: false }),
		]);
		// The output table is wider than the panel: its JSON view (the output panel is the right one) shows every field.
		await page.getByText('JSON', { exact: true }).last().click();
		await page.getByText('hold_payout').first().waitFor();
		await screenshot('09-seller-link-output');
		await page.getByTestId('ndv-close-button').click();
		const canvasNode = page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Create payment link' });
		await canvasNode.first().waitFor();
		await screenshot('10-canvas-subtitle');
	});

	it("shows example 2's sticky note whole at zoom-to-fit, at a readable size", async () => {
		page.once('dialog', (dialog) => void dialog.accept());
		await page.goto(`${n8n.baseUrl}/workflow/${sellWithCommission.id}`);
		const heading = page.getByText('Sell with commission and hold', { exact: true }).first();
		await heading.waitFor();
		await page.getByTestId('zoom-to-fit').click();
		await page.waitForTimeout(500); // the zoom animates
		const box = await heading.boundingBox();
		noteLine(`example 2 sticky heading at zoom-to-fit: ${JSON.stringify(box)}`);
		await screenshot('11-example-2-zoom-to-fit');
		expect(box?.height ?? 0).toBeGreaterThan(0);
	});

	it('logs no error about our nodes or credential', () => {
		expect(editorConsole.ours()).toEqual([]);
	});
});
