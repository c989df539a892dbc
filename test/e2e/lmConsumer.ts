// The lm-consumer fixture (test/e2e/fixtures/lm-consumer): packaged into a .vsix for the
// harness's extraVsix, run through its palette commands, its JSON results read back.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dialog, eventually, projectRoot, runCommand } from './harness';

export interface ScenarioResult {
	models?: Array<{ id: string; family: string; name: string; vendor: string }>;
	model?: string;
	text?: { text?: string; parts?: number; error?: { code?: string; message: string; isLanguageModelError: boolean } };
	tool?: { first?: { calls: Array<{ name: string; input: unknown }> }; second?: { text: string }; error?: { message: string } };
	cancel?: { ended: string; parts?: number; ms?: number; error?: { isCancellation: boolean; message: string } };
	error?: { message: string };
}

/** Packages the fixture extension into a temporary .vsix (vsce, a dev dependency). */
export function packageLmConsumer(dir: string): string {
	const out = path.join(dir, 'lm-consumer.vsix');
	execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], {
		cwd: path.join(projectRoot, 'test', 'e2e', 'fixtures', 'lm-consumer'),
		stdio: 'pipe',
	});
	return out;
}

/** Runs a fixture command, allowing its access to Bedrock's models when VS Code asks, and reads what it wrote. */
export async function runLmConsumer(page: Page, resultFile: string, title = 'LM Consumer: Run Scenarios'): Promise<ScenarioResult> {
	rmSync(resultFile, { force: true });
	await runCommand(page, title);
	return eventually(
		async () => {
			if (existsSync(resultFile)) return JSON.parse(readFileSync(resultFile, 'utf8')) as ScenarioResult;
			// VS Code asks once whether the fixture may use another extension's language models.
			if (await dialog.locator(page).isVisible()) {
				const allow = dialog.locator(page).locator('.dialog-buttons .monaco-button', { hasText: /^Allow/ });
				if (await allow.count()) await allow.first().click();
			}
			return undefined;
		},
		'the lm-consumer fixture to write its results',
		90_000,
	);
}
