// Smoke on VS Code 1.104: a task started after sign-in runs the AWS CLI v2 as the editor's
// identity through the credential endpoint (environmentVariableCollection with a description).
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator';
import { requireAwsCli } from '../../support/awsCli';
import { startWorkbench, statusBarItem, waitForText, type Workbench } from '../harness';
import { signInWithKeys } from '../signin-helpers';
import { IDENTITY_TASKS_JSON, runIdentityTask } from '../terminal-helpers';

describe('terminal credentials on VS Code 1.104 (code-server 4.104.0)', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		requireAwsCli();
		emulator = await startEmulator();
		wb = await startWorkbench({ label: 'oldest-terminal', codeServer: 'oldest', env: { ...emulator.env, AWS_REGION: 'us-east-1' }, workspaceFiles: { '.vscode/tasks.json': IDENTITY_TASKS_JSON } });
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('a task prints the signed-in identity', async function () {
		await signInWithKeys(wb.page, emulator.control.createAccessKey({ userName: 'erin', accountId: '666666666666' }));
		await waitForText(statusBarItem(wb.page), 'erin · 666666666666');
		const output = await runIdentityTask(wb);
		assert.equal(JSON.parse(output).Arn, 'arn:aws:iam::666666666666:user/erin', output);
	});
});
