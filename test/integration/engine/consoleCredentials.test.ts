// Console credentials (`aws login` profiles with login_session) through the SDK's own login
// provider, against the emulator's AWS Sign-In: DPoP-bound refresh with rotation, the session's
// 12-h end in the Connection's expiry, and the three ways a session stops renewing.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fromLoginCredentials } from '@aws-sdk/credential-providers';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { silentLogger } from '../../../src/aws/ports';
import type { LoginRefreshFailure } from '../../emulator';
import { consoleProfile, newDpopKey, signInWithConsole } from '../../support/consoleLogin';
import { installFakeAwsCli } from '../../support/fakeAwsCli';
import { codeOf, useEngineWorld } from './harness';

const REFRESH = 'signin:CreateOAuth2Token';

describe('engine: console credentials (login_session profiles)', function () {
	this.timeout(60_000);
	const world = useEngineWorld();
	const cacheDir = () => path.join(world.home, '.aws', 'login', 'cache');

	beforeEach(() => world.emulator.control.resetCounters());

	async function consoleSignIn(options: Partial<Parameters<typeof signInWithConsole>[0]> = {}) {
		const fixture = await signInWithConsole({ control: world.emulator.control, cacheDir: cacheDir(), ...options });
		await world.writeConfig(consoleProfile('console', fixture.grant.loginSession));
		return fixture;
	}

	it('a login_session profile signs in through the SDK provider: identity, and the status end is the 12-h session, not the 15-min keys', async () => {
		const before = Date.now();
		await consoleSignIn();
		const { engine } = world.newEngine();
		const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		const identity = await connection.getIdentity();
		assert.equal(identity.arn, 'arn:aws:iam::111111111111:user/alice');
		const expiry = connection.expiry();
		assert.ok(expiry.credentialsExpireAt && expiry.credentialsExpireAt.getTime() <= Date.now() + 15 * 60_000 + 5_000, 'credentials last ~15 min');
		assert.ok(expiry.signInExpiresAt, 'the session end is known');
		const hours = (expiry.signInExpiresAt.getTime() - before) / 3_600_000;
		assert.ok(hours > 11.99 && hours < 12.01, `session ends 12 h after the sign-in (got ${hours} h)`);
		assert.equal(expiry.canRefreshSilently, true);
		assert.equal(world.emulator.control.counters()[REFRESH] ?? 0, 0, 'fresh cached credentials need no refresh');
	});

	it('credentials near expiry are renewed with a DPoP proof; the rotated refresh token is in the cache and the old one is refused', async () => {
		const fixture = await consoleSignIn({ cachedCredentialsExpireIn: 60 });
		const { engine } = world.newEngine();
		const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		const credentials = await connection.credentials();
		assert.notEqual(credentials.accessKeyId, fixture.grant.accessToken.accessKeyId, 'new keys came from AWS Sign-In');
		assert.equal(world.emulator.control.counters()[REFRESH], 1);
		const seen = world.emulator.control.lastRequest(REFRESH);
		assert.match(seen?.headers.dpop ?? '', /^ey[\w-]+\.ey[\w-]+\.[\w-]+$/, 'the call carried a DPoP proof');
		const cache = JSON.parse(await fs.readFile(fixture.cacheFile, 'utf8')) as { refreshToken: string };
		assert.notEqual(cache.refreshToken, fixture.grant.refreshToken, 'the SDK wrote the rotated refresh token');
		assert.equal((await connection.getIdentity()).principal.name, 'alice');

		// Replaying the old refresh token (what a second writer with a stale copy would do) ends in TOKEN_EXPIRED.
		await fs.writeFile(fixture.cacheFile, JSON.stringify({ ...cache, refreshToken: fixture.grant.refreshToken, accessToken: { ...(cache as never as { accessToken: object }).accessToken, expiresAt: new Date(Date.now() + 30_000).toISOString() } }));
		const stale = world.newEngine().engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		await assert.rejects(stale.credentials(), (e: unknown) => codeOf(e) === 'ConsoleSessionEnded' && /TOKEN_EXPIRED/.test((e as Error).message));
	});

	for (const [failure, words] of [
		['TOKEN_EXPIRED', /has ended.*TOKEN_EXPIRED/],
		['USER_CREDENTIALS_CHANGED', /password .* changed.*USER_CREDENTIALS_CHANGED/],
		['INSUFFICIENT_PERMISSIONS', /signin:CreateOAuth2Token.*INSUFFICIENT_PERMISSIONS/],
	] as Array<[LoginRefreshFailure, RegExp]>) {
		it(`a refresh refused with ${failure} says so, offers aws login, and the connection stops renewing`, async () => {
			const fixture = await consoleSignIn({ cachedCredentialsExpireIn: 30 });
			world.emulator.control.failLoginRefreshes(failure, fixture.grant.loginSession);
			try {
				const { engine, logger } = world.newEngine();
				const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
				const error = await connection.credentials().then(
					() => assert.fail('expected a failure'),
					(e: unknown) => e,
				);
				assert.ok(isBedrockConnectError(error) && error.code === 'ConsoleSessionEnded', String(error));
				assert.match(error.message, words);
				assert.match(error.action ?? '', /aws login --profile console/);
				assert.equal(connection.expiry().canRefreshSilently, false);
				assert.equal(logger.leaked(world.emulator.control.issuedSecrets()).length, 0);
			} finally {
				world.emulator.control.failLoginRefreshes(undefined);
			}
		});
	}

	it('chat: Bedrock ConverseStream on console credentials that the SDK renews through AWS Sign-In on the way', async () => {
		// Cached keys with a minute left: the SDK renews them (≤ 5 min) before the first message is signed.
		const fixture = await consoleSignIn({ cachedCredentialsExpireIn: 60 });
		const { engine } = world.newEngine();
		const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		const service = createBedrockService({ session: connection, logger: silentLogger });
		const send = async () => {
			let text = '';
			await service.converseStream(
				{ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', text: 'hi' }] },
				{ signal: new AbortController().signal, onEvent: (e) => void (e.type === 'text' && (text += e.text)) },
			);
			return text;
		};
		try {
			assert.ok((await send()).length > 0);
			assert.ok((await send()).length > 0);
			assert.equal(world.emulator.control.counters()[REFRESH], 1, 'one refresh for both messages');
			const signedWith = (await connection.credentials()).accessKeyId;
			assert.notEqual(signedWith, fixture.grant.accessToken.accessKeyId);
			assert.match(world.emulator.control.lastRequest('bedrock:ConverseStream')?.headers.authorization ?? '', new RegExp(`Credential=${signedWith}/`), 'signed with the renewed keys');
		} finally {
			service.dispose();
		}
	});

	it('a session past its 12 h renews no more (TOKEN_EXPIRED)', async () => {
		await consoleSignIn({ cachedCredentialsExpireIn: 30, sessionSeconds: 1 });
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'ConsoleSessionEnded');
	});

	it('a DPoP proof signed with a key the refresh token is not bound to is refused', async () => {
		await consoleSignIn({ cachedCredentialsExpireIn: -1, dpopKey: newDpopKey().privateKey });
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1').credentials(), /not the one this refresh token is bound to/);
		assert.equal(world.emulator.control.counters()[REFRESH], 1);
	});

	it('no cache file: "not signed in", with the aws login command', async () => {
		await world.writeConfig(consoleProfile('console', 'arn:aws:iam::111111111111:user/nobody'));
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1').credentials(), (e: unknown) => {
			return codeOf(e) === 'ConsoleSessionEnded' && /no usable sign-in/.test((e as Error).message);
		});
	});

	it('the SDK reaches AWS Sign-In through AWS_ENDPOINT_URL_SIGNIN, and AWS_LOGIN_CACHE_DIRECTORY is honoured', async () => {
		const dir = path.join(world.home, 'elsewhere-cache');
		const saved = { generic: process.env.AWS_ENDPOINT_URL, signin: process.env.AWS_ENDPOINT_URL_SIGNIN, dir: process.env.AWS_LOGIN_CACHE_DIRECTORY };
		const fixture = await signInWithConsole({ control: world.emulator.control, cacheDir: dir, cachedCredentialsExpireIn: 30 });
		await world.writeConfig(consoleProfile('console', fixture.grant.loginSession));
		try {
			delete process.env.AWS_ENDPOINT_URL;
			process.env.AWS_ENDPOINT_URL_SIGNIN = world.emulator.httpUrl;
			process.env.AWS_LOGIN_CACHE_DIRECTORY = dir;
			const credentials = await fromLoginCredentials({ profile: 'console', ignoreCache: true })();
			assert.notEqual(credentials.accessKeyId, fixture.grant.accessToken.accessKeyId);
			assert.equal(world.emulator.control.counters()[REFRESH], 1);
			const { engine } = world.newEngine();
			const state = await engine.consoleLogin!.state('console');
			assert.equal(state.cache?.path, fixture.cacheFile);
			assert.equal(state.cache?.usable, true);
		} finally {
			process.env.AWS_ENDPOINT_URL = saved.generic;
			if (saved.signin === undefined) delete process.env.AWS_ENDPOINT_URL_SIGNIN;
			if (saved.dir === undefined) delete process.env.AWS_LOGIN_CACHE_DIRECTORY;
		}
	});
});

