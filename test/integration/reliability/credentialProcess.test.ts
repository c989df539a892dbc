// A profile whose credential_process hangs in a grandchild or fails, through the engine: a
// clear CredentialProcessFailed naming the profile, within the time limit, nothing from
// stdout in the message, and the same session works once the tool is fixed. (Plain hangs and
// garbage output are covered in test/unit/aws/sources.test.ts and test/integration/engine.)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useEmulator } from '../emulator/support';
import { failureOf, startEngine, type EngineUnderTest } from './engineUnderTest';
import { stillRunningAfter } from '../../support/processes';

const TIME_LIMIT_MS = 1_500;

describe('reliability: credential_process that hangs in a child or fails, then is fixed (engine)', function () {
	const harness = useEmulator();
	let dir: string;
	let underTest: EngineUnderTest;
	let scriptFile: string;

	/** Writes the script the profile runs and a config pointing at it. */
	function tool(script: string): void {
		writeFileSync(scriptFile, script);
	}

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'bc-credproc-'));
		scriptFile = path.join(dir, 'tool.sh');
		const configFile = path.join(dir, 'config');
		writeFileSync(
			configFile,
			`[profile proc]\nregion = us-east-1\ncredential_process = sh "${scriptFile}"\n` +
				`[profile chained]\nregion = us-east-1\nrole_arn = arn:aws:iam::111111111111:role/Chained\nsource_profile = proc\n`,
		);
		underTest = startEngine({
			deps: { env: { ...process.env, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') }, credentialProcessTimeoutMs: TIME_LIMIT_MS },
		});
	});
	afterEach(() => {
		underTest.dispose();
		rmSync(dir, { recursive: true, force: true });
	});

	function validOutput(): string {
		const keys = harness.emulator.control.createTemporaryKeys();
		const json = JSON.stringify({ Version: 1, AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey, SessionToken: keys.sessionToken, Expiration: keys.expiration.toISOString() });
		return `printf '%s' '${json}'\n`;
	}

	async function assertFailsClearlyThenRecovers(expected: RegExp): Promise<void> {
		const session = underTest.engine.openConnection({ method: 'profile', profile: 'proc' }, 'us-east-1');
		try {
			const started = Date.now();
			const error = await failureOf(() => session.getIdentity());
			assert.ok(Date.now() - started < TIME_LIMIT_MS + 4_000, `failed after ${Date.now() - started} ms`);
			assert.equal(error.code, 'CredentialProcessFailed', `${error.code}: ${error.message}`);
			assert.match(error.message, /"proc"/);
			assert.match(error.message, expected);
			assert.ok(error.action, 'says what to do');
			assert.doesNotMatch(error.message, /leaked-secret/);
			// The tool is fixed: the next attempt (forced, as "Refresh Credentials" does) works.
			tool(validOutput());
			await session.credentials({ forceRefresh: true });
			const identity = await session.getIdentity();
			assert.equal(identity.accountId, '111111111111');
		} finally {
			session.dispose();
		}
	}

	it('stops a tool that hangs in a child process still holding stdout (e.g. a login helper)', async () => {
		// The direct child is killed, but a grandchild keeps the output pipe open: the time
		// limit must still end the wait.
		tool('sh -c \'sleep 30\' &\nsleep 60\n');
		await assertFailsClearlyThenRecovers(/did not finish within/);
	});

	it('inside a role chain, a timed-out credential_process is stopped with its grandchildren and reported', async function () {
		this.timeout(15_000);
		const pidFile = path.join(dir, 'pids');
		tool(`sh -c 'sleep 300 & echo $! >> "${pidFile}"; sleep 300 & echo $! >> "${pidFile}"; wait'\n`);
		const session = underTest.engine.openConnection({ method: 'profile', profile: 'chained' }, 'us-east-1');
		try {
			const started = Date.now();
			const error = await failureOf(() => session.getIdentity());
			assert.ok(Date.now() - started < TIME_LIMIT_MS + 4_000, `failed after ${Date.now() - started} ms`);
			assert.equal(error.code, 'CredentialProcessFailed', `${error.code}: ${error.message}`);
			assert.match(error.message, /did not finish within/);
			assert.ok(existsSync(pidFile), 'the tool started its children');
			const pids = readFileSync(pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number);
			assert.equal(pids.length, 2);
			assert.deepEqual(await stillRunningAfter(pids, 2_000), [], 'no grandchild is left running');
			// The tool is fixed: the chain assumes the role on its credentials.
			tool(validOutput());
			await session.credentials({ forceRefresh: true });
			const identity = await session.getIdentity();
			assert.match(identity.arn, /assumed-role\/Chained\//);
		} finally {
			session.dispose();
		}
	});

	it('reports a non-zero exit with its code and stderr, and works once the tool is fixed, without re-selecting the profile', async () => {
		tool("echo leaked-secret\necho 'session expired, run tool login' >&2\nexit 7\n");
		await assertFailsClearlyThenRecovers(/exit code 7.*run tool login/);
	});
});

