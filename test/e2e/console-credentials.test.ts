// Console credentials (`aws login`) in code-server: a login_session profile picked in "AWS: Sign
// In…" counts down to the 12-h session end; when AWS Sign-In refuses a renewal the notification
// says why and "Sign in again" runs `aws login` in a terminal, and the new sign-in is adopted
// without a reload. The `aws` on PATH is a stand-in (test/support/fakeAwsCli.ts) for the CLI's
// browser step only: every renewal goes through the real SDK to the emulator's AWS Sign-In.
// An `aws login` the user runs outside VS Code after the session ended is adopted by itself.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { consoleProfile, signInWithConsole } from '../support/consoleLogin';
import { installFakeAwsCli, type FakeAwsCli } from '../support/fakeAwsCli';
import { eventually, notifications, quickInput, readAllLogs, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';

describe('console credentials (aws login)', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let dir: string;
	let cli: FakeAwsCli;
	let cacheFile: string;

	before(async function () {
		emulator = await startEmulator();
		dir = mkdtempSync(join(tmpdir(), 'e2e-console-'));
		const cacheDir = join(dir, 'login-cache');
		const fixture = await signInWithConsole({ control: emulator.control, cacheDir });
		cacheFile = fixture.cacheFile;
		await fs.writeFile(join(dir, 'config'), consoleProfile('console', fixture.grant.loginSession));
		cli = await installFakeAwsCli(join(dir, 'bin'), { version: '2.32.5', emulatorUrl: emulator.httpUrl });
		wb = await startWorkbench({
			label: 'console-credentials',
			env: {
				...emulator.env,
				AWS_REGION: 'us-east-1',
				AWS_CONFIG_FILE: join(dir, 'config'),
				AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
				AWS_LOGIN_CACHE_DIRECTORY: cacheDir,
				PATH: `${cli.dir}:${process.env.PATH ?? ''}`,
			},
			// The extension host takes its environment from a login shell, which resets PATH: put the stand-in first there too.
			homeFiles: { '.profile': `export PATH="${cli.dir}:$PATH"\n`, '.bashrc': `export PATH="${cli.dir}:$PATH"\n` },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('"AWS: Sign In…" offers console credentials; the status bar counts down the 12-h session, not the 15-min keys', async function () {
		await runCommand(wb.page, 'AWS: Sign In…');
		await quickInput.pick(wb.page, /Console credentials/);
		await waitForText(statusBarItem(wb.page), /^alice · 111111111111 · 1[12]h$/);
	});

	it('a refused renewal says why and "Sign in again" runs aws login in a terminal; the new sign-in is used without a reload', async function () {
		// The session is refused from now on, and the cached keys are near their end (the SDK renews at ≤ 5 min).
		emulator.control.failLoginRefreshes('USER_CREDENTIALS_CHANGED');
		const cache = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { accessToken: { expiresAt: string } };
		cache.accessToken.expiresAt = new Date(Date.now() + 60_000).toISOString();
		await fs.writeFile(cacheFile, JSON.stringify(cache));
		const refusalsBefore = emulator.control.counters()['signin:CreateOAuth2Token'] ?? 0;

		await runCommand(wb.page, 'AWS: Refresh Credentials');
		const toast = await notifications.waitFor(wb.page, /USER_CREDENTIALS_CHANGED/);
		assert.match((await toast.textContent()) ?? '', /password of the signed-in user changed.*aws login --profile console/);
		assert.ok((emulator.control.counters()['signin:CreateOAuth2Token'] ?? 0) > refusalsBefore, 'the refusal came from AWS Sign-In');
		await notifications.clickButton(wb.page, /USER_CREDENTIALS_CHANGED/, 'Sign in again');

		// code-server's extension host is remote (vscode.env.remoteName is set), so the CLI is told --remote.
		await eventually(async () => (await cli.calls()).includes('login --profile console --remote') || undefined, 'aws login --remote run in the terminal', 60_000);
		assert.ok((await cli.calls()).includes('--version'), 'the CLI version was checked first');
		await waitForText(statusBarItem(wb.page), /^alice · 111111111111 · 1[12]h$/, 60_000);
		await notifications.waitFor(wb.page, /Signed in to AWS as alice in account 111111111111/);
		const fresh = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { refreshToken: string };
		assert.ok(fresh.refreshToken, 'the new sign-in is in the cache');
	});

	it('after the session ended, an aws login run outside VS Code is adopted by itself, said in the status bar', async function () {
		emulator.control.failLoginRefreshes('TOKEN_EXPIRED');
		const cache = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { accessToken: { expiresAt: string } };
		cache.accessToken.expiresAt = new Date(Date.now() + 60_000).toISOString();
		await fs.writeFile(cacheFile, JSON.stringify(cache));
		await runCommand(wb.page, 'AWS: Refresh Credentials');
		await notifications.waitFor(wb.page, /TOKEN_EXPIRED/);
		emulator.control.failLoginRefreshes(undefined);

		// The user's own terminal, not ours: no command of the extension runs.
		await promisify(execFile)(join(cli.dir, 'aws'), ['login', '--profile', 'console'], {
			env: { ...process.env, AWS_CONFIG_FILE: join(dir, 'config'), AWS_LOGIN_CACHE_DIRECTORY: join(dir, 'login-cache') },
		});
		await eventually(
			async () => /now using the new console sign-in of profile "console"/.test((await wb.page.locator('.statusbar').textContent()) ?? '') || undefined,
			'the status-bar message of the adopted sign-in',
			60_000,
		);
		await waitForText(statusBarItem(wb.page), /^alice · 111111111111 · 1[12]h$/);
	});

	it('no secret the emulator issued is in any log', async function () {
		const logs = await readAllLogs(wb.server);
		const leaked = emulator.control.issuedSecrets().filter((secret) => logs.includes(secret));
		assert.deepEqual(leaked, []);
	});
});
