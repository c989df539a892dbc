// Mocha root hooks for the end-to-end suite: a screenshot of every failed test, and nothing left running.
import type { Context } from 'mocha';
import { noteFailure, stopAll } from './cleanup';
import { screenshotAllPages } from './screenshots';

export const mochaHooks = {
	async afterEach(this: Context): Promise<void> {
		const test = this.currentTest;
		if (test?.state !== 'failed') return;
		noteFailure();
		const files = await screenshotAllPages(test.fullTitle());
		for (const file of files) console.log(`      screenshot: ${file}`);
	},
	async afterAll(): Promise<void> {
		await stopAll();
	},
};
