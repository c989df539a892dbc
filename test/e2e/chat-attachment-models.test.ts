// Attachments only for models that take them, in the real webview (code-server + Chromium)
// against the emulator: an image attached with the text-only Claude 3.5 Haiku chosen is marked
// and refused with what to do, the prompt kept and nothing sent; switching to a model that takes
// images sends it; over the context window, "Drop attachments" removes earlier turns' files
// oldest first until the chat fits, their names kept in the transcript.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../emulator';
import { imageWithHeader, realPng } from '../support/imageFixtures';
import { byTestId, chatFrame, eventually, runCommand, sendAndAwaitNextReply, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';

const HAIKU_35_PROFILE = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

describe('Chat attachments only for models that take them (code-server + emulator)', function () {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let wb: Workbench;
	let chat: Frame;

	const chips = () => byTestId(chat, 'attachment');
	const picker = () => chat.locator('#attach-picker');

	async function chooseModel(id: string): Promise<void> {
		const model = byTestId(chat, 'model');
		await eventually(async () => ((await model.locator(`option[value="${id}"]`).count()) > 0 ? true : undefined), `${id} in the picker`);
		await model.selectOption(id);
		await eventually(async () => ((await model.inputValue()) === id ? true : undefined), `${id} chosen`);
	}

	/** Presses Enter and waits for the next reply to complete. */
	const sendAndWait = async (text: string): Promise<void> => {
		await sendAndAwaitNextReply(chat, text);
	};

	before(async function () {
		emulator = await startEmulator();
		// The emulator takes more than the extension knows Claude's window to be (200,000), so a chat can grow past it.
		emulator.control.setContextWindow(1_000_000);
		const key = emulator.control.createAccessKey({ userName: 'attach-models-e2e' });
		wb = await startWorkbench({
			label: 'chat-attachment-models',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU_35_PROFILE },
		});
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), /attach-models-e2e/);
		await runCommand(wb.page, 'Bedrock: Open Chat');
		chat = await chatFrame(wb.page);
		await eventually(async () => ((await byTestId(chat, 'model').locator(`option[value="${HAIKU_3}"]`).count()) > 0 ? true : undefined), 'the model list');
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('refuses an image for the text-only model plainly, naming one that takes images; the prompt stays and nothing is sent', async function () {
		emulator.control.resetCounters();
		await byTestId(chat, 'prompt').fill('What is in this picture?');
		await picker().setInputFiles([{ name: 'square.png', mimeType: 'image/png', buffer: realPng(8, 8) }]);
		await waitForText(byTestId(chat, 'error'), /Claude 3\.5 Haiku \(US cross-region\) does not take images: "square\.png" cannot be sent with it\. Pick a model that takes images, e\.g\. .+, or remove the file\./);
		assert.equal(await chips().count(), 1);
		assert.equal(await chips().first().getAttribute('data-not-taken'), 'true');
		await byTestId(chat, 'prompt').press('Enter');
		await waitForText(byTestId(chat, 'error'), /Nothing was sent; your prompt and attachments are still here\./);
		assert.equal(await byTestId(chat, 'prompt').inputValue(), 'What is in this picture?');
		assert.equal(await chips().count(), 1, 'the file is still attached');
		assert.equal(emulator.control.counters()['bedrock:ConverseStream'] ?? 0, 0, 'Bedrock was never asked');
	});

	it('sends the same file once a model that takes images is chosen', async function () {
		await chooseModel(HAIKU_3);
		await eventually(async () => ((await chips().first().getAttribute('data-not-taken')) === null ? true : undefined), 'the chip unmarked');
		emulator.control.setNextReplies(['A small square.']);
		await sendAndWait('What is in this picture?');
		const sent = emulator.control.lastRequest('bedrock:ConverseStream')?.params as { messages: { content: Record<string, unknown>[] }[] };
		assert.deepEqual(sent.messages.at(-1)?.content[0], { image: { format: 'png', source: { bytes: realPng(8, 8).toString('base64') } } });
		assert.equal(await chips().count(), 0);
	});

	it('over the window, "Drop attachments" drops earlier turns\' files oldest first until it fits, keeping their names', async function () {
		await chooseModel(SONNET_PROFILE);
		// About 85,000 tokens each (width × height / 750): three of them no longer fit 200,000.
		const big = (name: string) => ({ name, mimeType: 'image/png', buffer: imageWithHeader('png', 7999, 7999) });
		await picker().setInputFiles([big('big-1.png'), big('big-2.png')]);
		await eventually(async () => ((await chips().count()) === 2 ? true : undefined), 'two chips');
		await sendAndWait('Two big ones');
		await picker().setInputFiles([big('big-3.png')]);
		await eventually(async () => ((await chips().count()) === 1 ? true : undefined), 'one chip');
		await sendAndWait('And a third');
		const meter = byTestId(chat, 'context-meter');
		await waitForText(meter.locator('.meter-text'), /^2\d\d,\d{3} \/ 200,000 tokens: over the model's context window/);
		const dropAttachments = meter.locator('[data-action="drop-attachments"]');
		assert.equal(await dropAttachments.isVisible(), true);
		assert.equal(await meter.getByText('Drop oldest turn').isVisible(), true, 'both offers');
		await dropAttachments.click();
		await waitForText(meter.locator('.meter-text'), /^\d{2},\d{3} \/ 200,000 tokens$/);
		assert.equal(await dropAttachments.isVisible(), false);
		const dropped = await chat.locator('[data-role="user"] .media-preview.not-kept').allTextContents();
		assert.deepEqual(dropped, ['square.png (dropped to fit the context window)', 'big-1.png (dropped to fit the context window)', 'big-2.png (dropped to fit the context window)']);
		assert.equal(await chat.locator('[data-role="user"] img.media-thumb[alt="big-3.png"]').count(), 1, 'the newest is still there');
		emulator.control.setNextReplies(['Still here.']);
		await sendAndWait('Does it fit now?');
		const sent = emulator.control.lastRequest('bedrock:ConverseStream')?.params as { messages: { content: Record<string, unknown>[] }[] };
		assert.equal(sent.messages.flatMap((m) => m.content).filter((b) => 'image' in b).length, 1, 'only the newest image is still sent');
	});
});
