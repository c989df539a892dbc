// The chat page's HTML: a strict CSP, a nonce on every script, nothing inline or remote.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { JSDOM } from 'jsdom';
import { buildChatHtml } from '../../../../src/vscode/chat/chatHtml';

const options = {
	cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
	nonce: crypto.randomBytes(16).toString('base64'),
	scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
	styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/chat/chat.css',
};

function parse(html: string) {
	return new JSDOM(html).window.document;
}

function cspOf(html: string): Map<string, string> {
	const content = parse(html).querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
	return new Map(content.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
		const [name, ...values] = d.split(/\s+/);
		return [name, values.join(' ')];
	}));
}

describe('chat page HTML', () => {
	const html = buildChatHtml(options);

	it('sets the contract CSP: nothing by default, nonce scripts, local styles, images and fonts', () => {
		const csp = cspOf(html);
		assert.equal(csp.get('default-src'), `'none'`);
		assert.equal(csp.get('script-src'), `'nonce-${options.nonce}'`);
		assert.equal(csp.get('style-src'), options.cspSource);
		assert.equal(csp.get('img-src'), `${options.cspSource} data:`);
		assert.equal(csp.get('font-src'), options.cspSource);
	});

	it('allows no inline or eval script and no network access from the page', () => {
		const csp = cspOf(html);
		assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|strict-dynamic/);
		assert.equal(csp.has('connect-src'), false);
		assert.equal(csp.has('frame-src'), false);
	});

	it('puts the nonce on every script and loads scripts only from the given URI', () => {
		const scripts = Array.from(parse(html).querySelectorAll('script'));
		assert.ok(scripts.length >= 1);
		for (const script of scripts) {
			assert.equal(script.getAttribute('nonce'), options.nonce);
			assert.equal(script.getAttribute('src'), options.scriptUri);
			assert.equal(script.textContent, '');
		}
	});

	it('has no inline event handlers or style attributes', () => {
		for (const element of parse(html).querySelectorAll('*')) {
			for (const attr of Array.from(element.attributes)) {
				assert.ok(!attr.name.startsWith('on'), `${attr.name} on ${element.tagName}`);
				assert.notEqual(attr.name, 'style', element.tagName);
			}
		}
		assert.equal(parse(html).querySelectorAll('style').length, 0);
	});

	it('carries every test id of the contract', () => {
		const doc = parse(html);
		for (const id of ['prompt', 'send', 'stop', 'new-chat', 'model', 'error', 'usage']) {
			assert.equal(doc.querySelectorAll(`[data-testid="${id}"]`).length, 1, id);
		}
		assert.equal(doc.querySelector('[data-testid="prompt"]')?.tagName, 'TEXTAREA');
	});

	it('uses a fresh nonce each time it is given one', () => {
		const other = buildChatHtml({ ...options, nonce: crypto.randomBytes(16).toString('base64') });
		assert.notEqual(cspOf(other).get('script-src'), cspOf(html).get('script-src'));
	});

	it('refuses a nonce that is short or could break out of the attribute', () => {
		assert.throws(() => buildChatHtml({ ...options, nonce: 'abc' }));
		assert.throws(() => buildChatHtml({ ...options, nonce: `${options.nonce}' 'unsafe-inline` }));
	});

	it('escapes resource URIs into attributes', () => {
		const hostile = buildChatHtml({ ...options, styleUri: 'x"><script>alert(1)</script>' });
		assert.equal(parse(hostile).querySelectorAll('script').length, 1);
	});
});
