// A credential_process that times out or is aborted is stopped with everything it started:
// a grandchild (a login helper, `sleep 300 &`) must not be left running.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { runCredentialProcess } from '../../../../src/aws/sources/credentialProcess';
import { stillRunningAfter } from '../../../support/processes';

/** `sh -c 'sleep 300 & sleep 300'`, writing both sleeps' pids to a file. */
function hangingTool(pidFile: string): string {
	return `sh -c 'sleep 300 & echo $! >> "${pidFile}"; sleep 300 & echo $! >> "${pidFile}"; wait'`;
}

function pidsIn(pidFile: string): number[] {
	return readFileSync(pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

(process.platform === 'win32' ? describe.skip : describe)('credential_process: no orphans after a timeout or abort', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'bc-orphans-'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('kills the grandchildren of a timed-out credential_process', async function () {
		this.timeout(10_000);
		const pidFile = path.join(dir, 'pids');
		await assert.rejects(
			runCredentialProcess({ command: hangingTool(pidFile), profile: 'hang', timeoutMs: 700 }),
			(e: unknown) => isBedrockConnectError(e) && e.code === 'CredentialProcessFailed' && /did not finish within/.test(e.message),
		);
		const pids = pidsIn(pidFile);
		assert.equal(pids.length, 2, 'both grandchildren started');
		assert.deepEqual(await stillRunningAfter(pids, 2_000), [], 'no grandchild is left running');
	});

	it('kills the whole process group when the caller aborts', async function () {
		this.timeout(10_000);
		const pidFile = path.join(dir, 'pids');
		const controller = new AbortController();
		const running = runCredentialProcess({ command: hangingTool(pidFile), profile: 'hang', timeoutMs: 60_000, signal: controller.signal });
		running.catch(() => undefined);
		const until = Date.now() + 5_000;
		while (Date.now() < until) {
			try {
				if (pidsIn(pidFile).length === 2) break;
			} catch {
				/* not written yet */
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		controller.abort();
		await assert.rejects(running);
		assert.deepEqual(await stillRunningAfter(pidsIn(pidFile), 2_000), [], 'no grandchild is left running');
	});
});
