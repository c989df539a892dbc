import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { runDeviceFlow } from '../../../../src/aws/sso/deviceFlow';
import type { DeviceCodeInfo } from '../../../../src/aws/engineTypes';
import { FakeClock, flushMicrotasks } from '../../../support/fakeClock';
import { FakeOidc, grant } from '../../../support/fakeOidc';

const registration = { clientId: 'c', clientSecret: 's', expiresAt: Date.parse('2026-03-01T00:00:00Z'), scopes: ['sso:account:access'] };

function start(oidc: FakeOidc, clock: FakeClock, controller = new AbortController()) {
	const shown: DeviceCodeInfo[] = [];
	const result = runDeviceFlow({ oidc, clock, signal: controller.signal, startUrl: 'https://x.awsapps.com/start', registration, onDeviceCode: (i) => shown.push(i) });
	result.catch(() => undefined);
	return { result, shown, controller };
}

describe('device flow', () => {
	it('polls at the given interval through pending and slow_down (+5 s) to a token', async () => {
		const oidc = new FakeOidc();
		const token = grant();
		oidc.createTokenOutcomes.push({ error: 'AuthorizationPendingException' }, { error: 'SlowDownException' }, { error: 'AuthorizationPendingException' }, token);
		const clock = new FakeClock();
		const { result, shown } = start(oidc, clock);
		await clock.advance(5_000 + 5_000 + 10_000 + 10_000);
		assert.deepEqual(await result, token);
		assert.deepEqual(clock.sleeps, [5_000, 5_000, 10_000, 10_000]);
		assert.equal(shown.length, 1);
		assert.equal(shown[0].userCode, 'ABCD-EFGH');
		assert.equal(shown[0].verificationUriComplete, oidc.authorization.verificationUriComplete);
		assert.equal(shown[0].expiresAt.getTime(), Date.parse('2026-01-01T00:00:00Z') + 600_000);
	});

	it('reports a denied request as DeviceCodeDenied', async () => {
		const oidc = new FakeOidc();
		oidc.createTokenOutcomes.push({ error: 'AuthorizationPendingException' }, { error: 'AccessDeniedException' });
		const clock = new FakeClock();
		const { result } = start(oidc, clock);
		await clock.advance(10_000);
		await assert.rejects(result, (e: unknown) => isBedrockConnectError(e) && e.code === 'DeviceCodeDenied' && !!e.action);
	});

	it('reports an expired code as DeviceCodeExpired, from the service or from the clock', async () => {
		const oidc = new FakeOidc();
		oidc.createTokenOutcomes.push({ error: 'ExpiredTokenException' });
		const clock = new FakeClock();
		const first = start(oidc, clock);
		await clock.advance(5_000);
		await assert.rejects(first.result, (e: unknown) => isBedrockConnectError(e) && e.code === 'DeviceCodeExpired');

		const never = new FakeOidc();
		never.defaultOutcome = { error: 'AuthorizationPendingException' };
		never.authorization = { ...never.authorization, expiresIn: 12, interval: 5 };
		const clock2 = new FakeClock();
		const second = start(never, clock2);
		await clock2.advance(15_000);
		await assert.rejects(second.result, (e: unknown) => isBedrockConnectError(e) && e.code === 'DeviceCodeExpired');
		assert.equal(never.tokenCalls.length, 2); // polls at 5 s and 10 s, then the code's 12 s are up
	});

	it('stops at once when cancelled while waiting', async () => {
		const oidc = new FakeOidc();
		oidc.defaultOutcome = { error: 'AuthorizationPendingException' };
		const clock = new FakeClock();
		const { result, controller } = start(oidc, clock);
		await clock.advance(5_000);
		await flushMicrotasks();
		controller.abort();
		await assert.rejects(result, (e: unknown) => isBedrockConnectError(e) && e.code === 'Cancelled');
		assert.equal(oidc.tokenCalls.length, 1);
	});

	it('does not start when already cancelled', async () => {
		const oidc = new FakeOidc();
		const controller = new AbortController();
		controller.abort();
		const { result } = start(oidc, new FakeClock(), controller);
		await assert.rejects(result, (e: unknown) => isBedrockConnectError(e) && e.code === 'Cancelled');
		assert.equal(oidc.deviceAuthorizations, 0);
	});

	it('passes other service errors through untouched', async () => {
		const oidc = new FakeOidc();
		oidc.createTokenOutcomes.push({ error: 'InvalidClientException' });
		const clock = new FakeClock();
		const { result } = start(oidc, clock);
		await clock.advance(5_000);
		await assert.rejects(result, (e: unknown) => (e as Error).name === 'InvalidClientException');
	});

	it('keeps polling through passing network trouble (and 5xx) until a token comes', async () => {
		const oidc = new FakeOidc();
		const token = grant();
		oidc.createTokenOutcomes.push(
			{ error: 'Error', status: 0, code: 'ECONNRESET' },
			{ error: 'AuthorizationPendingException' },
			{ error: 'Error', status: 0, code: 'ETIMEDOUT' },
			{ error: 'InternalServerException', status: 500 },
			token,
		);
		const clock = new FakeClock();
		const { result } = start(oidc, clock);
		await clock.advance(5 * 5_000);
		assert.deepEqual(await result, token);
		assert.deepEqual(clock.sleeps, [5_000, 5_000, 5_000, 5_000, 5_000], 'at the interval, no faster');
	});

	it('gives up after 3 failed polls in a row with a clear Network error', async () => {
		const oidc = new FakeOidc();
		oidc.createTokenOutcomes.push(
			{ error: 'Error', status: 0, code: 'ECONNRESET' },
			{ error: 'Error', status: 0, code: 'ECONNREFUSED' },
			{ error: 'Error', status: 0, code: 'ENOTFOUND' },
			grant(),
		);
		const clock = new FakeClock();
		const { result } = start(oidc, clock);
		await clock.advance(3 * 5_000);
		await assert.rejects(result, (e: unknown) => isBedrockConnectError(e) && e.code === 'Network' && /3 times in a row/.test(e.message) && /ENOTFOUND/.test(e.message));
	});
});
