import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { SsoTokenManager } from '../../../../src/aws/sso/tokenManager';
import { SsoTokenStore } from '../../../../src/aws/sso/tokenStore';
import { FakeClock, flushMicrotasks } from '../../../support/fakeClock';
import { MemorySecretStore } from '../../../support/memorySecretStore';
import { RecordingLogger } from '../../../support/recordingLogger';
import { FakeOidc, grant } from '../../../support/fakeOidc';
import { START_URL } from '../../../support/ssoFixtures';

const REGION = 'eu-west-1';
const MINUTE = 60_000;

async function setup(options: { home?: string; shareWithCli?: boolean } = {}) {
	const secrets = new MemorySecretStore();
	const oidc = new FakeOidc();
	const clock = new FakeClock();
	const logger = new RecordingLogger();
	const manager = new SsoTokenManager({
		store: new SsoTokenStore(secrets),
		oidcFor: () => oidc,
		clock,
		logger,
		home: () => options.home ?? '/nonexistent-home',
		shareWithCli: options.shareWithCli ?? false,
		random: () => 0,
	});
	return { secrets, oidc, clock, logger, manager };
}

async function signIn(t: Awaited<ReturnType<typeof setup>>, expiresIn = 3600) {
	const first = grant(expiresIn);
	t.oidc.createTokenOutcomes.push(first);
	const done = t.manager.signIn({ startUrl: START_URL, ssoRegion: REGION, signal: new AbortController().signal, onDeviceCode: () => undefined });
	await t.clock.advance(5_000);
	await done;
	return first;
}

