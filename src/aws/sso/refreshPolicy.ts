// When an IAM Identity Center token is refreshed, and which answers end a sign-in. Pure:
// numbers and error shapes in, decisions out, so the rules are tested with tables.
// Only a refused refresh token or client registration ends a sign-in — any other 4xx (a
// proxy's 403 block page, AccessDenied), network, 5xx, TLS and storage trouble keep it
// (Toolkit #4582, #5549, #6282, #8294).
import { errorName } from '../errorNames';
import { isTransientError } from '../errorMapping';
import { refreshDueTime, usableUntil } from '../expiryTiming';
import type { SsoTokenRecord } from './tokenStore';

const MINUTE = 60_000;
/** Refresh this long before expiry at most (botocore: 15 min advisory, 10 mandatory)… */
const MAX_REFRESH_AHEAD_MS = 10 * MINUTE;
/** …or at 80 % of a short token's life. */
const REFRESH_AT_FRACTION = 0.8;
/** A refresh tried this recently is not tried again on use (unless forced). */
export const MIN_ATTEMPT_INTERVAL_MS = 30_000;
/** A background refresh that failed is tried again after this, doubling per failure… */
export const RETRY_AFTER_FAILURE_MS = 30_000;
/** …up to this. */
export const MAX_RETRY_AFTER_FAILURE_MS = 5 * MINUTE;
/** Margin for the request in flight when deciding a token is still valid. */
export const EXPIRY_SAFETY_MS = 30_000;
const JITTER_MAX_MS = 30_000;
/** How long another window gets to store the token it just refreshed with our refresh token. */
export const OTHER_WINDOW_GRACE_MS = 1_500;

type TokenTimes = Pick<SsoTokenRecord, 'expiresAt' | 'issuedAt'>;

function lifetimeOf(record: TokenTimes): { expiresAt: number; lifetime: number } {
	const expiresAt = Date.parse(record.expiresAt);
	const issuedAt = Date.parse(record.issuedAt);
	const lifetime = Number.isNaN(issuedAt) ? 60 * MINUTE : Math.max(0, expiresAt - issuedAt);
	return { expiresAt, lifetime };
}

/** Valid with a margin for the request in flight; the margin shrinks for very short-lived tokens. */
export function isStillValid(record: TokenTimes, now: number): boolean {
	const { expiresAt, lifetime } = lifetimeOf(record);
	return usableUntil(expiresAt, lifetime, EXPIRY_SAFETY_MS) > now;
}

export function refreshDueAt(record: TokenTimes): number {
	const { expiresAt, lifetime } = lifetimeOf(record);
	return refreshDueTime(expiresAt, lifetime, { maxAheadMs: MAX_REFRESH_AHEAD_MS, aheadFraction: 1 - REFRESH_AT_FRACTION });
}

/** Whether a caller asking for a token gets the one held or waits for a refresh. */
export function shouldRefreshOnUse(
	record: TokenTimes,
	now: number,
	state: { forceRefresh: boolean; refreshInFlight: boolean; lastAttemptAt: number },
): boolean {
	const valid = isStillValid(record, now);
	const due = state.forceRefresh || now >= refreshDueAt(record);
	// A refresh already under way is joined rather than answered with the old token.
	const recentlyTried = !state.refreshInFlight && now - state.lastAttemptAt < MIN_ATTEMPT_INTERVAL_MS;
	return !(valid && (!due || (!state.forceRefresh && recentlyTried)));
}

/** A failed refresh on use still answers with the held token when the failure was passing. */
export function keepsTokenAfterFailedRefresh(error: unknown, record: TokenTimes | undefined, now: number, forceRefresh: boolean): boolean {
	return !forceRefresh && record !== undefined && isStillValid(record, now) && isTransientError(error);
}

/**
 * Background refresh delay: at the due time, started a little early at random, because
 * windows sharing one sign-in would otherwise all refresh at the same instant and race for
 * the same (rotating) refresh token.
 */
export function backgroundRefreshDelay(record: TokenTimes, now: number, random: number): number {
	const due = Math.max(0, refreshDueAt(record) - now);
	return due - Math.min(JITTER_MAX_MS, 0.05 * due) * random;
}

export const NO_REFRESH_TOKEN = 'the session cannot be renewed (no refresh token was issued)';

/** Why the held token cannot be renewed at all, or undefined when a refresh may be tried. */
export function cannotRenewReason(record: Pick<SsoTokenRecord, 'refreshToken' | 'registrationExpiresAt'>, now: number): string | undefined {
	if (!record.refreshToken) {
		return NO_REFRESH_TOKEN;
	}
	if (Date.parse(record.registrationExpiresAt) <= now) {
		return 'the client registration has expired';
	}
	return undefined;
}

/**
 * The SSO-OIDC answers that no retry can change: the refresh token is refused or expired
 * (invalid_grant, expired_token) or the client registration is (invalid_client,
 * unauthorized_client, e.g. its secret expired).
 */
const SESSION_ENDING_ERRORS = new Set(['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException']);

/** Only a refused refresh token or registration ends the sign-in; anything else is retried later. */
export function endsSignIn(error: unknown): boolean {
	return SESSION_ENDING_ERRORS.has(errorName(error)) && !isTransientError(error);
}

/** The wait before background retry number `failures` (1, 2, …): 30 s doubling, at most 5 min. */
export function retryAfterFailureDelay(failures: number): number {
	const doublings = Math.max(0, Math.min(failures - 1, 10));
	return Math.min(MAX_RETRY_AFTER_FAILURE_MS, RETRY_AFTER_FAILURE_MS * 2 ** doublings);
}

/** invalid_grant may mean another window used the refresh token a moment ago. */
export function mayBeOtherWindowsRefresh(error: unknown): boolean {
	return errorName(error) === 'InvalidGrantException';
}

/** The reason shown when a refused refresh ends the sign-in. */
export function endedReason(error: unknown): string {
	const name = errorName(error);
	return name === 'InvalidGrantException'
		? 'the session has ended or was revoked (invalid_grant)'
		: name === 'InvalidClientException'
			? 'the client registration is no longer valid (invalid_client)'
			: `IAM Identity Center refused to renew it (${name || 'client error'})`;
}
