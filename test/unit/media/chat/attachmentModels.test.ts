// The chat page (media/chat/main.ts, bundled as it ships) in jsdom: files the chosen model does
// not take are marked in the tray and refused at send with what to do, nothing typed or attached
// is lost, a model that takes them sends them; the context meter offers "Drop attachments".
import * as assert from 'node:assert/strict';
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import type { ChatMessage, HostToWebview, ModelState, WebviewToHost } from '../../../../src/shared/protocol';
import { buildChatHtml } from '../../../../src/vscode/chat/chatHtml';
import { realPng } from '../../../support/imageFixtures';

const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const choices: ModelState['choices'] = [
	{ id: HAIKU_35, label: 'Anthropic Claude 3.5 Haiku (US cross-region)', group: 'Inference profiles', inputs: { images: false, documents: true } },
	{ id: HAIKU_3, label: 'Anthropic Claude 3 Haiku', group: 'Foundation models', inputs: { images: true, documents: true } },
	{ id: 'meta.llama3-70b-instruct-v1:0', label: 'Meta Llama 3 70B Instruct', group: 'Foundation models', inputs: { images: false } },
];
const modelState = (selected: string): ModelState => ({ selected, choices, warnings: [], loading: false });

let bundle = '';

function openPage(selected: string, messages: ChatMessage[] = []) {
	const html = buildChatHtml({ cspSource: 'vscode-resource:', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 'about:blank', styleUri: 'about:blank' })
		.replace(/<script[^>]*><\/script>/, '')
		.replace(/<link[^>]*>/, '');
	const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
	const posted: WebviewToHost[] = [];
	let state: unknown;
	(dom.window as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
		postMessage: (m: WebviewToHost) => posted.push(JSON.parse(JSON.stringify(m))),
		getState: () => state,
		setState: (s: unknown) => { state = s; },
	});
	dom.window.eval(bundle);
	const doc = dom.window.document;
	const receive = (data: HostToWebview) => dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data }));
	receive({ type: 'init', conversation: { id: 'c1', title: '', messages }, conversations: [], model: modelState(selected) });
	const prompt = doc.querySelector('[data-testid="prompt"]') as HTMLTextAreaElement;
	return {
		dom,
		doc,
		posted,
		receive,
		prompt,
		chips: () => [...doc.querySelectorAll('[data-testid="attachment"]')] as HTMLElement[],
		banner: () => doc.querySelector('[data-testid="error"]') as HTMLElement,
		paste(name: string, bytes: Uint8Array) {
			const event = new dom.window.Event('paste', { bubbles: true, cancelable: true });
			Object.defineProperty(event, 'clipboardData', { value: { files: [new dom.window.File([bytes as unknown as BlobPart], name)] } });
			prompt.dispatchEvent(event);
		},
		enter(text: string) {
			prompt.value = text;
			prompt.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
			prompt.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
		},
	};
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('chat page: attachments only for models that take them', function () {
	this.timeout(20_000);

	before(async () => {
		const result = await build({ entryPoints: ['media/chat/main.ts'], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
		bundle = result.outputFiles[0].text;
	});

	it('marks an image the text-only model does not take, says so naming one that does, and send refuses it keeping prompt and file', async () => {
		const page = openPage(HAIKU_35);
		page.prompt.value = 'What is in this picture?';
		page.paste('shot.png', realPng(3, 3));
		await until(() => page.chips().length === 1 && !page.banner().hidden);
		assert.equal(page.chips()[0]?.dataset.notTaken, 'true');
		const said = 'Anthropic Claude 3.5 Haiku (US cross-region) does not take images: "shot.png" cannot be sent with it. Pick a model that takes images, e.g. Anthropic Claude 3 Haiku, or remove the file. The file stays in the tray, marked; your prompt is unchanged.';
		assert.equal(page.banner().querySelector('.error-text')?.textContent, said);
		assert.equal(page.prompt.value, 'What is in this picture?', 'the prompt is untouched');
		page.enter('What is in this picture?');
		assert.equal(page.posted.filter((m) => m.type === 'send').length, 0, 'nothing sent');
		assert.match(page.banner().textContent ?? '', /does not take images: "shot\.png" cannot be sent with it/);
		assert.match(page.banner().textContent ?? '', /Nothing was sent; your prompt and attachments are still here\./);
		assert.equal(page.prompt.value, 'What is in this picture?');
		assert.equal(page.chips().length, 1);
	});

	it('unmarks the file when the chosen model takes images, and sends it', async () => {
		const page = openPage(HAIKU_35);
		page.paste('shot.png', realPng(3, 3));
		await until(() => page.chips().length === 1);
		page.receive({ type: 'models', model: modelState(HAIKU_3) });
		assert.equal(page.chips()[0]?.dataset.notTaken, undefined);
		page.enter('And now?');
		const sent = page.posted.filter((m): m is Extract<WebviewToHost, { type: 'send' }> => m.type === 'send');
		assert.deepEqual(sent.map((m) => m.media?.map((f) => f.name)), [['shot.png']]);
	});

	it('marks files when the model changes to one that does not take them; a document the model takes stays unmarked; unknown models allow', async () => {
		const page = openPage(HAIKU_3);
		page.paste('shot.png', realPng(3, 3));
		page.paste('notes.txt', new TextEncoder().encode('hello'));
		await until(() => page.chips().length === 2);
		assert.equal(page.banner().hidden, true, 'Claude 3 Haiku takes both');
		page.receive({ type: 'models', model: modelState(HAIKU_35) });
		assert.deepEqual(page.chips().map((c) => c.dataset.notTaken ?? ''), ['true', '']);
		page.receive({ type: 'models', model: modelState('custom.model-v1:0') });
		assert.deepEqual(page.chips().map((c) => c.dataset.notTaken ?? ''), ['', ''], 'a custom id: nothing known, Bedrock decides');
		page.enter('Both?');
		assert.equal(page.posted.filter((m) => m.type === 'send').length, 1);
	});

	it('offers "Drop attachments" over the window only when the conversation holds any, with the draft; dropped files show as such', () => {
		const page = openPage(HAIKU_3, [
			{ id: 'u1', role: 'user', text: 'old', status: 'complete', createdAt: 0, media: [{ kind: 'image', name: 'old.png', format: 'png', data: '', kept: false, dropped: true }] },
		]);
		const meter = page.doc.querySelector('[data-testid="context-meter"]') as HTMLElement;
		const dropAttachments = meter.querySelector('[data-action="drop-attachments"]') as HTMLButtonElement;
		page.receive({ type: 'contextMeter', tokens: 250_000, window: 200_000, estimated: false });
		assert.equal(dropAttachments.hidden, true, 'none held: not offered');
		page.receive({ type: 'contextMeter', tokens: 250_000, window: 200_000, estimated: false, attachments: 2 });
		assert.equal(dropAttachments.hidden, false);
		assert.equal(dropAttachments.textContent, 'Drop attachments');
		page.prompt.value = 'draft words';
		dropAttachments.click();
		assert.deepEqual(page.posted.at(-1), { type: 'dropAttachments', draft: 'draft words' });
		page.receive({ type: 'contextMeter', tokens: 1_000, window: 200_000, estimated: false, attachments: 2 });
		assert.equal(dropAttachments.hidden, true, 'fits: not offered');
		assert.match(page.doc.querySelector('[data-id="u1"] .media-preview')?.textContent ?? '', /old\.png \(dropped to fit the context window\)/);
	});
});
