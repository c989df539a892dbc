// Starts signed out: the chat's error banner leads through sign-in and Retry. Then hostile
// model output in the real chat webview (Chromium, code-server): every payload of the
// renderer's unit suite comes back from the emulator as a streamed reply, and no script runs —
// no dialog, no global set in any frame, no inline handler or script element in the page, and
// no CSP violation raised by an element of the page (the sanitizer stops it before the CSP has
// to). Chromium does report violations for handlers met while DOMPurify parses the reply in an
// inert DOMParser document, whose handlers never run; those are told apart by their target.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../emulator';
import { XSS_PAYLOADS } from '../support/xssPayloads';
import { byTestId, eventually, quickInput, runCommand, startWorkbench, statusBarItem, waitForText, chatFrame, type Workbench } from './harness';

/** Payloads per reply: several replies, so an unclosed construct in one cannot hide the rest. */
const PER_REPLY = 8;

describe('Bedrock chat from signed out: the sign-in banner, then hostile model output in Chromium', function () {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let wb: Workbench;
	let chat: Frame;
	const dialogs: string[] = [];

	before(async function () {
		emulator = await startEmulator();
		const key = emulator.control.createAccessKey({ userName: 'xss-e2e' });
		wb = await startWorkbench({
			label: 'chat-xss',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': 'anthropic.claude-3-haiku-20240307-v1:0' },
		});
		wb.page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		await runCommand(wb.page, 'Bedrock: Open Chat');
		chat = await chatFrame(wb.page);
		await chat.evaluate(() => {
			const w = window as unknown as { __cspViolations: string[] };
			w.__cspViolations = [];
			document.addEventListener('securitypolicyviolation', (e) => {
				if (e.target instanceof Element && document.contains(e.target)) {
					w.__cspViolations.push(`${e.violatedDirective} on ${e.target.outerHTML.slice(0, 120)}`);
				}
			});
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('offers Sign in when signed out, keeps the prompt, and Retry sends it once signed in', async function () {
		await waitForText(statusBarItem(wb.page), /AWS: Sign In/);
		emulator.control.setNextReplies(['Hello after signing in.']);
		await byTestId(chat, 'prompt').fill('Hello before signing in');
		await byTestId(chat, 'prompt').press('Enter');
		const banner = byTestId(chat, 'error');
		await waitForText(banner, /not signed in/i);
		assert.equal(await byTestId(chat, 'prompt').inputValue(), 'Hello before signing in');
		await banner.locator('button', { hasText: 'Sign in' }).click();
		await quickInput.pick(wb.page, /Environment variables/);
		await waitForText(statusBarItem(wb.page), /xss-e2e/);
		await waitForText(banner, /Signed in/);
		await banner.locator('button', { hasText: 'Retry' }).click();
		await eventually(async () => {
			const reply = byTestId(chat, 'message').and(chat.locator('[data-role="assistant"][data-status="complete"]'));
			return (await reply.count()) === 1 && ((await reply.textContent()) ?? '').includes('Hello after signing in.') ? true : undefined;
		}, 'the reply after signing in');
		assert.equal(await byTestId(chat, 'prompt').inputValue(), '');
		await byTestId(chat, 'new-chat').click();
		await eventually(async () => ((await byTestId(chat, 'message').count()) === 0 ? true : undefined), 'an empty transcript');
	});

	it(`renders ${XSS_PAYLOADS.length} hostile payloads as inert content`, async function () {
		assert.ok(XSS_PAYLOADS.length >= 50);
		const replies: string[] = [];
		for (let i = 0; i < XSS_PAYLOADS.length; i += PER_REPLY) {
			replies.push(XSS_PAYLOADS.slice(i, i + PER_REPLY).join('\n\n'));
		}
		for (const [index, reply] of replies.entries()) {
			emulator.control.setNextReplies([reply]);
			await byTestId(chat, 'prompt').fill(`Payload batch ${index + 1}`);
			await byTestId(chat, 'prompt').press('Enter');
			await eventually(async () => {
				const replies = await byTestId(chat, 'message').and(chat.locator('[data-role="assistant"][data-status="complete"]')).count();
				return replies === index + 1 || undefined;
			}, `reply ${index + 1} to complete`);
		}

		// Poke every rendered element with the events the payloads hook (not clicks on links
		// or code buttons: those are ours and ask the host to act).
		await chat.evaluate(() => {
			for (const element of document.querySelectorAll('#transcript *')) {
				for (const type of ['mouseover', 'mouseenter', 'focus', 'error', 'load', 'toggle', 'animationstart', 'pointerdown']) {
					element.dispatchEvent(new Event(type));
				}
				if (!element.closest('a, button')) {
					(element as HTMLElement).click?.();
				}
			}
		});
		await new Promise((resolve) => setTimeout(resolve, 1_000));

		assert.deepEqual(dialogs, [], 'no alert/confirm/prompt dialog');
		for (const frame of wb.page.frames()) {
			if (frame.isDetached()) continue;
			const flagged = await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined);
			assert.equal(flagged, undefined, `window.__xss set in ${frame.url()}`);
		}
		const found = await chat.evaluate(() => {
			const problems: string[] = [];
			for (const element of document.querySelectorAll('#transcript *')) {
				const tag = element.tagName.toLowerCase();
				if (['script', 'iframe', 'object', 'embed', 'form', 'style', 'img', 'svg', 'math', 'input', 'base', 'meta', 'link'].includes(tag)) {
					problems.push(`<${tag}>`);
				}
				for (const attr of Array.from(element.attributes)) {
					if (attr.name.startsWith('on') || attr.name === 'style' || attr.name === 'srcdoc') problems.push(`${tag}[${attr.name}]`);
					if (attr.name === 'href' && !/^(https?:|mailto:)/i.test(attr.value)) problems.push(`${tag}[href=${attr.value}]`);
				}
			}
			return { problems, violations: (window as unknown as { __cspViolations: string[] }).__cspViolations };
		});
		assert.deepEqual(found.problems, []);
		assert.deepEqual(found.violations, [], 'the CSP never had to block anything in the page');
		// The payloads are still there for the user to read, as text.
		assert.match((await chat.locator('#transcript').textContent()) ?? '', /onerror=alert\(1\)/);
	});
});
