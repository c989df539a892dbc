// Reliability end to end in code-server, the cases chat.test.ts does not cover: a page reload
// in the middle of a streaming reply keeps the conversation (the prompt and the reply so far),
// and a 2 MB paste leaves the page responsive and is sent whole or refused with a reason.
// (Throttling with Retry, credentials expiring mid-conversation and a reload after a finished
// reply are in chat.test.ts.)
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator';
import { byTestId, eventually, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, chatFrame, type Workbench } from './harness';

const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('reliability: reload mid-stream and a huge paste (code-server)', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let chat: Frame;

	before(async function () {
		emulator = await startEmulator({ streamDelayMs: 40 });
		// A role chained from long-term keys, so the session has temporary credentials to renew.
		const profileKeys = emulator.control.createAccessKey({ userName: 'erin' });
		wb = await startWorkbench({
			label: 'reliability',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': MODEL_ID },
			homeFiles: {
				'.aws/config': '[profile rel]\nregion = us-east-1\nrole_arn = arn:aws:iam::111111111111:role/ChatRole\nsource_profile = base\n',
				'.aws/credentials': `[base]\naws_access_key_id = ${profileKeys.accessKeyId}\naws_secret_access_key = ${profileKeys.secretAccessKey}\n`,
			},
		});
		await runCommand(wb.page, 'AWS: Use Profile…');
		await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'rel' }).first().click();
		await waitForText(statusBarItem(wb.page), /ChatRole|bedrock-connect|111111111111/);
		await runCommand(wb.page, 'Bedrock: Open Chat');
		chat = await chatFrame(wb.page);
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	const messages = (frame: Frame, role: 'user' | 'assistant') => frame.locator(`[data-testid="message"][data-role="${role}"]`);

	async function send(prompt: string): Promise<void> {
		await byTestId(chat, 'prompt').fill(prompt);
		await byTestId(chat, 'send').click();
	}

	async function waitIdle(frame: Frame): Promise<void> {
		await eventually(async () => !(await byTestId(frame, 'send').isDisabled()), 'the reply to finish', 60_000);
	}

	it('keeps the prompt and the conversation when the page reloads mid-stream', async function () {
		emulator.control.setReplyLength(400);
		await send('a long answer, please');
		let shownBeforeReload = '';
		await eventually(async () => {
			shownBeforeReload = (await messages(chat, 'assistant').last().textContent()) ?? '';
			return shownBeforeReload.includes('alpha bravo charlie') || undefined;
		}, 'the reply to start streaming');
		// The host writes the growing reply at most once a second; let one such write (and the
		// workbench's own storage flush) happen while the reply is still streaming (it lasts ~8 s).
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		assert.equal(await byTestId(chat, 'stop').isVisible(), true, 'the reply is still streaming when the page reloads');
		await wb.page.reload();
		await waitForText(statusBarItem(wb.page), /111111111111/);
		chat = await chatFrame(wb.page, 60_000);
		await screenshot(wb.page, 'reliability-after-reload');
		await eventually(async () => (await messages(chat, 'user').allTextContents()).some((t) => t.includes('a long answer, please')) || undefined, 'the prompt sent before the reload to be in the history');
		await eventually(async () => (await messages(chat, 'assistant').count()) >= 1 || undefined, 'the reply (complete or partial) after the reload');
		await waitIdle(chat);
		await screenshot(wb.page, 'reliability-interrupted-reply');
		const afterReload = (await messages(chat, 'assistant').last().textContent()) ?? '';
		emulator.control.setReplyLength(undefined);
		await send('after the reload');
		await eventually(async () => ((await messages(chat, 'assistant').last().textContent()) ?? '').includes('after the reload') || undefined, 'a reply after the reload');
		assert.ok((await messages(chat, 'user').allTextContents()).some((t) => t.includes('a long answer, please')), 'the earlier prompt is still there');
		// The reply text the user saw before the reload is part of the history too.
		assert.ok(afterReload.includes('alpha bravo charlie'), `the partial reply shown before the reload was lost; after the reload it reads: ${JSON.stringify(afterReload.slice(0, 120))}`);
		// It reads as cut off by the reload, with Retry, not as failed by an error.
		assert.match(afterReload, /Interrupted — the window reloaded while this reply was streaming/);
		assert.doesNotMatch(afterReload, /cut off by an error/);
	});

	it('stays responsive after a 2 MB paste, and sends it whole or says it is too long', async function () {
		await waitIdle(chat);
		const prompt = byTestId(chat, 'prompt');
		await prompt.focus();
		emulator.control.setNextReplies(['Got it.']);
		const started = Date.now();
		const huge = 'y'.repeat(2 * 1024 * 1024);
		await wb.page.keyboard.insertText(huge);
		const length = (await prompt.inputValue()).length;
		await byTestId(chat, 'send').click();
		// Whatever the page does with it, it must answer: either a reply, or an error banner.
		await eventually(
			async () => (await byTestId(chat, 'error').isVisible()) || !(await byTestId(chat, 'send').isDisabled()) || undefined,
			'the page to react to the huge prompt',
			60_000,
		);
		await screenshot(wb.page, 'reliability-huge-paste');
		assert.ok(Date.now() - started < 60_000);
		// The page still takes input.
		const banner = (await byTestId(chat, 'error').isVisible()) ? ((await byTestId(chat, 'error').textContent()) ?? '') : '';
		await prompt.fill('small again');
		assert.equal(await prompt.inputValue(), 'small again');
		// Either the whole prompt went out, or the user was told it is too long (and it was kept).
		const lastPrompt = (await messages(chat, 'user').count()) > 0 ? ((await messages(chat, 'user').last().textContent()) ?? '') : '';
		const sentWhole = lastPrompt.includes(huge.slice(0, 1000)) && length === huge.length;
		assert.ok(sentWhole || /too long|limit|characters/i.test(banner), `the 2 MB paste was cut to ${length} characters without a word (banner: ${JSON.stringify(banner.slice(0, 200))})`);
	});
});
