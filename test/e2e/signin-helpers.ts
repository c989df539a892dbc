// Shared steps of the sign-in end-to-end tests: reading the status-bar item's colour and
// scanning what the run left on disk for secrets the emulator issued.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually, quickInput, runCommand, statusBarItem, type CodeServer } from './harness';

export type ItemBackground = 'warning' | 'error' | 'none';

/** VS Code marks items coloured with the warning/error theme colours with these classes. */
export async function statusBackground(page: Page): Promise<ItemBackground> {
	const cls = (await statusBarItem(page).getAttribute('class')) ?? '';
	return cls.includes('warning-kind') ? 'warning' : cls.includes('error-kind') ? 'error' : 'none';
}

export async function waitForBackground(page: Page, expected: ItemBackground, timeoutMs = 30_000): Promise<void> {
	await eventually(async () => (await statusBackground(page)) === expected, `status-bar background ${expected} (is ${await statusBackground(page)})`, timeoutMs);
}

/** The status bar's text (codicon stripped), trimmed. */
export async function statusText(item: Locator): Promise<string> {
	return ((await item.textContent()) ?? '').trim();
}

/** Waits until the quick input shows a step of the flow titled so (not the palette any more). */
export async function waitForInputTitle(page: Page, title: RegExp): Promise<string> {
	return eventually(async () => {
		const text = await quickInput.title(page);
		return title.test(text) ? text : undefined;
	}, `an input titled ${title}`);
}

/** Pastes keys through "AWS: Sign In with Access Keys…". */
export async function signInWithKeys(
	page: Page,
	keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
	expiry = '',
): Promise<void> {
	await runCommand(page, 'AWS: Sign In with Access Keys…');
	await submitStep(page, /access keys \(1\/4\)/, keys.accessKeyId);
	await submitStep(page, /access keys \(2\/4\)/, keys.secretAccessKey);
	await submitStep(page, /access keys \(3\/4\)/, keys.sessionToken ?? '');
	await submitStep(page, /access keys \(4\/4\)/, expiry);
	await quickInput.waitClosed(page);
}

/** Submits `value` once the input box titled `title` is showing. */
export async function submitStep(page: Page, title: RegExp, value: string): Promise<void> {
	await waitForInputTitle(page, title);
	await quickInput.submit(page, value);
}

function* filesUnder(dir: string): Generator<string> {
	if (!existsSync(dir)) {
		return;
	}
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		const stat = statSync(path, { throwIfNoEntry: false });
		if (stat?.isDirectory()) {
			yield* filesUnder(path);
		} else if (stat?.isFile() && stat.size < 50_000_000) {
			yield path;
		}
	}
}

/**
 * Every file under the user-data dir (settings, globalState, extension storage, logs) and
 * the extensions dir that contains one of `secrets`, with the secret's first characters.
 */
export function findSecretsOnDisk(server: Pick<CodeServer, 'userDataDir' | 'extensionsDir' | 'logsDir' | 'serverLogFile'>, secrets: string[]): string[] {
	const wanted = secrets.filter((s) => s.length >= 8);
	const hits: string[] = [];
	const roots = [server.userDataDir, server.extensionsDir, server.logsDir];
	const files = new Set<string>([server.serverLogFile]);
	for (const root of roots) {
		for (const file of filesUnder(root)) {
			files.add(file);
		}
	}
	for (const file of files) {
		if (!existsSync(file)) {
			continue;
		}
		const text = readFileSync(file).toString('latin1');
		for (const secret of wanted) {
			if (text.includes(secret)) {
				hits.push(`${file}: ${secret.slice(0, 4)}…`);
			}
		}
	}
	return hits;
}
