import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { AwsAuthenticationProvider } from '../../../src/vscode/authProvider';
import { SignInManager } from '../../../src/vscode/signInManager';
import { FakeEngine, FakeMemento, FakeWindowSecrets, ManualExpiryClock, signInSettings } from '../../support/signInFakes';
import { RecordingLogger } from '../../support/recordingLogger';
import { VscodeUiRecorder } from '../../support/vscodeUiRecorder';

describe('AWS authentication provider', () => {
	let engine: FakeEngine;
	let manager: SignInManager;
	let provider: AwsAuthenticationProvider;
	let ui: VscodeUiRecorder;
	let events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[];
	let signOuts: number;

	beforeEach(async () => {
		ui = new VscodeUiRecorder().install();
		engine = new FakeEngine();
		manager = new SignInManager({
			globalState: new FakeMemento(),
			secrets: new FakeWindowSecrets(),
			logger: new RecordingLogger(),
			getEngine: async () => engine,
			settings: () => signInSettings(),
			clock: new ManualExpiryClock(),
		});
		await manager.restore();
		signOuts = 0;
		provider = new AwsAuthenticationProvider(manager, async () => {
			signOuts++;
			await manager.signOut();
		});
		events = [];
		provider.onDidChangeSessions((e) => events.push(e));
	});

	afterEach(() => {
		provider.dispose();
		manager.dispose();
		ui.uninstall();
	});

	it('lists no session when signed out', async () => {
		assert.deepEqual(await provider.getSessions(), []);
	});

	it('lists one session when signed in, holding the ARN and no secret', async () => {
		await manager.establish({ method: 'environment' });
		const sessions = await provider.getSessions();
		assert.equal(sessions.length, 1);
		const arn = 'arn:aws:sts::123456789012:assumed-role/Dev/alice';
		assert.deepEqual(sessions[0], { id: arn, accessToken: arn, account: { id: arn, label: 'alice · 123456789012' }, scopes: [] });
		assert.ok(!JSON.stringify(sessions).includes('fake-secret'));
		assert.deepEqual(
			events.map((e) => [e.added?.length, e.removed?.length, e.changed?.length]),
			[[1, 0, 0]],
		);
	});

	it('keeps the session while a new sign-in runs, and drops it on sign-out', async () => {
		await manager.establish({ method: 'environment' });
		const signingIn = manager.establish({ method: 'profile', profile: 'dev' });
		assert.equal((await provider.getSessions()).length, 1);
		await signingIn;
		await provider.removeSession();
		assert.equal(signOuts, 1);
		assert.deepEqual(await provider.getSessions(), []);
		assert.deepEqual(events.at(-1), { added: [], removed: [events[0]?.added?.[0]], changed: [] });
	});

	it('createSession runs the interactive sign-in; a cancel is an error', async () => {
		manager.setInteractiveSignIn(async () => undefined);
		await assert.rejects(provider.createSession(), /Cancelled/);
		manager.setInteractiveSignIn(() => manager.establish({ method: 'environment' }));
		const session = await provider.createSession();
		assert.equal(session.account.label, 'alice · 123456789012');
	});
});
