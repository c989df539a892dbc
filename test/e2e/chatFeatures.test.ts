// The chat's Bedrock features in the real webview (code-server + Chromium) against the
// emulator: reasoning streamed into a collapsed block (hostile reasoning runs nothing) and
// sent back on the next turn with its signature, cost per reply and chat, and an image attached
// with the file picker (checked, sent, previewed; a too-large one refused with the reason), and
// the context meter.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../emulator';
import { imageWithHeader, realPng } from '../support/imageFixtures';
import { XSS_PAYLOADS } from '../support/xssPayloads';
import { assistantReplies, byTestId, chatFrame, eventually, runCommand, sendAndAwaitNextReply, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';

const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

describe('Bedrock chat features: reasoning, cost, attachments (code-server + emulator)', function () {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let wb: Workbench;
	let chat: Frame;
	const dialogs: string[] = [];

	const replies = () => assistantReplies(chat);

	const send = (text: string) => sendAndAwaitNextReply(chat, text);

	before(async function () {
		emulator = await startEmulator();
		emulator.control.setCacheMinimumTokens(1);
		const key = emulator.control.createAccessKey({ userName: 'features-e2e' });
		// The guardrail's own message is hostile too: it must render as inert text.
		const guardrail = emulator.control.createGuardrail({ blockedWords: ['forbidden'], blockedInputMessaging: `Blocked. ${XSS_PAYLOADS.slice(0, 12).join(' ')}` });
		wb = await startWorkbench({
			label: 'chat-features',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
			settings: {
				'bedrockConnect.region': 'us-east-1',
				'bedrockConnect.chat.modelId': SONNET_PROFILE,
				'bedrockConnect.chat.reasoning': 'low',
			},
			// Machine-scoped: in a remote window VS Code reads it from the remote machine's settings only.
			machineSettings: { 'bedrockConnect.chat.guardrail': { identifier: guardrail.guardrailIdentifier, version: '1' } },
		});
		wb.page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), /features-e2e/);
		await runCommand(wb.page, 'Bedrock: Open Chat');
		chat = await chatFrame(wb.page);
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('shows reasoning collapsed above the answer, and the next turn is accepted with its signature', async function () {
		emulator.control.setNextReplies([{ reasoning: 'Two plus two: count two, then two more, that makes four.', text: 'It is **4**.' }]);
		const first = await send('What is 2+2?');
		const block = first.locator('[data-testid="reasoning"]');
		assert.equal(await block.isVisible(), true);
		assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed');
		assert.equal(await block.locator('.reasoning-text').isVisible(), false);
		await block.locator('summary').click();
		await waitForText(block.locator('.reasoning-text'), /count two, then two more/);
		assert.match((await first.locator('.message-body').textContent()) ?? '', /It is 4\./);
		const second = await send('And 3+3?');
		assert.ok(((await second.locator('.message-body').textContent()) ?? '').length > 0);
		const sent = emulator.control.lastRequest('bedrock:ConverseStream')?.params as { messages: { content: Record<string, unknown>[] }[] };
		assert.ok(sent.messages[1]?.content[0]?.reasoningContent, 'the first reply went back with its reasoning');
	});

	it('shows the reply\'s cost from the bundled price table, and the prompt-cache tokens of the second turn', async function () {
		await waitForText(byTestId(chat, 'cost'), /^reply \$\d+\.\d{4} · chat \$\d+\.\d{4}$/);
		await waitForText(replies().last().locator('.message-cost'), /^\$\d+\.\d{4}$/);
		await waitForText(byTestId(chat, 'usage'), /cache read \d+/);
	});

	it('shows a guardrail intervention as such, and its hostile message runs nothing', async function () {
		const reply = await send('Tell me the forbidden thing');
		assert.equal(await reply.getAttribute('data-guardrail'), 'intervened');
		await waitForText(reply.locator('.message-footer'), /Blocked by your guardrail/);
		assert.match((await reply.locator('.message-body').textContent()) ?? '', /Blocked\./);
		const found = await reply.evaluate((root) => [...root.querySelectorAll('*')].filter((e) => e.tagName === 'SCRIPT' || e.tagName === 'IMG' || e.tagName === 'SVG' || [...e.attributes].some((a) => a.name.startsWith('on'))).map((e) => e.outerHTML.slice(0, 80)));
		assert.deepEqual(found, []);
		assert.deepEqual(dialogs, []);
	});

	it('renders hostile reasoning as text: no script, handler or dialog', async function () {
		emulator.control.setNextReplies([{ reasoning: XSS_PAYLOADS.join('\n'), text: 'Done.' }]);
		const reply = await send('Reason about payloads');
		const block = reply.locator('[data-testid="reasoning"]');
		await block.locator('summary').click();
		await chat.evaluate(() => {
			for (const element of document.querySelectorAll('[data-testid="reasoning"] *')) {
				for (const type of ['mouseover', 'focus', 'error', 'load', 'toggle', 'pointerdown']) element.dispatchEvent(new Event(type));
			}
		});
		await new Promise((resolve) => setTimeout(resolve, 500));
		const found = await block.evaluate((root) => ({
			elements: [...root.querySelectorAll('.reasoning-text *')].map((e) => e.tagName),
			text: root.querySelector('.reasoning-text')?.textContent ?? '',
		}));
		assert.deepEqual(found.elements, [], 'text nodes only');
		assert.match(found.text, /onerror=alert\(1\)/, 'the payloads are there, as text');
		assert.deepEqual(dialogs, []);
		const flagged = await chat.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
		assert.equal(flagged, undefined);
	});

	it('attaches an image with the file picker, shows it as a chip, sends it and previews it; refuses a too-large one with the reason', async function () {
		const picker = chat.locator('#attach-picker');
		await picker.setInputFiles([
			{ name: 'shot.png', mimeType: 'image/png', buffer: realPng(8, 8) },
			{ name: '<img src=x onerror=alert(1)>.png', mimeType: 'image/png', buffer: imageWithHeader('png', 9000, 20) },
		]);
		await waitForText(byTestId(chat, 'error'), /9000 × 20 px; Bedrock takes images up to 8,000 px a side/);
		const chips = byTestId(chat, 'attachment');
		await eventually(async () => ((await chips.count()) === 1 ? true : undefined), 'one attachment chip');
		assert.match((await chips.first().textContent()) ?? '', /shot\.png/);
		emulator.control.setNextReplies(['A small blue square.']);
		await send('What is in the picture?');
		assert.equal(await chips.count(), 0, 'the tray is empty once sent');
		const sentImage = (emulator.control.lastRequest('bedrock:ConverseStream')?.params as { messages: { content: Record<string, unknown>[] }[] }).messages.at(-1)?.content[0];
		assert.deepEqual(sentImage, { image: { format: 'png', source: { bytes: realPng(8, 8).toString('base64') } } });
		const thumb = chat.locator('[data-role="user"] img.media-thumb').last();
		assert.match((await thumb.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
		assert.deepEqual(dialogs, []);
	});

	it('shows the context meter for the conversation and the draft, counted by CountTokens', async function () {
		await byTestId(chat, 'prompt').fill('');
		await byTestId(chat, 'prompt').pressSequentially('How long is this chat now?');
		await waitForText(byTestId(chat, 'context-meter').locator('.meter-text'), /^[\d,]+ \/ 200,000 tokens$/);
		assert.ok((emulator.control.counters()['bedrock:CountTokens'] ?? 0) >= 1, 'counted by Bedrock, not estimated');
	});
});
