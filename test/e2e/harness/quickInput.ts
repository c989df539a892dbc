// Drives VS Code's quick input widget: quick picks (incl. the command palette) and input boxes.
import type { Locator, Page } from 'playwright-core';
import { eventually } from './wait';

export const quickInputWidgetSelector = '.quick-input-widget';
const widget = quickInputWidgetSelector;

export interface QuickPickItemView {
	label: string;
	description: string;
	detail: string;
	/** The row's accessible name (label, description, detail joined by VS Code). */
	ariaLabel: string;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exact(label: string | RegExp): RegExp {
	return typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
}

export const quickInput = {
	widget(page: Page): Locator {
		return page.locator(widget);
	},

	input(page: Page): Locator {
		return page.locator(`${widget} .quick-input-box input`);
	},

	async waitOpen(page: Page, timeoutMs = 30_000): Promise<void> {
		await page.locator(widget).waitFor({ state: 'visible', timeout: timeoutMs });
	},

	async waitClosed(page: Page, timeoutMs = 30_000): Promise<void> {
		await page.locator(widget).waitFor({ state: 'hidden', timeout: timeoutMs });
	},

	async isOpen(page: Page): Promise<boolean> {
		return page.locator(widget).isVisible();
	},

	/** The rows currently rendered (the list is virtualised: only what fits is rendered). */
	rows(page: Page): Locator {
		return page.locator(`${widget} .quick-input-list .monaco-list-row`);
	},

	/** Waits for the widget and at least one row, then reads every rendered row. */
	async items(page: Page, timeoutMs = 30_000): Promise<QuickPickItemView[]> {
		await quickInput.waitOpen(page, timeoutMs);
		await quickInput.rows(page).first().waitFor({ state: 'visible', timeout: timeoutMs });
		return quickInput.rows(page).evaluateAll((rows) => rows.map((row) => ({
			label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
			description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
			detail: (row.querySelector('.quick-input-list-label-meta, .monaco-icon-label-container + .monaco-icon-label-container, .quick-input-list-detail')?.textContent ?? '').trim(),
			ariaLabel: row.getAttribute('aria-label') ?? '',
		})));
	},

	async labels(page: Page, timeoutMs = 30_000): Promise<string[]> {
		return (await quickInput.items(page, timeoutMs)).map((item) => item.label);
	},

	/** The row whose label is exactly `label` (a string) or matches the pattern. */
	row(page: Page, label: string | RegExp): Locator {
		return quickInput.rows(page).filter({ has: page.locator('.label-name', { hasText: exact(label) }) }).first();
	},

	/** Clicks the item with that label; types the label into the filter first if it is not rendered. */
	async pick(page: Page, label: string | RegExp, timeoutMs = 30_000): Promise<void> {
		await quickInput.waitOpen(page, timeoutMs);
		const row = quickInput.row(page, label);
		const visibleSoon = await row.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 3000) }).then(() => true, () => false);
		if (!visibleSoon && typeof label === 'string') await quickInput.input(page).fill(label);
		await row.waitFor({ state: 'visible', timeout: timeoutMs });
		await row.click();
	},

	/** Replaces the input's text (the filter of a quick pick or the value of an input box). */
	async type(page: Page, text: string): Promise<void> {
		await quickInput.waitOpen(page);
		await quickInput.input(page).fill(text);
	},

	/** Fills an input box (or quick pick filter) and presses Enter. */
	async submit(page: Page, text?: string): Promise<void> {
		await quickInput.waitOpen(page);
		if (text !== undefined) await quickInput.input(page).fill(text);
		await quickInput.input(page).press('Enter');
	},

	async cancel(page: Page): Promise<void> {
		await quickInput.input(page).press('Escape');
		await quickInput.waitClosed(page);
	},

	async value(page: Page): Promise<string> {
		return quickInput.input(page).inputValue();
	},

	async placeholder(page: Page): Promise<string> {
		return (await quickInput.input(page).getAttribute('placeholder')) ?? '';
	},

	/** Whether the input box masks what is typed (showInputBox({ password: true })). */
	async isPassword(page: Page): Promise<boolean> {
		return (await quickInput.input(page).getAttribute('type')) === 'password';
	},

	async title(page: Page): Promise<string> {
		const title = page.locator(`${widget} .quick-input-title`);
		return (await title.isVisible()) ? ((await title.textContent()) ?? '').trim() : '';
	},

	/** The prompt or validation message under the input box. */
	async message(page: Page): Promise<string> {
		const message = page.locator(`${widget} .quick-input-message`);
		return (await message.isVisible()) ? ((await message.textContent()) ?? '').trim() : '';
	},

	/** Waits until the prompt/validation message contains the text or matches the pattern. */
	async waitForMessage(page: Page, expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
		return eventually(async () => {
			const text = await quickInput.message(page);
			return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined;
		}, `quick input message ${expected}`, timeoutMs);
	},
};
