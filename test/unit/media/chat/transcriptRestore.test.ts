// Restoring a long conversation in slices (newest first) and ending a streamed reply in place:
// the page stays responsive, yet the DOM is exactly what a one-shot render shows, sanitized.
import * as assert from 'node:assert/strict';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import type { ChatMessage } from '../../../../src/shared/protocol';
import { createMarkdownRenderer } from '../../../../media/chat/render';
import { RESTORE_FIRST_MESSAGES } from '../../../../media/chat/restoreSlices';
import { Transcript } from '../../../../media/chat/transcript';
import { deltasOf, longMarkdownReply } from '../../../support/longReply';

type Globals = Record<'document' | 'requestAnimationFrame' | 'cancelAnimationFrame', unknown>;

const HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><a href="javascript:alert(1)">x</a>';

function conversation(count: number): ChatMessage[] {
	return Array.from({ length: count }, (_, i): ChatMessage => {
		const role = i % 2 === 0 ? 'user' : 'assistant';
		const text = role === 'user' ? `Question ${i} ${HOSTILE}` : `Answer **${i}** with \`code\`\n\n\`\`\`ts\nconst x${i} = ${i};\n\`\`\`\n\n- a\n- b ${HOSTILE}\n`;
		return { id: `m${i}`, role, text, status: 'complete', createdAt: i };
	});
}

describe('transcript restore and final render', () => {
	const dom = new JSDOM('<body></body>');
	let saved: Globals;
	let frames: (() => void)[] = [];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const render = createMarkdownRenderer(createDOMPurify(dom.window as any));

	before(() => {
		const g = globalThis as unknown as Globals;
		saved = { document: g.document, requestAnimationFrame: g.requestAnimationFrame, cancelAnimationFrame: g.cancelAnimationFrame };
		g.document = dom.window.document;
		g.requestAnimationFrame = (callback: () => void) => frames.push(callback);
		g.cancelAnimationFrame = () => undefined;
	});
	after(() => Object.assign(globalThis, saved));

	const newRoot = () => dom.window.document.createElement('div');
	const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

	/** The DOM of the same messages appended one by one (no slicing). */
	function oneShot(messages: readonly ChatMessage[]): string {
		const root = newRoot();
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset([]);
		messages.forEach((m) => transcript.append(m));
		return root.innerHTML;
	}

	it('restores 1,000 messages in slices, newest first, ending with the one-shot DOM and nothing hostile live', async function () {
		this.timeout(60_000);
		const messages = conversation(1_000);
		const root = newRoot();
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset(messages);
		const first = [...root.children].map((a) => (a as HTMLElement).dataset.id);
		assert.ok(transcript.isRestoring(), 'a 1,000-message conversation is not rendered in one task');
		assert.ok(first.length >= RESTORE_FIRST_MESSAGES && first.length < 1_000, `first slice showed ${first.length} messages`);
		assert.equal(first[first.length - 1], 'm999', 'the newest message is on screen first');
		assert.equal(transcript.messages().length, 1_000, 'messages() knows the pending ones, in order');
		assert.equal(transcript.messages()[0]?.id, 'm0');
		let slices = 1;
		while (transcript.isRestoring()) {
			await tick();
			slices++;
			assert.ok(slices < 10_000);
		}
		assert.ok(slices > 2, `restored in ${slices} slices`);
		assert.equal(root.innerHTML, oneShot(messages));
		assert.equal(root.querySelectorAll('script, img, [onerror]').length, 0);
		assert.equal(root.querySelectorAll('a[href^="javascript"]').length, 0);
		assert.equal((dom.window as unknown as { pwned?: number }).pwned, undefined);
	});

	it('finishes the restore at once when the host names a message still pending', function () {
		this.timeout(60_000);
		const messages = conversation(600);
		const root = newRoot();
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset(messages);
		assert.ok(transcript.isRestoring());
		transcript.remove(['m1']);
		assert.ok(!transcript.isRestoring());
		assert.equal(root.querySelector('[data-id="m1"]'), null);
		assert.equal(root.children.length, 599);
		assert.equal(root.innerHTML, oneShot(messages.filter((m) => m.id !== 'm1')));
	});

	it('a new reset cancels the slices of the previous restore', async function () {
		this.timeout(60_000);
		const root = newRoot();
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset(conversation(600));
		const short = conversation(3);
		transcript.reset(short);
		for (let i = 0; i < 20; i++) await tick();
		assert.equal(root.innerHTML, oneShot(short));
	});

	it('ends a streamed reply in place: kept blocks are the same nodes, never taken out of the page', function () {
		this.timeout(60_000);
		const reply = longMarkdownReply(30);
		const root = newRoot();
		const transcript = new Transcript(root, render, () => undefined);
		transcript.reset([]);
		transcript.append({ id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 0 });
		deltasOf(reply, 40).forEach((delta, index) => {
			transcript.appendText('a1', delta);
			if (index % 4 === 3) {
				const due = frames;
				frames = [];
				due.forEach((f) => f());
			}
		});
		const body = root.querySelector('.message-body') as HTMLElement;
		const before = new Set(body.childNodes);
		const removed: Node[] = [];
		const observer = new dom.window.MutationObserver((records) => records.forEach((r) => removed.push(...r.removedNodes)));
		observer.observe(body, { childList: true });
		transcript.end('a1', 'complete', undefined);
		const changes = observer.takeRecords();
		changes.forEach((r) => removed.push(...r.removedNodes));
		observer.disconnect();
		const kept = [...body.childNodes].filter((n) => before.has(n)).length;
		assert.ok(kept > body.childNodes.length / 4, `${kept} of ${body.childNodes.length} nodes kept`);
		assert.ok(removed.every((n) => !body.contains(n)), 'no kept node was removed and put back');
		const expected = dom.window.document.createElement('div');
		expected.innerHTML = render(reply);
		assert.equal(body.innerHTML, expected.innerHTML);
	});
});
