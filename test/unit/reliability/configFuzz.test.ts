// Hostile ~/.aws/config and credentials files, fuzzed: reading them through the engine (the
// SDK's ini loader underneath) never crashes and never throws anything but a
// BedrockConnectError, profile summaries never carry a secret, and the line checker points
// at lines that exist without echoing their values.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Engine } from '../../../src/aws/engineTypes';
import { validateIniText } from '../../../src/aws/config';
import { createEngine } from '../../../src/aws/credentialEngine';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { silentLogger } from '../../../src/aws/ports';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { iniText, profileName, SECRET_MARKER } from './iniArbitraries';

const KINDS = new Set(['staticKeys', 'ssoSession', 'ssoLegacy', 'assumeRole', 'credentialSource', 'credentialProcess', 'webIdentity', 'loginSession', 'unknown']);

describe('reliability: fuzzed shared config files', function () {
	this.timeout(120_000);
	let dir: string;
	let configFile: string;
	let credentialsFile: string;
	let engine: Engine;

	before(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'bc-inifuzz-'));
		configFile = path.join(dir, 'config');
		credentialsFile = path.join(dir, 'credentials');
		engine = createEngine({
			secrets: new MemorySecretStore(),
			logger: silentLogger,
			env: { HOME: dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
		});
	});
	after(() => {
		engine.dispose();
		rmSync(dir, { recursive: true, force: true });
	});

	/** Either a value or a BedrockConnectError with a message; anything else fails the property. */
	async function settle<T>(call: () => Promise<T>): Promise<{ ok: T } | { error: { code: string; message: string } }> {
		try {
			return { ok: await call() };
		} catch (error) {
			assert.ok(isBedrockConnectError(error), `a raw ${(error as Error)?.name} escaped: ${(error as Error)?.message}`);
			assert.ok(error.message.length > 0);
			assert.ok(!error.message.includes(SECRET_MARKER), `a secret is in the message: ${error.message}`);
			return { error };
		}
	}

	it('lists profiles from any pair of files without crashing or leaking a secret (1,500 cases)', async () => {
		await fc.assert(
			fc.asyncProperty(iniText, iniText, async (config, credentials) => {
				writeFileSync(configFile, config);
				writeFileSync(credentialsFile, credentials);
				const result = await settle(() => engine.listProfiles());
				if ('ok' in result) {
					for (const summary of result.ok) {
						assert.equal(typeof summary.name, 'string');
						assert.ok(KINDS.has(summary.kind), summary.kind);
					}
					assert.ok(!JSON.stringify(result.ok).includes(SECRET_MARKER), 'a profile summary carries a secret');
				} else {
					assert.equal(result.error.code, 'InvalidConfig');
				}
			}),
			{ numRuns: 1500 },
		);
	});

	it('resolves a region for any profile of any file, or says why not (800 cases)', async () => {
		await fc.assert(
			fc.asyncProperty(iniText, profileName, fc.option(fc.constantFrom('eu-west-1', '', 'bogus'), { nil: undefined }), async (config, profile, configured) => {
				writeFileSync(configFile, config);
				writeFileSync(credentialsFile, '');
				const result = await settle(() => engine.resolveRegion({ method: 'profile', profile }, configured));
				if ('ok' in result) {
					assert.equal(typeof result.ok, 'string');
					assert.ok(result.ok.length > 0, 'an empty region is never chosen');
				}
			}),
			{ numRuns: 800 },
		);
	});

	it('reports problems only on lines that exist, never echoing a value (6,500 cases)', () => {
		fc.assert(
			fc.property(iniText, fc.constantFrom('config' as const, 'credentials' as const), (text, kind) => {
				const lineCount = text.split(/\r?\n/).length;
				for (const problem of validateIniText(text, '/home/u/.aws/config', kind)) {
					assert.ok(problem.line >= 1 && problem.line <= lineCount, `line ${problem.line} of ${lineCount}`);
					assert.equal(problem.file, '/home/u/.aws/config');
					assert.ok(!problem.message.includes(SECRET_MARKER), problem.message);
				}
			}),
			{ numRuns: 6500 },
		);
	});

	it('a file the SDK silently drops ([profile __proto__]) gives InvalidConfig naming the file and line, not "no profiles"', async () => {
		writeFileSync(configFile, `[profile __proto__]\nregion = us-east-1\n[profile dev]\naws_access_key_id = AKIAFUZZFUZZFUZZFUZZ\naws_secret_access_key = ${SECRET_MARKER}abc\n`);
		writeFileSync(credentialsFile, '');
		const session = engine.openConnection({ method: 'profile', profile: 'dev' }, 'us-east-1');
		try {
			const result = await settle(() => session.credentials());
			assert.ok('error' in result, 'credentials from a config the SDK rejects');
			assert.equal(result.error.code, 'InvalidConfig', `${result.error.code}: ${result.error.message}`);
			assert.ok(result.error.message.includes(configFile), result.error.message);
			assert.match(result.error.message, /line 1\b/);
		} finally {
			session.dispose();
		}
	});

	it('a profile whose only line is malformed is reported with the file and line, not as missing', async () => {
		writeFileSync(configFile, '[profile dev]\nregion us-east-1\n');
		writeFileSync(credentialsFile, '');
		const session = engine.openConnection({ method: 'profile', profile: 'dev' }, 'us-east-1');
		try {
			const result = await settle(() => session.credentials());
			assert.ok('error' in result);
			assert.ok(result.error.message.includes(configFile), result.error.message);
			assert.match(result.error.message, /line 2\b/, result.error.message);
		} finally {
			session.dispose();
		}
	});
});
