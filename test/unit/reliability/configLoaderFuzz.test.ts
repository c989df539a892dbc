// The shared-config loader (src/aws/config.ts) on 10,000 hostile file pairs, read from disk
// through the SDK's ini parser as the engine reads them: it never throws anything but a
// BedrockConnectError, every profile gets a kind and a summary without a secret, and asking
// for any profile yields its settings or a ProfileNotFound that echoes no secret.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { classifyProfile, listProfileSummaries, loadSharedConfig, requireProfile, validateIniText } from '../../../src/aws/config';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { iniText, profileFile, profileName, SECRET_MARKER } from './iniArbitraries';

const KINDS = new Set(['staticKeys', 'ssoSession', 'ssoLegacy', 'assumeRole', 'credentialSource', 'credentialProcess', 'webIdentity', 'loginSession', 'unknown']);

describe('reliability: shared-config loader fuzz (10,000 cases)', function () {
	this.timeout(60_000);
	let dir: string;
	let env: NodeJS.ProcessEnv;

	before(() => {
		// In memory where there is a tmpfs: 20,000 file writes on disk would dominate the runtime.
		dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'bc-loaderfuzz-'));
		env = { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('loads, classifies, summarizes and looks up profiles in any pair of files without a crash or a leak', async () => {
		const file = fc.oneof(iniText, profileFile);
		let crashes = 0;
		await fc.assert(
			fc.asyncProperty(file, file, profileName, async (config, credentials, wanted) => {
				writeFileSync(env.AWS_CONFIG_FILE!, config);
				writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, credentials);
				try {
					const loaded = await loadSharedConfig(env);
					for (const summary of listProfileSummaries(loaded)) {
						assert.ok(KINDS.has(summary.kind), summary.kind);
						assert.ok(!JSON.stringify(summary).includes(SECRET_MARKER), 'a summary carries a secret');
					}
					for (const { data } of loaded.profiles.values()) {
						assert.ok(KINDS.has(classifyProfile(data)));
					}
					try {
						requireProfile(loaded, wanted);
					} catch (error) {
						assert.ok(isBedrockConnectError(error) && error.code === 'ProfileNotFound', String(error));
						assert.ok(!error.message.includes(SECRET_MARKER), error.message);
					}
				} catch (error) {
					if (!isBedrockConnectError(error)) {
						crashes++;
					}
					throw error;
				}
				for (const problem of validateIniText(config, env.AWS_CONFIG_FILE!, 'config')) {
					assert.ok(!problem.message.includes(SECRET_MARKER), problem.message);
				}
			}),
			{ numRuns: 10_000 },
		);
		assert.equal(crashes, 0);
	});
});
