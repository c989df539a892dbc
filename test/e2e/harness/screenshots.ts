// Screenshots into test-results/: taken on purpose, and of every open page when a test fails.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir } from './paths';

const openPages = new Set<Page>();

export function registerPage(page: Page): void {
	openPages.add(page);
	page.once('close', () => openPages.delete(page));
}

export function unregisterPage(page: Page): void {
	openPages.delete(page);
}

function fileNameFor(name: string): string {
	return name.replace(/[^\w.\- ]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 150) || 'screenshot';
}

/** Saves test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(resultsDir, { recursive: true });
	const file = join(resultsDir, `${fileNameFor(name)}.png`);
	await page.screenshot({ path: file, timeout: 10_000 });
	return file;
}

/** One screenshot per open page: `<name>.png`, then `<name> (2).png`… */
export async function screenshotAllPages(name: string): Promise<string[]> {
	const files: string[] = [];
	let index = 0;
	for (const page of openPages) {
		if (page.isClosed()) continue;
		index++;
		try {
			files.push(await screenshot(page, index === 1 ? name : `${name} (${index})`));
		} catch {
			// A page that is navigating or crashed cannot be captured; the test's own error says more.
		}
	}
	return files;
}
