// Notices a new console sign-in that arrives in the AWS CLI's login cache by itself (the user ran
// `aws login` in some terminal): watches the cache directory with fs.watch when it can, and polls
// slowly besides (fs.watch misses writes on some file systems, and the directory may not exist
// yet). Reads only; deciding what "new" means is the pure isNewConsoleSession.
import { watch, type FSWatcher } from 'node:fs';
import type { LoginCacheSummary } from './loginCache';

/** A sign-in worth adopting: usable, not ended, and another session (not a refresh) than the one in use. */
export function isNewConsoleSession(inUse: string | undefined, seen: LoginCacheSummary | undefined, now: number): boolean {
	if (!seen?.usable || !seen.sessionKey || seen.sessionKey === inUse) {
		return false;
	}
	return !(seen.sessionEndsAt && seen.sessionEndsAt.getTime() <= now);
}

export const FOLLOW_POLL_MS = 30_000;
/** `aws login` and the SDK write with a plain writeFile: wait for the burst of events to settle. */
export const FOLLOW_SETTLE_MS = 400;

export interface SessionFollowInit {
	directory: string;
	/** The cache as it is now (undefined: nothing to look at, e.g. while our own sign-in command waits for it). */
	read: () => Promise<LoginCacheSummary | undefined>;
	/** The session key the sign-in uses now. */
	inUse: () => string | undefined;
	onNewSession: (seen: LoginCacheSummary) => void;
	pollMs?: number;
	settleMs?: number;
	now?: () => number;
}

export function followConsoleSession(init: SessionFollowInit): { dispose(): void } {
	const now = init.now ?? Date.now;
	let disposed = false;
	let checking = false;
	let again = false;
	let settle: NodeJS.Timeout | undefined;
	let watcher: FSWatcher | undefined;

	const check = async (): Promise<void> => {
		if (checking) {
			again = true;
			return;
		}
		checking = true;
		try {
			do {
				again = false;
				const seen = await init.read().catch(() => undefined);
				if (!disposed && seen && isNewConsoleSession(init.inUse(), seen, now())) {
					init.onNewSession(seen);
				}
			} while (again && !disposed);
		} finally {
			checking = false;
		}
	};
	const soon = (): void => {
		clearTimeout(settle);
		settle = setTimeout(() => void check(), init.settleMs ?? FOLLOW_SETTLE_MS);
		settle.unref?.();
	};
	const startWatching = (): void => {
		if (watcher || disposed) return;
		try {
			watcher = watch(init.directory, { persistent: false }, soon);
			watcher.on('error', () => {
				watcher?.close();
				watcher = undefined;
			});
		} catch {
			// No directory yet (never signed in) or no fs.watch here: the poll finds the sign-in.
			watcher = undefined;
		}
	};
	startWatching();
	const poll = setInterval(() => {
		startWatching();
		void check();
	}, init.pollMs ?? FOLLOW_POLL_MS);
	poll.unref?.();
	return {
		dispose() {
			disposed = true;
			clearInterval(poll);
			clearTimeout(settle);
			watcher?.close();
			watcher = undefined;
		},
	};
}
