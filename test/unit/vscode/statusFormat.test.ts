import * as assert from 'node:assert/strict';
import {
	classifyExpiry,
	displayedExpiry,
	formatStatus,
	formatTimeLeft,
	type IdentityDisplay,
	type SignInStateName,
	SIGNED_OUT_TEXT,
} from '../../../src/vscode/statusFormat';

const NOW = Date.parse('2026-11-23T16:00:00Z');
const MIN = 60_000;

function display(overrides: Partial<IdentityDisplay> = {}): IdentityDisplay {
	return {
		method: 'accessKeys',
		methodLabel: 'Access keys',
		name: 'alice',
		accountId: '123456789012',
		arn: 'arn:aws:iam::123456789012:user/alice',
		region: 'us-east-1',
		canRefresh: false,
		...overrides,
	};
}

describe('status bar formatter', () => {
	const cases: Array<{
		label: string;
		state: SignInStateName;
		display?: IdentityDisplay;
		text: string;
		background: 'warning' | 'error' | undefined;
	}> = [
		{ label: 'signed out', state: 'signedOut', text: SIGNED_OUT_TEXT, background: undefined },
		{ label: 'signed out after a failure', state: 'error', text: SIGNED_OUT_TEXT, background: 'error' },
		{ label: 'signing in', state: 'signingIn', text: '$(sync~spin) AWS: Signing in…', background: undefined },
		{
			label: 'fresh keys with no expiry: no time left shown',
			state: 'signedIn',
			display: display(),
			text: '$(account) alice · 123456789012',
			background: undefined,
		},
		{
			label: 'account name preferred over id, minutes left',
			state: 'signedIn',
			display: display({ accountName: 'sandbox', expiresAt: NOW + 52 * MIN + 30_000 }),
			text: '$(account) alice · sandbox · 52m',
			background: undefined,
		},
		{
			label: 'hours left, rounded down',
			state: 'signedIn',
			display: display({ expiresAt: NOW + 7 * 60 * MIN + 59 * MIN }),
			text: '$(account) alice · 123456789012 · 7h',
			background: undefined,
		},
		{
			label: 'inside the warning window of non-refreshable keys',
			state: 'expiring',
			display: display({ expiresAt: NOW + 5 * MIN }),
			text: '$(account) alice · 123456789012 · 5m',
			background: 'warning',
		},
		{
			label: 'exactly at the warning threshold',
			state: 'signedIn',
			display: display({ expiresAt: NOW + 10 * MIN }),
			text: '$(account) alice · 123456789012 · 10m',
			background: 'warning',
		},
		{
			label: 'one minute before the warning window',
			state: 'signedIn',
			display: display({ expiresAt: NOW + 11 * MIN }),
			text: '$(account) alice · 123456789012 · 11m',
			background: undefined,
		},
		{
			label: 'expired keys',
			state: 'expired',
			display: display({ expiresAt: NOW - MIN }),
			text: '$(account) alice · 123456789012 · expired',
			background: 'error',
		},
		{
			label: 'deadline passed while the state still says signed in',
			state: 'signedIn',
			display: display({ expiresAt: NOW }),
			text: '$(account) alice · 123456789012 · expired',
			background: 'error',
		},
		{
			label: 'refreshable credentials with no known end: no countdown',
			state: 'signedIn',
			display: display({ canRefresh: true, method: 'profile', expiresAt: undefined }),
			text: '$(account) alice · 123456789012',
			background: undefined,
		},
		{
			label: 'refreshable credentials inside the window: countdown but no warning',
			state: 'signedIn',
			display: display({ canRefresh: true, method: 'sso', expiresAt: NOW + 3 * MIN }),
			text: '$(account) alice · 123456789012 · 3m',
			background: undefined,
		},
		{
			label: 'refreshable credentials past their time are renewing, not expired',
			state: 'signedIn',
			display: display({ canRefresh: true, method: 'sso', expiresAt: NOW - MIN }),
			text: '$(account) alice · 123456789012',
			background: undefined,
		},
		{
			label: 'a Bedrock API key has no account',
			state: 'signedIn',
			display: display({ method: 'bedrockApiKey', name: 'Bedrock API key', accountId: '', canRefresh: true }),
			text: '$(account) Bedrock API key · Bedrock only',
			background: undefined,
		},
		{
			label: 'identity check failing',
			state: 'error',
			display: display({ expiresAt: NOW + 3 * 60 * MIN }),
			text: '$(account) alice · 123456789012 · 3h',
			background: 'error',
		},
		{
			label: 'under a minute left',
			state: 'expiring',
			display: display({ expiresAt: NOW + 20_000 }),
			text: '$(account) alice · 123456789012 · <1m',
			background: 'warning',
		},
	];

	for (const c of cases) {
		it(`${c.label}: "${c.text}"`, () => {
			const view = formatStatus({ state: c.state, display: c.display, now: NOW, warningMinutes: 10 });
			assert.equal(view.text, c.text);
			assert.equal(view.background, c.background);
		});
	}

	it('tooltip gives the full ARN, account, role, method, region and the exact expiry time', () => {
		const view = formatStatus({
			state: 'signedIn',
			display: display({
				method: 'sso',
				methodLabel: 'IAM Identity Center (SSO)',
				name: 'alice@example.com',
				arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_abc/alice@example.com',
				accountName: 'sandbox',
				roleName: 'Dev',
				region: 'eu-west-1',
				expiresAt: Date.parse('2026-11-23T23:30:00Z'),
				canRefresh: true,
			}),
			now: NOW,
			warningMinutes: 10,
		});
		assert.match(view.tooltip, /`arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_Dev_abc\/alice@example\.com`/);
		assert.match(view.tooltip, /Account: sandbox \(123456789012\)/);
		assert.match(view.tooltip, /Role: Dev/);
		assert.match(view.tooltip, /Method: IAM Identity Center \\\(SSO\\\)/);
		assert.match(view.tooltip, /Region: eu\\-west\\-1/);
		assert.match(view.tooltip, /2026-11-23 23:30:00 UTC \(in 7h\), then renews automatically/);
	});

	describe('a failed background renewal of the SSO token', () => {
		const sso = (lastRefreshFailure?: IdentityDisplay['lastRefreshFailure'], expiresAt = NOW + 7 * 60 * MIN) =>
			display({ method: 'sso', methodLabel: 'IAM Identity Center (SSO)', expiresAt, canRefresh: true, ...(lastRefreshFailure ? { lastRefreshFailure } : {}) });

		it('says in the tooltip that it failed, when, why, and that it is retried', () => {
			const view = formatStatus({ state: 'signedIn', display: sso({ reason: 'Could not reach oidc.us-east-1.amazonaws.com (ECONNRESET)', at: NOW - 12 * MIN }), now: NOW, warningMinutes: 10 });
			// The reason is Markdown-escaped (the tooltip is Markdown), hence the backslashes.
			const expected = String.raw`$(warning) Renewing the sign-in in the background failed at 2026-11-23 15:48:00 UTC (12m ago): Could not reach oidc\.us\-east\-1\.amazonaws\.com \(ECONNRESET\)\. It is tried again automatically; the current credentials keep working until they expire.`;
			assert.ok(view.tooltip.includes(expected), view.tooltip);
			assert.equal(view.text, '$(account) alice · 123456789012 · 7h', 'the item itself is unchanged');
			assert.equal(view.background, undefined);
		});

		it('says "just now" within the first minute', () => {
			const view = formatStatus({ state: 'signedIn', display: sso({ reason: 'AccessDeniedException: blocked by proxy', at: NOW - 20_000 }), now: NOW, warningMinutes: 10 });
			assert.ok(view.tooltip.includes(String.raw`failed at 2026-11-23 15:59:40 UTC (just now): AccessDeniedException: blocked by proxy\. It is`), view.tooltip);
		});

		it('never shows a token that slipped into the reason', () => {
			const secret = 'aoaAAAAAGlzIGEgc2VjcmV0IHRva2VuIHZhbHVlIHRoYXQgaXMgbG9uZw';
			const view = formatStatus({ state: 'signedIn', display: sso({ reason: `refresh failed with accessToken=${secret}`, at: NOW - 2 * MIN }), now: NOW, warningMinutes: 10 });
			assert.match(view.tooltip, /Renewing the sign-in in the background failed/);
			assert.doesNotMatch(view.tooltip, new RegExp(secret.slice(0, 20)));
		});

		it('says nothing of renewals when none failed, nor once the sign-in has expired', () => {
			assert.doesNotMatch(formatStatus({ state: 'signedIn', display: sso(), now: NOW, warningMinutes: 10 }).tooltip, /background/);
			const ended = formatStatus({ state: 'expired', display: sso({ reason: 'x', at: NOW - MIN }, NOW - MIN), now: NOW, warningMinutes: 10 });
			assert.doesNotMatch(ended.tooltip, /background/);
		});
	});

	it('escapes Markdown in names taken from ARNs', () => {
		const view = formatStatus({ state: 'signedIn', display: display({ name: 'a*b_[x](y)' }), now: NOW, warningMinutes: 10 });
		assert.match(view.tooltip, /a\\\*b\\_\\\[x\\\]\\\(y\\\)/);
	});
});

