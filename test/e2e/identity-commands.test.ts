// The commands around a sign-in: the status-bar menu, Select Region (writes the setting and
// re-opens the sign-in there), Refresh Credentials, Show Identity's copy, and an assumed
// role that needs MFA (code asked in an input box).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import {
	dialog,
	eventually,
	notifications,
	quickInput,
	runCommand,
	screenshot,
	startWorkbench,
	statusBarItem,
	statusBarTooltip,
	waitForText,
	type Workbench,
} from './harness';
import { findSecretsOnDisk, submitStep, waitForInputTitle } from './signin-helpers';

describe('identity commands: status menu, region, refresh, MFA role', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator();
		const keys = emulator.control.createAccessKey({ userName: 'grace', accountId: '888888888888' });
		wb = await startWorkbench({
			label: 'identity-commands',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('the status-bar item opens a menu of sign-in commands when signed out', async function () {
		await statusBarItem(wb.page).click();
		const labels = await quickInput.labels(wb.page);
		assert.ok(labels.includes('Sign In…'), labels.join(' | '));
		assert.ok(labels.includes('Diagnose Credentials'), labels.join(' | '));
		await quickInput.pick(wb.page, 'Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), 'grace · 888888888888');
	});

	it('and a menu of identity commands when signed in', async function () {
		await statusBarItem(wb.page).click();
		const labels = await quickInput.labels(wb.page);
		for (const label of ['Show Identity', 'Switch Account or Role…', 'Select Region…', 'Refresh Credentials', 'Sign Out']) {
			assert.ok(labels.includes(label), `${label} missing from ${labels.join(' | ')}`);
		}
		await screenshot(wb.page, 'identity-status-menu');
		await quickInput.cancel(wb.page);
	});

	it('Select Region writes bedrockConnect.region and re-opens the sign-in there', async function () {
		await runCommand(wb.page, 'AWS: Select Region…');
		await waitForInputTitle(wb.page, /AWS region/);
		await quickInput.pick(wb.page, 'eu-central-1');
		await eventually(async () => /Region: eu-central-1/.test(await statusBarTooltip(wb.page)), 'the tooltip to show eu-central-1');
		const settings = JSON.parse(readFileSync(join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
		assert.equal(settings['bedrockConnect.region'], 'eu-central-1');
		await eventually(() => emulator.control.lastRequest('sts:GetCallerIdentity')?.region === 'eu-central-1', 'STS called in eu-central-1');
	});

	it('Refresh Credentials asks STS again and says so', async function () {
		const before = emulator.control.counters()['sts:GetCallerIdentity'] ?? 0;
		await runCommand(wb.page, 'AWS: Refresh Credentials');
		await notifications.waitFor(wb.page, /AWS credentials refreshed for grace/);
		assert.ok((emulator.control.counters()['sts:GetCallerIdentity'] ?? 0) > before);
	});

	it('assumes a role that needs MFA, asking for the code', async function () {
		await runCommand(wb.page, 'AWS: Assume Role…');
		await submitStep(wb.page, /\(1\/5\)/, 'arn:aws:iam::888888888888:role/MfaAdmin');
		await submitStep(wb.page, /\(2\/5\)/, '');
		await submitStep(wb.page, /\(3\/5\)/, 'grace-mfa');
		await submitStep(wb.page, /\(4\/5\)/, '900');
		await submitStep(wb.page, /\(5\/5\)/, 'arn:aws:iam::888888888888:mfa/grace');
		await waitForInputTitle(wb.page, /MFA code/);
		await quickInput.type(wb.page, '12');
		await quickInput.waitForMessage(wb.page, /6 digits/);
		await quickInput.submit(wb.page, '123456');
		// Keys of an IAM user underneath: the code made a 12-h MFA session, and the role renews from it without asking.
		await waitForText(statusBarItem(wb.page), /^grace-mfa · 888888888888 · 1[12]h$/);
		await screenshot(wb.page, 'identity-mfa-role');
		const assumed = emulator.control.counters()['sts:AssumeRole'] ?? 0;
		await runCommand(wb.page, 'AWS: Refresh Credentials');
		await eventually(async () => (emulator.control.counters()['sts:AssumeRole'] ?? 0) > assumed || undefined, 'the role assumed again');
		assert.equal(emulator.control.counters()['sts:GetSessionToken'], 1, 'one MFA session');
		assert.equal(await wb.page.locator('.quick-input-widget:visible').count(), 0, 'no code asked again');
	});

	it('Show Identity copies everything at once with "Copy all"', async function () {
		await runCommand(wb.page, 'AWS: Show Identity');
		await quickInput.pick(wb.page, 'Copy all');
		await quickInput.waitClosed(wb.page);
		await eventually(async () => (await wb.page.locator('.statusbar').textContent())?.includes('Copied the identity'), 'the "Copied" status message');
	});

	it('signs out from the Accounts menu', async function () {
		await wb.page.locator('.activitybar [aria-label^="Accounts"]').first().click();
		const account = wb.page.locator('.monaco-menu .action-label', { hasText: 'grace-mfa · 888888888888 (AWS)' }).first();
		await account.waitFor({ state: 'visible', timeout: 30_000 });
		await account.hover();
		await account.press('ArrowRight').catch(() => undefined);
		const signOut = wb.page.locator('.monaco-menu .action-label', { hasText: /^Sign Out$/ }).first();
		await signOut.hover();
		await wb.page.keyboard.press('Enter');
		// VS Code asks to confirm signing out of an account.
		if (await dialog.locator(wb.page).waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) {
			await dialog.clickButton(wb.page, 'Sign Out');
		}
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
	});

	it('leaves none of the issued secrets in settings, storage or logs', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
