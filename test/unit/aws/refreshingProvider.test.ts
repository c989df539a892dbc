import * as assert from 'node:assert/strict';
import { BedrockConnectError, isBedrockConnectError } from '../../../src/aws/errors';
import { createRefreshingProvider, type SourcedCredentials } from '../../../src/aws/refreshingProvider';
import { silentLogger } from '../../../src/aws/ports';
import { FakeClock } from '../../support/fakeClock';

const MINUTE = 60_000;

function scriptedSource(clock: FakeClock, lifetimeMs: number | undefined) {
	let calls = 0;
	let failWith: unknown;
	let gate: Promise<void> | undefined;
	const source = async (): Promise<SourcedCredentials> => {
		calls++;
		if (gate) {
			await gate;
		}
		if (failWith) {
			throw failWith;
		}
		return {
			accessKeyId: `ASIA${calls}`,
			secretAccessKey: 'secret',
			sessionToken: 'token',
			...(lifetimeMs === undefined ? {} : { expiration: new Date(clock.now() + lifetimeMs) }),
		};
	};
	return {
		source,
		get calls() {
			return calls;
		},
		fail(error: unknown) {
			failWith = error;
		},
		recover() {
			failWith = undefined;
		},
		hold() {
			let release!: () => void;
			gate = new Promise((r) => (release = r));
			return () => {
				gate = undefined;
				release();
			};
		},
	};
}

describe('refreshingProvider', () => {
	it('refreshes once for 50 concurrent callers', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		const release = s.hold();
		const all = Promise.all(Array.from({ length: 50 }, () => provider()));
		release();
		const results = await all;
		assert.equal(s.calls, 1);
		assert.ok(results.every((r) => r.accessKeyId === 'ASIA1'));
	});

	it('serves cached credentials until the refresh-ahead point, then refreshes once', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		await provider();
		clock.set(clock.now() + 49 * MINUTE);
		assert.equal((await provider()).accessKeyId, 'ASIA1');
		clock.set(clock.now() + 2 * MINUTE); // 51 min: inside the 10-minute window
		assert.equal((await provider()).accessKeyId, 'ASIA2');
		assert.equal((await provider()).accessKeyId, 'ASIA2');
		assert.equal(s.calls, 2);
	});

	it('gives static keys a synthetic expiry so rotated keys are re-read', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, undefined);
		const handle = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		const first = await handle.provider();
		assert.ok(first.expiration instanceof Date);
		assert.equal(first.expiration.getTime(), clock.now() + 15 * MINUTE);
		assert.equal(handle.state().synthetic, true);
		clock.set(clock.now() + 14 * MINUTE);
		assert.equal((await handle.provider()).accessKeyId, 'ASIA2');
	});

	it('does not storm on credentials shorter than the SDK 5-minute window', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 2 * MINUTE);
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		// The SDK asks on every request once less than 5 minutes remain: simulate a request every second for 10 minutes.
		for (let t = 0; t < 600; t++) {
			await provider();
			clock.set(clock.now() + 1000);
		}
		// 2-minute credentials refreshed at 75 % of their life: about one call per 90 s.
		assert.ok(s.calls >= 6 && s.calls <= 8, `expected ~7 upstream calls, got ${s.calls}`);
	});

	it('returns still-valid old credentials when a refresh fails transiently', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const { provider, state } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		await provider();
		clock.set(clock.now() + 55 * MINUTE);
		s.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		assert.equal((await provider()).accessKeyId, 'ASIA1');
		assert.ok(state().lastError);
		// …and does not retry on every call: the next attempt waits for the minimum interval.
		await provider();
		assert.equal(s.calls, 2);
		s.recover();
		clock.set(clock.now() + 31_000);
		assert.equal((await provider()).accessKeyId, 'ASIA3');
		assert.equal(state().lastError, undefined);
	});

	it('throws SignInRequired once credentials are gone and refresh is impossible', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 10 * MINUTE);
		const changes: number[] = [];
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't', onDidChange: () => changes.push(clock.now()) });
		await provider();
		s.fail(new BedrockConnectError('SignInRequired', 'The SSO session ended.', { action: 'Sign in again.' }));
		clock.set(clock.now() + 11 * MINUTE);
		await assert.rejects(provider(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && e.action === 'Sign in again.');
		// A second caller right after gets the same answer without another upstream call.
		await assert.rejects(provider(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired');
		assert.equal(s.calls, 2);
		assert.equal(changes.length, 2); // obtained, then lost
	});

	it('forceRefresh bypasses the cache, and concurrent forced callers share one call', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		await provider();
		const forced = await Promise.all(Array.from({ length: 10 }, () => provider({ forceRefresh: true })));
		assert.equal(s.calls, 2);
		assert.ok(forced.every((c) => c.accessKeyId === 'ASIA2'));
	});

	it('a forced refresh that fails throws instead of returning the rejected credentials', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const { provider } = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		await provider();
		s.fail(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
		await assert.rejects(provider({ forceRefresh: true }), /timeout/);
	});

	it('does not bring back credentials after invalidate()', async () => {
		const clock = new FakeClock();
		const s = scriptedSource(clock, 60 * MINUTE);
		const handle = createRefreshingProvider({ source: s.source, clock, logger: silentLogger, label: 't' });
		const release = s.hold();
		const pending = handle.provider();
		handle.invalidate();
		release();
		await pending;
		assert.equal(handle.state().credentials, undefined);
	});
	it('never hands out credentials a source returned already expired: a failed refresh with a clear error', async () => {
		const clock = new FakeClock();
		let expiresInMs = -1_000;
		let changes = 0;
		const handle = createRefreshingProvider({
			source: async () => ({ accessKeyId: 'ASIAOLD', secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now() + expiresInMs) }),
			clock,
			logger: silentLogger,
			label: 'profile:dev',
			onDidChange: () => changes++,
		});
		await assert.rejects(handle.provider(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /already expired/.test(e.message) && /profile:dev/.test(e.message));
		assert.equal(handle.state().credentials, undefined, 'nothing cached');
		assert.ok(isBedrockConnectError(handle.state().lastError));
		assert.equal(changes, 1, 'listeners learn that credentials are unavailable');
		// Exactly "now" is past too; a later source that returns live credentials recovers.
		expiresInMs = 0;
		await assert.rejects(handle.provider({ forceRefresh: true }), /already expired/);
		expiresInMs = 60 * MINUTE;
		assert.equal((await handle.provider({ forceRefresh: true })).accessKeyId, 'ASIAOLD');
		// Past their expiry the same credentials come back again (a stale cache file): refused, not served.
		const stale = handle.state().credentials?.expiration;
		clock.set(clock.now() + 61 * MINUTE);
		expiresInMs = (stale?.getTime() ?? 0) - clock.now();
		await assert.rejects(handle.provider(), /already expired/);
	});
});
