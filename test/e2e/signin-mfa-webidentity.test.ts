// MFA once per working session and web identity profiles, from the UI: the Sign In… pick shows
// both kinds; an MFA role profile asks for one code (a wrong one says so and asks again), counts
// down to the end of the MFA session, and a mass expiry of role credentials does not ask again;
// cancelling a code leaves the current sign-in; a web identity profile signs in from its token file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mfaCode, startEmulator, type Emulator } from '../emulator';
import { eventually, notifications, quickInput, runCommand, screenshot, startWorkbench, statusBarItem, statusBarTooltip, waitForText, type Workbench } from './harness';
import { findSecretsOnDisk, statusText, waitForInputTitle } from './signin-helpers';

describe('sign-in with MFA sessions and web identity profiles', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let awsDir: string;

	before(async function () {
		emulator = await startEmulator();
		const alice = emulator.control.createAccessKey({ userName: 'alice', accountId: '111111111111' });
		const bob = emulator.control.createAccessKey({ userName: 'bob', accountId: '111111111111' });
		const { token } = emulator.control.acceptWebIdentityToken();
		awsDir = mkdtempSync(join(tmpdir(), 'signin-mfa-aws-'));
		writeFileSync(join(awsDir, 'web-token'), `${token}\n`);
		writeFileSync(
			join(awsDir, 'config'),
			[
				'[profile secure]',
				'role_arn = arn:aws:iam::111111111111:role/MfaAdmin',
				'source_profile = alice',
				'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
				'role_session_name = alice-mfa',
				'',
				'[profile bob-secure]',
				'role_arn = arn:aws:iam::111111111111:role/MfaAdmin',
				'source_profile = bob',
				'mfa_serial = arn:aws:iam::111111111111:mfa/bob',
				'',
				'[profile pod]',
				'role_arn = arn:aws:iam::111111111111:role/WebRole',
				`web_identity_token_file = ${join(awsDir, 'web-token')}`,
				'role_session_name = pod-session',
				'',
			].join('\n'),
		);
		writeFileSync(
			join(awsDir, 'credentials'),
			`[alice]\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n[bob]\naws_access_key_id = ${bob.accessKeyId}\naws_secret_access_key = ${bob.secretAccessKey}\n`,
		);
		wb = await startWorkbench({
			label: 'signin-mfa',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials') },
			// Machine-scoped: in a remote window such as code-server it applies from the machine's settings.
			machineSettings: { 'bedrockConnect.mfa.sessionDurationHours': 3 },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
		if (awsDir) {
			rmSync(awsDir, { recursive: true, force: true });
		}
	});

	it('"AWS: Sign In…" lists the MFA role profile and the web identity profile with their kinds', async function () {
		await runCommand(wb.page, 'AWS: Sign In…');
		await waitForInputTitle(wb.page, /Sign in to AWS/);
		const items = await quickInput.items(wb.page);
		assert.match(items.find((i) => i.label === 'secure')?.description ?? '', /^assume role · MFA · 111111111111:role\/MfaAdmin/);
		assert.match(items.find((i) => i.label === 'pod')?.description ?? '', /^web identity · 111111111111:role\/WebRole/);
		await screenshot(wb.page, 'signin-mfa-picker');
		await quickInput.cancel(wb.page);
	});

	it('an MFA role profile: a wrong code says so and asks again, the next signs in; the status bar counts down to the MFA session (3 h)', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await waitForInputTitle(wb.page, /Use an AWS profile/);
		await quickInput.pick(wb.page, 'secure');
		await waitForInputTitle(wb.page, /MFA code/);
		assert.equal(await quickInput.isPassword(wb.page), true);
		await quickInput.submit(wb.page, '000000');
		await quickInput.waitForMessage(wb.page, /AWS did not accept that code: it is wrong, or it was already used/);
		await screenshot(wb.page, 'signin-mfa-code-refused');
		await quickInput.submit(wb.page, mfaCode(1));
		// The role's credentials last 1 h; the sign-in lasts as long as the MFA session.
		await waitForText(statusBarItem(wb.page), 'alice-mfa · 111111111111 · 2h');
		assert.equal(emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, '10800');
		assert.match(await statusBarTooltip(wb.page), /assumed-role\/MfaAdmin\/alice-mfa/);
		await screenshot(wb.page, 'signin-mfa-signed-in');
	});

	it('a mass expiry of role credentials: renewed from the MFA session, no code asked', async function () {
		const counters = emulator.control.counters();
		emulator.control.expireRoleCredentials();
		await runCommand(wb.page, 'AWS: Refresh Credentials');
		await notifications.waitFor(wb.page, /AWS credentials refreshed for alice-mfa/);
		assert.equal(await quickInput.isOpen(wb.page), false, 'no MFA box');
		const after = emulator.control.counters();
		assert.equal(after['sts:GetSessionToken'], counters['sts:GetSessionToken'], 'no new MFA session');
		assert.ok((after['sts:AssumeRole'] ?? 0) > (counters['sts:AssumeRole'] ?? 0), 'the role was assumed again');
		await waitForText(statusBarItem(wb.page), 'alice-mfa · 111111111111 · 2h');
	});

	it('cancelling the code of another profile leaves the current sign-in as it was', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await waitForInputTitle(wb.page, /Use an AWS profile/);
		await quickInput.pick(wb.page, 'bob-secure');
		await waitForInputTitle(wb.page, /MFA code/);
		await quickInput.cancel(wb.page);
		await quickInput.waitClosed(wb.page);
		await eventually(async () => (await statusText(statusBarItem(wb.page))) === 'alice-mfa · 111111111111 · 2h', 'the status bar to show alice-mfa again');
		assert.match(await statusBarTooltip(wb.page), /assumed-role\/MfaAdmin\/alice-mfa/);
	});

	it('a web identity profile signs in from its token file (unsigned AssumeRoleWithWebIdentity)', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await waitForInputTitle(wb.page, /Use an AWS profile/);
		await quickInput.pick(wb.page, 'pod');
		await waitForText(statusBarItem(wb.page), /^pod-session · 111111111111( · \d+m)?$/);
		assert.equal(emulator.control.lastRequest('sts:AssumeRoleWithWebIdentity')?.auth, 'none');
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
