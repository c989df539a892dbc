// Follows the console session behind a profile source for its traits (which must answer
// synchronously): after each refresh, when the session ends (from the login cache) and whether
// it can still renew (not after AWS Sign-In refused a refresh).
import { consoleSessionEndReason } from './loginErrors';
import { loginCachePath, readLoginCache } from './loginCache';

export interface ConsoleSessionTracker {
	/** Called after each refresh with the profile's login_session (undefined: not a console profile) and the failure, if any. */
	observe(loginSession: string | undefined, failure?: unknown): Promise<void>;
	isConsoleSession(): boolean;
	endsAt(): Date | undefined;
	canRenew(): boolean;
}

export function createConsoleSessionTracker(env: () => NodeJS.ProcessEnv): ConsoleSessionTracker {
	let loginSession: string | undefined;
	let endsAt: Date | undefined;
	let ended = false;
	return {
		async observe(current, failure) {
			loginSession = current;
			ended = failure !== undefined && consoleSessionEndReason(failure) !== undefined;
			endsAt = current ? (await readLoginCache(loginCachePath(current, env()))).sessionEndsAt : undefined;
		},
		isConsoleSession: () => loginSession !== undefined,
		endsAt: () => endsAt,
		canRenew: () => !ended,
	};
}
