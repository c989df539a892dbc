// IAM Identity Center from nothing: start URL and region asked and validated, the device
// code shown in a cancellable progress notification whose link copies it and opens the
// emulator's device page (approved there, in a second page), then account and role picked,
// and the status bar naming the user and account. Then the Accounts menu, switching roles,
// denied and cancelled flows, sign-out, and the secret scan.
import assert from 'node:assert/strict';
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
import { findSecretsOnDisk, statusBackground, submitStep, waitForInputTitle } from './signin-helpers';

const START_URL = 'https://d-9067e2e2e2.awsapps.com/start';
const STATUS_DEV = /^alice · dev · \d+m$/;

describe('sign-in with IAM Identity Center (device flow)', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator({ pollIntervalSeconds: 1 });
		wb = await startWorkbench({ label: 'signin-sso', env: { ...emulator.env, AWS_REGION: 'us-east-1' } });
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	/** Runs the command and enters start URL and region (no settings, no profiles here). */
	async function startSso(): Promise<void> {
		await runCommand(wb.page, 'AWS: Sign In with IAM Identity Center (SSO)');
		await submitStep(wb.page, /Identity Center \(1\/2\)/, START_URL);
		await submitStep(wb.page, /Identity Center \(2\/2\)/, 'us-east-1');
	}

	it('validates the start URL and region as they are typed', async function () {
		await runCommand(wb.page, 'AWS: Sign In with IAM Identity Center (SSO)');
		await waitForInputTitle(wb.page, /Identity Center \(1\/2\)/);
		await quickInput.type(wb.page, 'http://d-9067e2e2e2.awsapps.com/start');
		await quickInput.waitForMessage(wb.page, /must begin with https/);
		await quickInput.submit(wb.page, START_URL);
		await waitForInputTitle(wb.page, /Identity Center \(2\/2\)/);
		await quickInput.type(wb.page, 'Frankfurt');
		await quickInput.waitForMessage(wb.page, /region looks like us-east-1/);
		await quickInput.cancel(wb.page);
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
	});

	it('signs in from nothing: code in a notification, approved in the browser, account and role picked', async function () {
		await startSso();
		const toast = await notifications.waitFor(wb.page, /approve code [A-Z0-9]{4}-[A-Z0-9]{4}/);
		const message = (await toast.locator('.notification-list-item-message').textContent()) ?? '';
		const userCode = /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(message)![1];
		assert.ok((await notifications.buttons(wb.page, /approve code/)).includes('Cancel'));
		await screenshot(wb.page, 'signin-sso-device-code');

		await toast.locator('a', { hasText: 'Copy code and open browser' }).click();
		if (await dialog.locator(wb.page).isVisible().catch(() => false)) {
			await dialog.clickButton(wb.page, 'Open');
		}
		// code-server sends localhost links through its port proxy (dropping the path), so the
		// tab opened for the emulator's port is pointed at the device page itself.
		const emulatorPort = new URL(emulator.httpUrl).port;
		const devicePage = await wb.browser.waitForPopup(new RegExp(`(:${emulatorPort}/|/proxy/${emulatorPort}/)`));
		await devicePage.goto(`${emulator.httpUrl}/device?user_code=${encodeURIComponent(userCode)}`);
		assert.equal((await devicePage.locator('[data-testid="user-code"]').textContent())?.trim(), userCode);
		await devicePage.locator('[data-testid="approve"]').click();
		await devicePage.locator('[data-testid="result"]').waitFor();

		await waitForInputTitle(wb.page, /AWS account/);
		const accounts = await quickInput.items(wb.page);
		assert.deepEqual(accounts.map((a) => a.label), ['dev', 'prod']);
		await quickInput.pick(wb.page, 'dev');
		await waitForInputTitle(wb.page, /Role in dev/);
		await quickInput.pick(wb.page, 'BedrockUser');
		await waitForText(statusBarItem(wb.page), STATUS_DEV);
		await notifications.waitGone(wb.page, /approve code/);
		await screenshot(wb.page, 'signin-sso-signed-in');

		const tooltip = await statusBarTooltip(wb.page);
		assert.match(tooltip, /arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice/);
		assert.match(tooltip, /Account: dev \(111111111111\)/);
		assert.match(tooltip, /Role: BedrockUser/);
		assert.match(tooltip, /Method: IAM Identity Center \(SSO\)/);
	});

	it('shows the sign-in in the Accounts menu', async function () {
		await wb.page.locator('.activitybar [aria-label^="Accounts"]').first().click();
		await wb.page.locator('.monaco-menu .action-label', { hasText: 'alice · dev (AWS)' }).first().waitFor({ state: 'visible', timeout: 30_000 });
		await screenshot(wb.page, 'signin-sso-accounts-menu');
		await wb.page.keyboard.press('Escape');
	});

	it('switches to another account and role without a new device flow', async function () {
		const polls = emulator.control.counters()['oidc:CreateToken'] ?? 0;
		await runCommand(wb.page, 'AWS: Switch Account or Role…');
		await waitForInputTitle(wb.page, /AWS account/);
		await quickInput.pick(wb.page, 'prod');
		// prod has one role: picked without asking.
		await waitForText(statusBarItem(wb.page), /^alice · prod · \d+m$/);
		assert.equal(emulator.control.counters()['oidc:CreateToken'] ?? 0, polls);
	});

	it('signs out (SSO Logout, token deleted) back to "AWS: Sign In"', async function () {
		await runCommand(wb.page, 'AWS: Sign Out');
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		await eventually(() => (emulator.control.counters()['sso:Logout'] ?? 0) >= 1, 'an SSO Logout call');
	});

	it('ends a denied approval with a clear message and stays signed out', async function () {
		await notifications.clearAll(wb.page);
		emulator.control.denyNextDeviceCode();
		await startSso();
		await notifications.waitFor(wb.page, /approve code/);
		await notifications.waitFor(wb.page, /denied/i);
		await notifications.waitGone(wb.page, /approve code/);
		await screenshot(wb.page, 'signin-sso-denied');
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
	});

	it('ends a cancelled flow quietly and stays signed out', async function () {
		await notifications.clearAll(wb.page);
		await startSso();
		await notifications.waitFor(wb.page, /approve code/);
		await notifications.clickButton(wb.page, /approve code/, 'Cancel');
		await notifications.waitGone(wb.page, /approve code/);
		// Polling stops with the cancel: the code's poll count no longer grows.
		const pollsOfLatest = () => emulator.control.deviceAuthorizations().at(-1)?.polls ?? 0;
		const pollsAtCancel = pollsOfLatest();
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		assert.ok(pollsOfLatest() <= pollsAtCancel + 1, `still polling: ${pollsAtCancel} → ${pollsOfLatest()}`);
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		assert.ok(!(await notifications.texts(wb.page)).some((t) => /error|failed/i.test(t)));
	});

	it('after a reload, shows a sign-in that can no longer be renewed as expired, in red, once', async function () {
		await notifications.clearAll(wb.page);
		await startSso();
		await notifications.waitFor(wb.page, /approve code/);
		await eventually(() => emulator.control.deviceAuthorizations().some((d) => d.status === 'pending'), 'a pending device code');
		emulator.control.approveDeviceCode();
		await waitForInputTitle(wb.page, /AWS account/);
		await quickInput.pick(wb.page, 'dev');
		await waitForInputTitle(wb.page, /Role in dev/);
		await quickInput.pick(wb.page, 'ReadOnly');
		await waitForText(statusBarItem(wb.page), STATUS_DEV);

		// The Identity Center session ends while VS Code is closed: nothing can renew it.
		emulator.control.expireAllCredentials();
		emulator.control.revokeRefreshTokens();
		await wb.page.reload();
		await waitForText(statusBarItem(wb.page), 'alice · dev · expired', 60_000);
		assert.equal(await statusBackground(wb.page), 'error');
		assert.ok((await notifications.buttons(wb.page, /sign-in has expired/)).includes('Sign in again'));
		// A further clock tick must not repeat the message.
		await new Promise((resolve) => setTimeout(resolve, 31_000));
		assert.equal((await notifications.texts(wb.page)).filter((t) => /sign-in.*has expired/.test(t)).length, 1);
		await waitForText(statusBarItem(wb.page), 'alice · dev · expired');
		await screenshot(wb.page, 'signin-sso-expired-after-reload');
	});

	it('leaves none of the issued secrets in settings, storage or logs', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
