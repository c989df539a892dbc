import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ConsoleLoginService, ConsoleSessionState } from '../../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../../src/aws/errors';
import { registerSignInCommands } from '../../../../src/vscode/commands/signIn';
import { presentError } from '../../../../src/vscode/errorPresenter';
import { ExtensionLogger } from '../../../../src/vscode/log';
import { SignInManager } from '../../../../src/vscode/signInManager';
import { FakeEngine, FakeMemento, FakeWindowSecrets, ManualExpiryClock, signInSettings } from '../../../support/signInFakes';
import { vscodeStub } from '../../../support/vscodeStubModule';
import { VscodeUiRecorder } from '../../../support/vscodeUiRecorder';

const HOUR = 3600_000;

/** The engine's console service with a CLI and a login cache the test controls. */
class FakeConsoleLogin implements ConsoleLoginService {
	cliVersion: string | undefined = '2.32.3';
	cache: ConsoleSessionState['cache'] = { path: '/h/.aws/login/cache/x.json', usable: true, sessionEndsAt: new Date(Date.now() + 6 * HOUR), fingerprint: 'old' };
	loginSession: string | undefined = 'arn:aws:iam::123456789012:user/alice';
	readonly waited: Array<string | undefined> = [];
	onWait: () => void = () => undefined;

