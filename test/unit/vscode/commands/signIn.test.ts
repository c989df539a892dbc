import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { BedrockConnectError } from '../../../../src/aws/errors';
import type { SignInSettings } from '../../../../src/vscode/settings';
import { registerSignInCommands } from '../../../../src/vscode/commands/signIn';
import { ExtensionLogger } from '../../../../src/vscode/log';
import { SignInManager } from '../../../../src/vscode/signInManager';
import { FakeEngine, FakeMemento, FakeWindowSecrets, ManualExpiryClock, signInSettings } from '../../../support/signInFakes';
import { VscodeUiRecorder } from '../../../support/vscodeUiRecorder';

type PickItem = vscode.QuickPickItem & { choice?: { kind: string } };

const choose = (kind: string) => (items: vscode.QuickPickItem[]) => (items as PickItem[]).find((i) => i.choice?.kind === kind);

describe('sign-in commands', () => {
	let engine: FakeEngine;
	let settings: SignInSettings;
	let manager: SignInManager;
	let ui: VscodeUiRecorder;
	let registered: vscode.Disposable[];

	beforeEach(async () => {
		ui = new VscodeUiRecorder().install();
		engine = new FakeEngine();
		settings = signInSettings();
		const logger = new ExtensionLogger({});
		manager = new SignInManager({
			globalState: new FakeMemento(),
			secrets: new FakeWindowSecrets(),
			logger,
			getEngine: async () => engine,
			settings: () => settings,
			clock: new ManualExpiryClock(),
		});
		await manager.restore();
		registered = registerSignInCommands({ signInManager: manager, getEngine: async () => engine, logger, settings: () => settings });
	});

	afterEach(() => {
		for (const d of registered) {
			d.dispose();
		}
		manager.dispose();
		ui.uninstall();
	});

	it('registers the same command ids as before', () => {
		assert.deepEqual([...ui.commands.keys()].sort(), [
			'bedrockConnect.assumeRole',
			'bedrockConnect.signIn',
			'bedrockConnect.signInWithAccessKeys',
			'bedrockConnect.signInWithConsole',
			'bedrockConnect.signInWithSso',
			'bedrockConnect.useEnvironment',
			'bedrockConnect.useProfile',
		]);
	});

	it('"Use Environment Credentials" signs in and says who the user is', async () => {
		await ui.run('bedrockConnect.useEnvironment');
		assert.equal(manager.snapshot.state, 'signedIn');
		assert.deepEqual(ui.progressTitles, ['AWS: checking who you are…']);
		assert.deepEqual(ui.messages, [
			{ level: 'info', text: 'Signed in to AWS as alice in account 123456789012, region us-east-1.', actions: [] },
		]);
	});

	it('"AWS: Sign In…" runs the method picked', async () => {
		ui.picks.push(choose('defaultChain'));
		await ui.run('bedrockConnect.signIn');
		assert.deepEqual(manager.currentSpec, { method: 'defaultChain' });
		assert.equal(ui.messages[0]?.text, 'Signed in to AWS as alice in account 123456789012, region us-east-1.');
	});

	it('Escape in the pick signs nobody in and shows nothing', async () => {
		assert.equal(await ui.run('bedrockConnect.signIn'), undefined);
		assert.equal(manager.snapshot.state, 'signedOut');
		assert.deepEqual(ui.messages, []);
	});

	it('the interactive sign-in (chat, Accounts menu) shows errors and resolves undefined', async () => {
		ui.picks.push(choose('environment'));
		engine.identityError = new BedrockConnectError('AccessDenied', 'Access denied by STS.');
		assert.equal(await manager.signIn(), undefined);
		assert.deepEqual(ui.messages, [{ level: 'error', text: 'Access denied by STS.', actions: ['Diagnose'] }]);
	});

	it('access keys that fail to sign in are discarded', async () => {
		ui.inputs.push('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '', '');
		engine.identityError = new BedrockConnectError('AccessDenied', 'The keys were refused.');
		await ui.run('bedrockConnect.signInWithAccessKeys');
		assert.deepEqual(engine.calls, ['saveAccessKeys', 'deleteAccessKeys']);
		assert.equal(manager.snapshot.state, 'signedOut');
		assert.equal(ui.messages[0]?.text, 'The keys were refused.');
	});

	it('a sign-in the allowed accounts refuse does not stay', async () => {
		settings = signInSettings({ allowedAccounts: ['999999999999'] });
		await ui.run('bedrockConnect.useEnvironment');
		assert.equal(manager.snapshot.state, 'signedOut');
		assert.deepEqual(ui.messages.map((m) => [m.level, m.text, m.actions]), [['error', 'Account 123456789012 is not allowed.', ['Sign in again']]]);
	});

	it('"Assume Role…" builds on the current sign-in', async () => {
		await ui.run('bedrockConnect.useEnvironment');
		ui.inputs.push('arn:aws:iam::123456789012:role/Admin', '', 'bedrock-connect', '', '');
		await ui.run('bedrockConnect.assumeRole');
		assert.deepEqual(manager.currentSpec, {
			method: 'assumeRole',
			base: { method: 'environment' },
			roleArn: 'arn:aws:iam::123456789012:role/Admin',
			externalId: undefined,
			roleSessionName: 'bedrock-connect',
			durationSeconds: undefined,
			mfaSerial: undefined,
		});
	});
});
