// Bedrock in VS Code's own chat on code-server 4.139.1. Another extension (the lm-consumer
// fixture) uses vendor `bedrock` through vscode.lm.selectChatModels + sendRequest: signed out it
// sees only the default model `bedrock-default` as the sign-in model (family `bedrock-sign-in`),
// which answers NoPermissions; signed in the same id comes first with the routed model's family,
// and it gets text, a tool round trip and cancellation. In the Chat view the chat keeps the
// default model selected across the sign-in: `@bedrock` offers Sign In when signed out and the
// same chat answers once signed in, no model picked by hand. Both keep answering after every
// credential expired. With bedrockConnect.chat.guardrail set (by the fixture, as a user sets it), an
// intervention reaches sendRequest as the guardrail's message and a line saying so. (Plain chat
// input, without @bedrock, asks for a GitHub Copilot sign-in on 4.139.1 before any model is asked,
// so only @bedrock is tested in the Chat view.) The README's picture of the Chat view is taken here
// (docs/images/bedrock-chat-view.png).
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
	let guardrailId: string;

	const runScenarios = (page: Page, title?: string) => runLmConsumer(page, resultFile, title);

	const chatPart = () => wb.page.locator('.part.auxiliarybar');
	/** The model picker of the chat input, which shows the selected model's name. */
	const selectedModel = () => chatPart().locator('.interactive-input-part').getByText(/Amazon Bedrock/).first();

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
		// Set by the last test, through the fixture, as a user would set it.
		guardrailId = emulator.control.createGuardrail({ blockedInputMessaging: 'This topic is off limits.' }).guardrailIdentifier;
		wb = await startWorkbench({
			label: 'native-chat',
			extraVsix: [fixture],
			env: { ...emulator.env, AWS_REGION: 'us-east-1', LM_CONSUMER_OUT: resultFile, LM_CONSUMER_MODEL: HAIKU, LM_CONSUMER_GUARDRAIL: JSON.stringify({ identifier: guardrailId, version: '1' }) },
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

	it('signed out: the only model is the default as the sign-in model, and it answers NoPermissions, not a fake reply', async function () {
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
		const result = await runScenarios(wb.page);
		assert.deepEqual(result.models?.map((m) => [m.id, m.family, m.vendor, m.name]), [['bedrock-default', 'bedrock-sign-in', 'bedrock', 'Amazon Bedrock — sign in']], JSON.stringify(result));
		assert.equal(result.text?.error?.isLanguageModelError, true, JSON.stringify(result.text));
		assert.match(result.text?.error?.code ?? '', /NoPermissions/);
		assert.match(result.text?.error?.message ?? '', /not signed in to AWS.*AWS: Sign In/);
	});

	it('signed out: the Chat view selects the sign-in model; @bedrock answers with a Sign In button instead of failing', async function () {
		await runCommand(wb.page, 'Chat: Open Chat');
		await waitForText(selectedModel(), 'Amazon Bedrock — sign in');
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
		// bedrockConnect.chat.modelId is Claude 3 Haiku: the default routes there.
		assert.deepEqual(
			[result.models?.[0]?.id, result.models?.[0]?.family, result.models?.[0]?.name],
			['bedrock-default', 'claude-3-haiku', 'Amazon Bedrock — default (Claude 3 Haiku)'],
			'the same id, first, with the routed model\'s family',
		);
		assert.ok(!result.models?.some((m) => m.family === 'bedrock-sign-in'), 'no sign-in model once signed in');
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

	it('signed in: the same chat, its model not picked by hand, answers through @bedrock (the README picture)', async function () {
		// The chat kept the model it had signed out: the same id, now the default routed to Haiku.
		await runCommand(wb.page, 'Chat: Open Chat');
		await waitForText(selectedModel(), 'Amazon Bedrock — default (Claude 3 Haiku)');
		const before = emulator.control.counters()['bedrock:ConverseStream'] ?? 0;
		emulator.control.setNextReplies(['Hello from **Amazon Bedrock**, signed in with your AWS identity.']);
		await askBedrock('Say hello');
		await waitForText(chatPart().getByText(/Hello from/).last(), /signed in with your AWS identity/);
		assert.equal(await chatPart().getByText('Language model unavailable').count(), 0);
		assert.ok((emulator.control.counters()['bedrock:ConverseStream'] ?? 0) > before, 'answered by Bedrock');
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

	it('with bedrockConnect.chat.guardrail set, an intervention reaches sendRequest as the guardrail\'s message and a line saying so', async function () {
		const set = await runScenarios(wb.page, 'LM Consumer: Use the Test Guardrail');
		assert.deepEqual(set, { done: true });
		let last: unknown;
		const result = await eventually(async () => {
			// Scripted for the next reply; it intervenes only once the changed setting sends guardrailConfig.
			emulator.control.setNextReplies([{ text: 'unused', guardrail: 'input' }]);
			const r = await runScenarios(wb.page);
			last = { text: r.text, guardrailConfig: (emulator.control.lastRequest('bedrock:ConverseStream')?.params as { guardrailConfig?: unknown } | undefined)?.guardrailConfig ?? null };
			return /Blocked by your guardrail/.test(r.text?.text ?? '') ? r : undefined;
		}, 'a reply the guardrail blocked', 90_000).catch((e: Error) => {
			throw new Error(`${e.message}; last: ${JSON.stringify(last)}`);
		});
		assert.match(result.text?.text ?? '', /^This topic is off limits\\.\n\nBlocked by your guardrail \S+ \\\(version 1\\\) \\\(bedrockConnect\\.chat\\.guardrail\\\)/, JSON.stringify(result.text));
	});
});
