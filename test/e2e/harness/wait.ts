// Polling assertions: the workbench updates asynchronously, so tests wait for a state rather than sleep.
import type { Locator } from 'playwright-core';

/** Calls probe until it returns a value other than undefined/false, or throws the last reason after timeoutMs. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, description: string, timeoutMs = 30_000, intervalMs = 150): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

function matches(text: string, expected: string | RegExp): boolean {
	return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

/** Waits until the locator's (first match's) text contains the string or matches the pattern; returns the text. */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
	let last = '';
	try {
		return await eventually(async () => {
			last = ((await locator.first().textContent({ timeout: 1000 })) ?? '').trim();
			return matches(last, expected) ? last : undefined;
		}, `text ${expected}`, timeoutMs);
	} catch {
		throw new Error(`Timed out after ${timeoutMs} ms waiting for text ${expected} in ${locator}; last text: ${JSON.stringify(last)}`);
	}
}
