// Credentials for a profile of a fuzzed shared config, resolved by the engine against the
// emulator (role chains call STS, SSO profiles look for tokens): a usable result or a
// BedrockConnectError with a real code — never a raw error, a hang or a leaked secret.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { useEmulator } from '../emulator/support';
import { profileFile, profileName, SECRET_MARKER } from '../../unit/reliability/iniArbitraries';
import { startEngine, type EngineUnderTest } from './engineUnderTest';

describe('reliability: credentials from fuzzed profiles (engine + emulator)', function () {
	useEmulator();
	let dir: string;
	let underTest: EngineUnderTest;
	let savedImds: string | undefined;

	before(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'bc-profilefuzz-'));
		// credential_source = Ec2InstanceMetadata must not wait for an instance that is not there.
		savedImds = process.env.AWS_EC2_METADATA_DISABLED;
		process.env.AWS_EC2_METADATA_DISABLED = 'true';
		underTest = startEngine({
			deps: { env: { ...process.env, HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') } },
		});
	});
	after(() => {
		underTest.dispose();
		if (savedImds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
		else process.env.AWS_EC2_METADATA_DISABLED = savedImds;
		rmSync(dir, { recursive: true, force: true });
	});

	it('resolves or explains every profile of 1,200 hostile config/credentials pairs', async function () {
		this.timeout(90_000);
		const codes = new Map<string, number>();
		await fc.assert(
			fc.asyncProperty(profileFile, profileFile, profileName, async (config, credentials, profile) => {
				// Never run a command a fuzzer made up.
				const safe = (text: string) => text.replace(/credential_process/gi, 'x_credential_process');
				writeFileSync(path.join(dir, 'config'), safe(config));
				writeFileSync(path.join(dir, 'credentials'), safe(credentials));
				const session = underTest.engine.openConnection({ method: 'profile', profile }, 'us-east-1');
				try {
					const result = await session.credentials();
					assert.equal(typeof result.accessKeyId, 'string');
					codes.set('ok', (codes.get('ok') ?? 0) + 1);
				} catch (error) {
					assert.ok(isBedrockConnectError(error), `a raw ${(error as Error)?.name} escaped: ${(error as Error)?.message}`);
					assert.notEqual(error.code, 'Unknown', error.message);
					assert.ok(error.message.length > 0 && error.action, `${error.code} without a message or action`);
					assert.ok(!error.message.includes(SECRET_MARKER), error.message);
					codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
				} finally {
					session.dispose();
				}
			}),
			{ numRuns: 1200 },
		);
		// The generator reaches the interesting outcomes, not just "not found".
		assert.ok((codes.get('ok') ?? 0) > 0, JSON.stringify([...codes]));
		assert.ok(codes.size >= 3, JSON.stringify([...codes]));
		assert.deepEqual(underTest.logger.leaked([SECRET_MARKER]), []);
	});

	it('a web identity token file that does not exist is a config problem naming the file, not a network error', async () => {
		writeFileSync(path.join(dir, 'config'), '[profile web]\nrole_arn = arn:aws:iam::111111111111:role/WebRole\nweb_identity_token_file = /no/such/token-file\n');
		writeFileSync(path.join(dir, 'credentials'), '');
		const session = underTest.engine.openConnection({ method: 'profile', profile: 'web' }, 'us-east-1');
		try {
			await assert.rejects(session.credentials(), (error: unknown) => {
				assert.ok(isBedrockConnectError(error));
				assert.equal(error.code, 'InvalidConfig', `${error.code}: ${error.message}`);
				assert.match(error.message, /\/no\/such\/token-file/);
				return true;
			});
		} finally {
			session.dispose();
		}
	});
});
