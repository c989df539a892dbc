// Security end to end, in one code-server session against the emulator: the chat page's CSP
// as rendered; a hostile error message runs no script (hostile model output: chatXss.test.ts);
// links in replies open only after the host asks; then sign-in by environment, profile, pasted keys and
// IAM Identity Center with a chat turn each, sign-out, and a scan of everything the session
// wrote (user data, extension and workspace storage, logs, the output channel) for any secret
// the emulator issued.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator';
import { byTestId, dialog, eventually, quickInput, readOutputChannel, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, chatFrame, type Workbench } from './harness';
import { findSecretsOnDisk, signInWithKeys, submitStep, waitForInputTitle } from './signin-helpers';

const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const START_URL = 'https://d-5ec0e2e2e2.awsapps.com/start';

describe('security: CSP, XSS in errors, link consent, and no secret left behind after a full session', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let chat: Frame;
	const dialogsSeen: string[] = [];

	before(async function () {
		emulator = await startEmulator({ autoApproveAfterPolls: 0 });
		const envUser = emulator.control.createAccessKey({ userName: 'carol' });
		const profileUser = emulator.control.createAccessKey({ userName: 'bob' });
		wb = await startWorkbench({
			label: 'security',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: envUser.accessKeyId, AWS_SECRET_ACCESS_KEY: envUser.secretAccessKey },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': MODEL_ID },
			homeFiles: {
				'.aws/config': '[profile e2e]\nregion = us-east-1\n',
				'.aws/credentials': `[e2e]\naws_access_key_id = ${profileUser.accessKeyId}\naws_secret_access_key = ${profileUser.secretAccessKey}\n`,
			},
		});
		wb.page.on('dialog', (d) => {
			dialogsSeen.push(d.message());
			void d.dismiss();
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	/** Sends a prompt and waits for the assistant's reply to finish (Send enabled again). */
	async function ask(prompt: string): Promise<void> {
		const before = await byTestId(chat, 'message').count();
		await byTestId(chat, 'prompt').fill(prompt);
		await byTestId(chat, 'send').click();
		await eventually(async () => (await byTestId(chat, 'message').count()) >= before + 2, 'the user message and the reply to appear');
		await eventually(async () => !(await byTestId(chat, 'send').isDisabled()), 'the reply to finish');
	}

	async function lastAssistantText(): Promise<string> {
		return (await chat.locator('[data-testid="message"][data-role="assistant"]').last().textContent()) ?? '';
	}

	/** True when any page or webview frame recorded script from a payload. */
	async function scriptRan(): Promise<boolean> {
		for (const frame of wb.page.frames()) {
			if (frame.isDetached()) continue;
			const flagged = await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined).catch(() => false);
			if (flagged) return true;
		}
		return dialogsSeen.length > 0;
	}

	it('signs in from the environment and opens the chat', async function () {
		await runCommand(wb.page, 'AWS: Use Environment Credentials');
		await waitForText(statusBarItem(wb.page), /carol/);
		await runCommand(wb.page, 'Bedrock: Open Chat');
		chat = await chatFrame(wb.page);
		await ask('hello from the environment');
		assert.match(await lastAssistantText(), /You asked: hello from the environment/);
	});

	it('renders the chat page under a strict CSP: nothing by default, nonce scripts only, no eval, no network', async function () {
		const csp = (await chat.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
		const directives = new Map(
			csp
				.split(';')
				.map((d) => d.trim())
				.filter(Boolean)
				.map((d) => {
					const [name, ...values] = d.split(/\s+/);
					return [name, values] as const;
				}),
		);
		assert.deepEqual(directives.get('default-src'), ["'none'"], csp);
		const scripts = directives.get('script-src') ?? [];
		assert.ok(scripts.some((s) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(s)), `script-src ${scripts.join(' ')}`);
		for (const value of scripts) {
			assert.ok(!["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'data:', 'blob:'].includes(value), `script-src allows ${value}: ${csp}`);
		}
		for (const name of ['connect-src', 'frame-src', 'object-src', 'form-action']) {
			assert.ok(!directives.has(name) || directives.get(name)?.every((v) => v === "'none'"), `${name} is open: ${csp}`);
		}
		// Every script of ours carries the policy's nonce and comes from the extension's dist/;
		// VS Code's own acquireVsCodeApi shim, which it injects into every webview, is the only other.
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
		const pageScripts = await chat.locator('script').evaluateAll((nodes) =>
			nodes.map((n) => ({ nonce: (n as HTMLScriptElement).nonce || n.getAttribute('nonce'), src: n.getAttribute('src') ?? '', text: (n.textContent ?? '').trim().slice(0, 40) })),
		);
		const ours = pageScripts.filter((script) => !script.text.startsWith('globalThis.acquireVsCodeApi'));
		assert.ok(ours.length > 0, JSON.stringify(pageScripts));
		for (const script of ours) {
			assert.equal(script.nonce, nonce, JSON.stringify(script));
			assert.match(script.src, /\/dist\/webview\.js$/, JSON.stringify(script));
		}
	});

	it('runs no script from a hostile error message (an XSS model id from workspace settings, echoed in a ValidationException)', async function () {
		// A cloned repository's .vscode/settings.json can set the model id to anything.
		const settingsDir = join(wb.server.workspaceDir, '.vscode');
		const payload = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script>';
		mkdirSync(settingsDir, { recursive: true });
		writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ 'bedrockConnect.chat.modelId': payload }));
		try {
			await eventually(
				async () => ((await byTestId(chat, 'model').evaluate((e) => (e as HTMLSelectElement).value ?? e.textContent)) ?? '').includes('<img src=x') || undefined,
				'the chat to pick up the model id from the workspace settings',
			);
			await byTestId(chat, 'prompt').fill('this will fail');
			await byTestId(chat, 'send').click();
			const banner = byTestId(chat, 'error');
			await banner.waitFor({ state: 'visible', timeout: 30_000 });
			await screenshot(wb.page, 'security-xss-error-banner');
			const text = (await banner.textContent()) ?? '';
			assert.ok(text.includes('<img src=x'), `the banner quotes the hostile id as text: ${text}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
			assert.equal(await scriptRan(), false, `dialogs: ${dialogsSeen.join(' | ')}`);
			assert.equal(await chat.locator('body img, [data-testid="error"] script').count(), 0);
		} finally {
			rmSync(settingsDir, { recursive: true, force: true });
			await eventually(async () => !((await byTestId(chat, 'model').evaluate((e) => (e as HTMLSelectElement).value ?? '')) ?? '').includes('<img') || undefined, 'the model id to be restored');
			await byTestId(chat, 'error').locator('[data-action="dismiss"]').click().catch(() => undefined);
		}
	});

	it('opens a link from a reply only after the host asks, and never a javascript: link', async function () {
		emulator.control.setNextReplies(['See [the docs](https://docs.example.com/bedrock) or [this](javascript:window.__xss=3).']);
		await ask('give me a link');
		const popupsBefore = wb.browser.popups.length;
		await chat.locator('[data-testid="message"][data-role="assistant"]').last().locator('a', { hasText: 'the docs' }).click();
		await dialog.waitOpen(wb.page);
		const text = await dialog.text(wb.page);
		assert.match(text, /https:\/\/docs\.example\.com\/bedrock/);
		await screenshot(wb.page, 'security-link-consent');
		await dialog.clickButton(wb.page, 'Cancel');
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.equal(wb.browser.popups.length, popupsBefore, 'nothing opened without consent');
		const jsLink = chat.locator('[data-testid="message"][data-role="assistant"]').last().locator('a', { hasText: 'this' });
		if ((await jsLink.count()) > 0) {
			assert.doesNotMatch((await jsLink.getAttribute('href')) ?? '', /javascript:/i);
			await jsLink.click();
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.equal(await scriptRan(), false);
		assert.equal(wb.browser.popups.length, popupsBefore);
	});

	it('signs in with a profile, with pasted keys and with IAM Identity Center, chatting after each', async function () {
		await runCommand(wb.page, 'AWS: Use Profile…');
		await quickInput.pick(wb.page, 'e2e');
		await waitForText(statusBarItem(wb.page), /bob/);
		await ask('hello from the profile');

		const pasted = emulator.control.createTemporaryKeys({ roleName: 'PastedRole', sessionName: 'dave' });
		await signInWithKeys(wb.page, pasted);
		await waitForText(statusBarItem(wb.page), /dave/);
		await ask('hello from pasted keys');

		await runCommand(wb.page, 'AWS: Sign In with IAM Identity Center (SSO)');
		await submitStep(wb.page, /Identity Center \(1\/2\)/, START_URL);
		await submitStep(wb.page, /Identity Center \(2\/2\)/, 'us-east-1');
		await waitForInputTitle(wb.page, /AWS account/);
		await quickInput.pick(wb.page, 'dev');
		await waitForInputTitle(wb.page, /Role in dev/);
		await quickInput.pick(wb.page, 'BedrockUser');
		await waitForText(statusBarItem(wb.page), /^alice · dev/);
		await ask('hello from SSO');
		assert.match(await lastAssistantText(), /You asked: hello from SSO/);
	});

	it('signs out', async function () {
		await runCommand(wb.page, 'AWS: Sign Out');
		await waitForText(statusBarItem(wb.page), 'AWS: Sign In');
	});

	it('leaves none of the issued secrets in user data, extension or workspace storage, logs or the output channel', async function () {
		const secrets = emulator.control.issuedSecrets();
		assert.ok(secrets.length >= 10, `${secrets.length} secrets issued`);
		const onDisk = findSecretsOnDisk(wb.server, secrets);
		const inWorkspace = findSecretsOnDisk({ userDataDir: wb.server.workspaceDir, extensionsDir: wb.server.workspaceDir, logsDir: wb.server.workspaceDir, serverLogFile: wb.server.serverLogFile }, secrets);
		assert.deepEqual([...onDisk, ...inWorkspace], []);
		const output = readOutputChannel(wb.server, 'Bedrock Connect');
		assert.ok(output.length > 0, 'the output channel was read');
		assert.deepEqual(secrets.filter((s) => s.length >= 8 && output.includes(s)).map((s) => `${s.slice(0, 4)}…`), []);
	});
});
