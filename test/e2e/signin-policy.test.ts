// The allowed-accounts policy: an identity outside bedrockConnect.allowedAccounts is not
// signed in, and the user is told why.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../emulator';
import { notifications, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { findSecretsOnDisk } from './signin-helpers';

describe('sign-in refused by the allowed-accounts policy', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator();
		const keys = emulator.control.createAccessKey({ userName: 'mallory', accountId: '666666666666' });
		wb = await startWorkbench({
			label: 'signin-policy',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
			// Machine-scoped: in a remote window VS Code reads it from the remote machine's settings only.
			machineSettings: { 'bedrockConnect.allowedAccounts': ['999999999999'] },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('does not sign in an identity from another account, and says which accounts are allowed', async function () {
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await notifications.waitFor(wb.page, /account 666666666666 is not in bedrockConnect\.allowedAccounts \(999999999999\)/);
		assert.ok((await notifications.buttons(wb.page, /allowedAccounts/)).includes('Sign in again'));
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		await screenshot(wb.page, 'signin-policy-refused');
	});

	it('leaves none of the issued secrets in settings, storage or logs', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
