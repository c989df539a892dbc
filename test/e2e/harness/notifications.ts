// Reads and answers the workbench's notification toasts (showInformationMessage/showWarningMessage/…).
import type { Locator, Page } from 'playwright-core';
import { eventually } from './wait';

const toastSelector = '.notifications-toasts .notification-toast-container';

function matches(text: string, expected: string | RegExp): boolean {
	return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

export const notifications = {
	toasts(page: Page): Locator {
		return page.locator(toastSelector).filter({ visible: true });
	},

	/** The message of every visible toast, newest first. */
	async texts(page: Page): Promise<string[]> {
		const messages = await notifications.toasts(page).locator('.notification-list-item-message').allTextContents();
		return messages.map((m) => m.trim());
	},

	/** Waits for a toast whose message contains the string or matches the pattern; returns that toast. */
	async waitFor(page: Page, message: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
		await eventually(async () => (await notifications.texts(page)).some((t) => matches(t, message)), `a notification ${message} (seen: ${(await notifications.texts(page).catch(() => [])).join(' | ')})`, timeoutMs);
		return notifications.toasts(page).filter({ has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
	},

	/** The button labels of the toast matching `message`. */
	async buttons(page: Page, message: string | RegExp, timeoutMs = 30_000): Promise<string[]> {
		const toast = await notifications.waitFor(page, message, timeoutMs);
		return (await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((t) => t.trim());
	},

	/** Clicks a button (e.g. 'Retry', 'Sign In') of the toast matching `message`. */
	async clickButton(page: Page, message: string | RegExp, button: string | RegExp, timeoutMs = 30_000): Promise<void> {
		const toast = await notifications.waitFor(page, message, timeoutMs);
		await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button }).first().click();
	},

	/** Asserts by waiting: resolves once no visible toast matches `message`. */
	async waitGone(page: Page, message: string | RegExp, timeoutMs = 30_000): Promise<void> {
		await eventually(async () => !(await notifications.texts(page)).some((t) => matches(t, message)), `notification ${message} to close`, timeoutMs);
	},

	/** Closes every toast (so the next assertion only sees new ones). */
	async clearAll(page: Page): Promise<void> {
		for (const close of await notifications.toasts(page).locator('.codicon-notifications-clear, .codicon-close').all()) {
			await close.click({ timeout: 2000 }).catch(() => undefined);
		}
	},
};
