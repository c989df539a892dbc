// The workbench pieces a test talks to: command palette, our status-bar item, modal dialogs.
import type { Locator, Page } from 'playwright-core';
import { statusBarItemSelector, workbenchSelector } from './browser';
import { quickInput, quickInputWidgetSelector } from './quickInput';

/** Our identity item (`bedrockConnect.identity`). Its text has the codicon stripped, e.g. "AWS: Sign In". */
export function statusBarItem(page: Page): Locator {
	return page.locator(statusBarItemSelector);
}

/** The hover/tooltip text of our item (aria-label holds the text, the tooltip is shown on hover). */
export async function statusBarTooltip(page: Page): Promise<string> {
	const item = statusBarItem(page);
	await item.hover();
	const hover = page.locator('.monaco-hover, .workbench-hover').filter({ visible: true }).first();
	await hover.waitFor({ state: 'visible', timeout: 10_000 });
	const text = ((await hover.textContent()) ?? '').trim();
	await page.mouse.move(0, 0);
	return text;
}

/**
 * Reloads the window (a fresh extension host, same browser profile: SecretStorage and workspace
 * state survive) and waits until the extension's status-bar item is back.
 */
export async function reloadWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
	await page.reload();
	await page.locator(workbenchSelector).waitFor({ state: 'visible', timeout: timeoutMs });
	await statusBarItem(page).waitFor({ state: 'visible', timeout: timeoutMs });
}

async function openPalette(page: Page, filter: string): Promise<void> {
	if (await quickInput.isOpen(page)) await page.keyboard.press('Escape');
	await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, trial: true }).catch(() => undefined);
	await page.keyboard.press('F1');
	await quickInput.waitOpen(page);
	// F1 opens the palette with the '>' prefix; keep it so the text filters commands, not files.
	await quickInput.input(page).fill(`>${filter}`);
}

/** Runs a command by its palette title, e.g. 'AWS: Sign In…' (exact title; Category: Title). */
export async function runCommand(page: Page, title: string): Promise<void> {
	await openPalette(page, title);
	await quickInput.pick(page, title);
	// The command's own quick pick reuses the palette's widget: until the palette's '>' filter is gone,
	// its rows are still the palette's (a busy machine showed them to the next quickInput.items()).
	await page.waitForFunction((selector) => {
		const input = document.querySelector<HTMLInputElement>(selector);
		return !input || input.offsetParent === null || !input.value.startsWith('>');
	}, `${quickInputWidgetSelector} .quick-input-box input`, { timeout: 10_000 });
}

/** The palette titles shown for a filter text (only the rendered ones). Closes the palette. */
export async function commandPaletteTitles(page: Page, filter: string): Promise<string[]> {
	await openPalette(page, filter);
	// Let the filter settle: the list re-renders after each keystroke.
	await page.waitForTimeout(300);
	const labels = await quickInput.labels(page).catch(() => []);
	await quickInput.cancel(page);
	return labels;
}

/** A modal dialog (showInformationMessage(…, { modal: true }) and friends). */
export const dialog = {
	locator(page: Page): Locator {
		return page.locator('.monaco-dialog-box');
	},
	async waitOpen(page: Page, timeoutMs = 30_000): Promise<void> {
		await dialog.locator(page).waitFor({ state: 'visible', timeout: timeoutMs });
	},
	/** Message and detail text. */
	async text(page: Page): Promise<string> {
		await dialog.waitOpen(page);
		const parts = await dialog.locator(page).locator('.dialog-message-text, .dialog-message-detail').allTextContents();
		return parts.map((p) => p.trim()).filter(Boolean).join('\n');
	},
	async buttons(page: Page): Promise<string[]> {
		await dialog.waitOpen(page);
		return (await dialog.locator(page).locator('.dialog-buttons .monaco-button').allTextContents()).map((t) => t.trim());
	},
	async clickButton(page: Page, label: string | RegExp): Promise<void> {
		await dialog.waitOpen(page);
		await dialog.locator(page).locator('.dialog-buttons .monaco-button', { hasText: label }).first().click();
	},
};
