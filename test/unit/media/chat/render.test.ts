// The chat's markdown renderer under jsdom: hostile model output must never yield markup
// that can run script, and ordinary markdown must still render (with highlighted code).
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import createDOMPurify from 'dompurify';
import { createMarkdownRenderer, fenceLanguage } from '../../../../media/chat/render';
import { scriptCapabilities } from '../../../support/scriptCapabilities';
import { XSS_PAYLOADS } from '../../../support/xssPayloads';

const window = new JSDOM('').window;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const render = createMarkdownRenderer(createDOMPurify(window as any));

describe('chat markdown renderer', () => {
	it(`has at least 50 hostile payloads to check (${XSS_PAYLOADS.length})`, () => {
		assert.ok(XSS_PAYLOADS.length >= 50);
	});

	XSS_PAYLOADS.forEach((payload, index) => {
		it(`renders hostile payload #${index + 1} without script-capable markup: ${JSON.stringify(payload).slice(0, 60)}`, () => {
			for (const text of [payload, `Intro text\n\n${payload}\n\nmore`, `- ${payload}`, `> ${payload}`]) {
				const html = render(text);
				assert.deepEqual(scriptCapabilities(html), [], `output was: ${html}`);
			}
		});
	});

	it('has a checker that does flag unsanitized markup', () => {
		assert.ok(scriptCapabilities('<img src=x onerror=alert(1)>').length > 0);
		assert.ok(scriptCapabilities('<a href="javascript:alert(1)">x</a>').length > 0);
		assert.ok(scriptCapabilities('<p style="color:red">x</p>').length > 0);
	});

	it('runs no script from any payload when the output is inserted into a live document', async function () {
		this.timeout(30_000);
		const dom = new JSDOM('<body></body>', { runScripts: 'dangerously' });
		const win = dom.window as unknown as { __xss?: unknown; alert: () => void };
		let alerts = 0;
		win.alert = () => { alerts++; };
		// The harness itself must be able to see script run: an unsanitized handler fires.
		dom.window.document.body.innerHTML = '<b onclick="alert(1)">x</b>';
		dom.window.document.querySelector('b')?.dispatchEvent(new dom.window.Event('click'));
		assert.equal(alerts, 1, 'inline handlers run in this jsdom');
		alerts = 0;
		for (const payload of XSS_PAYLOADS) {
			dom.window.document.body.innerHTML = render(payload);
			for (const element of dom.window.document.body.querySelectorAll('*')) {
				for (const type of ['click', 'mouseover', 'focus', 'error', 'load', 'toggle']) {
					element.dispatchEvent(new dom.window.Event(type));
				}
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
		assert.equal(win.__xss, undefined);
		assert.equal(alerts, 0);
	});

	it('renders the code of a payload fence as visible text, not markup', () => {
		const html = render('```html\n<script>alert(1)</script>\n```');
		const doc = new JSDOM(`<body>${html}</body>`).window.document;
		assert.equal(doc.querySelector('pre code')?.textContent?.trim(), '<script>alert(1)</script>');
	});

	it('keeps ordinary markdown: headings, emphasis, lists, tables, web links', () => {
		const html = render('# Title\n\nSome **bold** and _em_ text.\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://docs.aws.amazon.com/bedrock/)');
		const doc = new JSDOM(`<body>${html}</body>`).window.document;
		assert.equal(doc.querySelector('h1')?.textContent, 'Title');
		assert.equal(doc.querySelector('strong')?.textContent, 'bold');
		assert.equal(doc.querySelectorAll('ol li').length, 2);
		assert.equal(doc.querySelectorAll('table td').length, 2);
		assert.equal(doc.querySelector('a')?.getAttribute('href'), 'https://docs.aws.amazon.com/bedrock/');
	});

	it('highlights fenced code of a registered language with hljs classes', () => {
		const html = render('```ts\nconst answer: number = 42;\n```');
		const doc = new JSDOM(`<body>${html}</body>`).window.document;
		const code = doc.querySelector('pre code');
		assert.match(code?.className ?? '', /\blanguage-ts\b/);
		assert.ok(code?.querySelector('span.hljs-keyword'), html);
		assert.ok(code?.querySelector('span.hljs-number'), html);
		assert.equal(code?.textContent, 'const answer: number = 42;');
	});

	it('shows code of an unknown language escaped and unhighlighted', () => {
		const html = render('```brainfuck\n+[<>]\n```');
		const doc = new JSDOM(`<body>${html}</body>`).window.document;
		assert.equal(doc.querySelector('pre code')?.textContent, '+[<>]');
		assert.equal(doc.querySelector('pre code span'), null);
	});

	it('drops class names a model writes that are not ours', () => {
		const html = render('<span class="error-banner hljs-keyword">x</span>');
		assert.match(html, /class="hljs-keyword"/);
		assert.doesNotMatch(html, /error-banner/);
	});

	it('turns images into links instead of loading them', () => {
		const html = render('![diagram](https://img.example/a.png)');
		assert.doesNotMatch(html, /<img/);
		assert.match(html, /<a href="https:\/\/img\.example\/a\.png">diagram<\/a>/);
	});

	it('accepts only plain language names from a fence', () => {
		assert.equal(fenceLanguage('TypeScript title="x"'), 'typescript');
		assert.equal(fenceLanguage('"><img'), '');
		assert.equal(fenceLanguage(undefined), '');
	});
});