describe('expiry classification', () => {
	it('shows the end of the sign-in when known', () => {
		const end = new Date(NOW + 8 * 60 * MIN);
		assert.equal(displayedExpiry({ canRefreshSilently: false, credentialsExpireAt: new Date(NOW + MIN), signInExpiresAt: end }), end.getTime());
	});
	it('else the credentials expiry', () => {
		const at = new Date(NOW + 52 * MIN);
		assert.equal(displayedExpiry({ canRefreshSilently: true, credentialsExpireAt: at }), at.getTime());
	});
	it('has nothing to show for credentials without an expiry', () => {
		assert.equal(displayedExpiry({ canRefreshSilently: true }), undefined);
	});
	it('never warns for refreshable credentials', () => {
		assert.equal(classifyExpiry(display({ canRefresh: true, expiresAt: NOW + MIN }), NOW, 10), 'signedIn');
		assert.equal(classifyExpiry(display({ canRefresh: true, expiresAt: NOW - MIN }), NOW, 10), 'signedIn');
	});
	it('moves from signed in to expiring to expired as time passes', () => {
		const d = display({ expiresAt: NOW + 15 * MIN });
		assert.equal(classifyExpiry(d, NOW, 10), 'signedIn');
		assert.equal(classifyExpiry(d, NOW + 6 * MIN, 10), 'expiring');
		assert.equal(classifyExpiry(d, NOW + 15 * MIN, 10), 'expired');
	});
	it('never warns with a zero-minute window until expiry', () => {
		const d = display({ expiresAt: NOW + MIN });
		assert.equal(classifyExpiry(d, NOW, 0), 'signedIn');
	});
});

describe('time left', () => {
	const table: Array<[number, string]> = [
		[30_000, '<1m'],
		[MIN, '1m'],
		[59 * MIN + 59_000, '59m'],
		[60 * MIN, '1h'],
		[47 * 60 * MIN, '47h'],
		[49 * 60 * MIN, '2d'],
	];
	for (const [ms, text] of table) {
		it(`${ms} ms reads ${text}`, () => assert.equal(formatTimeLeft(ms), text));
	}
});
