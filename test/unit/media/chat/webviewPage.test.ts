// The chat page's script (media/chat/main.ts, bundled as it ships) in jsdom with a fake
// VS Code API: what it posts for user actions and how it renders what the host sends.
import * as assert from 'node:assert/strict';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import type { ChatMessage, HostToWebview, WebviewToHost } from '../../../../src/shared/protocol';
import { buildChatHtml } from '../../../../src/vscode/chat/chatHtml';
import { HIDDEN_CODE_PAYLOADS } from '../../../support/hiddenCodePayloads';
import { imageWithHeader, realPng } from '../../../support/imageFixtures';
import { deltasOf, longMarkdownReply } from '../../../support/longReply';
import { scriptCapabilitiesOf } from '../../../support/scriptCapabilities';
import { XSS_PAYLOADS } from '../../../support/xssPayloads';

let bundle = '';

interface Page {
	dom: JSDOM;
	posted: WebviewToHost[];
	state: () => Record<string, unknown> | undefined;
	receive(message: HostToWebview): void;
	$(selector: string): HTMLElement;
	testId(id: string): HTMLElement;
	prompt: HTMLTextAreaElement;
	lastPosted<T extends WebviewToHost['type']>(type: T): Extract<WebviewToHost, { type: T }>;
	frame(): Promise<void>;
	runFrames(): void;
}

interface PageOptions {
	/** Text the user typed into the prompt before the page script ran. */
	typedBeforeScript?: string;
	/** Animation frames run only when the test calls runFrames(), so many frames cost no wall time. */
	manualFrames?: boolean;
}

function openPage(initialState?: Record<string, unknown>, options: PageOptions = {}): Page {
	const html = buildChatHtml({ cspSource: 'vscode-resource:', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 'about:blank', styleUri: 'about:blank' })
		.replace(/<script[^>]*><\/script>/, '')
		.replace(/<link[^>]*>/, '');
	const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
	const posted: WebviewToHost[] = [];
	let state = initialState;
	(dom.window as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
		postMessage: (m: WebviewToHost) => posted.push(JSON.parse(JSON.stringify(m))),
		getState: () => state,
		setState: (s: Record<string, unknown>) => { state = s; },
	});
	let frames: FrameRequestCallback[] = [];
	if (options.manualFrames) {
		dom.window.requestAnimationFrame = (callback) => frames.push(callback);
		dom.window.cancelAnimationFrame = () => undefined;
	}
	if (options.typedBeforeScript !== undefined) {
		(dom.window.document.querySelector('[data-testid="prompt"]') as HTMLTextAreaElement).value = options.typedBeforeScript;
	}
	dom.window.eval(bundle);
	const $ = (selector: string) => {
		const found = dom.window.document.querySelector(selector);
		assert.ok(found, `no ${selector}`);
		return found as unknown as HTMLElement;
	};
	return {
		dom,
		posted,
		state: () => state,
		receive: (data) => dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data })),
		$,
		testId: (id) => $(`[data-testid="${id}"]`),
		prompt: $('[data-testid="prompt"]') as HTMLTextAreaElement,
		lastPosted<T extends WebviewToHost['type']>(type: T) {
			const found = [...posted].reverse().find((m) => m.type === type);
			assert.ok(found, `nothing of type ${type} was posted: ${JSON.stringify(posted)}`);
			return found as Extract<WebviewToHost, { type: T }>;
		},
		frame: () => new Promise((resolve) => dom.window.requestAnimationFrame(() => resolve())),
		runFrames() {
			const due = frames;
			frames = [];
			due.forEach((callback) => callback(0));
		},
	};
}

const model = { selected: 'anthropic.claude-3-haiku-20240307-v1:0', choices: [{ id: 'anthropic.claude-3-haiku-20240307-v1:0', label: 'Claude 3 Haiku', group: 'Foundation models' }], warnings: [], loading: false };

function init(page: Page, messages: ChatMessage[] = []): void {
	page.receive({ type: 'init', conversation: { id: 'conv1', title: '', messages }, conversations: [], model });
}

function type(page: Page, text: string, key = 'Enter', shiftKey = false): void {
	page.prompt.value = text;
	page.prompt.dispatchEvent(new page.dom.window.Event('input', { bubbles: true }));
	page.prompt.dispatchEvent(new page.dom.window.KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }));
}

