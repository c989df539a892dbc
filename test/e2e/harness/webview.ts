// Finds a webview's document: in code-server it is an iframe inside an iframe, so search every frame.
import type { Frame, Page } from 'playwright-core';
import { eventually } from './wait';

/** The frame that contains `[data-testid="<testId>"]` (e.g. 'prompt' of the chat), waiting until it exists. */
export async function webviewFrame(page: Page, testId: string, timeoutMs = 30_000): Promise<Frame> {
	return eventually(async () => {
		for (const frame of page.frames()) {
			if (frame.isDetached()) continue;
			const count = await frame.locator(`[data-testid="${testId}"]`).count().catch(() => 0);
			if (count > 0) return frame;
		}
		return undefined;
	}, `a webview frame containing [data-testid="${testId}"]`, timeoutMs);
}

/**
 * The chat panel's frame once its page has received its state from the host (`html[data-ready]`):
 * typing before that would race the page script's start-up.
 */
export async function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
	const frame = await webviewFrame(page, 'prompt', timeoutMs);
	await frame.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: timeoutMs });
	return frame;
}

/** Shorthand for the locator of a test id inside a frame. */
export function byTestId(frame: Frame, testId: string) {
	return frame.locator(`[data-testid="${testId}"]`);
}

/** The chat's assistant replies, oldest first. */
export function assistantReplies(chat: Frame) {
	return byTestId(chat, 'message').and(chat.locator('[data-role="assistant"]'));
}

/**
 * Sends `text` and waits for the reply after those already on screen to complete; returns its
 * article. Counting first means an earlier complete reply is never taken for the new one.
 */
export async function sendAndAwaitNextReply(chat: Frame, text: string, timeoutMs = 30_000) {
	const before = await assistantReplies(chat).count();
	await byTestId(chat, 'prompt').fill(text);
	await byTestId(chat, 'prompt').press('Enter');
	await eventually(async () => {
		const all = await assistantReplies(chat).all();
		return all.length === before + 1 && (await all[before]?.getAttribute('data-status')) === 'complete' ? true : undefined;
	}, `reply ${before + 1} to complete`, timeoutMs);
	return assistantReplies(chat).nth(before);
}

/** Sends `text` from the chat's prompt and returns the body of the reply to it once it is complete. */
export async function sendChatAndWaitForReply(chat: Frame, text: string, timeoutMs = 30_000): Promise<string> {
	const reply = await sendAndAwaitNextReply(chat, text, timeoutMs);
	return (await reply.locator('.message-body').textContent()) ?? '';
}
