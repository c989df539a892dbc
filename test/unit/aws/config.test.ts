import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { classifyProfile, listProfileSummaries, loadSharedConfig, requireProfile, sharedConfigPaths, validateIniText } from '../../../src/aws/config';
import { isBedrockConnectError } from '../../../src/aws/errors';

const CONFIG = `
[default]
region = eu-central-1

[profile keys]
region = us-west-2

[profile sso-new]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = BedrockUser

[profile sso-old]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile chained]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = keys
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile from-env]
role_arn = arn:aws:iam::222222222222:role/Admin
credential_source = Environment

[profile env-only]
credential_source = Environment

[profile proc]
credential_process = /usr/bin/get-creds --json

[profile web]
role_arn = arn:aws:iam::222222222222:role/Web
web_identity_token_file = /var/token

[profile console]
login_session = arn:aws:iam::111111111111:user/alice

[profile empty]
output = json

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIAEXAMPLEDEFAULT
aws_secret_access_key = secretdefault

[keys]
aws_access_key_id = AKIAEXAMPLEKEYS
aws_secret_access_key = secretkeys
`;

async function withFiles<T>(config: string, credentials: string, run: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-config-'));
	try {
		const env = { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
		await fs.writeFile(env.AWS_CONFIG_FILE, config);
		await fs.writeFile(env.AWS_SHARED_CREDENTIALS_FILE, credentials);
		return await run(env);
	} finally {
		await fs.rm(dir, { recursive: true, force: true });
	}
}

describe('shared config', () => {
	it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else uses HOME', () => {
		assert.deepEqual(sharedConfigPaths({ HOME: '/h' }), { configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' });
		assert.deepEqual(sharedConfigPaths({ HOME: '/h', AWS_CONFIG_FILE: '~/c', AWS_SHARED_CREDENTIALS_FILE: '/x/k' }), { configFile: '/h/c', credentialsFile: '/x/k' });
	});

	it('classifies every kind of profile', async () => {
		await withFiles(CONFIG, CREDENTIALS, async (env) => {
			const summaries = await listProfileSummaries(await loadSharedConfig(env));
			const kinds = Object.fromEntries(summaries.map((s) => [s.name, s.kind]));
			assert.deepEqual(kinds, {
				default: 'staticKeys',
				keys: 'staticKeys',
				'sso-new': 'ssoSession',
				'sso-old': 'ssoLegacy',
				chained: 'assumeRole',
				'from-env': 'assumeRole',
				'env-only': 'credentialSource',
				proc: 'credentialProcess',
				web: 'webIdentity',
				console: 'loginSession',
				empty: 'unknown',
			});
			assert.equal(summaries[0].name, 'default', 'default first');
			const ssoNew = summaries.find((s) => s.name === 'sso-new')!;
			assert.deepEqual([ssoNew.ssoStartUrl, ssoNew.ssoRegion, ssoNew.ssoSessionName], ['https://corp.awsapps.com/start', 'eu-west-1', 'corp']);
			const keys = summaries.find((s) => s.name === 'keys')!;
			assert.deepEqual([keys.region, keys.files], ['us-west-2', ['config', 'credentials']]);
			assert.equal(summaries.find((s) => s.name === 'chained')!.mfaSerial, 'arn:aws:iam::111111111111:mfa/alice');
		});
	});

	it('never puts secrets into profile summaries', async () => {
		await withFiles(CONFIG, CREDENTIALS, async (env) => {
			const text = JSON.stringify(await listProfileSummaries(await loadSharedConfig(env)));
			assert.ok(!text.includes('secretkeys') && !text.includes('secretdefault'));
		});
	});

	it('re-reads the files on every load (no process-wide cache)', async () => {
		await withFiles(CONFIG, CREDENTIALS, async (env) => {
			assert.ok(!(await loadSharedConfig(env)).profiles.has('added'));
			await fs.appendFile(env.AWS_CONFIG_FILE!, '\n[profile added]\nregion = us-east-2\n');
			assert.ok((await loadSharedConfig(env)).profiles.has('added'));
		});
	});

	it('says which profiles exist when one is not found', async () => {
		await withFiles(CONFIG, CREDENTIALS, async (env) => {
			const config = await loadSharedConfig(env);
			assert.throws(
				() => requireProfile(config, 'prod'),
				(e: unknown) => isBedrockConnectError(e) && e.code === 'ProfileNotFound' && e.message.includes('sso-new') && e.message.includes('keys') && !!e.action,
			);
		});
	});

	it('reports malformed lines with their line numbers, never their values', () => {
		const text = ['[default]', 'region = us-east-1', 'this line is junk', '[profile broken', '= value', '[dev]', 'aws_secret_access_key = SUPERSECRETVALUE'].join('\n');
		const problems = validateIniText(text, '/tmp/config', 'config');
		assert.deepEqual(
			problems.map((p) => [p.line, p.severity]),
			[
				[3, 'error'],
				[4, 'error'],
				[5, 'error'],
				[6, 'warning'],
			],
		);
		assert.match(problems[3].message, /\[profile dev\]/);
		assert.ok(problems.every((p) => !p.message.includes('SUPERSECRETVALUE')));
	});

	it('flags a __proto__ section, which makes the SDK ignore the whole file', () => {
		const problems = validateIniText('[profile ok]\nregion=x\n[__proto__]\n', 'c', 'config');
		assert.equal(problems[0].line, 3);
		assert.equal(problems[0].severity, 'error');
	});

	it('accepts indented sub-settings and comments', () => {
		const text = '# comment\n[profile s3]\ns3 =\n  max_concurrent_requests = 20\n; another\nregion = us-east-1 # trailing\n';
		assert.deepEqual(validateIniText(text, 'c', 'config'), []);
	});

	it('never throws on arbitrary ini text', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (text) => {
				validateIniText(text, 'c', 'config');
				validateIniText(text, 'c', 'credentials');
			}),
		);
		const lineish = fc.array(fc.oneof(fc.constantFrom('[profile a]', '[default]', '[sso-session x]', 'a = b', '  c = d', 'x =', '#', '[', ']', '=', ''), fc.string({ maxLength: 20 })), { maxLength: 30 });
		fc.assert(
			fc.property(lineish, (lines) => {
				const problems = validateIniText(lines.join('\n'), 'c', 'config');
				assert.ok(problems.every((p) => p.line >= 1 && p.line <= lines.length));
			}),
		);
	});

	it('classifies arbitrary settings without throwing', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('role_arn', 'source_profile', 'credential_source', 'aws_access_key_id', 'aws_secret_access_key', 'sso_session', 'sso_start_url', 'credential_process', 'login_session', 'web_identity_token_file'), fc.string()), (data) => {
				classifyProfile(data);
			}),
		);
	});

	it('lists 5,000 profiles quickly', async function () {
		this.timeout(20_000);
		const lines: string[] = [];
		for (let i = 0; i < 5000; i++) {
			lines.push(`[profile p${i}]`, 'region = us-east-1', i % 2 ? 'sso_session = corp' : `role_arn = arn:aws:iam::111111111111:role/R${i}`, i % 2 ? `sso_account_id = 111111111111\nsso_role_name = R` : 'source_profile = default');
		}
		lines.push('[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1');
		await withFiles(lines.join('\n'), CREDENTIALS, async (env) => {
			const started = process.hrtime.bigint();
			const summaries = listProfileSummaries(await loadSharedConfig(env));
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			console.log(`      listed ${summaries.length} profiles in ${ms.toFixed(1)} ms`);
			assert.equal(summaries.length, 5002); // plus default and keys from the credentials file
		});
	});
});
