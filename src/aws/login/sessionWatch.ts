// Waits until `aws login` has written a new sign-in to the cache: polls the file's summary
// (fs.watch misses atomic renames on some systems) until it is usable and differs from the
// one seen before the CLI started. Never reads or writes anything else.
import { BedrockConnectError } from '../errors';
import type { LoginCacheSummary } from './loginCache';

export interface SessionWatchInit {
	read: () => Promise<LoginCacheSummary | undefined>;
	/** The fingerprint before `aws login` ran (undefined: there was no file). */
	before: string | undefined;
	signal: AbortSignal;
	intervalMs?: number;
	timeoutMs?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

export async function waitForNewConsoleSession(init: SessionWatchInit): Promise<LoginCacheSummary> {
	const sleep = init.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
	const now = init.now ?? Date.now;
	const deadline = now() + (init.timeoutMs ?? 10 * 60_000);
	for (;;) {
		if (init.signal.aborted) {
			throw new BedrockConnectError('Cancelled', 'Waiting for `aws login` was cancelled.');
		}
		const summary = await init.read();
		if (summary?.usable && summary.fingerprint !== init.before) {
			return summary;
		}
		if (now() >= deadline) {
			throw new BedrockConnectError('ConsoleSessionEnded', 'No new console sign-in arrived in the AWS CLI login cache in time.', {
				action: 'Finish `aws login` in the terminal (or run it again), then use "AWS: Sign In with Console Credentials" once more.',
			});
		}
		await sleep(init.intervalMs ?? 1000);
	}
}
