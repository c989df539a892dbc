// Pasted access keys from nothing to a status bar naming the user and account; short-lived
// keys counting down and turning the item yellow (then red); Show Identity; Sign Out; and
// no issued secret left in the user-data dir, extension storage or logs.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import {
	notifications,
	quickInput,
	readOutputChannel,
	runCommand,
	screenshot,
	startWorkbench,
	statusBarItem,
	statusBarTooltip,
	waitForText,
	type Workbench,
} from './harness';
import { findSecretsOnDisk, signInWithKeys, statusBackground, submitStep, waitForBackground, waitForInputTitle } from './signin-helpers';

describe('sign-in with pasted access keys', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator();
		wb = await startWorkbench({
			label: 'signin-keys',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.expiryWarningMinutes': 10 },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('asks for the keys in password boxes and shows the user and account in the status bar', async function () {
		const key = emulator.control.createAccessKey({ userName: 'bob', accountId: '333333333333' });
		await runCommand(wb.page, 'AWS: Sign In with Access Keys…');
		await waitForInputTitle(wb.page, /access keys \(1\/4\)/);
		assert.equal(await quickInput.isPassword(wb.page), true, 'the key id box masks its input');
		await quickInput.submit(wb.page, key.accessKeyId);
		await waitForInputTitle(wb.page, /access keys \(2\/4\)/);
		assert.equal(await quickInput.isPassword(wb.page), true, 'the secret box masks its input');
		await quickInput.submit(wb.page, key.secretAccessKey);
		await submitStep(wb.page, /access keys \(3\/4\)/, '');
		await submitStep(wb.page, /access keys \(4\/4\)/, '');
		await waitForText(statusBarItem(wb.page), 'bob · 333333333333');
		assert.equal(await statusBackground(wb.page), 'none');
		await notifications.waitFor(wb.page, /Signed in to AWS as bob in account 333333333333/);
		await screenshot(wb.page, 'signin-keys-signed-in');
	});

	it('refuses a malformed key id in the input box before anything is sent', async function () {
		await runCommand(wb.page, 'AWS: Sign In with Access Keys…');
		await waitForInputTitle(wb.page, /access keys \(1\/4\)/);
		await quickInput.type(wb.page, 'not-a-key');
		await quickInput.waitForMessage(wb.page, /capital letters and digits/);
		await quickInput.cancel(wb.page);
		await waitForText(statusBarItem(wb.page), 'bob · 333333333333');
	});

	it('tooltip gives the full ARN, account, method and region', async function () {
		const tooltip = await statusBarTooltip(wb.page);
		assert.match(tooltip, /arn:aws:iam::333333333333:user\/bob/);
		assert.match(tooltip, /Account: 333333333333/);
		assert.match(tooltip, /Method: Access keys/);
		assert.match(tooltip, /Region: us-east-1/);
	});

	it('Show Identity lists account, ARN and method, each copyable', async function () {
		await runCommand(wb.page, 'AWS: Show Identity');
		const items = await quickInput.items(wb.page);
		const labels = items.map((i) => i.label);
		assert.ok(labels.includes('arn:aws:iam::333333333333:user/bob'), labels.join(' | '));
		assert.ok(labels.includes('333333333333'), labels.join(' | '));
		assert.ok(labels.includes('Access keys'), labels.join(' | '));
		await screenshot(wb.page, 'signin-keys-show-identity');
		await quickInput.pick(wb.page, 'arn:aws:iam::333333333333:user/bob');
		await quickInput.waitClosed(wb.page);
	});

	it('counts down short-lived keys and turns yellow inside the warning window, warning once', async function () {
		const keys = emulator.control.createTemporaryKeys({ roleName: 'Temp', accountId: '444444444444', sessionName: 'carol', ttlSeconds: 300 });
		await notifications.clearAll(wb.page);
		await signInWithKeys(wb.page, keys, '5m');
		await waitForText(statusBarItem(wb.page), /^carol · 444444444444 · [45]m$/);
		await waitForBackground(wb.page, 'warning');
		const toast = await notifications.waitFor(wb.page, /expire in [45]m and cannot be renewed/);
		assert.deepEqual(await notifications.buttons(wb.page, /expire in/), ['Sign in again']);
		assert.ok(await toast.isVisible());
		await screenshot(wb.page, 'signin-keys-expiring');
		const tooltip = await statusBarTooltip(wb.page);
		assert.match(tooltip, /Expires: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(in [45]m\)/);
	});

	it('turns red with "expired" when the keys run out', async function () {
		this.timeout(180_000);
		const keys = emulator.control.createTemporaryKeys({ roleName: 'Temp', accountId: '444444444444', sessionName: 'dave', ttlSeconds: 70 });
		await notifications.clearAll(wb.page);
		await signInWithKeys(wb.page, keys, '70s');
		await waitForText(statusBarItem(wb.page), /^dave · 444444444444 · (1m|<1m)$/);
		await waitForBackground(wb.page, 'warning');
		// The clock ticks every 30 s: expiry shows within 70 s + one tick.
		await waitForText(statusBarItem(wb.page), 'dave · 444444444444 · expired', 130_000);
		await waitForBackground(wb.page, 'error');
		await notifications.waitFor(wb.page, /Your AWS sign-in \(dave · 444444444444\) has expired/);
		await screenshot(wb.page, 'signin-keys-expired');
	});

	it('signs out back to "AWS: Sign In"', async function () {
		await runCommand(wb.page, 'AWS: Sign Out');
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		await waitForBackground(wb.page, 'none');
		await notifications.waitFor(wb.page, /Signed out of AWS/);
		await screenshot(wb.page, 'signin-keys-signed-out');
	});

	it('leaves none of the issued secrets in settings, storage or logs', async function () {
		const secrets = emulator.control.issuedSecrets();
		assert.ok(secrets.length > 0);
		assert.deepEqual(findSecretsOnDisk(wb.server, secrets), []);
		// The scan itself works: a secret planted in the user-data dir is found.
		const planted = join(wb.server.userDataDir, 'User', 'globalStorage', 'planted-by-test.txt');
		mkdirSync(dirname(planted), { recursive: true });
		writeFileSync(planted, `x ${secrets[0]} y`);
		try {
			assert.equal(findSecretsOnDisk(wb.server, secrets).length, 1);
		} finally {
			rmSync(planted);
		}
		const log = readOutputChannel(wb.server, 'Bedrock Connect');
		assert.match(log, /signed in: Access keys/);
	});
});
