import * as assert from 'node:assert/strict';
import { retryAfterRefresh } from '../../../src/aws/retryAfterRefresh';

const STALE = new Error('stale');
const OTHER = new Error('other');

/** Runs the helper with scripted outcomes of the two calls; returns what happened. */
async function run(outcomes: Array<'ok' | Error>, options: { staleAgain?: boolean; refreshFails?: boolean } = {}) {
	const calls: boolean[] = [];
	let refreshes = 0;
	try {
		const value = await retryAfterRefresh({
			call: async (refreshed) => {
				calls.push(refreshed);
				const outcome = outcomes[calls.length - 1];
				if (outcome !== 'ok') throw outcome;
				return 'value';
			},
			isStale: (e) => e === STALE,
			refresh: async () => {
				refreshes++;
				if (options.refreshFails) throw new Error('refresh failed');
			},
			...(options.staleAgain ? { staleAgain: () => new Error('sign in again') } : {}),
		});
		return { value, calls, refreshes };
	} catch (error) {
		return { error: (error as Error).message, calls, refreshes };
	}
}

describe('retryAfterRefresh', () => {
	it('refreshes once and retries only after a stale failure', async () => {
		const table: Array<[string, Array<'ok' | Error>, { staleAgain?: boolean; refreshFails?: boolean }, object]> = [
			['first call works', ['ok'], {}, { value: 'value', calls: [false], refreshes: 0 }],
			['other failure is final', [OTHER], {}, { error: 'other', calls: [false], refreshes: 0 }],
			['stale, then works', [STALE, 'ok'], {}, { value: 'value', calls: [false, true], refreshes: 1 }],
			['stale twice: rethrown', [STALE, STALE], {}, { error: 'stale', calls: [false, true], refreshes: 1 }],
			['stale twice: replaced', [STALE, STALE], { staleAgain: true }, { error: 'sign in again', calls: [false, true], refreshes: 1 }],
			['stale, then other', [STALE, OTHER], { staleAgain: true }, { error: 'other', calls: [false, true], refreshes: 1 }],
			['refresh fails: its error', [STALE, 'ok'], { refreshFails: true }, { error: 'refresh failed', calls: [false], refreshes: 1 }],
		];
		for (const [name, outcomes, options, expected] of table) {
			assert.deepEqual(await run(outcomes, options), expected, name);
		}
	});
});
