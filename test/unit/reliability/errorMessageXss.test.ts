// Hostile text in error messages (AWS error messages and model ids echoed into them) takes the
// whole path the chat uses — Bedrock error classification, the host's error view, the
// webview's error banner in a live document — and runs nothing: it shows up as plain text.
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { classifyBedrockError } from '../../../src/aws/bedrock/errorClassification';
import { toErrorView } from '../../../src/vscode/chat/chatErrors';
import { ErrorBanner } from '../../../media/chat/errorBanner';
import { XSS_PAYLOADS } from '../../support/xssPayloads';

const BANNER_TAGS = new Set(['DIV', 'STRONG', 'SPAN', 'BUTTON']);

describe('reliability: XSS payloads in error messages execute nothing', function () {
	this.timeout(30_000);
	let dom: JSDOM;
	let alerts = 0;
	const saved: Record<string, unknown> = {};

	before(() => {
		dom = new JSDOM('<body><div id="error" data-testid="error" hidden></div></body>', { runScripts: 'dangerously' });
		const win = dom.window as unknown as { alert: () => void; __xss?: unknown };
		win.alert = () => {
			alerts++;
		};
		// The webview modules use the page's globals when they build elements.
		for (const name of ['document', 'HTMLElement', 'Node']) {
			saved[name] = (globalThis as Record<string, unknown>)[name];
			(globalThis as Record<string, unknown>)[name] = (dom.window as unknown as Record<string, unknown>)[name];
		}
	});
	after(() => {
		for (const [name, value] of Object.entries(saved)) {
			(globalThis as Record<string, unknown>)[name] = value;
		}
		dom.window.close();
	});

	it(`has at least 50 payloads (${XSS_PAYLOADS.length})`, () => {
		assert.ok(XSS_PAYLOADS.length >= 50);
	});

	it('the check can see script run: an unsanitized handler in the same document fires', () => {
		const probe = dom.window.document.createElement('div');
		probe.innerHTML = '<b onclick="alert(1)">x</b>';
		dom.window.document.body.append(probe);
		probe.querySelector('b')?.dispatchEvent(new dom.window.Event('click'));
		assert.equal(alerts, 1);
		probe.remove();
		alerts = 0;
	});

	it('a ValidationException message and a model id that are XSS payloads are shown as text, for every payload', async () => {
		const root = dom.window.document.getElementById('error') as HTMLElement;
		const actions: string[] = [];
		const banner = new ErrorBanner(root, (action) => actions.push(action));
		let reachedBanner = 0;
		for (const payload of XSS_PAYLOADS) {
			const awsError = Object.assign(new Error(payload), { name: 'ValidationException', $metadata: { httpStatusCode: 400 }, $fault: 'client' });
			const classified = classifyBedrockError(awsError, { modelId: payload, region: 'us-east-1', operation: 'streaming a reply', authMode: 'sigv4' });
			const view = toErrorView(classified);
			if (view.message.includes(payload)) reachedBanner++;
			banner.show({ ...view, action: `${view.action ?? ''} ${payload}` });
			assert.ok(root.textContent?.includes(payload), `payload ${JSON.stringify(payload)} is visible as text: ${JSON.stringify(root.textContent)}`);
			// Clicking every element includes Dismiss, which empties the banner: check the text first.
			for (const element of root.querySelectorAll('*')) {
				assert.ok(BANNER_TAGS.has(element.tagName), `payload ${JSON.stringify(payload)} produced <${element.tagName}>`);
				for (const attr of Array.from(element.attributes)) {
					assert.ok(['class', 'data-action', 'type'].includes(attr.name), `payload ${JSON.stringify(payload)} produced attribute ${attr.name}`);
				}
				for (const type of ['click', 'mouseover', 'focus', 'error', 'load', 'toggle']) {
					element.dispatchEvent(new dom.window.Event(type));
				}
			}
		}
		assert.ok(reachedBanner >= 50, `only ${reachedBanner} payloads reached the message verbatim: the test would prove little`);
		await new Promise((resolve) => setTimeout(resolve, 20));
		assert.equal(alerts, 0);
		assert.equal((dom.window as unknown as { __xss?: unknown }).__xss, undefined);
	});

	it('an XSS payload as an unknown error (no code) is shown as text too', () => {
		const root = dom.window.document.getElementById('error') as HTMLElement;
		const banner = new ErrorBanner(root, () => undefined);
		for (const payload of XSS_PAYLOADS) {
			banner.show(toErrorView(new Error(payload)));
			assert.deepEqual(
				[...root.querySelectorAll('*')].filter((e) => !BANNER_TAGS.has(e.tagName)).map((e) => e.tagName),
				[],
			);
		}
		assert.equal(alerts, 0);
	});
});