	async state(profile: string): Promise<ConsoleSessionState> {
		return { profile, configFile: '/h/.aws/config', ...(this.loginSession ? { loginSession: this.loginSession } : {}), ...(this.cache ? { cache: this.cache } : {}) };
	}
	async cli() {
		const major = Number(this.cliVersion?.split('.')[1] ?? 0);
		return { ...(this.cliVersion ? { version: this.cliVersion } : {}), supportsLogin: Boolean(this.cliVersion) && major >= 32, installUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html' };
	}
	loginCommandLine(profile: string, remote: boolean): string {
		return `aws login --profile ${profile}${remote ? ' --remote' : ''}`;
	}
	async waitForNewSession(profile: string, before: string | undefined): Promise<ConsoleSessionState> {
		this.waited.push(before);
		this.onWait();
		this.cache = { path: '/h/.aws/login/cache/x.json', usable: true, sessionEndsAt: new Date(Date.now() + 12 * HOUR), fingerprint: 'new' };
		return this.state(profile);
	}
}

describe('console sign-in command (aws login)', () => {
	let engine: FakeEngine;
	let consoleLogin: FakeConsoleLogin;
	let manager: SignInManager;
	let ui: VscodeUiRecorder;
	let registered: vscode.Disposable[];
	let terminals: Array<{ name: string; sent: string[]; shown: boolean }>;
	let opened: string[];
	const window = vscodeStub.window as unknown as Record<string, unknown>;
	const env = vscodeStub.env as unknown as Record<string, unknown>;

	beforeEach(async () => {
		ui = new VscodeUiRecorder().install();
		engine = new FakeEngine();
		consoleLogin = new FakeConsoleLogin();
		(engine as { consoleLogin?: ConsoleLoginService }).consoleLogin = consoleLogin;
		engine.profiles = [{ name: 'console', kind: 'loginSession', files: ['config'] }];
		terminals = [];
		opened = [];
		window.createTerminal = (options: { name: string }) => {
			const terminal = { name: options.name, sent: [] as string[], shown: false };
			terminals.push(terminal);
			return { show: () => void (terminal.shown = true), sendText: (text: string) => void terminal.sent.push(text), dispose: () => undefined };
		};
		env.openExternal = async (uri: { toString(): string }) => void opened.push(uri.toString());
		const logger = new ExtensionLogger({});
		const settings = signInSettings();
		manager = new SignInManager({ globalState: new FakeMemento(), secrets: new FakeWindowSecrets(), logger, getEngine: async () => engine, settings: () => settings, clock: new ManualExpiryClock() });
		await manager.restore();
		registered = registerSignInCommands({ signInManager: manager, getEngine: async () => engine, logger, settings: () => settings });
	});

	afterEach(() => {
		registered.forEach((d) => d.dispose());
		manager.dispose();
		ui.uninstall();
		delete window.createTerminal;
		env.remoteName = undefined;
	});

	it('a session that still renews signs in at once, without a terminal', async () => {
		await ui.run('bedrockConnect.signInWithConsole');
		assert.deepEqual(manager.currentSpec, { method: 'profile', profile: 'console' });
		assert.equal(manager.snapshot.state, 'signedIn');
		assert.equal(terminals.length, 0);
	});

	it('a session that cannot renew runs aws login in a terminal, waits for the cache and adopts the new sign-in without a reload', async () => {
		engine.identityError = new BedrockConnectError('ConsoleSessionEnded', 'The console sign-in of profile "console" has ended (AWS Sign-In: TOKEN_EXPIRED).');
		consoleLogin.onWait = () => (engine.identityError = undefined);
		await ui.run('bedrockConnect.signInWithConsole', 'console');
		assert.deepEqual(terminals.map((t) => [t.name, t.sent, t.shown]), [['aws login (console)', ['aws login --profile console'], true]]);
		assert.deepEqual(consoleLogin.waited, ['old'], 'waits for a sign-in other than the one that ended');
		assert.ok(ui.progressTitles.some((t) => t.includes('aws login --profile console')));
		assert.equal(manager.snapshot.state, 'signedIn');
		assert.deepEqual(manager.currentSpec, { method: 'profile', profile: 'console' });
	});

	it('in a remote window the command is aws login --remote; a session past its end goes straight to aws login', async () => {
		env.remoteName = 'ssh-remote';
		consoleLogin.cache = { path: 'p', usable: true, sessionEndsAt: new Date(Date.now() - 1000), fingerprint: 'old' };
		await ui.run('bedrockConnect.signInWithConsole');
		assert.deepEqual(terminals[0]?.sent, ['aws login --profile console --remote']);
		assert.equal(manager.snapshot.state, 'signedIn');
	});

	for (const [what, version, said] of [
		['no AWS CLI', undefined, /no AWS CLI was found on PATH/],
		['an AWS CLI older than 2.32', '2.31.9', /AWS CLI 2\.31\.9 is on PATH/],
	] as Array<[string, string | undefined, RegExp]>) {
		it(`with ${what} it says how to get one and starts no terminal`, async () => {
			consoleLogin.cliVersion = version;
			consoleLogin.cache = undefined;
			ui.messageChoice = 'Open install guide';
			await ui.run('bedrockConnect.signInWithConsole');
			assert.equal(terminals.length, 0);
			const shown = ui.messages.find((m) => m.level === 'error');
			assert.match(shown?.text ?? '', said);
			assert.match(shown?.text ?? '', /2\.32 or newer/);
			await new Promise((resolve) => setImmediate(resolve));
			assert.deepEqual(opened, ['https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html']);
			assert.equal(manager.snapshot.state, 'signedOut');
		});
	}

	it('without any console profile it asks for the name aws login should create, and signs in with it', async () => {
		engine.profiles = [];
		consoleLogin.loginSession = undefined;
		consoleLogin.cache = undefined;
		ui.inputs.push('work');
		await ui.run('bedrockConnect.signInWithConsole');
		assert.deepEqual(terminals[0]?.sent, ['aws login --profile work']);
		assert.deepEqual(consoleLogin.waited, [undefined]);
		assert.deepEqual(manager.currentSpec, { method: 'profile', profile: 'work' });
	});

	it('"Use Profile" on a console profile goes through the console sign-in', async () => {
		consoleLogin.cache = undefined;
		await ui.run('bedrockConnect.useProfile', 'console');
		assert.deepEqual(terminals[0]?.sent, ['aws login --profile console']);
	});

	it('"Sign In…" lists console credentials and console profiles as such', async () => {
		let offered: string[] = [];
		ui.picks.push((items) => {
			offered = items.map((i) => `${i.label}|${i.description ?? ''}`);
			return (items as Array<vscode.QuickPickItem & { choice?: { kind: string } }>).find((i) => i.choice?.kind === 'console');
		});
		await ui.run('bedrockConnect.signIn');
		assert.ok(offered.some((o) => o.startsWith('$(globe) Console credentials|aws login')));
		assert.ok(offered.includes('console|console credentials'));
		assert.equal(manager.snapshot.state, 'signedIn');
	});

	it('"Sign in again" on an ended console session runs the console sign-in, not the generic pick', async () => {
		ui.messageChoice = 'Sign in again';
		presentError(new BedrockConnectError('ConsoleSessionEnded', 'The console sign-in of profile "console" has ended.'), { logger: new ExtensionLogger({}), showLog: () => undefined });
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(ui.messages.map((m) => m.actions), [['Sign in again']]);
		assert.deepEqual(ui.executed, ['bedrockConnect.signInWithConsole']);
	});
});

describe('an ended console session found by a refresh', () => {
	let ui: VscodeUiRecorder;
	beforeEach(() => {
		ui = new VscodeUiRecorder().install();
	});
	afterEach(() => ui.uninstall());

	it('the expiry notice says why and its "Sign in again" runs the console sign-in', async () => {
		const engine = new FakeEngine();
		const settings = signInSettings();
		const manager = new SignInManager({ globalState: new FakeMemento(), secrets: new FakeWindowSecrets(), logger: new ExtensionLogger({}), getEngine: async () => engine, settings: () => settings, clock: new ManualExpiryClock() });
		await manager.restore();
		await manager.establish({ method: 'profile', profile: 'console' });
		engine.credentialsError = new BedrockConnectError('ConsoleSessionEnded', 'The console sign-in of profile "console" has ended (AWS Sign-In: TOKEN_EXPIRED).', { action: 'Sign in again with `aws login --profile console`.' });
		ui.messageChoice = 'Sign in again';
		await assert.rejects(manager.refresh());
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(ui.messages, [{ level: 'error', text: 'The console sign-in of profile "console" has ended (AWS Sign-In: TOKEN_EXPIRED). Sign in again with `aws login --profile console`.', actions: ['Sign in again'] }]);
		assert.deepEqual(ui.executed, ['bedrockConnect.signInWithConsole']);
		manager.dispose();
	});
});