describe('SSO token manager', () => {
	afterEach(() => undefined);

	it('validates the start URL and region before any call', async () => {
		const t = await setup();
		const signal = new AbortController().signal;
		await assert.rejects(t.manager.signIn({ startUrl: 'http://my-org.awsapps.com/start', ssoRegion: REGION, signal, onDeviceCode: () => undefined }), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidStartUrl');
		await assert.rejects(t.manager.signIn({ startUrl: START_URL, ssoRegion: 'Frankfurt', signal, onDeviceCode: () => undefined }), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidRegion');
		assert.equal(t.oidc.registrations + t.oidc.deviceAuthorizations, 0);
	});

	it('stores the token only in the SecretStore, as versioned JSON under a hashed key', async () => {
		const t = await setup();
		const token = await signIn(t);
		const keys = [...t.secrets.values.keys()];
		assert.ok(keys.every((k) => !k.includes(START_URL)), 'keys are hashed');
		const record = JSON.parse([...t.secrets.values.entries()].find(([k]) => k.includes('.token.'))![1]) as { v: number; accessToken: string };
		assert.equal(record.v, 1);
		assert.equal(record.accessToken, token.accessToken);
		assert.deepEqual(t.logger.leaked([token.accessToken, token.refreshToken!, 'device-code-secret-1234']), []);
	});

	it('reuses the client registration for the next sign-in', async () => {
		const t = await setup();
		await signIn(t);
		await signIn(t);
		assert.equal(t.oidc.registrations, 1);
		assert.equal(t.oidc.deviceAuthorizations, 2);
	});

	it('registers anew, without bothering the user, when the stored registration is refused', async () => {
		const t = await setup();
		await signIn(t);
		t.oidc.refusedClients.add('client-1');
		await signIn(t);
		assert.equal(t.oidc.registrations, 2);
		assert.equal(t.manager.status(START_URL, REGION).source, 'ours');
	});

	it('refreshes on a timer 10 minutes before expiry, with nobody asking', async () => {
		const t = await setup();
		const first = await signIn(t);
		const second = grant();
		t.oidc.createTokenOutcomes.push(second);
		await t.clock.advance(49 * MINUTE);
		assert.equal(t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length, 0);
		await t.clock.advance(2 * MINUTE);
		const refreshes = t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token');
		assert.equal(refreshes.length, 1);
		assert.equal(refreshes[0].refreshToken, first.refreshToken);
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), second.accessToken);
	});

	it('refreshes short tokens at 80 % of their life', async () => {
		const t = await setup();
		await signIn(t, 600);
		t.oidc.createTokenOutcomes.push(grant(600));
		await t.clock.advance(7 * MINUTE + 50_000);
		assert.equal(t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length, 0);
		await t.clock.advance(20_000);
		assert.equal(t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length, 1);
	});

	it('makes one CreateToken call for 20 concurrent callers of a due token', async () => {
		const t = await setup();
		await signIn(t);
		t.manager.dispose(); // no timer: the callers themselves find the token due
		t.clock.set(t.clock.now() + 55 * MINUTE);
		let release!: () => void;
		t.oidc.gate = new Promise((r) => (release = r));
		const next = grant();
		t.oidc.createTokenOutcomes.push(next);
		const all = Promise.all(Array.from({ length: 20 }, () => t.manager.getAccessToken(START_URL, REGION)));
		await flushMicrotasks();
		release();
		t.oidc.gate = undefined;
		const tokens = await all;
		assert.equal(t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length, 1);
		assert.deepEqual(new Set(tokens), new Set([next.accessToken]));
	});

	it('ends the session only when the token service says invalid_grant', async () => {
		const t = await setup();
		await signIn(t);
		t.manager.dispose();
		t.clock.set(t.clock.now() + 61 * MINUTE);
		t.oidc.createTokenOutcomes.push({ error: 'InvalidGrantException' });
		const pending = t.manager.getAccessToken(START_URL, REGION);
		pending.catch(() => undefined); // asserted below, after the clock moved
		await t.clock.advance(2_000); // the grace period for another window's refresh
		await assert.rejects(pending, (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /invalid_grant/.test(e.message));
		assert.equal([...t.secrets.values.keys()].filter((k) => k.includes('.token.')).length, 0);
		assert.equal(t.manager.status(START_URL, REGION).source, 'none');
	});

	it('keeps the session through network errors and 5xx, serving the old token while it is valid', async () => {
		const t = await setup();
		const first = await signIn(t);
		t.manager.dispose();
		t.clock.set(t.clock.now() + 55 * MINUTE);
		t.oidc.createTokenOutcomes.push({ error: 'Error', status: 0, code: 'ECONNRESET' });
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), first.accessToken);
		t.clock.set(t.clock.now() + 6 * MINUTE); // now expired
		t.oidc.createTokenOutcomes.push({ error: 'InternalServerException', status: 500 });
		await assert.rejects(t.manager.getAccessToken(START_URL, REGION), (e: unknown) => isBedrockConnectError(e) && e.code === 'Network');
		assert.equal(t.manager.status(START_URL, REGION).source, 'ours', 'session kept');
		const later = grant();
		t.oidc.createTokenOutcomes.push(later);
		t.clock.set(t.clock.now() + MINUTE);
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), later.accessToken);
	});

	it('keeps the session through a 403 (proxy block page, AccessDenied) on refresh, says what failed, and retries with back-off', async () => {
		const t = await setup();
		const first = await signIn(t);
		// The background refresh is due after 50 minutes; the token service answers 403 three times.
		t.oidc.createTokenOutcomes.push({ error: 'AccessDeniedException', status: 403 }, { error: 'Error', status: 403 }, { error: 'AccessDeniedException', status: 403 });
		const signedInAt = t.clock.now();
		await t.clock.advance(50 * MINUTE + 1_000);
		const refreshes = () => t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length;
		assert.equal(refreshes(), 1);
		assert.equal(t.manager.status(START_URL, REGION).source, 'ours', 'session kept');
		const failure = t.manager.status(START_URL, REGION).lastRefreshFailure;
		assert.match(failure?.reason ?? '', /AccessDeniedException/);
		const failedAt = failure?.at.getTime() ?? 0;
		assert.ok(failedAt > signedInAt + 40 * MINUTE && failedAt <= t.clock.now(), 'when the background refresh failed');
		assert.ok(t.logger.lines.some((l) => /^warn .*refresh .*failed.*AccessDeniedException/.test(l)), t.logger.lines.join('\n'));
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), first.accessToken, 'the still-valid token is served');
		// Back-off: 30 s, then 60 s, then 120 s.
		await t.clock.advance(30_000);
		assert.equal(refreshes(), 2);
		await t.clock.advance(30_000);
		assert.equal(refreshes(), 2, 'the second retry waits 60 s');
		await t.clock.advance(30_000);
		assert.equal(refreshes(), 3);
		const later = grant();
		t.oidc.createTokenOutcomes.push(later);
		await t.clock.advance(120_000);
		assert.equal(refreshes(), 4);
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), later.accessToken);
		assert.equal(t.manager.status(START_URL, REGION).lastRefreshFailure, undefined, 'the last error is cleared by a success');
		assert.equal(t.manager.status(START_URL, REGION).refreshable, true);
	});

	it('keeps working from memory when the SecretStore cannot be written', async () => {
		const t = await setup();
		await signIn(t);
		t.manager.dispose();
		t.secrets.failWrites = true;
		t.clock.set(t.clock.now() + 55 * MINUTE);
		const next = grant();
		t.oidc.createTokenOutcomes.push(next);
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), next.accessToken);
		assert.ok(t.logger.lines.some((l) => l.includes('could not store the token')));
	});

	it('adopts a token another window refreshed instead of failing on the rotated refresh token', async () => {
		const t = await setup();
		await signIn(t);
		t.manager.dispose();
		// Another window refreshes and stores a newer token.
		const key = [...t.secrets.values.keys()].find((k) => k.includes('.token.'))!;
		const stored = JSON.parse(t.secrets.values.get(key)!) as Record<string, string>;
		const newer = { ...stored, accessToken: 'access-from-other-window-xxxx', issuedAt: new Date(t.clock.now() + 55 * MINUTE).toISOString(), expiresAt: new Date(t.clock.now() + 115 * MINUTE).toISOString() };
		t.secrets.values.set(key, JSON.stringify(newer));
		t.clock.set(t.clock.now() + 55 * MINUTE);
		assert.equal(await t.manager.getAccessToken(START_URL, REGION), 'access-from-other-window-xxxx');
		assert.equal(t.oidc.tokenCalls.filter((c) => c.grantType === 'refresh_token').length, 0);
	});

	it('reads a token from the AWS CLI cache when it holds none of its own', async () => {
		const home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-home-'));
		try {
			const t = await setup({ home });
			const dir = path.join(home, '.aws', 'sso', 'cache');
			await fs.mkdir(dir, { recursive: true });
			const file = path.join(dir, `${createHash('sha1').update(START_URL).digest('hex')}.json`);
			await fs.writeFile(file, JSON.stringify({ startUrl: START_URL, region: REGION, accessToken: 'cli-access-token-xxxx', expiresAt: new Date(t.clock.now() + 30 * MINUTE).toISOString() }));
			assert.equal(await t.manager.hasToken(START_URL, REGION), true);
			assert.equal(await t.manager.getAccessToken(START_URL, REGION), 'cli-access-token-xxxx');
			assert.equal(t.manager.status(START_URL, REGION).source, 'cli');
			t.clock.set(t.clock.now() + 31 * MINUTE);
			await assert.rejects(t.manager.getAccessToken(START_URL, REGION), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /expired/.test(e.message));
		} finally {
			await fs.rm(home, { recursive: true, force: true });
		}
	});

	it('writes the CLI cache format only when sharing is turned on', async () => {
		const home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-home-'));
		try {
			const file = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`);
			const off = await setup({ home });
			await signIn(off);
			await assert.rejects(fs.stat(file));
			off.manager.dispose();
			const on = await setup({ home, shareWithCli: true });
			const token = await signIn(on);
			on.manager.dispose();
			const written = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
			assert.equal(written.accessToken, token.accessToken);
			assert.equal(written.startUrl, START_URL);
			assert.match(written.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
			await on.manager.signOut(START_URL, REGION);
			await assert.rejects(fs.stat(file), 'signing out removes the copy we wrote');
		} finally {
			await fs.rm(home, { recursive: true, force: true });
		}
	});
});
