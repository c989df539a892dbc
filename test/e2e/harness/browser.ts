// Opens the code-server workbench in Debian's headless Chromium through playwright-core.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { noteFailure, track } from './cleanup';
import { registerPage, screenshot, unregisterPage } from './screenshots';

export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export interface BrowserOptions {
	/** A browser profile folder that survives close(): SecretStorage lives in it (test persistence across restarts). */
	persistentDir?: string;
	viewport?: { width: number; height: number };
	/** Wait for the extension's status-bar item before returning (default true). */
	waitForExtension?: boolean;
}

export interface BrowserSession {
	context: BrowserContext;
	/** The workbench page. */
	page: Page;
	/** Pages the workbench opened (vscode.env.openExternal opens a new tab), oldest first. */
	popups: Page[];
	/** Resolves with the next page the workbench opens (or one already opened whose URL matches). */
	waitForPopup(urlMatch?: RegExp, timeoutMs?: number): Promise<Page>;
	close(): Promise<void>;
}

export const workbenchSelector = '.monaco-workbench';
/** code-server renders an extension's status-bar item with id `<publisher>.<name>.<item id>`. */
export const statusBarItemSelector = '[id="bedrock-connect.bedrock-connect.bedrockConnect.identity"]';

export async function openBrowser(url: string, options: BrowserOptions = {}): Promise<BrowserSession> {
	const viewport = options.viewport ?? { width: 1400, height: 900 };
	const launchOptions = { executablePath: chromiumPath, args: chromiumArgs, headless: true };
	let browser: Browser | undefined;
	let context: BrowserContext;
	if (options.persistentDir) {
		context = await chromium.launchPersistentContext(options.persistentDir, { ...launchOptions, viewport });
	} else {
		browser = await chromium.launch(launchOptions);
		context = await browser.newContext({ viewport });
	}
	const origin = new URL(url).origin;
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin }).catch(() => undefined);

	let closed: Promise<void> | undefined;
	const close = (): Promise<void> => {
		closed ??= (async () => {
			untrack();
			for (const p of context.pages()) unregisterPage(p);
			await context.close().catch(() => undefined);
			await browser?.close().catch(() => undefined);
		})();
		return closed;
	};
	const untrack = track({
		stopNow: () => {
			// Chromium's process dies with ours; nothing synchronous is needed.
		},
		stop: close,
	});

	const page = context.pages()[0] ?? (await context.newPage());
	registerPage(page);
	const popups: Page[] = [];
	context.on('page', (opened) => {
		if (opened === page) return;
		popups.push(opened);
		registerPage(opened);
	});

	const waitForPopup = async (urlMatch?: RegExp, timeoutMs = 30_000): Promise<Page> => {
		const matches = (p: Page): boolean => !urlMatch || urlMatch.test(p.url());
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const found = popups.find(matches);
			if (found) {
				await found.waitForLoadState('domcontentloaded').catch(() => undefined);
				if (matches(found)) return found;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`No page opened matching ${urlMatch ?? 'anything'} within ${timeoutMs} ms (opened: ${popups.map((p) => p.url()).join(', ') || 'none'})`);
	};

	try {
		await page.goto(url);
		await page.locator(workbenchSelector).waitFor({ state: 'visible', timeout: 60_000 });
		if (options.waitForExtension !== false) {
			await page.locator(statusBarItemSelector).waitFor({ state: 'visible', timeout: 60_000 });
		}
	} catch (error) {
		// A failing `before` hook gets no screenshot from the root hook; take one here, and keep
		// the server's scratch folder (its logs say why the workbench did not come up).
		noteFailure();
		const file = await screenshot(page, `openBrowser failed ${new Date().toISOString()}`).catch(() => undefined);
		await close();
		if (file && error instanceof Error) error.message += ` (screenshot: ${file})`;
		throw error;
	}
	return { context, page, popups, waitForPopup, close };
}
