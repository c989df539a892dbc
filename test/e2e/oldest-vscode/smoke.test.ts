// Smoke on the oldest VS Code we claim (engines.vscode ^1.104.0): the packaged .vsix in code-server
// 4.104.0 (VS Code 1.104, extension host on Node 22) activates, signs in with pasted keys, shows the
// identity in the status bar and streams one chat reply from the emulator.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator, type Emulator } from '../../emulator';
import { chatFrame, sendChatAndWaitForReply, eventually, readExtensionHostLog, readOutputChannel, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from '../harness';
import { signInWithKeys } from '../signin-helpers';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('smoke on VS Code 1.104 (code-server 4.104.0)', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator();
		wb = await startWorkbench({
			label: 'oldest',
			codeServer: 'oldest',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('activates on start-up in VS Code 1.104 on Node 22 and shows "AWS: Sign In"', async function () {
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		assert.doesNotMatch(readExtensionHostLog(wb.server), /Activating extension bedrock-connect\.bedrock-connect failed/);
		const activation = await eventually(async () => /activated in .*/.exec(readOutputChannel(wb.server, 'Bedrock Connect'))?.[0], 'the activation line in the output channel');
		assert.match(activation, /VS Code 1\.104\.\d+/, activation);
		assert.match(activation, /Node 22\.\d+/, activation);
	});

	it('signs in with pasted access keys and names the user and account in the status bar', async function () {
		const key = emulator.control.createAccessKey({ userName: 'old-vscode', accountId: '444444444444' });
		await signInWithKeys(wb.page, key);
		await waitForText(statusBarItem(wb.page), 'old-vscode · 444444444444');
	});

	it('streams a chat reply from Bedrock', async function () {
		await runCommand(wb.page, 'Bedrock: Open Chat');
		const chat: Frame = await chatFrame(wb.page);
		const reply = await sendChatAndWaitForReply(chat, 'Hello from VS Code 1.104');
		assert.match(reply, /Hello from VS Code 1\.104/, 'the emulator echoes the prompt');
	});
});
