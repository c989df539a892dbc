// Other extensions: a test extension (test/e2e/fixtures/api-caller, packed here with vsce) asks for
// the sign-in through Bedrock Connect's exported API. The first call asks the user; the answer is
// remembered; "AWS: Manage Extension Access to Credentials…" forgets it, and a denial is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { dialog, eventually, quickInput, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { findSecretsOnDisk, signInWithKeys } from './signin-helpers';

const root = resolve(__dirname, '..', '..');

/** Packs the fixture extension into a .vsix in a temporary folder. */
function packApiCaller(): string {
	const dir = mkdtempSync(join(tmpdir(), 'bc-api-caller-'));
	cpSync(join(root, 'test', 'e2e', 'fixtures', 'api-caller'), dir, { recursive: true });
	const vsix = join(dir, 'api-caller.vsix');
	const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
	const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, encoding: 'utf8' });
	assert.equal(packed.status, 0, packed.stderr || packed.stdout);
	return vsix;
}

describe('exported API: another extension gets the sign-in once the user allows it', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let key: { accessKeyId: string; secretAccessKey: string };

	before(async function () {
		emulator = await startEmulator();
		wb = await startWorkbench({ label: 'extension-api', env: { ...emulator.env, AWS_REGION: 'us-east-1' }, extraVsix: [packApiCaller()] });
		key = emulator.control.createAccessKey({ userName: 'carol', accountId: '555555555555' });
		await signInWithKeys(wb.page, key);
		await waitForText(statusBarItem(wb.page), 'carol · 555555555555');
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	const resultFile = () => join(wb.server.workspaceDir, 'api-result.json');

	async function whoAmI(answer?: 'Allow' | 'Deny'): Promise<{ arn?: string; accessKeyId?: string; error?: { code: string; message: string } }> {
		rmSync(resultFile(), { force: true });
		await runCommand(wb.page, 'Acme: Who Am I');
		if (answer) {
			assert.match(await dialog.text(wb.page), /The extension Acme API Caller \(acme\.api-caller\) wants to use your AWS sign-in's credentials/);
			await dialog.clickButton(wb.page, answer);
		}
		await eventually(() => existsSync(resultFile()), 'the API caller\'s result', 30_000);
		return JSON.parse(readFileSync(resultFile(), 'utf8'));
	}

	it('asks on the first call; allowed, the extension gets the identity and renewing credentials', async function () {
		const result = await whoAmI('Allow');
		assert.deepEqual({ arn: result.arn, accessKeyId: result.accessKeyId }, { arn: 'arn:aws:iam::555555555555:user/carol', accessKeyId: key.accessKeyId });
		await screenshot(wb.page, 'extension-api-allowed');
	});

	it('remembers the answer: the next call does not ask', async function () {
		const result = await whoAmI();
		assert.equal(result.arn, 'arn:aws:iam::555555555555:user/carol');
		assert.equal(await dialog.locator(wb.page).isVisible(), false);
	});

	it('Manage Extension Access forgets it; a denial is refused with AccessDenied and remembered', async function () {
		await runCommand(wb.page, 'AWS: Manage Extension Access to Credentials…');
		await quickInput.pick(wb.page, 'Acme API Caller (acme.api-caller)');
		await quickInput.submit(wb.page);
		const denied = await whoAmI('Deny');
		assert.equal(denied.error?.code, 'AccessDenied');
		assert.match(denied.error?.message ?? '', /acme\.api-caller is not allowed/);
		const again = await whoAmI();
		assert.equal(again.error?.code, 'AccessDenied');
	});

	it('keeps no secret in settings, storage or logs', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
	});
});
