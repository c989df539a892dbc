// The device flow's unhappy endings over the real SDK against the emulator: a denied code, an
// expired code and slow_down each end (or continue) the way the user needs, nothing is stored
// by a failed attempt, and the next attempt signs in.
import assert from 'node:assert/strict';
import { useEmulator } from '../emulator/support';
import { failureOf, SSO_REGION, START_URL, signInWithSso, startEngine, type EngineUnderTest } from './engineUnderTest';

describe('reliability: device code denied, expired, slowed down (engine over the SDK)', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let underTest: EngineUnderTest;

	beforeEach(() => {
		underTest = startEngine();
	});
	afterEach(() => underTest.dispose());

	async function assertNotSignedInThenRetryWorks(): Promise<void> {
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), false, 'a failed attempt stores no token');
		await signInWithSso(underTest.engine);
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true, 'the next attempt signs in');
	}

	it('reports a code denied in the browser as DeviceCodeDenied, and the next attempt signs in', async () => {
		harness.emulator.control.denyNextDeviceCode();
		const error = await failureOf(() => signInWithSso(underTest.engine));
		assert.equal(error.code, 'DeviceCodeDenied');
		assert.match(error.message, /denied/i);
		assert.match(error.action ?? '', /again/i);
		await assertNotSignedInThenRetryWorks();
	});

	it('reports a code that expired before approval as DeviceCodeExpired, and the next attempt signs in', async () => {
		const { control } = harness.emulator;
		const error = await failureOf(() =>
			underTest.engine.signInWithSso({
				startUrl: START_URL,
				ssoRegion: SSO_REGION,
				signal: new AbortController().signal,
				onDeviceCode: () => control.expireDeviceCodes(),
			}),
		);
		assert.equal(error.code, 'DeviceCodeExpired');
		assert.match(error.message, /expired/i);
		await assertNotSignedInThenRetryWorks();
	});

	it('slows its polling by 5 s for each slow_down and still signs in', async () => {
		const { control } = harness.emulator;
		control.slowDownNextPolls(2);
		control.resetCounters();
		await signInWithSso(underTest.engine);
		const polls = underTest.clock.sleeps.filter((ms) => ms <= 60_000);
		assert.deepEqual(polls.slice(0, 3), [1_000, 6_000, 11_000], `poll waits: ${polls.join(', ')}`);
		assert.equal(control.counters()['oidc:CreateToken'], 3);
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true);
	});

	it('treats a throttled poll (SlowDownException) as slow_down, not as a failure', async () => {
		harness.emulator.control.throttle('oidc:CreateToken', 1);
		await signInWithSso(underTest.engine);
		assert.equal(await underTest.engine.hasSsoToken(START_URL, SSO_REGION), true);
	});

	it('stops at once and stores nothing when the user cancels during a poll', async () => {
		const controller = new AbortController();
		const { control } = harness.emulator;
		control.delay('oidc:CreateToken', 5_000, 1);
		const started = Date.now();
		const error = await failureOf(() =>
			underTest.engine.signInWithSso({ startUrl: START_URL, ssoRegion: SSO_REGION, signal: controller.signal, onDeviceCode: () => setTimeout(() => controller.abort(), 100) }),
		);
		assert.equal(error.code, 'Cancelled');
		assert.ok(Date.now() - started < 2_000, 'did not wait for the slow poll to finish');
		control.clearFaults();
		await assertNotSignedInThenRetryWorks();
	});

	it('leaks no device code, token or client secret into the log', async () => {
		harness.emulator.control.denyNextDeviceCode();
		await failureOf(() => signInWithSso(underTest.engine));
		await signInWithSso(underTest.engine);
		assert.deepEqual(underTest.logger.leaked(harness.emulator.control.issuedSecrets()), []);
	});
});
