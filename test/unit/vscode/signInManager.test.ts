import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { SignInManager } from '../../../src/vscode/signInManager';
import { SIGN_IN_RECORD_KEY } from '../../../src/vscode/signIn/crossWindowSync';
import { formatStatus } from '../../../src/vscode/statusFormat';
import { BedrockConnectError } from '../../../src/aws/errors';
import { FakeEngine, FakeMemento, FakeWindowSecrets, ManualExpiryClock, MINUTE, START, identityFor, signInSettings } from '../../support/signInFakes';
import { flushMicrotasks } from '../../support/fakeClock';
import { RecordingLogger } from '../../support/recordingLogger';
import { VscodeUiRecorder } from '../../support/vscodeUiRecorder';

describe('SignInManager', () => {
	let engine: FakeEngine;
	let globalState: FakeMemento;
	let secrets: FakeWindowSecrets;
	let clock: ManualExpiryClock;
	let ui: VscodeUiRecorder;
	let manager: SignInManager;
	let changes: number;

	function newManager(): SignInManager {
		const m = new SignInManager({ globalState, secrets, logger: new RecordingLogger(), getEngine: async () => engine, settings: () => signInSettings(), clock });
		m.onDidChangeConnection(() => changes++);
		return m;
	}

	beforeEach(async () => {
		engine = new FakeEngine();
		globalState = new FakeMemento();
		secrets = new FakeWindowSecrets();
		clock = new ManualExpiryClock();
		ui = new VscodeUiRecorder().install();
		changes = 0;
		manager = newManager();
		// As activation does, right after it returns: nothing is stored yet.
		await manager.restore();
	});

	afterEach(() => {
		manager.dispose();
		ui.uninstall();
	});

	it('signs in: state signedIn, the identity shown, persisted without secrets', async () => {
		const connection = await manager.establish({ method: 'environment' });
		assert.equal(manager.snapshot.state, 'signedIn');
		assert.equal(manager.snapshot.display?.name, 'alice');
		assert.equal(manager.snapshot.display?.expiresAt, START + 60 * MINUTE);
		assert.equal(await manager.getConnection(), connection);
		// signingIn, then signedIn: one event per transition.
		assert.equal(changes, 2);
		const record = JSON.parse(secrets.values.get(SIGN_IN_RECORD_KEY) ?? '{}');
		assert.deepEqual(record.spec, { method: 'environment' });
		assert.ok(!JSON.stringify([...globalState.values]).includes('fake-secret'));
	});

	it('stores the record before it says "signed in", so a reload from then on restores the sign-in', async () => {
		const recordWhenShown: Array<string | undefined> = [];
		manager.onDidChangeConnection(() => {
			if (manager.snapshot.state === 'signedIn') recordWhenShown.push(secrets.values.get(SIGN_IN_RECORD_KEY));
		});
		await manager.establish({ method: 'environment' });
		assert.equal(recordWhenShown.length, 1);
		assert.deepEqual(JSON.parse(recordWhenShown[0] ?? '{}').display?.name, 'alice');
	});

	it('a failed sign-in keeps the previous state and throws', async () => {
		engine.identityError = new BedrockConnectError('AccessDenied', 'no credentials found');
		await assert.rejects(manager.establish({ method: 'environment' }), /no credentials found/);
		assert.equal(manager.snapshot.state, 'signedOut');
		assert.ok(engine.opened[0]?.disposed);
		assert.equal(changes, 2);
	});

	it('signs out: clears the state, the cache, the record, the MFA sessions and the stored keys', async () => {
		await manager.establish({ method: 'accessKeys' });
		changes = 0;
		await manager.signOut();
		assert.deepEqual(manager.snapshot, { state: 'signedOut' });
		assert.equal(changes, 1);
		assert.equal(await manager.getConnection(), undefined);
		assert.ok(engine.opened[0]?.disposed);
		assert.equal(secrets.values.has(SIGN_IN_RECORD_KEY), false);
		assert.deepEqual(globalState.keys(), []);
		assert.deepEqual(engine.calls, ['forgetMfaSessions', 'deleteAccessKeys', 'deleteBedrockApiKey']);
	});

	it('warns once when the credentials enter the warning window, and once when they expire', async () => {
		await manager.establish({ method: 'accessKeys' });
		clock.advance(45 * MINUTE);
		assert.equal(manager.snapshot.state, 'signedIn');
		assert.equal(ui.messages.length, 0);
		clock.advance(6 * MINUTE);
		assert.equal(manager.snapshot.state, 'expiring');
		clock.advance(MINUTE / 2);
		assert.deepEqual(ui.messages, [
			{ level: 'warning', text: 'Your AWS credentials (alice · 123456789012) expire in 9m and cannot be renewed without you.', actions: ['Sign in again'] },
		]);
		clock.advance(10 * MINUTE);
		clock.advance(MINUTE / 2);
		assert.equal(manager.snapshot.state, 'expired');
		assert.deepEqual(
			ui.messages.map((m) => [m.level, m.text]),
			[
				['warning', 'Your AWS credentials (alice · 123456789012) expire in 9m and cannot be renewed without you.'],
				['error', 'Your AWS sign-in (alice · 123456789012) has expired.'],
			],
		);
	});

	it('"Sign in again" on a warning runs the sign-in command', async () => {
		ui.messageChoice = 'Sign in again';
		engine.expiry = { canRefreshSilently: false, credentialsExpireAt: new Date(START + 5 * MINUTE) };
		await manager.establish({ method: 'accessKeys' });
		await flushMicrotasks();
		assert.equal(manager.snapshot.state, 'expiring');
		assert.deepEqual(ui.executed, ['bedrockConnect.signIn']);
	});

	it('a renewal seen on the Connection moves the expiry and persists it', async () => {
		await manager.establish({ method: 'accessKeys' });
		engine.expiry = { canRefreshSilently: true, credentialsExpireAt: new Date(START + 120 * MINUTE) };
		changes = 0;
		engine.opened[0]?.emitChange();
		assert.equal(changes, 1);
		assert.equal(manager.snapshot.display?.expiresAt, START + 120 * MINUTE);
		assert.equal(manager.snapshot.display?.canRefresh, true);
		await flushMicrotasks();
		const cached = globalState.get<{ display: { expiresAt: number } }>('bedrockConnect.signIn');
		assert.equal(cached?.display.expiresAt, START + 120 * MINUTE);
	});

	it('a failed background renewal seen on the Connection is shown in the tooltip (redacted), and cleared by the next renewal', async () => {
		await manager.establish({ method: 'accessKeys' });
		const token = 'aoaAAAAAGlzIGEgc2VjcmV0IHRva2VuIHZhbHVlIHRoYXQgaXMgbG9uZw';
		engine.expiry = { canRefreshSilently: true, credentialsExpireAt: new Date(START + 60 * MINUTE), lastRefreshFailure: { reason: `Could not reach the token service; accessToken=${token}`, at: new Date(START) } };
		engine.opened[0]?.emitChange();
		const failure = manager.snapshot.display?.lastRefreshFailure;
		assert.equal(failure?.at, START);
		assert.match(failure?.reason ?? '', /^Could not reach the token service/);
		assert.ok(!failure?.reason.includes(token), 'no token kept in the display (it is cached in globalState)');
		const tooltip = formatStatus({ ...manager.snapshot, now: START + 5 * MINUTE, warningMinutes: 10 }).tooltip;
		assert.match(tooltip, /Renewing the sign-in in the background failed at 2026-11-23 12:00:00 UTC \(5m ago\): Could not reach the token service/);

		engine.expiry = { canRefreshSilently: true, credentialsExpireAt: new Date(START + 120 * MINUTE) };
		engine.opened[0]?.emitChange();
		assert.equal(manager.snapshot.display?.lastRefreshFailure, undefined);
		assert.doesNotMatch(formatStatus({ ...manager.snapshot, now: START + 6 * MINUTE, warningMinutes: 10 }).tooltip, /background/);
	});

	it('restores from the persisted state: the cache shows at once, the record is confirmed', async () => {
		await manager.establish({ method: 'profile', profile: 'dev' });
		manager.dispose();
		const restarted = newManager();
		manager = restarted;
		restarted.loadCache();
		assert.equal(restarted.snapshot.state, 'signedIn');
		assert.equal(restarted.snapshot.display?.methodLabel, 'Profile dev');
		await restarted.restore();
		assert.equal(restarted.snapshot.state, 'signedIn');
		assert.deepEqual(restarted.currentSpec, { method: 'profile', profile: 'dev' });
		assert.ok(await restarted.getConnection());
	});

	it('restore: a cache without a record (signed out elsewhere) is cleared', async () => {
		await manager.establish({ method: 'environment' });
		secrets.values.clear();
		manager.dispose();
		manager = newManager();
		manager.loadCache();
		await manager.restore();
		assert.deepEqual(manager.snapshot, { state: 'signedOut' });
		assert.deepEqual(globalState.keys(), []);
	});

	it('restore: an expired SSO sign-in shows as expired with one short warning', async () => {
		await manager.establish({ method: 'environment' });
		manager.dispose();
		manager = newManager();
		engine.identityError = new BedrockConnectError('SsoSignInExpired', 'Your IAM Identity Center sign-in has expired.');
		manager.loadCache();
		await manager.restore();
		assert.equal(manager.snapshot.state, 'expired');
		assert.equal(manager.snapshot.errorMessage, 'Your IAM Identity Center sign-in has expired.');
		assert.deepEqual(ui.messages.map((m) => m.text), ['Your AWS sign-in has expired.']);
	});

	it('follows another window: its sign-in and its sign-out', async () => {
		const otherWindow = newManager();
		await otherWindow.restore();
		try {
			await otherWindow.establish({ method: 'profile', profile: 'ops' });
			await flushMicrotasks();
			assert.equal(manager.snapshot.state, 'signedIn');
			assert.deepEqual(manager.currentSpec, { method: 'profile', profile: 'ops' });
			await otherWindow.signOut();
			await flushMicrotasks();
			assert.deepEqual(manager.snapshot, { state: 'signedOut' });
		} finally {
			otherWindow.dispose();
		}
	});

	it('refresh forces new credentials; a failure that needs sign-in marks it expired', async () => {
		await manager.establish({ method: 'environment' });
		await manager.refresh();
		assert.equal(engine.opened[0]?.forcedRefreshes, 1);
		engine.credentialsError = new BedrockConnectError('SignInRequired', 'Sign in again.');
		await assert.rejects(manager.refresh(), /Sign in again/);
		assert.equal(manager.snapshot.state, 'expired');
		assert.equal(await manager.getConnection(), undefined);
	});

	it('keys that changed to another (allowed) identity: the shown identity follows at once', async () => {
		await manager.establish({ method: 'profile', profile: 'dev' });
		assert.equal(manager.snapshot.display?.name, 'alice');
		const connection = engine.opened[0];
		connection.nowIdentity = identityFor('210987654321', 'mallory');
		connection.emitChange();
		assert.equal(manager.currentIdentity?.accountId, '210987654321');
		assert.equal(manager.snapshot.display?.name, 'mallory');
		assert.equal(manager.snapshot.state, 'signedIn');
	});

	it('a refresh the policy refused ends the sign-in with PolicyRefused', async () => {
		await manager.establish({ method: 'profile', profile: 'dev' });
		const connection = engine.opened[0];
		connection.refused = new BedrockConnectError('PolicyRefused', 'account 210987654321 is not in bedrockConnect.allowedAccounts');
		connection.emitChange();
		assert.equal(manager.snapshot.state, 'error');
		assert.match(manager.snapshot.errorMessage ?? '', /allowedAccounts/);
		assert.equal(await manager.getConnection(), undefined, 'no Connection serves the refused keys');
		assert.ok(connection.disposed);
	});

	it('setting a policy while signed in with a Bedrock API key ends that sign-in, as sign-in would refuse it', async () => {
		let settings = signInSettings();
		manager.dispose();
		manager = new SignInManager({ globalState, secrets, logger: new RecordingLogger(), getEngine: async () => engine, settings: () => settings, clock });
		await manager.restore();
		engine.identityError = new BedrockConnectError('InvalidInput', 'a bearer token has no STS identity');
		await manager.establish({ method: 'bedrockApiKey' });
		assert.equal(manager.snapshot.state, 'signedIn');
		settings = signInSettings({ allowedAccounts: ['123456789012'] });
		await assert.rejects(manager.recheckPolicy(), (e: unknown) => (e as BedrockConnectError).code === 'PolicyRefused');
		assert.equal(manager.snapshot.state, 'signedOut');
		assert.ok(engine.calls.includes('deleteBedrockApiKey'), 'the refused key is not kept');
	});

	it('sign-out says what it could not delete, so the message never claims more than happened', async () => {
		await manager.establish({ method: 'accessKeys' });
		engine.deleteAccessKeys = async () => {
			throw new Error('secret storage unavailable');
		};
		assert.deepEqual(await manager.signOut(), ['the stored access keys']);
		assert.equal(manager.snapshot.state, 'signedOut');
		await manager.establish({ method: 'sso', startUrl: 'https://x.awsapps.com/start', ssoRegion: 'us-east-1', accountId: '123456789012', roleName: 'Dev' });
		engine.deleteAccessKeys = async () => undefined;
		assert.deepEqual(await manager.signOut(), []);
		assert.ok(engine.calls.includes('signOutSso https://x.awsapps.com/start'));
	});

	const ROLE_WITH_EXTERNAL_ID = {
		method: 'assumeRole' as const,
		base: { method: 'environment' as const },
		roleArn: 'arn:aws:iam::123456789012:role/Dev',
		externalId: 'shared-secret-ext-id',
	};

	it('an assumed role\'s external id is kept in SecretStorage only, never in globalState', async () => {
		await manager.establish(ROLE_WITH_EXTERNAL_ID);
		assert.ok(!JSON.stringify([...globalState.values]).includes('shared-secret-ext-id'), 'not in globalState');
		assert.equal(JSON.parse(secrets.values.get(SIGN_IN_RECORD_KEY) ?? '{}').spec.externalId, 'shared-secret-ext-id', 'in the SecretStorage record');
	});

	it('migrates an external id an earlier version left in globalState, and still signs in with it', async () => {
		await manager.establish(ROLE_WITH_EXTERNAL_ID);
		manager.dispose();
		// As an earlier version wrote it: the full spec in the globalState cache.
		const cached = globalState.get<{ spec: object }>('bedrockConnect.signIn');
		await globalState.update('bedrockConnect.signIn', { ...cached, spec: ROLE_WITH_EXTERNAL_ID });
		manager = newManager();
		manager.loadCache();
		await flushMicrotasks();
		assert.ok(!JSON.stringify([...globalState.values]).includes('shared-secret-ext-id'), 'taken out of globalState');
		await manager.restore();
		const reopened = engine.opened[engine.opened.length - 1];
		assert.equal(reopened.spec.method === 'assumeRole' && reopened.spec.externalId, 'shared-secret-ext-id', 'the record still supplies it');
	});

	it('dispose stops listening to the clock', () => {
		assert.equal(clock.subscribers, 1);
		manager.dispose();
		assert.equal(clock.subscribers, 0);
	});
});
