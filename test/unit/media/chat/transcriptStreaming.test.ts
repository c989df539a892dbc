// The transcript while a reply streams: finished markdown blocks are rendered once and only
// the live tail again per frame, yet the reply ends exactly as a one-shot render shows it.
import * as assert from 'node:assert/strict';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { newBlockScanner, nextSafeCut } from '../../../../media/chat/markdownBlocks';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../../../media/chat/render';
import { Transcript } from '../../../../media/chat/transcript';
import { deltasOf, longMarkdownReply } from '../../../support/longReply';

type Globals = Record<'document' | 'requestAnimationFrame' | 'cancelAnimationFrame', unknown>;

describe('streaming transcript', () => {
	const dom = new JSDOM('<body><div id="t"></div></body>');
	let frames: (() => void)[] = [];
	let saved: Globals;

	before(() => {
		const g = globalThis as unknown as Globals;
		saved = { document: g.document, requestAnimationFrame: g.requestAnimationFrame, cancelAnimationFrame: g.cancelAnimationFrame };
		g.document = dom.window.document;
		g.requestAnimationFrame = (callback: () => void) => frames.push(callback);
		g.cancelAnimationFrame = () => undefined;
	});

	after(() => {
		Object.assign(globalThis, saved);
	});

	function runFrames(): void {
		const due = frames;
		frames = [];
		due.forEach((callback) => callback());
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const sanitizingRender = createMarkdownRenderer(createDOMPurify(dom.window as any));

	function transcriptWith(render: MarkdownRenderer): { transcript: Transcript; body: () => HTMLElement } {
		const root = dom.window.document.createElement('div');
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset([]);
		transcript.append({ id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 0 });
		return { transcript, body: () => root.querySelector('.message-body') as HTMLElement };
	}

	it('renders a 45 KB reply streamed in 1,000+ deltas with work linear in its length, not quadratic', function () {
		this.timeout(60_000);
		const reply = longMarkdownReply(100);
		assert.ok(reply.length > 40_000, `reply is ${reply.length} chars`);
		let charsRendered = 0;
		let longestStreamingRender = 0;
		let streaming = true;
		const { transcript, body } = transcriptWith((markdown) => {
			charsRendered += markdown.length;
			if (streaming) {
				longestStreamingRender = Math.max(longestStreamingRender, markdown.length);
			}
			return sanitizingRender(markdown);
		});
		const deltas = deltasOf(reply, 40);
		deltas.forEach((delta, index) => {
			transcript.appendText('a1', delta);
			if (index % 4 === 3) {
				runFrames();
			}
		});
		runFrames();
		const frameCount = Math.ceil(deltas.length / 4);
		// Re-rendering the whole message each frame would pass about frames × length / 2 characters.
		const quadratic = (frameCount * reply.length) / 2;
		assert.ok(charsRendered < 3 * reply.length, `rendered ${charsRendered} chars while streaming ${reply.length} (whole-message re-render: ~${quadratic})`);
		assert.ok(longestStreamingRender < 1_000, `one frame rendered ${longestStreamingRender} chars; a block is far shorter than the reply`);
		streaming = false;
		transcript.end('a1', 'complete', undefined);
		const oneShot = dom.window.document.createElement('div');
		oneShot.innerHTML = sanitizingRender(reply);
		assert.equal(body().innerHTML, oneShot.innerHTML);
	});

	it('ends a long streamed reply without rendering it whole again, and with the one-shot DOM', function () {
		this.timeout(60_000);
		// Loose lists, tables and quotes (soft cuts) are re-rendered in their group; the rest is kept.
		const reply = longMarkdownReply(100);
		let atEnd: number[] = [];
		let ending = false;
		const { transcript, body } = transcriptWith((markdown) => {
			if (ending) atEnd.push(markdown.length);
			return sanitizingRender(markdown);
		});
		deltasOf(reply, 40).forEach((delta, index) => {
			transcript.appendText('a1', delta);
			if (index % 4 === 3) runFrames();
		});
		ending = true;
		transcript.end('a1', 'complete', undefined);
		const longest = Math.max(0, ...atEnd);
		assert.ok(longest < reply.length / 20, `the end rendered a piece of ${longest} chars of a ${reply.length}-char reply`);
		const oneShot = dom.window.document.createElement('div');
		oneShot.innerHTML = sanitizingRender(reply);
		assert.equal(body().innerHTML, oneShot.innerHTML);
		atEnd = [];
	});

	it('renders a reply with reference-style links whole at the end (a definition reaches across blocks)', () => {
		const reply = 'See [the docs][d].\n\nMore text.\n\n[d]: https://docs.aws.amazon.com/bedrock/\n';
		const { transcript, body } = transcriptWith(sanitizingRender);
		deltasOf(reply, 5).forEach((delta) => {
			transcript.appendText('a1', delta);
			runFrames();
		});
		transcript.end('a1', 'complete', undefined);
		assert.equal(body().querySelector('a')?.getAttribute('href'), 'https://docs.aws.amazon.com/bedrock/');
	});

	it('does not cut at a blank line inside a fence, including fences opened with ~~~ or longer runs', () => {
		const scanner = newBlockScanner();
		const text = 'intro\n\n````md\n```\n\ninside\n````\nafter\n\n~~~\n\n~~~\n';
		const cuts: number[] = [];
		for (let end = 1; end <= text.length; end++) {
			const cut = nextSafeCut(text.slice(0, end), scanner);
			if (cut !== undefined) {
				cuts.push(cut);
			}
		}
		assert.deepEqual(cuts.map((cut) => text.slice(0, cut).split('\n').slice(-3)[0]), ['intro', 'after']);
		assert.equal(scanner.fence, '', 'the last ~~~ fence is closed');
	});
});
