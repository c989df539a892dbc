import * as assert from 'node:assert/strict';
import { expiryWarning, type ExpiryWarning } from '../../../../src/vscode/signIn/expiryWarning';
import type { SignInSnapshot } from '../../../../src/vscode/signIn/signInState';
import type { IdentityDisplay } from '../../../../src/vscode/statusFormat';

const NOW = Date.parse('2026-11-23T16:00:00Z');
const MIN = 60_000;

function display(overrides: Partial<IdentityDisplay> = {}): IdentityDisplay {
	return { method: 'accessKeys', methodLabel: 'Access keys', name: 'alice', accountId: '123456789012', region: 'us-east-1', canRefresh: false, ...overrides };
}

describe('expiry warning', () => {
	const soon = display({ expiresAt: NOW + 7 * MIN, accountName: 'sandbox' });
	const past = display({ expiresAt: NOW - MIN });
	const cases: Array<{ label: string; snapshot: SignInSnapshot; afterFailure?: boolean; warning: ExpiryWarning | undefined }> = [
		{ label: 'signed in: none', snapshot: { state: 'signedIn', display: soon }, warning: undefined },
		{ label: 'signing in: none', snapshot: { state: 'signingIn', display: soon }, warning: undefined },
		{ label: 'error: none', snapshot: { state: 'error', display: past }, warning: undefined },
		{ label: 'expiring without a display: none', snapshot: { state: 'expiring' }, warning: undefined },
		{
			label: 'expiring: a warning with the time left and the account name',
			snapshot: { state: 'expiring', display: soon },
			warning: {
				key: `expiring@${NOW + 7 * MIN}`,
				level: 'warning',
				message: 'Your AWS credentials (alice · sandbox) expire in 7m and cannot be renewed without you.',
			},
		},
		{
			label: 'expired by the clock: an error naming who',
			snapshot: { state: 'expired', display: past },
			warning: { key: `expired@${NOW - MIN}`, level: 'error', message: 'Your AWS sign-in (alice · 123456789012) has expired.' },
		},
		{
			label: 'expired after a failure: the short error, same key as the clock’s',
			snapshot: { state: 'expired', display: past, errorMessage: 'x' },
			afterFailure: true,
			warning: { key: `expired@${NOW - MIN}`, level: 'error', message: 'Your AWS sign-in has expired.' },
		},
		{
			label: 'after a failure with nothing shown',
			snapshot: { state: 'expired' },
			afterFailure: true,
			warning: { key: 'expired@undefined', level: 'error', message: 'Your AWS sign-in has expired.' },
		},
	];
	for (const c of cases) {
		it(c.label, () => {
			assert.deepEqual(expiryWarning(c.snapshot, NOW, c.afterFailure), c.warning);
		});
	}
});
