// The end-to-end harness: the packaged extension in code-server, driven by Playwright. See README.md here.
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserOptions, type BrowserSession } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';

export { startCodeServer, ensureCodeServer, freePort, harnessDefaultSettings } from './codeServer';
export type { CodeServer, CodeServerOptions } from './codeServer';
export { openBrowser, chromiumPath, chromiumArgs, statusBarItemSelector, workbenchSelector } from './browser';
export type { BrowserOptions, BrowserSession } from './browser';
export { runCommand, commandPaletteTitles, statusBarItem, statusBarTooltip, reloadWorkbench, dialog } from './workbench';
export { quickInput } from './quickInput';
export type { QuickPickItemView } from './quickInput';
export { notifications } from './notifications';
export { webviewFrame, chatFrame, byTestId, sendChatAndWaitForReply, assistantReplies, sendAndAwaitNextReply } from './webview';
export { readOutputChannel, readExtensionHostLog, readAllLogs, logFiles } from './logs';
export { screenshot } from './screenshots';
export { eventually, waitForText } from './wait';
export { projectRoot, defaultVsixPath, resultsDir, e2eTmpRoot } from './paths';

export interface Workbench {
	server: CodeServer;
	browser: BrowserSession;
	page: Page;
	/** Closes the browser, then stops code-server. */
	stop(): Promise<void>;
}

/** code-server with the extension, plus a browser on its workbench with the extension's status-bar item shown. */
export async function startWorkbench(options: CodeServerOptions & { browser?: BrowserOptions } = {}): Promise<Workbench> {
	const server = await startCodeServer(options);
	let browser: BrowserSession;
	try {
		browser = await openBrowser(server.url, options.browser);
	} catch (error) {
		await server.stop();
		throw error;
	}
	return {
		server,
		browser,
		page: browser.page,
		stop: async () => {
			await browser.close();
			await server.stop();
		},
	};
}
