import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ssoProfileConfig } from '../../support/ssoProfileConfig';
import { START_URL, SSO_REGION, codeOf, signIn, useEngineWorld } from './harness';

const node = process.execPath;

function processScript(world: { home: string }, name: string, body: string): Promise<string> {
	const file = path.join(world.home, `${name}.js`);
	return fs.writeFile(file, body).then(() => `"${node}" "${file}"`);
}

describe('engine: shared-config profiles', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600 });
		world.emulator.control.resetCounters();
	});

	it('static keys: identity, and keys rotated on disk are picked up without the user', async () => {
		const first = world.emulator.control.createAccessKey({ userName: 'alice' });
		await world.writeCredentials(`[dev]\naws_access_key_id = ${first.accessKeyId}\naws_secret_access_key = ${first.secretAccessKey}\n`);
		await world.writeConfig('[profile dev]\nregion = eu-west-1\n');
		const { engine, clock } = world.newEngine();
		assert.equal(await engine.resolveRegion({ method: 'profile', profile: 'dev' }), 'eu-west-1');
		const session = engine.openConnection({ method: 'profile', profile: 'dev' }, 'eu-west-1');
		assert.equal((await session.getIdentity()).principal.name, 'alice');
		assert.equal(session.expiry().credentialsExpireAt, undefined, 'static keys do not expire');
		const second = world.emulator.control.createAccessKey({ userName: 'bob' });
		await world.writeCredentials(`[dev]\naws_access_key_id = ${second.accessKeyId}\naws_secret_access_key = ${second.secretAccessKey}\n`);
		// Past the synthetic 15-minute expiry (the SDK asks us again then; here we ask as it would).
		clock.advance(16 * 60_000);
		assert.equal((await session.credentials()).accessKeyId, second.accessKeyId);
		const sts = new STSClient({ region: 'us-east-1', credentials: session.credentials });
		assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::111111111111:user/bob');
		sts.destroy();
	});

	it('role_arn + source_profile: assumes the role, refreshes across expiry windows, once for 50 callers', async () => {
		const key = world.emulator.control.createAccessKey();
		await world.writeCredentials(`[base]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
		await world.writeConfig('[profile admin]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = base\nrole_session_name = dev-session\nduration_seconds = 900\n');
		const { engine, clock } = world.newEngine();
		const session = engine.openConnection({ method: 'profile', profile: 'admin' }, 'us-east-1');
		const all = await Promise.all(Array.from({ length: 50 }, () => session.credentials()));
		assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
		assert.equal(world.emulator.control.counters()['sts:AssumeRole'], 1);
		const identity = await session.getIdentity();
		assert.deepEqual([identity.principal.kind, identity.principal.roleName, identity.principal.name, identity.accountId], ['assumedRole', 'Admin', 'dev-session', '222222222222']);
		for (let window = 1; window <= 2; window++) {
			clock.advance(13 * 60_000); // inside the refresh window of 15-minute credentials
			await session.credentials(); // what the SDK does once less than 5 minutes remain
			assert.equal(world.emulator.control.counters()['sts:AssumeRole'], 1 + window);
		}
		assert.equal(session.expiry().canRefreshSilently, true);
	});

	it('role_arn + credential_source = Environment assumes the role (the Toolkit does not)', async () => {
		const key = world.emulator.control.createAccessKey();
		Object.assign(process.env, { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey });
		await world.writeConfig('[profile ci]\nrole_arn = arn:aws:iam::222222222222:role/Deployer\ncredential_source = Environment\n');
		const { engine } = world.newEngine();
		const identity = await engine.openConnection({ method: 'profile', profile: 'ci' }, 'us-east-1').getIdentity();
		assert.equal(identity.principal.roleName, 'Deployer');
	});

	it('mfa_serial: asks for the code once (an MFA session); a forced renewal assumes the role without asking (more in mfaSessions.test.ts)', async () => {
		const key = world.emulator.control.createAccessKey();
		await world.writeCredentials(`[base]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
		await world.writeConfig('[profile secure]\nrole_arn = arn:aws:iam::111111111111:role/MfaAdmin\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n');
		const asked: string[] = [];
		const { engine } = world.newEngine({ promptMfaCode: async (serial) => (asked.push(serial), '123456') });
		const session = engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1');
		assert.equal((await session.getIdentity()).principal.roleName, 'MfaAdmin');
		assert.deepEqual(asked, ['arn:aws:iam::111111111111:mfa/alice']);
		assert.equal(session.expiry().canRefreshSilently, false, 'the sign-in ends with the MFA session');
		await session.credentials({ forceRefresh: true });
		assert.equal(asked.length, 1);
	});

	it('sso-session profile without sso_registration_scopes uses the AWS CLI token cache', async () => {
		// Get a real token from the emulator with one engine, then hand it to "the CLI".
		const other = world.newEngine();
		await signIn(other.engine);
		const record = JSON.parse([...other.secrets.values.entries()].find(([k]) => k.includes('.token.'))![1]) as { accessToken: string; expiresAt: string };
		const cacheDir = path.join(world.home, '.aws', 'sso', 'cache');
		await fs.mkdir(cacheDir, { recursive: true });
		await fs.writeFile(path.join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: START_URL, region: SSO_REGION, accessToken: record.accessToken, expiresAt: record.expiresAt }));
		await world.writeConfig(ssoProfileConfig({ profile: 'sso-dev' }));
		const { engine } = world.newEngine();
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), true, 'a CLI login counts as signed in');
		const session = engine.openConnection({ method: 'profile', profile: 'sso-dev' }, 'us-east-1');
		const identity = await session.getIdentity();
		assert.equal(identity.principal.kind, 'ssoPermissionSet');
		assert.equal(identity.principal.roleName, 'BedrockUser');
		// The SDK's inner SSO client went to the emulator (AWS_ENDPOINT_URL), not to AWS.
		assert.equal(world.emulator.control.lastRequest('sso:GetRoleCredentials')?.auth, 'sso-bearer');
	});

	it('legacy sso_start_url profile with an expired CLI token says to run aws sso login', async () => {
		const cacheDir = path.join(world.home, '.aws', 'sso', 'cache');
		await fs.mkdir(cacheDir, { recursive: true });
		await fs.writeFile(path.join(cacheDir, `${createHash('sha1').update(START_URL).digest('hex')}.json`), JSON.stringify({ startUrl: START_URL, region: SSO_REGION, accessToken: 'stale-token-value', expiresAt: '2020-01-01T00:00:00Z' }));
		await world.writeConfig(`[profile legacy]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = 111111111111\nsso_role_name = BedrockUser\n`);
		const { engine } = world.newEngine();
		const session = engine.openConnection({ method: 'profile', profile: 'legacy' }, 'us-east-1');
		await assert.rejects(session.credentials(), (e: unknown) => codeOf(e) === 'SignInRequired' && /aws sso login --profile legacy/.test((e as { action?: string }).action ?? ''));
	});

	it('prefers our own SSO token for an SSO profile, without any CLI cache', async () => {
		await world.writeConfig(ssoProfileConfig({ profile: 'sso-dev' }));
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection({ method: 'profile', profile: 'sso-dev' }, 'us-east-1');
		assert.equal((await session.getIdentity()).principal.roleName, 'BedrockUser');
		assert.equal(session.expiry().canRefreshSilently, true);
	});

	it('with shareSsoTokenWithCli, our sign-in is usable by the SDK and CLI for an sso-session profile', async () => {
		await world.writeConfig(ssoProfileConfig({ profile: 'sso-dev' }));
		const sharing = world.newEngine({ shareSsoTokenWithCli: true });
		await signIn(sharing.engine);
		const file = path.join(world.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
		assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
		// A fresh engine with an empty SecretStore goes through the SDK's own fromSSO and our CLI-format file.
		const fresh = world.newEngine();
		assert.equal((await fresh.engine.openConnection({ method: 'profile', profile: 'sso-dev' }, 'us-east-1').getIdentity()).principal.roleName, 'BedrockUser');
	});

	it('credential_process: works, and a hanging, garbage or failing process gives CredentialProcessFailed without secrets', async () => {
		const temp = world.emulator.control.createTemporaryKeys({ roleName: 'ProcRole', ttlSeconds: 3600 });
		const good = await processScript(world, 'good', `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(temp.accessKeyId)}, SecretAccessKey: ${JSON.stringify(temp.secretAccessKey)}, SessionToken: ${JSON.stringify(temp.sessionToken)}, Expiration: ${JSON.stringify(temp.expiration.toISOString())} }))`);
		const hang = await processScript(world, 'hang', 'setTimeout(() => {}, 120000)');
		const garbage = await processScript(world, 'garbage', `process.stdout.write(${JSON.stringify(`not json ${temp.secretAccessKey}`)})`);
		const failing = await processScript(world, 'failing', `process.stderr.write('session expired: run corp-login\\n'); process.exit(2)`);
		await world.writeConfig(`[profile good]\ncredential_process = ${good}\n[profile hang]\ncredential_process = ${hang}\n[profile garbage]\ncredential_process = ${garbage}\n[profile failing]\ncredential_process = ${failing}\n`);
		const { engine } = world.newEngine({ credentialProcessTimeoutMs: 4_000 });
		assert.equal((await engine.openConnection({ method: 'profile', profile: 'good' }, 'us-east-1').getIdentity()).principal.roleName, 'ProcRole');
		const failureOf = async (profile: string): Promise<Error & { code?: string }> => {
			try {
				await engine.openConnection({ method: 'profile', profile }, 'us-east-1').credentials();
			} catch (e) {
				return e as Error & { code?: string };
			}
			throw new Error('expected a failure');
		};
		const hung = await failureOf('hang');
		assert.equal(hung.code, 'CredentialProcessFailed');
		assert.match(hung.message, /did not finish/);
		const junk = await failureOf('garbage');
		assert.match(junk.message, /valid JSON/);
		assert.ok(!junk.message.includes(temp.secretAccessKey));
		const failed = await failureOf('failing');
		assert.match(failed.message, /exit code 2.*session expired: run corp-login/);
		// Behind a role chain the process runs in our runner too, with the same (1.5 s) limit.
		const slow = await processScript(world, 'slow', 'setTimeout(() => {}, 5000)');
		await world.writeConfig(`[profile slow]\ncredential_process = ${slow}\n[profile chained-slow]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = slow\n`);
		const quick = world.newEngine({ credentialProcessTimeoutMs: 1_500 }).engine;
		await assert.rejects(quick.openConnection({ method: 'profile', profile: 'chained-slow' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'CredentialProcessFailed' && /did not finish within 2 s/.test((e as Error).message));
	});

	it('an unknown profile lists the profiles that exist', async () => {
		await world.writeConfig('[profile alpha]\nregion = us-east-1\n[profile beta]\nregion = us-east-1\n');
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'gamma' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'ProfileNotFound' && /alpha, beta/.test((e as Error).message));
		assert.deepEqual((await engine.listProfiles()).map((p) => p.name), ['alpha', 'beta']);
	});

	it('a malformed config gives a clear error and diagnose points at the line', async () => {
		await world.writeConfig('[profile broken]\nregion = us-east-1\nthis is not ini\n[profile nocreds]\noutput = json\n');
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'nocreds' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'InvalidConfig' && !!(e as { action?: string }).action);
		const report = await engine.diagnose();
		const line = report.findings.find((f) => /line 3/.test(f.summary));
		assert.ok(line, JSON.stringify(report.findings, null, 1));
		assert.equal(line.severity, 'error');
	});

	it('a cycle in source_profile is an InvalidConfig error, not a hang', async () => {
		await world.writeConfig('[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/B\nsource_profile = a\n');
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'a' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'InvalidConfig');
	});
});
