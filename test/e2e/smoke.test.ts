// Smoke: the packaged .vsix installs into a real VS Code (code-server), activates on start-up,
// shows the signed-out status-bar item and contributes its commands to the palette.
import assert from 'node:assert/strict';
import { commandPaletteTitles, eventually, readExtensionHostLog, readOutputChannel, reloadWorkbench, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';

describe('smoke: the packaged extension in code-server', function () {
	let workbench: Workbench;

	before(async function () {
		workbench = await startWorkbench({ label: 'smoke' });
	});

	after(async function () {
		await workbench?.stop();
	});

	it('activates on start-up and shows "AWS: Sign In" in the status bar when signed out', async function () {
		const text = await waitForText(statusBarItem(workbench.page), 'AWS: Sign In');
		assert.match(text, /AWS: Sign In/);
	});

	it('lists "AWS: Sign In…" and the other AWS commands in the command palette', async function () {
		const titles = await commandPaletteTitles(workbench.page, 'AWS: Sign In');
		assert.ok(titles.includes('AWS: Sign In…'), `palette showed: ${titles.join(' | ')}`);
		assert.ok(titles.includes('AWS: Sign In with IAM Identity Center (SSO)'), `palette showed: ${titles.join(' | ')}`);
	});

	it('is activated by the extension host on start-up, without an activation error', async function () {
		const log = readExtensionHostLog(workbench.server);
		assert.match(log, /_doActivateExtension bedrock-connect\.bedrock-connect\b/);
		assert.doesNotMatch(log, /Activating extension bedrock-connect\.bedrock-connect failed/);
		const ourErrors = log.split('\n').filter((line) => /\[error\]/.test(line) && /bedrock-connect/i.test(line));
		assert.deepEqual(ourErrors, []);
	});

	it('runs in the VS Code and extension-host Node its code-server bundles (1.139 on Node 24 by default)', async function () {
		const expected: Record<string, { vscode: RegExp; node: RegExp }> = {
			'4.139.1': { vscode: /VS Code 1\.139\.\d+/, node: /Node 24\.\d+/ },
			'4.104.0': { vscode: /VS Code 1\.104\.\d+/, node: /Node 22\.\d+/ },
		};
		const wanted = expected[workbench.server.codeServerVersion];
		assert.ok(wanted, `no expectation for code-server ${workbench.server.codeServerVersion}`);
		const activation = await eventually(async () => /activated in .*/.exec(readOutputChannel(workbench.server, 'Bedrock Connect'))?.[0], 'the activation line in the output channel');
		assert.match(activation, wanted.vscode);
		assert.match(activation, wanted.node);
	});

	it('activates again in the new extension host after a window reload', async function () {
		await reloadWorkbench(workbench.page);
		await waitForText(statusBarItem(workbench.page), 'AWS: Sign In');
		const activations = readExtensionHostLog(workbench.server).match(/_doActivateExtension bedrock-connect\.bedrock-connect\b/g) ?? [];
		assert.equal(activations.length, 2);
	});
});
