// `@bedrock` in VS Code's Chat view on code-server 4.139.1 with an image attached through "Add
// Context…": for the text-only Claude 3.5 Haiku (bedrockConnect.chat.modelId, where the default model
// routes) it says so plainly and names a model that takes images, and Bedrock is not asked.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { realPng } from '../support/imageFixtures';
import { quickInput, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';

const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

describe('@bedrock with an image for a text-only model', function () {
	let emulator: Emulator;
	let wb: Workbench;
	const chatPart = () => wb.page.locator('.part.auxiliarybar');

	before(async function () {
		emulator = await startEmulator();
		const base = emulator.control.createAccessKey({ userName: 'participant-media' });
		wb = await startWorkbench({
			label: 'participant-media',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU_35 },
			homeFiles: { '.aws/credentials': `[media]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`, '.aws/config': '[profile media]\nregion = us-east-1\n' },
		});
		writeFileSync(path.join(wb.server.workspaceDir, 'square.png'), realPng(8, 8));
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('refuses the image plainly, naming a model that takes images, with no call to Bedrock', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await quickInput.pick(wb.page, /media/);
		await waitForText(statusBarItem(wb.page), /\d{12}/);
		await runCommand(wb.page, 'Chat: Open Chat');
		const input = chatPart().locator('.interactive-input-part');
		await input.waitFor({ state: 'visible' });
		await waitForText(input.getByText(/Amazon Bedrock/).first(), /Amazon Bedrock — default/);
		await input.getByRole('button', { name: /Add Context/ }).first().click();
		await quickInput.waitOpen(wb.page);
		await quickInput.type(wb.page, 'square.png');
		await quickInput.pick(wb.page, /square\.png/);
		await input.getByText('square.png').first().waitFor({ state: 'visible', timeout: 30_000 });
		const before = emulator.control.counters()['bedrock:ConverseStream'] ?? 0;
		await input.locator('.interactive-input-editor').first().click({ force: true });
		await wb.page.keyboard.type('@bedrock What is in this picture?');
		await wb.page.keyboard.press('Enter');
		await waitForText(chatPart().getByText(/does not take images/).last(), /"square\.png" cannot be sent with it\. Pick a model that takes images, e\.g\. /);
		assert.equal(emulator.control.counters()['bedrock:ConverseStream'] ?? 0, before, 'Bedrock was not asked');
	});
});
