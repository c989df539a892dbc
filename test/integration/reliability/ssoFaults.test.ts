// IAM Identity Center faults during refresh and at start-up, through the real engine and the
// Bedrock service: passing trouble (5xx) keeps the session and the still-valid credentials;
// only a refused refresh token ends it, with a reason, and only once it is needed. (Credentials
// all expiring server-side mid-conversation: test/integration/bedrock/engineSession.test.ts.)
import assert from 'node:assert/strict';
import { useEmulator } from '../emulator/support';
import { failureOf, openChat, SSO_REGION, SSO_SPEC, START_URL, signInWithSso, startEngine, type ChatUnderTest, type EngineUnderTest } from './engineUnderTest';

const MINUTE = 60_000;

describe('reliability: IAM Identity Center faults (engine + Bedrock service)', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let underTest: EngineUnderTest;
	let chat: ChatUnderTest;

	beforeEach(async () => {
		// 20-minute role credentials and access tokens: a refresh is due after 15 (credentials)
		// and 16 minutes (token). The engine's clock is moved forward for that; the emulator
		// keeps real time, so a test that moves the clock first makes newly issued things
		// outlive the jump (setLifetimes) — otherwise the engine would see them as expired.
		harness.emulator.control.setLifetimes({ roleCredentials: 20 * 60, accessToken: 20 * 60 });
		underTest = startEngine();
		await signInWithSso(underTest.engine);
		chat = openChat(underTest);
		await chat.send('first question');
	});
	afterEach(() => {
		chat?.dispose();
		underTest?.dispose();
	});

	const keyUsedByLastChat = (): string | undefined => harness.emulator.control.lastRequest('bedrock:ConverseStream')?.accessKeyId;

	it('keeps using valid credentials while GetRoleCredentials fails with 5xx, reports Network once they expire, and recovers', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		const original = await chat.session.credentials();
		const expiresAt = original.expiration.getTime();

		// The refresh is due, and the portal answers 500 to every attempt (more than the SDK retries).
		underTest.clock.advance(16 * MINUTE);
		control.failWith('sso:GetRoleCredentials', 500, 100);
		control.resetCounters();
		await chat.send('during the outage');
		assert.ok((control.counters()['sso:GetRoleCredentials'] ?? 0) >= 1, 'a refresh was attempted');
		assert.equal(keyUsedByLastChat(), original.accessKeyId, 'the still-valid credentials signed the request');
		assert.equal(chat.session.expiry().canRefreshSilently, true);
		assert.equal(chat.session.expiry().credentialsExpireAt?.getTime(), expiresAt);
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true, 'not signed out');

		// Past their expiry, with the portal still down: a Network error, not a sign-in prompt.
		underTest.clock.advance(5 * MINUTE);
		const error = await failureOf(() => chat.send('after expiry, still down'));
		assert.equal(error.code, 'Network', `${error.code}: ${error.message}`);
		assert.equal(chat.session.expiry().canRefreshSilently, true, 'the status still says it can refresh');
		assert.equal(chat.history.length, 4, 'the failed turn is not in the history; the earlier ones are');

		// The portal is back: the user's retry works at once, with new credentials.
		control.setLifetimes({ roleCredentials: 3600 });
		control.clearFaults();
		await chat.send('after expiry, still down');
		assert.notEqual(keyUsedByLastChat(), original.accessKeyId);
		assert.equal(chat.history.length, 6);
	});

	it('keeps the session when the token service answers 5xx to a refresh, using the still-valid access token', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		// The access token is due for refresh (not expired); the role credentials are due too.
		control.setLifetimes({ roleCredentials: 3600 });
		underTest.clock.advance(17 * MINUTE);
		control.failWith('oidc:CreateToken', 500, 100);
		control.resetCounters();
		await chat.send('token service down');
		assert.ok((control.counters()['oidc:CreateToken'] ?? 0) >= 1, 'a token refresh was attempted');
		assert.equal(control.counters()['sso:GetRoleCredentials'], 1, 'new role credentials with the old token');
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true);
		assert.equal(chat.session.expiry().canRefreshSilently, true);
	});

	it('keeps the session when the token service (or a proxy) answers 403 to a refresh, and a later refresh succeeds', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		// The access token is due for refresh (not expired); CreateToken answers 403 AccessDenied.
		control.setLifetimes({ roleCredentials: 3600 });
		underTest.clock.advance(17 * MINUTE);
		control.failWith('oidc:CreateToken', 403, 100);
		control.resetCounters();
		await chat.send('token refresh refused with 403');
		assert.ok((control.counters()['oidc:CreateToken'] ?? 0) >= 1, 'a token refresh was attempted');
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true, 'not signed out');
		assert.equal(chat.session.expiry().canRefreshSilently, true);
		assert.ok(underTest.logger.lines.some((line) => /refresh .*failed.*AccessDeniedException/.test(line)), 'the log says what failed');
		// What the status-bar tooltip shows: why and when the renewal failed.
		const failure = chat.session.expiry().lastRefreshFailure;
		assert.match(failure?.reason ?? '', /AccessDenied/, JSON.stringify(failure));
		assert.ok(Math.abs((failure?.at.getTime() ?? 0) - underTest.clock.now()) < MINUTE, 'the time of the failed renewal');

		// The 403 is gone: past the access token's expiry, the next refresh renews it.
		control.clearFaults();
		control.expireAllCredentials();
		underTest.clock.advance(5 * MINUTE);
		control.resetCounters();
		await chat.send('after the 403');
		assert.ok((control.counters()['oidc:CreateToken'] ?? 0) >= 1, 'the token was renewed');
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true);
		assert.equal(chat.session.expiry().lastRefreshFailure, undefined, 'a renewal that works clears the failure');
	});

	it('after the refresh token is revoked, keeps working until it is needed, then asks for sign-in with the reason', async function () {
		const { control } = harness.emulator;
		control.revokeRefreshTokens();
		// Nothing needs the refresh token yet: no prompt, no error.
		await chat.send('still fine');
		assert.equal(chat.session.expiry().canRefreshSilently, true);

		// Everything expires: renewing needs the refresh token, which is refused.
		control.expireAllCredentials();
		const error = await failureOf(() => chat.send('needs the refresh token'));
		assert.equal(error.code, 'SignInRequired');
		assert.match(error.message, /revoked|invalid_grant|ended/i, error.message);
		assert.match(error.action ?? '', /Sign In/i);
		assert.equal(chat.session.expiry().canRefreshSilently, false, 'the status shows that sign-in is needed');
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), false);

		// Signing in again restores the chat with its history; the unanswered prompt can be resent.
		await signInWithSso(underTest.engine);
		const history = chat.history;
		chat.dispose();
		chat = openChat(underTest, { history });
		const { reply } = await chat.send('needs the refresh token');
		assert.match(reply, /You asked: needs the refresh token/);
		assert.equal(chat.history.length, 6);
	});

	it('with the SSO portal down at start-up, a new window stays signed in, says Network, and recovers on retry', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		// The window closes; a new one starts with the same secret storage while the portal is down.
		const secrets = underTest.secrets;
		chat.dispose();
		underTest.dispose();
		control.failWith('sso:GetRoleCredentials', 503, 100);
		underTest = startEngine({ secrets });
		chat = openChat(underTest);
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true, 'the stored sign-in is found');
		const error = await failureOf(() => chat.session.credentials());
		assert.equal(error.code, 'Network', `${error.code}: ${error.message}`);
		assert.equal(chat.session.expiry().canRefreshSilently, true);
		assert.ok(secrets.values.size > 0, 'nothing was deleted from the secret storage');

		control.clearFaults();
		const credentials = await chat.session.credentials();
		assert.match(credentials.accessKeyId, /^ASIA/);
		await chat.send('after the outage');
	});

	it('a portal outage at start-up does not break the chat: the send fails with Network and the retry succeeds', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		const secrets = underTest.secrets;
		const history = chat.history;
		chat.dispose();
		underTest.dispose();
		control.failWith('sso:GetRoleCredentials', 503, 100);
		underTest = startEngine({ secrets });
		chat = openChat(underTest, { history, spec: SSO_SPEC });
		const error = await failureOf(() => chat.send('first after restart'));
		assert.equal(error.code, 'Network', `${error.code}: ${error.message}`);
		control.clearFaults();
		const { reply } = await chat.send('first after restart');
		assert.match(reply, /You asked: first after restart/);
		assert.equal(chat.history.length, 4);
	});
});
