// The other ways in: a profile from AWS_CONFIG_FILE (picked in "AWS: Sign In…" among the
// grouped profiles), a role profile, environment variables, and Assume Role on top of the
// current identity (plus a refused role), and the secret scan.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import {
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

describe('sign-in with a profile, environment variables and an assumed role', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let awsDir: string;

	before(async function () {
		emulator = await startEmulator();
		const fileKeys = emulator.control.createAccessKey({ userName: 'erin', accountId: '555555555555' });
		const envKeys = emulator.control.createAccessKey({ userName: 'frank', accountId: '666666666666' });
		awsDir = mkdtempSync(join(tmpdir(), 'signin-methods-aws-'));
		writeFileSync(
			join(awsDir, 'config'),
			[
				'[profile keys]',
				'region = eu-west-1',
				'',
				'[profile ops]',
				'role_arn = arn:aws:iam::555555555555:role/OpsRole',
				'source_profile = keys',
				'role_session_name = ops-session',
				'region = us-east-1',
				'',
			].join('\n'),
		);
		writeFileSync(
			join(awsDir, 'credentials'),
			`[keys]\naws_access_key_id = ${fileKeys.accessKeyId}\naws_secret_access_key = ${fileKeys.secretAccessKey}\n`,
		);
		wb = await startWorkbench({
			label: 'signin-methods',
			env: {
				...emulator.env,
				AWS_REGION: 'us-east-1',
				AWS_CONFIG_FILE: join(awsDir, 'config'),
				AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
				AWS_ACCESS_KEY_ID: envKeys.accessKeyId,
				AWS_SECRET_ACCESS_KEY: envKeys.secretAccessKey,
			},
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
		if (awsDir) {
			rmSync(awsDir, { recursive: true, force: true });
		}
	});

	it('"AWS: Sign In…" offers every method and the profiles from AWS_CONFIG_FILE, grouped with their kind', async function () {
		await runCommand(wb.page, 'AWS: Sign In…');
		await waitForInputTitle(wb.page, /Sign in to AWS/);
		const items = await quickInput.items(wb.page);
		const labels = items.map((i) => i.label);
		for (const method of ['IAM Identity Center (SSO)', 'Access keys…', 'Assume role…', 'Environment variables', 'Bedrock API key…', 'Automatic (AWS SDK default chain)']) {
			assert.ok(labels.includes(method), `missing ${method} in ${labels.join(' | ')}`);
		}
		assert.equal(items.find((i) => i.label === 'Environment variables')?.description, 'AWS_ACCESS_KEY_ID is set');
		await quickInput.type(wb.page, 'keys');
		await eventually(async () => (await quickInput.items(wb.page)).some((i) => i.label === 'keys' && /access keys · eu-west-1/.test(i.description)), 'the keys profile with its kind');
		await screenshot(wb.page, 'signin-methods-picker');
		await quickInput.pick(wb.page, 'keys');
		await waitForText(statusBarItem(wb.page), 'erin · 555555555555');
		const tooltip = await statusBarTooltip(wb.page);
		assert.match(tooltip, /Method: Profile keys/);
		assert.match(tooltip, /Region: eu-west-1/);
	});

	it('"AWS: Use Profile…" signs in with a role profile (source_profile chain)', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await waitForInputTitle(wb.page, /Use an AWS profile/);
		await quickInput.pick(wb.page, 'ops');
		await waitForText(statusBarItem(wb.page), /^ops-session · 555555555555( · \d+m)?$/);
		assert.match(await statusBarTooltip(wb.page), /assumed-role\/OpsRole\/ops-session/);
	});

	it('"AWS: Use Environment Credentials" signs in with AWS_ACCESS_KEY_ID and friends', async function () {
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), 'frank · 666666666666');
		await screenshot(wb.page, 'signin-methods-environment');
	});

	it('"AWS: Assume Role…" takes a role on top of the current identity', async function () {
		await runCommand(wb.page, 'AWS: Assume Role…');
		await waitForInputTitle(wb.page, /Assume a role \(on Environment variables\) \(1\/5\)/);
		await quickInput.type(wb.page, 'arn:aws:iam::777777777777:user/Analyst');
		await quickInput.waitForMessage(wb.page, /role ARN looks like/);
		await quickInput.submit(wb.page, 'arn:aws:iam::777777777777:role/Analyst');
		await submitStep(wb.page, /\(2\/5\)/, '');
		await submitStep(wb.page, /\(3\/5\)/, 'e2e-analyst');
		await submitStep(wb.page, /\(4\/5\)/, '');
		await submitStep(wb.page, /\(5\/5\)/, '');
		await waitForText(statusBarItem(wb.page), /^e2e-analyst · 777777777777 · \d+m$/);
		const tooltip = await statusBarTooltip(wb.page);
		assert.match(tooltip, /arn:aws:sts::777777777777:assumed-role\/Analyst\/e2e-analyst/);
		assert.match(tooltip, /Method: Assumed role \(on Environment variables\)/);
		await screenshot(wb.page, 'signin-methods-assumed-role');
	});

	it('keeps the current identity when a role refuses, with a clear message', async function () {
		await notifications.clearAll(wb.page);
		await runCommand(wb.page, 'AWS: Assume Role…');
		await submitStep(wb.page, /\(1\/5\)/, 'arn:aws:iam::777777777777:role/DeniedRole');
		await submitStep(wb.page, /\(2\/5\)/, '');
		await submitStep(wb.page, /\(3\/5\)/, 'e2e-denied');
		await submitStep(wb.page, /\(4\/5\)/, '');
		await submitStep(wb.page, /\(5\/5\)/, '');
		await notifications.waitFor(wb.page, /denied|not authorized|AccessDenied/i);
		await waitForText(statusBarItem(wb.page), /^e2e-analyst · 777777777777 · \d+m$/);
	});

	it('restores the sign-in after a reload without asking again', async function () {
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), 'frank · 666666666666');
		await wb.page.reload();
		await waitForText(statusBarItem(wb.page), 'frank · 666666666666', 60_000);
		assert.equal(await quickInput.isOpen(wb.page), false);
	});

	it('signs in with "Automatic (AWS SDK default chain)"', async function () {
		await runCommand(wb.page, 'AWS: Sign In…');
		await quickInput.pick(wb.page, 'Automatic (AWS SDK default chain)');
		// The chain finds the environment variables first.
		await waitForText(statusBarItem(wb.page), 'frank · 666666666666');
		assert.match(await statusBarTooltip(wb.page), /Method: Automatic \(AWS SDK default chain\)/);
	});

	it('signs in with a Bedrock API key, kept in a password box and shown without an account', async function () {
		const { token } = emulator.control.createBedrockApiKey();
		await runCommand(wb.page, 'AWS: Sign In…');
		await quickInput.pick(wb.page, 'Bedrock API key…');
		await waitForInputTitle(wb.page, /Bedrock API key/);
		assert.equal(await quickInput.isPassword(wb.page), true);
		await quickInput.submit(wb.page, token);
		await waitForText(statusBarItem(wb.page), 'Bedrock API key · Bedrock only');
	});

	it('leaves none of the issued secrets in settings, storage or logs', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
