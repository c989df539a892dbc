// The one "refresh once, then retry" rule: a call rejected for stale credentials or a stale
// token gets exactly one refresh and one more try; a second rejection is final.

export interface RetryAfterRefresh<T> {
	/** The call; `refreshed` is true on the one retry. */
	call(refreshed: boolean): Promise<T>;
	/** Whether the failure is one that fresh credentials (or a fresh token) can fix. */
	isStale(error: unknown): boolean;
	/** Gets fresh credentials before the retry; what it throws is the answer. */
	refresh?(staleError: unknown): Promise<void>;
	/** Replaces the error when the retry is rejected as stale again (default: rethrown as is). */
	staleAgain?(error: unknown): Error;
}

export async function retryAfterRefresh<T>(steps: RetryAfterRefresh<T>): Promise<T> {
	let stale: unknown;
	try {
		return await steps.call(false);
	} catch (error) {
		if (!steps.isStale(error)) {
			throw error;
		}
		stale = error;
	}
	await steps.refresh?.(stale);
	try {
		return await steps.call(true);
	} catch (error) {
		throw steps.staleAgain && steps.isStale(error) ? steps.staleAgain(error) : error;
	}
}
