// The console-session follower in the VS Code layer: it follows only a console profile (signed
// in, expired or failed), stops on sign-out or a switch, and adopts a new session once by reopening.
import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConsoleLoginService, ConsoleSessionState, Engine, SignInSpec } from '../../../../src/aws/engineTypes';
import { ConsoleSessionFollower, followedProfile, type FollowedSignIn } from '../../../../src/vscode/signIn/consoleSessionFollower';
import type { SignInSnapshot } from '../../../../src/vscode/signIn/signInState';
import { flushMicrotasks } from '../../../support/fakeClock';
import { RecordingLogger } from '../../../support/recordingLogger';

class FakeSignIn implements FollowedSignIn {
	currentSpec: SignInSpec | undefined;
	snapshot: SignInSnapshot = { state: 'signedOut' };
	reopened = 0;
	private readonly emitter = new vscode.EventEmitter<void>();
	readonly onDidChangeConnection = this.emitter.event;
	set(spec: SignInSpec | undefined, state: SignInSnapshot['state']): void {
		this.currentSpec = spec;
		this.snapshot = { state } as SignInSnapshot;
		this.emitter.fire();
	}
	async reopen(): Promise<void> {
		this.reopened++;
	}
}

class FakeFollowingLogin implements Pick<ConsoleLoginService, 'state' | 'followSession'> {
	readonly consoleProfiles = new Set(['console']);
	readonly followers: Array<{ profile: string; onNewSession: (state: ConsoleSessionState) => void; disposed: boolean }> = [];
	async state(profile: string): Promise<ConsoleSessionState> {
		return { profile, configFile: 'config', ...(this.consoleProfiles.has(profile) ? { loginSession: `arn:aws:iam::111111111111:user/${profile}` } : {}) };
	}
	followSession(profile: string, onNewSession: (state: ConsoleSessionState) => void) {
		const follower = { profile, onNewSession, disposed: false };
		this.followers.push(follower);
		return { dispose: () => void (follower.disposed = true) };
	}
	live() {
		return this.followers.filter((f) => !f.disposed);
	}
}

const settle = async () => {
	for (let i = 0; i < 5; i++) await flushMicrotasks();
};

describe('ConsoleSessionFollower', () => {
	let signIn: FakeSignIn;
	let login: FakeFollowingLogin;
	let logger: RecordingLogger;
	let announced: string[];
	let follower: ConsoleSessionFollower;

	beforeEach(() => {
		signIn = new FakeSignIn();
		login = new FakeFollowingLogin();
		logger = new RecordingLogger();
		announced = [];
		follower = new ConsoleSessionFollower(signIn, async () => ({ consoleLogin: login }) as unknown as Engine, logger, (m) => announced.push(m));
	});
	afterEach(() => follower.dispose());

	it('follows a profile sign-in in every state but signed out', () => {
		for (const state of ['signingIn', 'signedIn', 'expiring', 'expired', 'error'] as const) {
			assert.equal(followedProfile({ method: 'profile', profile: 'p' }, state), 'p');
		}
		assert.equal(followedProfile({ method: 'profile', profile: 'p' }, 'signedOut'), undefined);
		assert.equal(followedProfile({ method: 'environment' }, 'signedIn'), undefined);
		assert.equal(followedProfile(undefined, 'signedIn'), undefined);
	});

	it('no watcher for a sign-in that is not on console credentials', async () => {
		signIn.set({ method: 'environment' }, 'signedIn');
		signIn.set({ method: 'profile', profile: 'keys' }, 'signedIn');
		await settle();
		assert.deepEqual(login.followers, []);
		assert.equal(follower.following, undefined);
	});

	it('one watcher for a console profile through its state changes; gone on sign-out and on a switch', async () => {
		signIn.set({ method: 'profile', profile: 'console' }, 'signedIn');
		await settle();
		signIn.set({ method: 'profile', profile: 'console' }, 'expired');
		signIn.set({ method: 'profile', profile: 'console' }, 'error');
		await settle();
		assert.equal(login.followers.length, 1, 'the same watcher while the session ended and "Sign in again" is offered');
		assert.equal(follower.following, 'console');
		signIn.set(undefined, 'signedOut');
		await settle();
		assert.deepEqual(login.live(), []);
		signIn.set({ method: 'profile', profile: 'console' }, 'signedIn');
		await settle();
		signIn.set({ method: 'environment' }, 'signedIn');
		await settle();
		assert.deepEqual(login.live(), [], 'a switch stops it');
	});

	it('a new session is adopted by reopening the sign-in, said once in the log and the status bar', async () => {
		signIn.set({ method: 'profile', profile: 'console' }, 'error');
		await settle();
		login.followers[0].onNewSession({ profile: 'console', configFile: 'config' });
		await settle();
		assert.equal(signIn.reopened, 1);
		assert.equal(logger.lines.filter((l) => /new console sign-in of profile console .*aws login/.test(l)).length, 1);
		assert.deepEqual(announced, ['AWS: now using the new console sign-in of profile "console" (aws login).']);
	});

	it('leaves a sign-in under way alone (the user chose it)', async () => {
		signIn.set({ method: 'profile', profile: 'console' }, 'signedIn');
		await settle();
		signIn.snapshot = { state: 'signingIn' } as SignInSnapshot;
		login.followers[0].onNewSession({ profile: 'console', configFile: 'config' });
		await settle();
		assert.equal(signIn.reopened, 0);
	});
});