describe('engine: console credentials with the AWS CLI (a stand-in `aws` for the browser step)', function () {
	this.timeout(60_000);
	const world = useEngineWorld();
	let savedPath: string | undefined;

	beforeEach(() => {
		savedPath = process.env.PATH;
	});
	afterEach(() => {
		process.env.PATH = savedPath;
	});

	async function fakeCli(version: string) {
		const cli = await installFakeAwsCli(path.join(world.home, `bin-${version}`), { version, emulatorUrl: world.emulator.httpUrl });
		process.env.PATH = `${cli.dir}${path.delimiter}${savedPath ?? ''}`;
		return cli;
	}

	it('finds the CLI version and whether it has aws login', async () => {
		const { engine } = world.newEngine();
		await fakeCli('2.32.4');
		assert.deepEqual(await engine.consoleLogin!.cli(), { version: '2.32.4', supportsLogin: true, installUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html' });
		await fakeCli('2.31.0');
		assert.equal((await engine.consoleLogin!.cli()).supportsLogin, false);
		process.env.PATH = path.join(world.home, 'empty-bin');
		assert.deepEqual(await engine.consoleLogin!.cli(), { supportsLogin: false, installUrl: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html' });
	});

	it('after an ended session, aws login writes a new sign-in; the wait sees it and a new connection works (no reload)', async () => {
		const cli = await fakeCli('2.33.0');
		const { engine } = world.newEngine();
		// Asynchronously: the emulator answering the stand-in runs in this process.
		const awsLogin = () => promisify(execFile)('aws', ['login', '--profile', 'console'], { env: process.env });
		await awsLogin();
		const first = await engine.consoleLogin!.state('console');
		assert.equal(first.cache?.usable, true);
		world.emulator.control.failLoginRefreshes('TOKEN_EXPIRED');
		await fs.writeFile(first.cache!.path, (await fs.readFile(first.cache!.path, 'utf8')).replace(/"expiresAt": "[^"]+"/, `"expiresAt": "${new Date(Date.now() + 10_000).toISOString()}"`));
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'ConsoleSessionEnded');
		world.emulator.control.failLoginRefreshes(undefined);
		const before = (await engine.consoleLogin!.state('console')).cache?.fingerprint;
		const waited = engine.consoleLogin!.waitForNewSession('console', before, new AbortController().signal);
		await awsLogin();
		const adopted = await waited;
		assert.notEqual(adopted.cache?.fingerprint, before);
		const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		assert.equal((await connection.getIdentity()).principal.name, 'alice');
		assert.deepEqual(await cli.calls(), ['login --profile console', 'login --profile console']);
	});

	it('Diagnose shows each console profile (cache, session end) and whether aws login can run', async () => {
		await fakeCli('2.32.0');
		const fixture = await signInWithConsole({ control: world.emulator.control, cacheDir: path.join(world.home, '.aws', 'login', 'cache') });
		await world.writeConfig(consoleProfile('console', fixture.grant.loginSession) + consoleProfile('gone', 'arn:aws:iam::111111111111:user/gone'));
		const { engine } = world.newEngine();
		const cacheBefore = await fs.readFile(fixture.cacheFile, 'utf8');
		const report = await engine.diagnose();
		await engine.consoleLogin!.state('console');
		await engine.consoleLogin!.waitForNewSession('console', undefined, new AbortController().signal);
		assert.equal(await fs.readFile(fixture.cacheFile, 'utf8'), cacheBefore, 'Diagnose, state and the wait never write the login cache');
		const line = (source: string) => report.findings.find((f) => f.source === source);
		assert.equal(line("Console sign-in 'console'")?.severity, 'ok');
		assert.match(line("Console sign-in 'console'")?.summary ?? '', /renewing until/);
		assert.match(line("Console sign-in 'gone'")?.summary ?? '', /no cache file/);
		assert.match(line("Console sign-in 'gone'")?.fix ?? '', /aws login --profile gone/);
		assert.match(line('AWS CLI')?.summary ?? '', /2\.32\.0 .*can run `aws login`/);
		assert.match(line("Profile 'gone'")?.fix ?? '', /aws login --profile gone/);
		const text = JSON.stringify(report);
		for (const secret of world.emulator.control.issuedSecrets()) {
			assert.ok(!text.includes(secret), 'no secret in the report');
		}
	});
});
