// Which expiry warning the current sign-in calls for, as a pure function; the key names
// the transition it belongs to, so each transition is announced once.
import { formatTimeLeft, type IdentityDisplay } from '../statusFormat';
import type { SignInSnapshot } from './signInState';

export interface ExpiryWarning {
	/** `state@deadline`: the same key again is the same news. */
	key: string;
	level: 'warning' | 'error';
	message: string;
	/** What "Sign in again" runs; default bedrockConnect.signIn. */
	command?: string;
}

export function expiredKey(display: IdentityDisplay | undefined): string {
	return `expired@${display?.expiresAt}`;
}

/**
 * The warning due for `snapshot`, if any. `afterFailure`: the sign-in was just found over
 * (refresh failed, sign-in required), not by the clock; that has no countdown to tell.
 */
export function expiryWarning(snapshot: SignInSnapshot, now: number, afterFailure = false): ExpiryWarning | undefined {
	const { state, display } = snapshot;
	if (afterFailure) {
		return { key: expiredKey(display), level: 'error', message: 'Your AWS sign-in has expired.' };
	}
	if (!display || (state !== 'expiring' && state !== 'expired')) {
		return undefined;
	}
	const who = `${display.name} · ${display.accountName || display.accountId}`;
	return state === 'expired'
		? { key: expiredKey(display), level: 'error', message: `Your AWS sign-in (${who}) has expired.` }
		: {
				key: `expiring@${display.expiresAt}`,
				level: 'warning',
				message: `Your AWS credentials (${who}) expire in ${formatTimeLeft((display.expiresAt ?? 0) - now)} and cannot be renewed without you.`,
			};
}
