// `npm run test:vscode`: runs test/vscode/suite in a real VS Code (Electron) with @vscode/test-electron.
// Needs a machine that can download VS Code from update.code.visualstudio.com (not our CI machines,
// which use code-server instead: see test/e2e). Set VSCODE_TEST_VERSION to pin a version (default 1.139.1,
// the oldest VS Code the manifest allows).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const scratch = mkdtempSync(join(tmpdir(), 'bedrock-connect-vscode-'));
try {
	await runTests({
		version: process.env.VSCODE_TEST_VERSION ?? '1.139.1',
		extensionDevelopmentPath: projectRoot,
		extensionTestsPath: resolve(projectRoot, 'test', 'vscode', 'suite', 'index.js'),
		launchArgs: [
			'--disable-extensions',
			'--disable-workspace-trust',
			'--skip-welcome',
			'--user-data-dir', join(scratch, 'user'),
			'--extensions-dir', join(scratch, 'ext'),
		],
		// The machine's own AWS identity must never be used by a test.
		extensionTestsEnv: { HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none') },
	});
} catch (error) {
	console.error(`VS Code tests failed or VS Code could not be downloaded: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 1;
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
