// The Bedrock chat panel end to end: the packaged extension in code-server, signed in with an
// assume-role profile against the local emulator (so credentials can expire and be refreshed),
// driven through the webview's test ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../emulator';
import {
	byTestId,
	dialog,
	eventually,
	quickInput,
	runCommand,
	startWorkbench,
	statusBarItem,
	waitForText,
	chatFrame,
	type Workbench,
} from './harness';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_PROFILE = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

describe('Bedrock chat panel (code-server + emulator)', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let chat: Frame;

	const assistantMessages = () => byTestId(chat, 'message').and(chat.locator('[data-role="assistant"]'));
	const lastAssistant = () => assistantMessages().last();
	const prompt = () => byTestId(chat, 'prompt');

	/** Replies on screen when the last prompt was sent: the next reply is the one after them. */
	let repliesBeforeSend = 0;

	async function send(text: string): Promise<void> {
		repliesBeforeSend = await assistantMessages().count();
		await prompt().fill(text);
		await prompt().press('Enter');
	}

	/** Waits for the reply to the last prompt to reach a final status and returns its text. */
	async function waitForReply(status = 'complete', timeoutMs = 30_000): Promise<string> {
		return eventually(async () => {
			const replies = await assistantMessages().all();
			const reply = replies[repliesBeforeSend];
			if (replies.length !== repliesBeforeSend + 1 || (await reply.getAttribute('data-status')) !== status) {
				return undefined;
			}
			return ((await reply.locator('.message-body').textContent()) ?? '').trim();
		}, `the reply to be ${status}`, timeoutMs);
	}

	async function openChat(): Promise<Frame> {
		await runCommand(wb.page, 'Bedrock: Open Chat');
		return chatFrame(wb.page);
	}

	before(async function () {
		emulator = await startEmulator({ streamDelayMs: 25, streamChunkChars: 12 });
		const base = emulator.control.createAccessKey({ userName: 'chat-e2e' });
		wb = await startWorkbench({
			label: 'chat',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.region': 'us-east-1' },
			workspaceFiles: { 'src/answer.ts': 'export const answer = 42;\n' },
			homeFiles: {
				'.aws/config': '[profile chat]\nrole_arn = arn:aws:iam::111111111111:role/BedrockChat\nsource_profile = base\nregion = us-east-1\n',
				'.aws/credentials': `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
			},
		});
		await runCommand(wb.page, 'AWS: Use Profile…');
		await quickInput.pick(wb.page, /chat/);
		await waitForText(statusBarItem(wb.page), /111111111111/);
		chat = await openChat();
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	afterEach(function () {
		emulator?.control.clearFaults();
	});

	it('asks for a model on the first send, keeps the prompt meanwhile, then streams the reply', async function () {
		await send('What is Amazon Bedrock?');
		await quickInput.waitOpen(wb.page);
		assert.equal(await prompt().inputValue(), 'What is Amazon Bedrock?', 'the prompt stays while the model is asked for');
		const labels = await eventually(async () => {
			const items = await quickInput.labels(wb.page);
			return items.some((l) => /Haiku/.test(l)) ? items : undefined;
		}, 'the emulator models in the quick pick');
		assert.ok(labels.some((l) => /Paste a model id/.test(l)), labels.join(' | '));
		await quickInput.pick(wb.page, /^Anthropic Claude 3 Haiku$/);
		const reply = await waitForReply();
		assert.match(reply, /What is Amazon Bedrock\?/, 'the emulator echoes the question');
		assert.equal(await prompt().inputValue(), '', 'the input is cleared once the turn started');
		const settings = JSON.parse(readFileSync(join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8'));
		assert.equal(settings['bedrockConnect.chat.modelId'], HAIKU);
	});

	it('renders the streamed markdown with highlighted code, code actions and token usage', async function () {
		emulator.control.setNextReplies(['# Listing buckets\n\nUse **ListBuckets**:\n\n```ts\nconst client = new S3Client({});\n```\n\nSee [the docs](https://docs.aws.amazon.com/).']);
		await send('How do I list buckets?');
		await waitForReply();
		const last = lastAssistant();
		assert.equal(await last.locator('h1').textContent(), 'Listing buckets');
		assert.equal(await last.locator('strong').textContent(), 'ListBuckets');
		assert.ok((await last.locator('pre code .hljs-keyword').count()) > 0, 'code is highlighted');
		assert.deepEqual(await last.locator('.code-toolbar button').allTextContents(), ['Copy', 'Insert', 'Open']);
		assert.equal(await last.locator('a').getAttribute('href'), 'https://docs.aws.amazon.com/');
		await waitForText(byTestId(chat, 'usage'), /^in \d+ · out \d+ tokens$/);
	});

	it('opens a link only after the user confirms it in a modal dialog', async function () {
		await lastAssistant().locator('a', { hasText: 'the docs' }).click();
		assert.match(await dialog.text(wb.page), /Open this link[\s\S]*https:\/\/docs\.aws\.amazon\.com\//);
		await dialog.clickButton(wb.page, 'Cancel');
		await dialog.locator(wb.page).waitFor({ state: 'hidden' });
		assert.equal(wb.browser.popups.length, 0, 'nothing was opened');
	});

	it('opens the code of a block in a new editor', async function () {
		await lastAssistant().locator('.code-toolbar button', { hasText: 'Open' }).click();
		await waitForText(wb.page.locator('.monaco-editor .view-lines').last(), /const\s+client\s+=\s+new\s+S3Client\(\{\}\);/);
	});

	it('offers the emulator models in the picker and remembers a new choice', async function () {
		const model = byTestId(chat, 'model');
		await eventually(async () => ((await model.locator(`option[value="${HAIKU_PROFILE}"]`).count()) > 0 ? true : undefined), 'the inference profile in the picker');
		const values = await model.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
		assert.ok(values.includes(HAIKU), values.join(' | '));
		assert.ok(!values.includes('amazon.titan-embed-text-v2:0'), 'embedding models are not chat models');
		await model.selectOption(HAIKU_PROFILE);
		await eventually(() => {
			const settings = JSON.parse(readFileSync(join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8'));
			return settings['bedrockConnect.chat.modelId'] === HAIKU_PROFILE ? true : undefined;
		}, 'the model setting to be saved');
		emulator.control.setNextReplies(['Answered by the profile.']);
		await send('Which model?');
		assert.equal(await waitForReply(), 'Answered by the profile.');
		assert.equal(emulator.control.lastRequest('bedrock:ConverseStream')?.path, `/model/${encodeURIComponent(HAIKU_PROFILE)}/converse-stream`);
	});

	it('stops mid-stream and keeps the partial reply marked stopped', async function () {
		emulator.control.setReplyLength(600);
		try {
			await send('Tell me a long story.');
			await eventually(async () => ((await lastAssistant().locator('.message-body').textContent()) ?? '').length > 40 || undefined, 'the first tokens');
			assert.equal(await byTestId(chat, 'stop').isVisible(), true);
			await prompt().press('Escape');
			const partial = await waitForReply('stopped');
			assert.ok(partial.length > 0);
			await new Promise((resolve) => setTimeout(resolve, 500));
			assert.equal(((await lastAssistant().locator('.message-body').textContent()) ?? '').trim(), partial, 'nothing arrives after Stop');
			assert.match((await lastAssistant().textContent()) ?? '', /Stopped/);
			assert.equal(await byTestId(chat, 'send').isEnabled(), true);
		} finally {
			emulator.control.setReplyLength(undefined);
		}
	});

	it('recovers by itself when the credentials expire mid-conversation', async function () {
		const before = emulator.control.counters()['sts:AssumeRole'] ?? 0;
		emulator.control.expireAllCredentials();
		emulator.control.setNextReplies(['Still here after the refresh.']);
		await send('Are you still there?');
		assert.equal(await waitForReply(), 'Still here after the refresh.');
		assert.equal(await byTestId(chat, 'error').isVisible(), false, 'no error banner');
		assert.ok((emulator.control.counters()['sts:AssumeRole'] ?? 0) > before, 'new role credentials were fetched');
	});

	it('shows persistent throttling as an error, keeps the prompt, and Retry sends it', async function () {
		const count = () => assistantMessages().count();
		const repliesBefore = await count();
		emulator.control.throttle('bedrock:ConverseStream', 50);
		await send('Please answer despite throttling');
		const banner = byTestId(chat, 'error');
		await waitForText(banner, /thrott|too many/i, 60_000);
		assert.equal(await prompt().inputValue(), 'Please answer despite throttling');
		assert.equal(await count(), repliesBefore, 'no empty reply is left behind');
		emulator.control.clearFaults();
		emulator.control.setNextReplies(['Answered after the throttling.']);
		repliesBeforeSend = repliesBefore;
		await banner.locator('button', { hasText: 'Retry' }).click();
		assert.equal(await waitForReply(), 'Answered after the throttling.');
		assert.equal(await prompt().inputValue(), '');
		assert.equal(await banner.isVisible(), false);
	});

	it('keeps partial output marked incomplete when the stream fails mid-reply, and Retry replaces it', async function () {
		emulator.control.setNextReplies(['First part of the answer, then the rest of the answer arrives in full.']);
		emulator.control.streamException('modelStreamErrorException', 1, 2);
		await send('Answer in two parts');
		const partial = await waitForReply('incomplete');
		assert.ok(partial.length > 0 && partial.length < 60, partial);
		assert.match((await lastAssistant().textContent()) ?? '', /Incomplete/);
		const banner = byTestId(chat, 'error');
		await banner.waitFor({ state: 'visible' });
		await banner.locator('button', { hasText: 'Retry' }).click();
		assert.equal(await waitForReply(), 'First part of the answer, then the rest of the answer arrives in full.');
		assert.equal(await assistantMessages().count(), repliesBeforeSend + 1, 'the incomplete reply was replaced');
	});

	it('keeps the conversation and the panel after the page reloads', async function () {
		const texts = await byTestId(chat, 'message').allTextContents();
		assert.ok(texts.length >= 8);
		// VS Code writes workspaceState to storage asynchronously; a reload within the same
		// instant as the last reply can lose that last write (VS Code's behaviour, not ours).
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		await wb.page.reload();
		await waitForText(statusBarItem(wb.page), /111111111111/);
		chat = await chatFrame(wb.page, 60_000);
		await eventually(async () => ((await byTestId(chat, 'message').count()) === texts.length ? true : undefined), 'the restored messages');
		assert.deepEqual(await byTestId(chat, 'message').allTextContents(), texts);
	});

	it('starts a new chat and reopens the old one from the history', async function () {
		const before = await byTestId(chat, 'message').count();
		await byTestId(chat, 'new-chat').click();
		await eventually(async () => ((await byTestId(chat, 'message').count()) === 0 ? true : undefined), 'an empty transcript');
		emulator.control.setNextReplies(['A fresh start.']);
		await send('New topic');
		assert.equal(await waitForReply(), 'A fresh start.');
		await chat.locator('#history-toggle').click();
		const items = chat.locator('.history-item .history-open');
		await eventually(async () => ((await items.count()) >= 2 ? true : undefined), 'two conversations in the history');
		assert.equal(await items.first().textContent(), 'New topic');
		await items.nth(1).click();
		await eventually(async () => ((await byTestId(chat, 'message').count()) === before ? true : undefined), 'the old conversation');
	});

	it('attaches the file last edited, even when it is hidden behind the chat', async function () {
		const explorerRow = (name: string) => wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
		await explorerRow('src').click();
		await explorerRow('answer.ts').click();
		await eventually(async () => ((await wb.page.locator('.monaco-editor .view-lines', { hasText: /answer\s+=\s+42/ }).count()) > 0) || undefined, 'src/answer.ts in an editor');
		chat = await openChat();
		await byTestId(chat, 'new-chat').click();
		await chat.locator('#add-file').click();
		await waitForText(chat.locator('#chips'), /src\/answer\.ts/);
		await send('What is the answer?');
		const reply = await waitForReply();
		assert.match(reply, /export const answer = 42;/, 'the file went to the model with the prompt');
		assert.match((await byTestId(chat, 'message').first().textContent()) ?? '', /src\/answer\.ts/, 'the chip is shown on the message');
	});
});
