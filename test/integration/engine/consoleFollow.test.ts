// A user's own `aws login` (run outside our command) adopted by itself: the SignInManager on a
// real engine, the follower watching the login cache, the SDK's login provider against the
// emulator's AWS Sign-In. The test writes the cache as the CLI would; no command runs.
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SignInSpec } from '../../../src/aws/engineTypes';
import { ConsoleSessionFollower } from '../../../src/vscode/signIn/consoleSessionFollower';
import { SignInManager } from '../../../src/vscode/signInManager';
import { consoleProfile, signInWithConsole } from '../../support/consoleLogin';
import { RecordingLogger } from '../../support/recordingLogger';
import { FakeMemento, FakeWindowSecrets, ManualExpiryClock, signInSettings } from '../../support/signInFakes';
import { codeOf, useEngineWorld } from './harness';

const SPEC: SignInSpec = { method: 'profile', profile: 'console' };

async function eventually(test: () => boolean, what: string, ms = 15_000): Promise<void> {
	const end = Date.now() + ms;
	while (!test()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('engine: a new aws login of the current console profile is adopted without a command', function () {
	this.timeout(60_000);
	const world = useEngineWorld();
	let savedCacheDir: string | undefined;
	let manager: SignInManager | undefined;
	let follower: ConsoleSessionFollower | undefined;

	beforeEach(() => {
		savedCacheDir = process.env.AWS_LOGIN_CACHE_DIRECTORY;
		world.emulator.control.resetCounters();
	});
	afterEach(() => {
		follower?.dispose();
		manager?.dispose();
		world.emulator.control.failLoginRefreshes(undefined);
		if (savedCacheDir === undefined) delete process.env.AWS_LOGIN_CACHE_DIRECTORY;
		else process.env.AWS_LOGIN_CACHE_DIRECTORY = savedCacheDir;
	});

	async function wire() {
		const { engine, logger: engineLogger } = world.newEngine();
		const logger = new RecordingLogger();
		const announced: string[] = [];
		manager = new SignInManager({ globalState: new FakeMemento(), secrets: new FakeWindowSecrets(), logger, getEngine: async () => engine, settings: () => signInSettings(), clock: new ManualExpiryClock(Date.now()) });
		follower = new ConsoleSessionFollower(manager, async () => engine, logger, (m) => announced.push(m));
		await manager.restore(); // as activation does: nothing stored yet
		return { engine, engineLogger, logger, announced, manager };
	}

	/** A console profile signed in once in the default cache, and the engine following it; `arrived` collects each new session's key. */
	async function followedConsoleProfile() {
		const cacheDir = path.join(world.home, '.aws', 'login', 'cache');
		const first = await signInWithConsole({ control: world.emulator.control, cacheDir });
		await world.writeConfig(consoleProfile('console', first.grant.loginSession));
		const { engine } = world.newEngine();
		const arrived: string[] = [];
		const follow = engine.consoleLogin!.followSession!('console', (state) => arrived.push(state.cache?.sessionKey ?? ''));
		return { cacheDir, engine, arrived, follow };
	}

	it('the engine calls back once per new sign-in and only reads the cache (same bytes and mtime after)', async () => {
		const { cacheDir, arrived, follow } = await followedConsoleProfile();
		try {
			await new Promise((resolve) => setTimeout(resolve, 300)); // the follow has read the session in use
			const second = await signInWithConsole({ control: world.emulator.control, cacheDir });
			const written = { text: await fs.readFile(second.cacheFile, 'utf8'), mtime: (await fs.stat(second.cacheFile)).mtimeMs };
			await eventually(() => arrived.length === 1, 'the callback');
			await new Promise((resolve) => setTimeout(resolve, 800));
			assert.equal(arrived.length, 1, 'once');
			assert.equal(await fs.readFile(second.cacheFile, 'utf8'), written.text);
			assert.equal((await fs.stat(second.cacheFile)).mtimeMs, written.mtime);
		} finally {
			follow.dispose();
		}
	});

	it('while our sign-in command waits for the new sign-in, the follow keeps quiet (the command adopts it)', async () => {
		const { cacheDir, engine, arrived, follow } = await followedConsoleProfile();
		try {
			await new Promise((resolve) => setTimeout(resolve, 300));
			const before = (await engine.consoleLogin!.state('console')).cache?.fingerprint;
			const waited = engine.consoleLogin!.waitForNewSession('console', before, new AbortController().signal);
			await new Promise((resolve) => setTimeout(resolve, 200)); // the wait has looked once and sleeps (1 s)
			await signInWithConsole({ control: world.emulator.control, cacheDir });
			assert.equal((await waited).cache?.usable, true);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			assert.deepEqual(arrived, [], 'the command, not the follow, adopts it');
		} finally {
			follow.dispose();
		}
	});

	it('after AWS Sign-In refused a renewal ("Sign in again" offered), a new sign-in in AWS_LOGIN_CACHE_DIRECTORY is used, said once', async () => {
		const cacheDir = path.join(world.home, 'custom-login-cache');
		process.env.AWS_LOGIN_CACHE_DIRECTORY = cacheDir;
		const first = await signInWithConsole({ control: world.emulator.control, cacheDir });
		await world.writeConfig(consoleProfile('console', first.grant.loginSession));
		const { logger, announced, manager } = await wire();
		await manager.establish(SPEC);
		await eventually(() => follower?.following === 'console', 'the follower to start');

		// The session ends: AWS Sign-In refuses the renewal of keys near their end.
		world.emulator.control.failLoginRefreshes('TOKEN_EXPIRED', first.grant.loginSession);
		const cache = JSON.parse(await fs.readFile(first.cacheFile, 'utf8')) as { accessToken: { expiresAt: string } };
		cache.accessToken.expiresAt = new Date(Date.now() + 60_000).toISOString();
		await fs.writeFile(first.cacheFile, JSON.stringify(cache));
		await assert.rejects(manager.refresh(), (e: unknown) => codeOf(e) === 'ConsoleSessionEnded');
		assert.ok(manager.snapshot.state === 'error' || manager.snapshot.state === 'expired', manager.snapshot.state);

		// The user runs `aws login --profile console` in some terminal: a new session in the same file.
		world.emulator.control.failLoginRefreshes(undefined);
		const second = await signInWithConsole({ control: world.emulator.control, cacheDir });
		assert.equal(second.cacheFile, first.cacheFile);
		await eventually(() => manager.snapshot.state === 'signedIn', 'the new session to be adopted');
		const connection = await manager.getConnection();
		assert.equal((await connection!.credentials()).accessKeyId, second.grant.accessToken.accessKeyId, 'signed with the new sign-in');
		assert.equal(manager.currentIdentity?.principal.name, 'alice');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		assert.equal(logger.lines.filter((l) => /new console sign-in of profile console/.test(l)).length, 1, 'said once in the log');
		assert.equal(announced.length, 1, 'said once in the status bar');
	});

	it("the SDK's own renewals are not a new sign-in, a new aws login while signed in is used at once, and sign-out stops following", async () => {
		const cacheDir = path.join(world.home, '.aws', 'login', 'cache');
		const fixture = await signInWithConsole({ control: world.emulator.control, cacheDir, cachedCredentialsExpireIn: 60 });
		await world.writeConfig(consoleProfile('console', fixture.grant.loginSession));
		const { logger, manager } = await wire();
		await manager.establish(SPEC);
		await eventually(() => follower?.following === 'console', 'the follower to start');
		// Keys near their end again: the next refresh has the SDK renew them and rewrite the file.
		const cache = JSON.parse(await fs.readFile(fixture.cacheFile, 'utf8')) as { accessToken: { expiresAt: string }; refreshToken: string };
		cache.accessToken.expiresAt = new Date(Date.now() + 60_000).toISOString();
		await fs.writeFile(fixture.cacheFile, JSON.stringify(cache));
		const renewals = world.emulator.control.counters()['signin:CreateOAuth2Token'] ?? 0;
		await (await manager.getConnection())!.credentials({ forceRefresh: true });
		assert.equal(world.emulator.control.counters()['signin:CreateOAuth2Token'], renewals + 1, 'the SDK renewed');
		assert.notEqual((JSON.parse(await fs.readFile(fixture.cacheFile, 'utf8')) as { refreshToken: string }).refreshToken, cache.refreshToken, 'and rewrote the cache');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		assert.equal(logger.lines.filter((l) => /signed in:/.test(l)).length, 1, `no second sign-in: ${logger.lines.join('\n')}`);

		// While signed in, a new `aws login` is used at once (its keys and session end).
		const renewed = await signInWithConsole({ control: world.emulator.control, cacheDir });
		await eventually(() => logger.lines.filter((l) => /signed in:/.test(l)).length === 2, 'the new session to be adopted');
		assert.equal((await (await manager.getConnection())!.credentials()).accessKeyId, renewed.grant.accessToken.accessKeyId);
		await manager.signOut();
		assert.equal(follower?.following, undefined);
		await signInWithConsole({ control: world.emulator.control, cacheDir });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		assert.equal(manager.snapshot.state, 'signedOut', 'signed out stays signed out');
	});
});
