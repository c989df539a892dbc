// IAM Identity Center with authorization code + PKCE in code-server (sso.flow: pkce): the extension
// opens the emulator's /authorize page in a new tab, Playwright allows access there, the browser is
// redirected to the extension host's one-shot 127.0.0.1 listener (the same machine in this test),
// and the sign-in completes. With sso.shareTokenWithCli (machine setting) the real AWS CLI v2 then
// works with the profile; sign-out removes the shared token again. (`auto` uses the device code
// in code-server: signin-sso.test.ts runs with the default setting.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { awsCliEnvironment, runAwsCli } from '../support/awsCli';
import { ssoProfileConfig } from '../support/ssoProfileConfig';
import { dialog, eventually, notifications, quickInput, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { waitForInputTitle } from './signin-helpers';

const START_URL = 'https://d-9067e2e2e2.awsapps.com/start';
const CONFIG = ssoProfileConfig({ startUrl: START_URL, ssoRegion: 'us-east-1', region: 'us-east-1', registrationScopes: 'sso:account:access' });

describe('sign-in with IAM Identity Center (authorization code + PKCE) and sharing with the AWS CLI', function () {
	let emulator: Emulator;
	let wb: Workbench;
	const cacheFile = (key: string) => path.join(wb.server.homeDir, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);

	before(async function () {
		// Not 127.0.0.1: code-server rewrites links to localhost ports through its proxy and drops the query.
		emulator = await startEmulator({ host: '127.0.0.2' });
		wb = await startWorkbench({
			label: 'signin-pkce',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.sso.flow': 'pkce', 'bedrockConnect.sso.startUrl': START_URL, 'bedrockConnect.sso.region': 'us-east-1' },
			machineSettings: { 'bedrockConnect.sso.shareTokenWithCli': true },
			homeFiles: { '.aws/config': CONFIG },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('signs in through the browser: /authorize opens, Allow redirects to the loopback listener, account and role picked', async function () {
		await runCommand(wb.page, 'AWS: Sign In with IAM Identity Center (SSO)');
		await notifications.waitFor(wb.page, /continue in your browser/);
		// code-server asks before opening a site that is not its own.
		await eventually(async () => (await dialog.locator(wb.page).isVisible().catch(() => false)) || wb.browser.popups.length > 0, 'the open-website dialog or the tab');
		if (await dialog.locator(wb.page).isVisible().catch(() => false)) {
			await dialog.clickButton(wb.page, 'Open');
		}
		const authorize = await wb.browser.waitForPopup(/\/authorize\?/);
		const url = new URL(authorize.url());
		assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
		assert.match(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
		assert.equal((await authorize.locator('[data-testid="client-name"]').textContent())?.trim(), 'bedrock-connect');
		await screenshot(authorize, 'signin-pkce-authorize-page');
		await authorize.locator('[data-testid="allow"]').click();
		await authorize.waitForURL(/127\.0\.0\.1:\d+\/oauth\/callback\?code=/);
		assert.match((await authorize.locator('[data-testid="result"]').textContent()) ?? '', /You can close this tab/);
		await screenshot(authorize, 'signin-pkce-callback-page');

		await wb.page.bringToFront();
		await waitForInputTitle(wb.page, /AWS account/);
		await quickInput.pick(wb.page, 'dev');
		await waitForInputTitle(wb.page, /Role in dev/);
		await quickInput.pick(wb.page, 'BedrockUser');
		await waitForText(statusBarItem(wb.page), /^alice · dev · \d+m$/);
		await notifications.waitGone(wb.page, /continue in your browser/);
		assert.equal(emulator.control.counters()['oidc:StartDeviceAuthorization'] ?? 0, 0, 'no device code was used');
		assert.equal(emulator.control.lastRequest('oidc:CreateToken')?.params.grantType, 'authorization_code');
	});

	it('shares the token with the CLI (0600): `aws sts get-caller-identity --profile work` works in a terminal', async function () {
		for (const key of ['corp', START_URL]) {
			assert.equal((await fs.stat(cacheFile(key))).mode & 0o777, 0o600, key);
		}
		const env = await awsCliEnvironment({ dir: path.join(wb.server.rootDir, 'cli'), endpointUrl: emulator.httpUrl, home: wb.server.homeDir, configFile: path.join(wb.server.homeDir, '.aws', 'config') });
		const cli = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'work', '--output', 'json'], env);
		assert.equal(cli.code, 0, cli.stderr);
		assert.match((JSON.parse(cli.stdout) as { Arn: string }).Arn, /assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);
	});

	it('signing out removes the shared token from the CLI cache', async function () {
		await runCommand(wb.page, 'AWS: Sign Out');
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		await eventually(async () => {
			const left = await Promise.all(['corp', START_URL].map((key) => fs.stat(cacheFile(key)).then(() => key, () => undefined)));
			return left.every((key) => key === undefined);
		}, 'the CLI cache entries gone');
	});
});
