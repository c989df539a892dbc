// The sign-in state machine as one pure function, (snapshot, event) → snapshot:
// signedOut → signingIn → signedIn ⇄ expiring → expired, or error. No vscode, no I/O.
import { classifyExpiry, type IdentityDisplay, type SignInStateName } from '../statusFormat';

/** What the UI shows of the current sign-in. */
export interface SignInSnapshot {
	state: SignInStateName;
	display?: IdentityDisplay;
	errorMessage?: string;
}

/** The time and the warning window an event is judged by. */
export interface ExpiryTiming {
	now: number;
	warningMinutes: number;
}

export type SignInEvent =
	/** Activation found a sign-in cached by an earlier run; `wasExpired`: it was already over then. */
	| { type: 'cacheLoaded'; display: IdentityDisplay; wasExpired: boolean }
	| { type: 'signInStarted' }
	/** A sign-in failed or was replaced: the state from before it comes back. */
	| { type: 'signInAbandoned'; previous: SignInSnapshot }
	/** STS confirmed who the user is (a new sign-in, a refresh, another window's). */
	| { type: 'confirmed'; display: IdentityDisplay }
	/** The live Connection renewed its credentials or learnt a new expiry. */
	| { type: 'expiryChanged'; expiresAt: number | undefined; canRefresh: boolean; lastRefreshFailure?: IdentityDisplay['lastRefreshFailure'] }
	/** The expiry clock ticked while a Connection is live. */
	| { type: 'tick' }
	/** The sign-in could not be confirmed; `display`, when given, replaces the shown one. */
	| { type: 'failed'; message: string; needsSignIn: boolean; display?: IdentityDisplay }
	| { type: 'signedOut' };

const CLOCK_STATES: ReadonlySet<SignInStateName> = new Set(['signedIn', 'expiring', 'expired']);

/** The next snapshot; `current` itself (same object) when the event changes nothing. */
export function transition(current: SignInSnapshot, event: SignInEvent, timing: ExpiryTiming): SignInSnapshot {
	const classify = (display: IdentityDisplay) => classifyExpiry(display, timing.now, timing.warningMinutes);
	switch (event.type) {
		case 'cacheLoaded':
			return { state: event.wasExpired ? 'expired' : classify(event.display), display: event.display };
		case 'signInStarted':
			return { ...current, state: 'signingIn' };
		case 'signInAbandoned':
			return { ...event.previous };
		case 'confirmed':
			return { state: classify(event.display), display: event.display };
		case 'expiryChanged': {
			if (!current.display) {
				return current;
			}
			const { lastRefreshFailure: _previous, ...rest } = current.display;
			const display: IdentityDisplay = { ...rest, expiresAt: event.expiresAt, canRefresh: event.canRefresh, ...(event.lastRefreshFailure ? { lastRefreshFailure: event.lastRefreshFailure } : {}) };
			// An error stays until a new sign-in or refresh clears it, whatever the clock says.
			return { ...current, display, state: current.state === 'error' ? 'error' : classify(display) };
		}
		case 'tick': {
			// Only a confirmed sign-in is the clock's to move; signing in and errors are not.
			if (!current.display || !CLOCK_STATES.has(current.state)) {
				return current;
			}
			const state = classify(current.display);
			return state === current.state ? current : { ...current, state };
		}
		case 'failed':
			return { state: event.needsSignIn ? 'expired' : 'error', display: event.display ?? current.display, errorMessage: event.message };
		case 'signedOut':
			return { state: 'signedOut' };
	}
}
