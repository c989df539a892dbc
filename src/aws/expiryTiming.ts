// The two timing rules every expiring secret here follows (AWS credentials and SSO tokens
// alike): when it stops being safe to use, and when to refresh it ahead of that.

/** Stop using it a little early (a request signed now arrives later); the margin shrinks to 10 % of a very short life. */
export function usableUntil(expiresAt: number, lifetimeMs: number, safetyMs: number): number {
	return expiresAt - Math.min(safetyMs, 0.1 * lifetimeMs);
}

/** Refresh `maxAheadMs` before expiry at most, or when `aheadFraction` of the life is left. */
export function refreshDueTime(expiresAt: number, lifetimeMs: number, ahead: { maxAheadMs: number; aheadFraction: number }): number {
	return expiresAt - Math.min(ahead.maxAheadMs, ahead.aheadFraction * lifetimeMs);
}