const user = (text: string): ChatMessage => ({ id: `u-${text}`, role: 'user', text, status: 'complete', createdAt: 0 });
const reply = (id: string, text = '', status: ChatMessage['status'] = 'streaming'): ChatMessage => ({ id, role: 'assistant', text, status, createdAt: 0 });

describe('chat page script', function () {
	this.timeout(20_000);

	before(async () => {
		const result = await build({ entryPoints: ['media/chat/main.ts'], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
		bundle = result.outputFiles[0].text;
	});

	it('says ready with the protocol version as soon as it loads', () => {
		const page = openPage();
		assert.deepEqual(page.posted[0], { type: 'ready', version: 1 });
	});

	it('sends on Enter, keeps Shift+Enter for a new line, and keeps the prompt until the host starts the turn', () => {
		const page = openPage();
		init(page);
		type(page, 'line one', 'Enter', true);
		assert.equal(page.posted.filter((m) => m.type === 'send').length, 0);
		type(page, 'What is Bedrock?');
		const sent = page.lastPosted('send');
		assert.equal(sent.text, 'What is Bedrock?');
		assert.equal(page.prompt.value, 'What is Bedrock?', 'kept while the host may still ask for a model');
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, true);
		page.receive({ type: 'turnStarted', requestId: sent.requestId, user: user('What is Bedrock?'), assistant: reply('a1'), removedMessageIds: [] });
		assert.equal(page.prompt.value, '');
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="message"]').length, 2);
		assert.equal(page.testId('stop').hidden, false);
	});

	it('keeps a prompt sent before the first init arrived and clears it when the turn starts', () => {
		const page = openPage();
		type(page, 'typed early');
		const { requestId } = page.lastPosted('send');
		init(page);
		page.receive({ type: 'turnStarted', requestId, user: user('typed early'), assistant: reply('a1'), removedMessageIds: [] });
		assert.equal(page.prompt.value, '');
	});

	it('streams deltas into the growing message once per animation frame and shows usage at the end', async () => {
		const page = openPage();
		init(page);
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('a1'), removedMessageIds: [] });
		for (const text of ['# Ti', 'tle\n\n```ts\nconst x', ' = 1;\n```\n']) {
			page.receive({ type: 'delta', requestId, messageId: 'a1', text });
		}
		const body = page.$('[data-id="a1"] .message-body');
		assert.equal(body.querySelector('h1'), null, 'not rendered before the frame');
		await page.frame();
		assert.equal(body.querySelector('h1')?.textContent, 'Title');
		assert.ok(body.querySelector('pre code .hljs-keyword'));
		assert.equal(body.querySelectorAll('.code-toolbar button').length, 3);
		page.receive({ type: 'turnEnded', requestId, messageId: 'a1', status: 'complete', usage: { inputTokens: 12, outputTokens: 34 } });
		assert.equal(page.testId('usage').textContent, 'in 12 · out 34 tokens');
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, false);
	});

	it('posts stop for the streaming request on Escape and marks the reply stopped', () => {
		const page = openPage();
		init(page);
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('a1'), removedMessageIds: [] });
		page.receive({ type: 'delta', requestId, messageId: 'a1', text: 'partial' });
		page.dom.window.document.dispatchEvent(new page.dom.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
		assert.deepEqual(page.lastPosted('stop'), { type: 'stop', requestId });
		page.receive({ type: 'turnEnded', requestId, messageId: 'a1', status: 'stopped' });
		const message = page.$('[data-id="a1"]');
		assert.equal(message.dataset.status, 'stopped');
		assert.equal(message.querySelector('.message-body')?.textContent?.trim(), 'partial');
		assert.match(message.textContent ?? '', /Stopped/);
	});

	it('puts the prompt back after a failure with no output, and Retry sends it again', () => {
		const page = openPage();
		init(page);
		type(page, 'Please answer');
		const first = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId: first.requestId, user: user('Please answer'), assistant: reply('a1'), removedMessageIds: [] });
		assert.equal(page.prompt.value, '');
		page.receive({
			type: 'error', requestId: first.requestId,
			error: { code: 'Throttled', message: 'Bedrock is throttling requests.', action: 'Wait and retry.', actions: ['retry'] },
			restorePrompt: { text: 'Please answer', context: [] }, removedMessageIds: ['u-Please answer', 'a1'],
		});
		assert.equal(page.prompt.value, 'Please answer');
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="message"]').length, 0);
		const banner = page.testId('error');
		assert.equal(banner.hidden, false);
		assert.match(banner.textContent ?? '', /throttling/);
		(banner.querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
		const again = page.lastPosted('send');
		assert.notEqual(again.requestId, first.requestId);
		assert.equal(again.text, 'Please answer');
		assert.equal(banner.hidden, true);
	});

	it('keeps partial output marked incomplete after a mid-stream error; Retry asks the host to redo the reply', () => {
		const page = openPage();
		init(page);
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('a1'), removedMessageIds: [] });
		page.receive({ type: 'delta', requestId, messageId: 'a1', text: 'half an ans' });
		page.receive({ type: 'turnEnded', requestId, messageId: 'a1', status: 'incomplete' });
		page.receive({ type: 'error', requestId, error: { code: 'ServiceError', message: 'Bedrock failed mid-reply.', actions: ['retry'] } });
		assert.equal(page.$('[data-id="a1"]').dataset.status, 'incomplete');
		assert.match(page.$('[data-id="a1"]').textContent ?? '', /half an ans/);
		(page.testId('error').querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
		assert.equal(page.lastPosted('retry').type, 'retry');
	});

	it('offers Sign in when signed out, and Retry once signed in, without losing the prompt', () => {
		const page = openPage();
		init(page);
		type(page, 'Hello');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'error', requestId, error: { code: 'SignInRequired', message: 'You are not signed in to AWS.', actions: ['signIn'] } });
		assert.equal(page.prompt.value, 'Hello');
		(page.testId('error').querySelector('button[data-action="signIn"]') as HTMLButtonElement).click();
		assert.equal(page.lastPosted('signIn').type, 'signIn');
		page.receive({ type: 'signedIn' });
		(page.testId('error').querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
		assert.equal(page.lastPosted('send').text, 'Hello');
	});

	it('never lets a link navigate: a click asks the host to open it', async () => {
		const page = openPage();
		init(page, [user('q'), reply('a1', 'See [docs](https://docs.aws.amazon.com/bedrock/).', 'complete')]);
		const link = page.$('[data-id="a1"] a');
		const event = new page.dom.window.MouseEvent('click', { bubbles: true, cancelable: true });
		link.dispatchEvent(event);
		assert.equal(event.defaultPrevented, true);
		assert.deepEqual(page.lastPosted('openLink'), { type: 'openLink', href: 'https://docs.aws.amazon.com/bedrock/' });
	});

	it('asks the host to copy, insert or open the code of a block', () => {
		const page = openPage();
		init(page, [user('q'), reply('a1', '```py\nprint(1)\n```', 'complete')]);
		const buttons = page.dom.window.document.querySelectorAll<HTMLButtonElement>('[data-id="a1"] .code-toolbar button');
		buttons.forEach((b) => b.click());
		assert.deepEqual(page.lastPosted('copy'), { type: 'copy', text: 'print(1)' });
		assert.deepEqual(page.lastPosted('insertCode'), { type: 'insertCode', code: 'print(1)' });
		assert.deepEqual(page.lastPosted('openCode'), { type: 'openCode', code: 'print(1)', language: 'py' });
	});

	HIDDEN_CODE_PAYLOADS.forEach(({ name, markdown, copies }) => {
		it(`copies and inserts exactly the code on screen, never hidden text: ${name}`, () => {
			const page = openPage();
			init(page, [user('q'), reply('a1', markdown, 'complete')]);
			const pre = page.$('[data-id="a1"] pre');
			const hiding = [...pre.querySelectorAll('*')].filter((e) => e.localName !== 'span' && !(e.localName === 'code' && e.parentElement === pre));
			assert.deepEqual(hiding.map((e) => e.outerHTML), [], 'no element inside the block that can hide part of it');
			assert.ok([...pre.querySelectorAll('*')].every((e) => [...e.attributes].every((a) => a.name === 'class')), `no hiding attributes: ${pre.outerHTML}`);
			const buttons = page.dom.window.document.querySelectorAll<HTMLButtonElement>('[data-id="a1"] .code-toolbar button');
			buttons.forEach((b) => b.click());
			assert.equal(pre.textContent, copies, 'all of the code is on screen');
			assert.equal(page.lastPosted('copy').text, copies);
			assert.equal(page.lastPosted('insertCode').code, copies);
			assert.equal(page.lastPosted('openCode').code, copies);
		});
	});

	it('sends attached context chips with the prompt and shows them on the message', () => {
		const page = openPage();
		init(page);
		(page.$('#add-selection') as HTMLButtonElement).click();
		assert.deepEqual(page.lastPosted('addContext'), { type: 'addContext', kind: 'selection' });
		const attachment = { kind: 'selection' as const, label: 'src/app.ts:3-5', language: 'typescript', text: 'const x = 1;' };
		page.receive({ type: 'contextAdded', attachment });
		assert.match(page.$('#chips').textContent ?? '', /src\/app\.ts:3-5/);
		type(page, 'Explain');
		assert.deepEqual(page.lastPosted('send').context, [attachment]);
	});

	it('switches models through the picker and opens the host picker for other ids', () => {
		const page = openPage();
		init(page);
		page.receive({ type: 'models', model: { ...model, choices: [...model.choices, { id: 'us.amazon.nova-lite-v1:0', label: 'Nova Lite', group: 'Inference profiles' }] } });
		const select = page.testId('model') as HTMLSelectElement;
		select.value = 'us.amazon.nova-lite-v1:0';
		select.dispatchEvent(new page.dom.window.Event('change'));
		assert.deepEqual(page.lastPosted('selectModel'), { type: 'selectModel', modelId: 'us.amazon.nova-lite-v1:0' });
		select.value = '__other__';
		select.dispatchEvent(new page.dom.window.Event('change'));
		assert.equal(page.lastPosted('pickModel').type, 'pickModel');
		assert.equal(select.value, 'us.amazon.nova-lite-v1:0', 'the command entry does not stay selected');
	});

	it('remembers the conversation id and the draft in the webview state', () => {
		const page = openPage({ draft: 'unsent words' });
		assert.equal(page.prompt.value, 'unsent words');
		init(page);
		type(page, 'changed draft', 'a');
		assert.equal(page.state()?.conversationId, 'conv1');
		assert.equal(page.state()?.draft, 'changed draft');
	});

	it('refuses a prompt over the limit with the reason, sends nothing and keeps the prompt whole', () => {
		const page = openPage();
		init(page);
		const huge = 'y'.repeat(2 * 1024 * 1024);
		type(page, huge);
		assert.equal(page.posted.filter((m) => m.type === 'send').length, 0, 'nothing over the limit is posted');
		assert.equal(page.prompt.value.length, huge.length, 'the prompt is kept untouched');
		assert.equal(page.prompt.maxLength, -1, 'the browser must not cut a paste silently');
		const banner = page.testId('error');
		assert.equal(banner.hidden, false);
		assert.equal(banner.querySelector('.error-text')?.textContent, 'This prompt has 2,097,152 characters; the limit is 100,000. Shorten it or attach less context.');
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, false, 'the page is not left waiting');
		type(page, 'y'.repeat(100_000));
		assert.equal(page.lastPosted('send').text.length, 100_000, 'a prompt exactly at the limit is sent');
	});

	it('refuses a restored prompt that grew over the limit when joined with the new draft', () => {
		const page = openPage();
		init(page);
		type(page, 'x'.repeat(60_000));
		const { requestId } = page.lastPosted('send');
		page.prompt.value = 'z'.repeat(60_000);
		page.receive({ type: 'error', requestId, error: { code: 'Throttled', message: 'Throttled.', actions: ['retry'] }, restorePrompt: { text: 'x'.repeat(60_000), context: [] } });
		const sends = page.posted.filter((m) => m.type === 'send').length;
		(page.testId('error').querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
		assert.equal(page.posted.filter((m) => m.type === 'send').length, sends, 'the joined prompt is not posted');
		assert.match(page.testId('error').textContent ?? '', /This prompt has 120,002 characters; the limit is 100,000/);
		assert.equal(page.prompt.value.length, 120_002);
	});

	it('stops waiting and shows why when the host refuses a send', () => {
		const page = openPage();
		init(page);
		type(page, 'hello');
		const { requestId } = page.lastPosted('send');
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, true);
		page.receive({ type: 'error', requestId, error: { code: 'RejectedRequest', message: 'This message was not sent: it is over a size limit or malformed.', actions: [] } });
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, false);
		assert.equal(page.prompt.value, 'hello');
		assert.match(page.testId('error').textContent ?? '', /not sent/);
	});

	it('shows a reply cut off by a reload as interrupted, not as an error, and Retry asks for it again', () => {
		const page = openPage();
		init(page, [user('a long answer, please'), reply('a1', 'alpha bravo charlie', 'interrupted')]);
		const message = page.$('[data-id="a1"]');
		assert.equal(message.dataset.status, 'interrupted');
		assert.match(message.querySelector('.message-body')?.textContent ?? '', /alpha bravo charlie/);
		assert.match(message.querySelector('.message-footer')?.textContent ?? '', /Interrupted — the window reloaded while this reply was streaming/);
		assert.doesNotMatch(message.textContent ?? '', /error/i);
		assert.match(page.$('[data-role="user"]').textContent ?? '', /a long answer, please/);
		const banner = page.testId('error');
		assert.equal(banner.hidden, false);
		(banner.querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
		assert.equal(page.lastPosted('retry').type, 'retry');
		assert.equal((page.testId('send') as HTMLButtonElement).disabled, true, 'waits for the host to start the new reply');
	});

	it('renders a conversation restored after a reload, including a reply still streaming', async () => {
		const page = openPage();
		page.receive({ type: 'init', conversation: { id: 'c', title: '', messages: [user('q'), reply('a1', 'so far')] }, conversations: [], model, activeRequestId: 'r1' });
		page.receive({ type: 'delta', requestId: 'r1', messageId: 'a1', text: ' and more' });
		await page.frame();
		assert.equal(page.$('[data-id="a1"] .message-body').textContent?.trim(), 'so far and more');
		assert.equal(page.testId('stop').hidden, false);
		page.dom.window.document.dispatchEvent(new page.dom.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
		assert.deepEqual(page.lastPosted('stop'), { type: 'stop', requestId: 'r1' });
	});

	/** Streams `deltas` into a new reply (a frame after every `framesEvery` deltas) and ends it. */
	function streamReply(page: Page, id: string, deltas: readonly string[], framesEvery = 1, afterFrame?: (body: HTMLElement) => void): HTMLElement {
		const requestId = `r-${id}`;
		page.receive({ type: 'turnStarted', requestId, assistant: reply(id), removedMessageIds: [] });
		const body = page.$(`[data-id="${id}"] .message-body`);
		deltas.forEach((text, index) => {
			page.receive({ type: 'delta', requestId, messageId: id, text });
			if (index % framesEvery === framesEvery - 1) {
				page.runFrames();
				afterFrame?.(body);
			}
		});
		page.runFrames();
		page.receive({ type: 'turnEnded', requestId, messageId: id, status: 'complete' });
		return body;
	}

	/** The body's markup without our own code toolbars (trusted page UI, not model output). */
	function modelMarkup(body: HTMLElement): Element {
		const copy = body.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.code-toolbar').forEach((toolbar) => toolbar.remove());
		return copy;
	}

	it('ends a long reply streamed in small deltas with exactly the DOM of a one-shot render', () => {
		const text = longMarkdownReply(12);
		const streamed = openPage(undefined, { manualFrames: true });
		init(streamed);
		const body = streamReply(streamed, 'a1', deltasOf(text, 7), 3);
		const oneShot = openPage();
		init(oneShot, [user('q'), reply('a1', text, 'complete')]);
		assert.equal(body.innerHTML, oneShot.$('[data-id="a1"] .message-body').innerHTML);
		assert.equal(body.querySelectorAll('pre').length, 24);
		assert.equal(body.querySelectorAll('.code-toolbar').length, 24, 'one toolbar per code block, none left over from streaming');
	});

	it('renders a fenced code block split across deltas as one block, while streaming and at the end', () => {
		const page = openPage(undefined, { manualFrames: true });
		init(page);
		const text = 'Here:\n\n``' + '`py\ndef f():\n\n    return 1\n`' + '``\n\nDone.';
		const deltas = ['Here:\n\n`', '`', '`p', 'y\ndef f', '():\n', '\n    ret', 'urn 1\n`', '``\n', '\nDone.'];
		assert.equal(deltas.join(''), text);
		const body = streamReply(page, 'a1', deltas, 1, (live) => {
			assert.ok(live.querySelectorAll('pre').length <= 1, `one block at most while streaming: ${live.innerHTML}`);
		});
		assert.equal(body.querySelectorAll('pre').length, 1);
		assert.equal(body.querySelector('pre code')?.textContent, 'def f():\n\n    return 1');
		assert.ok(body.querySelector('pre code.language-py .hljs-keyword'));
		assert.equal(body.querySelector('p:last-child')?.textContent, 'Done.');
		body.querySelector<HTMLButtonElement>('button[data-code-action="copy"]')?.click();
		assert.deepEqual(page.lastPosted('copy'), { type: 'copy', text: 'def f():\n\n    return 1' });
		body.querySelector<HTMLButtonElement>('button[data-code-action="open"]')?.click();
		assert.deepEqual(page.lastPosted('openCode'), { type: 'openCode', code: 'def f():\n\n    return 1', language: 'py' });
	});

	it('renders every hostile payload safely when it arrives split across deltas, in every frame and at the end', function () {
		this.timeout(120_000);
		const page = openPage(undefined, { manualFrames: true });
		init(page);
		XSS_PAYLOADS.forEach((payload, index) => {
			const text = `Intro text\n\n${payload}\n\nmore`;
			const start = 'Intro text\n\n'.length;
			for (const fraction of [0.25, 0.5, 0.75]) {
				const at = start + Math.max(1, Math.floor(payload.length * fraction));
				const pieces = [text.slice(0, start + 1), text.slice(start + 1, at), text.slice(at, at + 3), text.slice(at + 3)];
				const id = `x${index}-${fraction}`;
				const body = streamReply(page, id, pieces, 1, (live) => {
					assert.deepEqual(scriptCapabilitiesOf(modelMarkup(live)), [], `payload #${index + 1} mid-stream: ${live.innerHTML}`);
				});
				assert.deepEqual(scriptCapabilitiesOf(modelMarkup(body)), [], `payload #${index + 1} at the end: ${body.innerHTML}`);
				body.closest('article')?.remove();
			}
		});
		assert.equal((page.dom.window as unknown as { __xss?: unknown }).__xss, undefined);
	});

	it('streams reasoning into a collapsed block above the reply, as plain text, and marks redacted parts', () => {
		const page = openPage();
		init(page);
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('a1'), removedMessageIds: [] });
		const block = page.$('[data-id="a1"] [data-testid="reasoning"]') as HTMLDetailsElement;
		assert.equal(block.hidden, true, 'no block before any reasoning');
		page.receive({ type: 'reasoning', requestId, messageId: 'a1', text: '**not bold** <b>x</b>', redacted: false });
		assert.equal(block.hidden, false);
		assert.equal(block.open, false, 'collapsed');
		assert.equal(block.querySelector('summary')?.textContent, 'Reasoning…');
		assert.equal(block.querySelector('.reasoning-text')?.textContent, '**not bold** <b>x</b>');
		assert.equal(block.querySelector('.reasoning-text b'), null, 'never parsed as markup');
		page.receive({ type: 'reasoning', requestId, messageId: 'a1', text: '', redacted: true });
		assert.equal((block.querySelector('.reasoning-redacted') as HTMLElement).hidden, false);
		page.receive({ type: 'delta', requestId, messageId: 'a1', text: 'Answer' });
		page.receive({ type: 'turnEnded', requestId, messageId: 'a1', status: 'complete', usage: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 1200, cacheWriteInputTokens: 30 } });
		assert.equal(block.querySelector('summary')?.textContent, 'Reasoning');
		assert.equal(page.testId('usage').textContent, 'in 1 · out 2 tokens · cache read 1200 · cache write 30');
	});

	it('shows the reasoning of a restored reply, and none for a reply without it', () => {
		const page = openPage();
		init(page, [user('q'), { ...reply('a1', 'done', 'complete'), reasoning: [{ text: 'thought', signature: 'SIG-XYZ' }] }, user('q2'), reply('a2', 'plain', 'complete')]);
		const withReasoning = page.$('[data-id="a1"] [data-testid="reasoning"]');
		assert.equal(withReasoning.hidden, false);
		assert.equal(withReasoning.textContent?.includes('thought'), true);
		assert.equal(withReasoning.textContent?.includes('SIG-XYZ'), false, 'the signature is kept, never shown');
		assert.equal(page.$('[data-id="a2"] [data-testid="reasoning"]').hidden, true);
	});

	it('runs nothing from hostile reasoning, streamed or restored', () => {
		const page = openPage();
		init(page, XSS_PAYLOADS.map((payload, i) => ({ ...reply(`r${i}`, 'ok', 'complete'), reasoning: [{ text: payload }] })));
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('live'), removedMessageIds: [] });
		for (const payload of XSS_PAYLOADS) {
			page.receive({ type: 'reasoning', requestId, messageId: 'live', text: payload, redacted: false });
		}
		for (const block of page.dom.window.document.querySelectorAll('[data-testid="reasoning"]')) {
			assert.deepEqual(scriptCapabilitiesOf(block.querySelector('.reasoning-text') as Element), []);
			assert.equal(block.querySelector('.reasoning-text')?.children.length, 0, 'text nodes only');
		}
		assert.equal((page.dom.window as unknown as { __xss?: unknown }).__xss, undefined);
	});

	it('shows the cost of each reply and of the chat, and says "unknown price" rather than a number', () => {
		const page = openPage();
		init(page, [user('q'), { ...reply('a0', 'old', 'complete'), cost: { usd: 0.5, asOf: '2026-11-01' } }]);
		assert.equal(page.testId('cost').textContent, 'reply $0.5000 · chat $0.5000');
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('a1'), removedMessageIds: [] });
		page.receive({ type: 'delta', requestId, messageId: 'a1', text: 'x' });
		page.receive({ type: 'turnEnded', requestId, messageId: 'a1', status: 'complete', cost: { unknown: 'No price for m in eu-central-2; add it to bedrockConnect.chat.prices.' } });
		assert.equal(page.testId('cost').textContent, 'reply unknown price · chat ≥ $0.5000 (some replies have an unknown price)');
		const footerCost = page.$('[data-id="a1"] .message-cost');
		assert.equal(footerCost.textContent, 'unknown price');
		assert.match(footerCost.title, /bedrockConnect\.chat\.prices/);
	});

	it('shows a guardrail intervention as such, never as an empty reply, and its hostile message runs nothing', () => {
		const page = openPage();
		init(page);
		type(page, 'Q');
		const { requestId } = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId, user: user('Q'), assistant: reply('g1'), removedMessageIds: [] });
		page.receive({ type: 'turnEnded', requestId, messageId: 'g1', status: 'complete', guardrailIntervened: true });
		const article = page.$('[data-id="g1"]');
		assert.equal(article.dataset.guardrail, 'intervened');
		assert.match(page.$('[data-id="g1"] .message-body').textContent ?? '', /guardrail intervened/);
		assert.match(page.$('[data-id="g1"] .message-footer').textContent ?? '', /Blocked by your guardrail/);
		init(page, XSS_PAYLOADS.map((payload, i) => ({ ...reply(`h${i}`, payload, 'complete'), guardrailIntervened: true })));
		for (const body of page.dom.window.document.querySelectorAll('[data-guardrail="intervened"] .message-body')) {
			assert.deepEqual(scriptCapabilitiesOf(modelMarkup(body as HTMLElement)), []);
		}
		assert.equal((page.dom.window as unknown as { __xss?: unknown }).__xss, undefined);
	});

	function paste(page: Page, files: { name: string; bytes: Uint8Array }[]): void {
		const event = new page.dom.window.Event('paste', { bubbles: true, cancelable: true });
		const list = files.map((f) => new page.dom.window.File([f.bytes as unknown as BlobPart], f.name));
		Object.defineProperty(event, 'clipboardData', { value: { files: list } });
		page.prompt.dispatchEvent(event);
	}

	const until = async (check: () => boolean) => {
		for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
	};

	it('takes a pasted image as an attachment chip and sends it with the prompt; refuses a file over a limit with the reason', async () => {
		const page = openPage();
		init(page);
		paste(page, [{ name: 'shot.png', bytes: realPng(3, 3) }, { name: 'huge.png', bytes: imageWithHeader('png', 9000, 9000) }]);
		await until(() => page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length === 1 && !page.testId('error').hidden);
		const chips = [...page.dom.window.document.querySelectorAll('[data-testid="attachment"]')];
		assert.equal(chips.length, 1);
		assert.match(chips[0]?.textContent ?? '', /shot\.png/);
		assert.match(page.testId('error').textContent ?? '', /9000 × 9000 px; Bedrock takes images up to 8,000 px a side/);
		type(page, 'What is this?');
		const sent = page.lastPosted('send');
		assert.deepEqual(sent.media?.map((m) => [m.kind, m.name, m.format, Buffer.from(m.data, 'base64').equals(realPng(3, 3))]), [['image', 'shot.png', 'png', true]]);
		page.receive({ type: 'turnStarted', requestId: sent.requestId, user: { ...user('What is this?'), id: 'u-img', media: sent.media }, assistant: reply('a1'), removedMessageIds: [] });
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length, 0, 'the tray is cleared once sent');
		const thumb = page.$('[data-id="u-img"] img.media-thumb') as HTMLImageElement;
		assert.match(thumb.src, /^data:image\/png;base64,/);
	});

	it('gives attachments back with the prompt when the host refuses or nothing arrives', async () => {
		const page = openPage();
		init(page);
		paste(page, [{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]);
		await until(() => page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length === 1);
		type(page, 'Summarise');
		const sent = page.lastPosted('send');
		page.receive({ type: 'error', requestId: sent.requestId, error: { code: 'AttachmentRefused', message: 'too many', actions: [] }, restorePrompt: { text: 'Summarise', context: [], media: sent.media } });
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length, 1, 'refused before starting: still there, not doubled');
		type(page, 'Summarise');
		const again = page.lastPosted('send');
		page.receive({ type: 'turnStarted', requestId: again.requestId, user: { ...user('Summarise'), media: again.media }, assistant: reply('a9'), removedMessageIds: [] });
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length, 0);
		page.receive({ type: 'error', requestId: again.requestId, error: { code: 'Throttled', message: 'busy', actions: ['retry'] }, removedMessageIds: ['a9', 'u-Summarise'], restorePrompt: { text: 'Summarise', context: [], media: again.media } });
		assert.equal(page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length, 1, 'nothing arrived: the file is back');
		assert.equal(page.prompt.value, 'Summarise');
	});

	it('shows hostile file names as text, in chips and previews, and says when the history did not keep a file', async () => {
		const page = openPage();
		init(page, XSS_PAYLOADS.slice(0, 20).map((payload, i) => ({ ...user(`q${i}`), id: `m${i}`, media: [{ kind: 'document', name: `${payload}.txt`, format: 'txt', data: '', kept: false }] })));
		paste(page, XSS_PAYLOADS.slice(0, 20).map((payload) => ({ name: `${payload}.txt`, bytes: new TextEncoder().encode('x') })));
		await until(() => page.dom.window.document.querySelectorAll('[data-testid="attachment"]').length > 0);
		for (const node of page.dom.window.document.querySelectorAll('[data-testid="attachment"], .media-preview')) {
			assert.equal(node.querySelectorAll('*:not(button)').length, 0, `text only: ${node.innerHTML}`);
		}
		assert.match(page.$('[data-id="m0"] .media-preview').textContent ?? '', /\(not kept in history\)/);
		assert.equal((page.dom.window as unknown as { __xss?: unknown }).__xss, undefined);
	});

	it('asks for a token count once typing pauses, shows it against the window, and offers to drop the oldest turn when over', async () => {
		const page = openPage();
		init(page);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const before = page.posted.filter((p) => p.type === 'countTokens').length;
		for (const text of ['H', 'He', 'Hel', 'Hello']) {
			page.prompt.value = text;
			page.prompt.dispatchEvent(new page.dom.window.Event('input', { bubbles: true }));
		}
		await new Promise((resolve) => setTimeout(resolve, 800));
		const counts = page.posted.filter((p) => p.type === 'countTokens').slice(before);
		assert.deepEqual(counts, [{ type: 'countTokens', draft: 'Hello' }], 'one count per pause, not per keystroke');
		page.receive({ type: 'contextMeter', tokens: 1234, window: 200_000, estimated: false });
		const meter = page.testId('context-meter');
		assert.equal(meter.querySelector('.meter-text')?.textContent, '1,234 / 200,000 tokens');
		assert.equal((meter.querySelector('button') as HTMLButtonElement).hidden, true);
		page.receive({ type: 'contextMeter', tokens: 250_000, window: 200_000, estimated: true });
		assert.match(meter.textContent ?? '', /≈ 250,000 \/ 200,000 tokens: over the model's context window/);
		const drop = meter.querySelector('button') as HTMLButtonElement;
		assert.equal(drop.hidden, false);
		drop.click();
		assert.deepEqual(page.lastPosted('dropOldestTurn'), { type: 'dropOldestTurn' });
	});

	it('keeps text typed before the page script ran instead of overwriting it with the saved draft', () => {
		const typedOnly = openPage(undefined, { typedBeforeScript: 'typed early' });
		assert.equal(typedOnly.prompt.value, 'typed early');
		const both = openPage({ draft: 'saved draft' }, { typedBeforeScript: 'typed early' });
		assert.equal(both.prompt.value, 'saved draft\n\ntyped early', 'neither the draft nor the typed text is lost');
		assert.equal(both.state()?.draft, 'saved draft\n\ntyped early');
		const same = openPage({ draft: 'same words' }, { typedBeforeScript: 'same words' });
		assert.equal(same.prompt.value, 'same words', 'not doubled');
		const draftOnly = openPage({ draft: 'saved draft' }, { typedBeforeScript: '' });
		assert.equal(draftOnly.prompt.value, 'saved draft');
	});
});
