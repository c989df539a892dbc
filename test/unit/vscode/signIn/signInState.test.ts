import * as assert from 'node:assert/strict';
import { transition, type ExpiryTiming, type SignInEvent, type SignInSnapshot } from '../../../../src/vscode/signIn/signInState';
import type { IdentityDisplay } from '../../../../src/vscode/statusFormat';

const NOW = Date.parse('2026-11-23T16:00:00Z');
const MIN = 60_000;
const TIMING: ExpiryTiming = { now: NOW, warningMinutes: 10 };

function display(overrides: Partial<IdentityDisplay> = {}): IdentityDisplay {
	return { method: 'accessKeys', methodLabel: 'Access keys', name: 'alice', accountId: '123456789012', region: 'us-east-1', canRefresh: false, ...overrides };
}

const fresh = display({ expiresAt: NOW + 60 * MIN });
const soon = display({ expiresAt: NOW + 5 * MIN });
const past = display({ expiresAt: NOW - MIN });
const renewing = display({ expiresAt: NOW - MIN, canRefresh: true });

describe('sign-in state machine', () => {
	const cases: Array<{ label: string; from: SignInSnapshot; event: SignInEvent; to: SignInSnapshot | 'unchanged' }> = [
		// signedOut → signingIn → signedIn / expiring / expired
		{ label: 'a sign-in starts', from: { state: 'signedOut' }, event: { type: 'signInStarted' }, to: { state: 'signingIn' } },
		{
			label: 'signing in keeps what was shown until the new one is confirmed',
			from: { state: 'error', display: fresh, errorMessage: 'boom' },
			event: { type: 'signInStarted' },
			to: { state: 'signingIn', display: fresh, errorMessage: 'boom' },
		},
		{ label: 'confirmed, far from expiry', from: { state: 'signingIn' }, event: { type: 'confirmed', display: fresh }, to: { state: 'signedIn', display: fresh } },
		{ label: 'confirmed inside the warning window', from: { state: 'signingIn' }, event: { type: 'confirmed', display: soon }, to: { state: 'expiring', display: soon } },
		{ label: 'confirmed already past its expiry', from: { state: 'signingIn' }, event: { type: 'confirmed', display: past }, to: { state: 'expired', display: past } },
		{ label: 'renewing credentials never expire by the clock', from: { state: 'signingIn' }, event: { type: 'confirmed', display: renewing }, to: { state: 'signedIn', display: renewing } },
		{
			label: 'confirming clears an earlier error',
			from: { state: 'signingIn', display: fresh, errorMessage: 'boom' },
			event: { type: 'confirmed', display: fresh },
			to: { state: 'signedIn', display: fresh },
		},
		{
			label: 'an abandoned sign-in brings back the state before it',
			from: { state: 'signingIn', display: fresh },
			event: { type: 'signInAbandoned', previous: { state: 'expiring', display: soon } },
			to: { state: 'expiring', display: soon },
		},
		// signedIn ⇄ expiring → expired, by the clock
		{ label: 'tick: still far from expiry', from: { state: 'signedIn', display: fresh }, event: { type: 'tick' }, to: 'unchanged' },
		{ label: 'tick: into the warning window', from: { state: 'signedIn', display: soon }, event: { type: 'tick' }, to: { state: 'expiring', display: soon } },
		{ label: 'tick: past the expiry', from: { state: 'expiring', display: past }, event: { type: 'tick' }, to: { state: 'expired', display: past } },
		{ label: 'tick: renewed back out of the window', from: { state: 'expiring', display: fresh }, event: { type: 'tick' }, to: { state: 'signedIn', display: fresh } },
		{ label: 'tick: signed out is not the clock’s', from: { state: 'signedOut' }, event: { type: 'tick' }, to: 'unchanged' },
		{ label: 'tick: signing in is not the clock’s', from: { state: 'signingIn', display: past }, event: { type: 'tick' }, to: 'unchanged' },
		{ label: 'tick: an error is not the clock’s', from: { state: 'error', display: past, errorMessage: 'x' }, event: { type: 'tick' }, to: 'unchanged' },
		// Connection changes
		{
			label: 'renewed credentials move the expiry',
			from: { state: 'expiring', display: soon },
			event: { type: 'expiryChanged', expiresAt: NOW + 60 * MIN, canRefresh: false },
			to: { state: 'signedIn', display: fresh },
		},
		{
			label: 'an error stays an error when the expiry moves',
			from: { state: 'error', display: soon, errorMessage: 'x' },
			event: { type: 'expiryChanged', expiresAt: NOW + 60 * MIN, canRefresh: false },
			to: { state: 'error', display: fresh, errorMessage: 'x' },
		},
		{
			label: 'a failed background renewal is shown with the expiry',
			from: { state: 'signedIn', display: fresh },
			event: { type: 'expiryChanged', expiresAt: NOW + 60 * MIN, canRefresh: false, lastRefreshFailure: { reason: 'Could not reach oidc.us-east-1.amazonaws.com.', at: NOW - MIN } },
			to: { state: 'signedIn', display: { ...fresh, lastRefreshFailure: { reason: 'Could not reach oidc.us-east-1.amazonaws.com.', at: NOW - MIN } } },
		},
		{
			label: 'a renewal that works again clears the failure shown',
			from: { state: 'signedIn', display: { ...fresh, lastRefreshFailure: { reason: 'x', at: NOW - MIN } } },
			event: { type: 'expiryChanged', expiresAt: NOW + 60 * MIN, canRefresh: false },
			to: { state: 'signedIn', display: fresh },
		},
		{ label: 'an expiry change with nothing shown changes nothing', from: { state: 'signingIn' }, event: { type: 'expiryChanged', expiresAt: NOW, canRefresh: false }, to: 'unchanged' },
		// → error / expired after a failure
		{
			label: 'a failure that needs a new sign-in is expired',
			from: { state: 'signedIn', display: fresh },
			event: { type: 'failed', message: 'token expired', needsSignIn: true },
			to: { state: 'expired', display: fresh, errorMessage: 'token expired' },
		},
		{
			label: 'any other failure is an error',
			from: { state: 'signedIn', display: fresh },
			event: { type: 'failed', message: 'network down', needsSignIn: false },
			to: { state: 'error', display: fresh, errorMessage: 'network down' },
		},
		{
			label: 'a failure can show another display (another window’s record)',
			from: { state: 'signedIn', display: fresh },
			event: { type: 'failed', message: 'x', needsSignIn: false, display: soon },
			to: { state: 'error', display: soon, errorMessage: 'x' },
		},
		// cache and sign-out
		{ label: 'cache: classified by the clock', from: { state: 'signedOut' }, event: { type: 'cacheLoaded', display: soon, wasExpired: false }, to: { state: 'expiring', display: soon } },
		{ label: 'cache: expired in an earlier run stays expired', from: { state: 'signedOut' }, event: { type: 'cacheLoaded', display: fresh, wasExpired: true }, to: { state: 'expired', display: fresh } },
		{ label: 'sign-out forgets everything', from: { state: 'error', display: fresh, errorMessage: 'x' }, event: { type: 'signedOut' }, to: { state: 'signedOut' } },
	];

	for (const c of cases) {
		it(c.label, () => {
			const next = transition(c.from, c.event, TIMING);
			if (c.to === 'unchanged') {
				assert.equal(next, c.from, 'the same object, so no change event fires');
			} else {
				assert.notEqual(next, c.from);
				assert.deepEqual(next, c.to);
			}
		});
	}

	it('never changes the snapshot it is given', () => {
		const from: SignInSnapshot = { state: 'signedIn', display: soon };
		const copy = structuredClone(from);
		transition(from, { type: 'tick' }, TIMING);
		transition(from, { type: 'expiryChanged', expiresAt: NOW, canRefresh: true }, TIMING);
		assert.deepEqual(from, copy);
	});
});
