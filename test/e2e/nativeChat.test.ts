// Bedrock in VS Code's own chat on code-server 4.139.1. Another extension (the lm-consumer
// fixture) uses vendor `bedrock` through vscode.lm.selectChatModels + sendRequest: signed out it
// sees only the sign-in placeholder, which answers NoPermissions; signed in it gets text, a tool
// round trip and cancellation. `@bedrock` in the Chat view offers Sign In when signed out and
// answers once signed in. Both keep answering after every credential expired. The README's
// picture of the Chat view is taken here (docs/images/bedrock-chat-view.png).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator';
import { eventually, projectRoot, quickInput, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { packageLmConsumer, runLmConsumer } from './lmConsumer';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('Bedrock in VS Code\'s Chat view: the language-model provider used by another extension', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let tmp: string;
	let resultFile: string;

	const runScenarios = (page: Page, title?: string) => runLmConsumer(page, resultFile, title);

	const chatPart = () => wb.page.locator('.part.auxiliarybar');

	/** Asks `@bedrock` in the Chat view (opened and focused by "Chat: Open Chat"). */
	async function askBedrock(question: string): Promise<void> {
		await runCommand(wb.page, 'Chat: Open Chat');
		await chatPart().locator('.interactive-input-part').waitFor({ state: 'visible' });
		// @bedrock is sticky: the input may already start with it, so replace everything.
		await wb.page.keyboard.press('Control+A');
		await wb.page.keyboard.type(`@bedrock ${question}`);
		await wb.page.keyboard.press('Enter');
	}

	before(async function () {
		tmp = mkdtempSync(path.join(os.tmpdir(), 'bedrock-connect-lm-'));
		resultFile = path.join(tmp, 'result.json');
		const fixture = packageLmConsumer(tmp);
		// Slow enough streaming that a cancel after the second part visibly cuts the reply.
		emulator = await startEmulator({ streamDelayMs: 25, streamChunkChars: 12 });
		const base = emulator.control.createAccessKey({ userName: 'lm-e2e' });
		wb = await startWorkbench({
			label: 'native-chat',
			extraVsix: [fixture],
			env: { ...emulator.env, AWS_REGION: 'us-east-1', LM_CONSUMER_OUT: resultFile, LM_CONSUMER_MODEL: HAIKU },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU },
			// A role profile: its credentials refresh by themselves, so a mass expiry costs one refresh.
			homeFiles: {
				'.aws/config': '[profile lm]\nrole_arn = arn:aws:iam::111111111111:role/BedrockChat\nsource_profile = base\nregion = us-east-1\n',
				'.aws/credentials': `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
			},
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
		if (tmp) rmSync(tmp, { recursive: true, force: true });
	});

	it('signed out: the only model is the sign-in placeholder, and it answers NoPermissions, not a fake reply', async function () {
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		const result = await runScenarios(wb.page);
		assert.deepEqual(result.models?.map((m) => [m.id, m.family, m.vendor]), [['bedrock-sign-in', 'bedrock-sign-in', 'bedrock']], JSON.stringify(result));
		assert.equal(result.text?.error?.isLanguageModelError, true, JSON.stringify(result.text));
		assert.match(result.text?.error?.code ?? '', /NoPermissions/);
		assert.match(result.text?.error?.message ?? '', /not signed in to AWS.*AWS: Sign In/);
	});

	it('signed out: @bedrock in the Chat view answers with a Sign In button instead of failing', async function () {
		await askBedrock('hello');
		await waitForText(chatPart().getByText(/You are not signed in to AWS/).last(), /Sign in, then ask again/);
		assert.equal(await chatPart().getByRole('button', { name: 'Sign In', exact: true }).last().isVisible(), true);
		assert.equal(await chatPart().getByText('Language model unavailable').count(), 0, 'the placeholder model keeps VS Code from refusing the request');
	});

	it('signed in: text, a tool round trip and cancellation through sendRequest', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await quickInput.pick(wb.page, /lm/);
		await waitForText(statusBarItem(wb.page), /111111111111/);
		const result = await eventually(async () => {
			const r = await runScenarios(wb.page);
			return r.models?.some((m) => m.id === HAIKU) ? r : undefined;
		}, 'the Bedrock models after sign-in');
		assert.equal(result.model, HAIKU);
		assert.ok(!result.models?.some((m) => m.id === 'bedrock-sign-in'), 'no placeholder once signed in');
		assert.ok((result.text?.text ?? '').length > 0, JSON.stringify(result.text));
		assert.ok((result.text?.parts ?? 0) >= 2, 'streamed in parts');
		assert.equal(result.tool?.first?.calls[0]?.name, 'get_weather', JSON.stringify(result.tool));
		assert.match(result.tool?.second?.text ?? '', /Tool get_weather returned: 18°C and sunny/);
		emulator.control.setReplyLength(200); // ~80 parts, 2 s uncut
		try {
			const { cancel } = await runScenarios(wb.page, 'LM Consumer: Cancel a Long Reply');
			assert.ok(cancel?.ended === 'error' ? cancel.error?.isCancellation : (cancel?.parts ?? 99) <= 8, `the reply stopped soon after cancel: ${JSON.stringify(cancel)}`);
			assert.ok((cancel?.ms ?? Infinity) < 1_500, JSON.stringify(cancel));
		} finally {
			emulator.control.setReplyLength(undefined);
		}
	});

	it('signed in: @bedrock answers in the Chat view (the README picture)', async function () {
		// The chat still has the sign-in placeholder selected, which is gone now: pick a Bedrock model.
		await runCommand(wb.page, 'Chat: Open Chat');
		await chatPart().locator('.interactive-input-part').getByText(/Amazon Bedrock/).first().click();
		await wb.page.getByPlaceholder('Search models').waitFor({ state: 'visible' });
		await wb.page.keyboard.type('Claude 3 Haiku');
		await wb.page.waitForTimeout(500);
		await wb.page.keyboard.press('Enter');
		await waitForText(chatPart().locator('.interactive-input-part').getByText(/Claude 3 Haiku/).first(), /Claude 3 Haiku/);
		emulator.control.setNextReplies(['Hello from **Amazon Bedrock**, signed in with your AWS identity.']);
		await askBedrock('Say hello');
		await waitForText(chatPart().getByText(/Hello from/).last(), /signed in with your AWS identity/);
		mkdirSync(path.join(projectRoot, 'docs', 'images'), { recursive: true });
		await chatPart().screenshot({ path: path.join(projectRoot, 'docs', 'images', 'bedrock-chat-view.png') });
	});

	it('keeps answering after every credential expired', async function () {
		const assumed = emulator.control.counters()['sts:AssumeRole'] ?? 0;
		emulator.control.expireAllCredentials();
		emulator.control.setNextReplies(['Still answering after the expiry.']);
		await askBedrock('Are you still there?');
		await waitForText(chatPart().getByText(/Still answering after/).last(), /Still answering after the expiry/);
		const result = await runScenarios(wb.page);
		assert.ok((result.text?.text ?? '').length > 0, JSON.stringify(result.text));
		assert.match(result.tool?.second?.text ?? '', /Tool get_weather returned/);
		assert.ok((emulator.control.counters()['sts:AssumeRole'] ?? 0) > assumed, 'new role credentials were fetched');
	});
});
