// The SDK's own credential and token providers against the emulator: fromSSO reads a CLI-style
// token cache, its nested SSO/SSO-OIDC clients follow AWS_ENDPOINT_URL, and it refreshes tokens.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { useEmulator } from './support';
import { START_URL } from '../../support/ssoFixtures';


describe('emulator: SDK credential providers', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let home: string;
	const saved: Record<string, string | undefined> = {};

	beforeEach(async () => {
		home = await mkdtemp(path.join(os.tmpdir(), 'emulator-providers-'));
		for (const name of ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
			saved[name] = process.env[name];
		}
		process.env.HOME = home;
		process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
		process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, '.aws', 'credentials');
		await mkdir(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
	});

	afterEach(async () => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
		await rm(home, { recursive: true, force: true });
	});

	/** Signs in with the device flow and writes the token cache the AWS CLI would write. */
	async function cliLogin(sessionName: string, expiresInMs: number) {
		// The config first: the SDK caches what it read (or did not find) per file path.
		await writeFile(
			process.env.AWS_CONFIG_FILE ?? '',
			`[profile dev]
sso_session = ${sessionName}
sso_account_id = 111111111111
sso_role_name = BedrockUser
region = us-east-1

[profile deployer]
source_profile = dev
role_arn = arn:aws:iam::222222222222:role/Deployer
role_session_name = alice-deploys

[sso-session ${sessionName}]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`,
		);
		const oidc = new SSOOIDCClient({});
		const client = await oidc.send(new RegisterClientCommand({ clientName: 'botocore-client', clientType: 'public' }));
		const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL }));
		const token = await oidc.send(
			new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
		);
		const cacheFile = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(sessionName).digest('hex')}.json`);
		await writeFile(
			cacheFile,
			JSON.stringify({
				startUrl: START_URL,
				region: 'us-east-1',
				accessToken: token.accessToken,
				expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
				clientId: client.clientId,
				clientSecret: client.clientSecret,
				registrationExpiresAt: new Date((client.clientSecretExpiresAt ?? 0) * 1000).toISOString(),
				refreshToken: token.refreshToken,
			}),
		);
		return { cacheFile, token };
	}

	it('fromSSO turns the cached token into role credentials for the permission set', async () => {
		await cliLogin(`session-${Date.now()}`, 3600_000);
		const credentials = await fromSSO({ profile: 'dev' })();
		const identity = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));
		assert.match(identity.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);
		assert.equal(harness.emulator.control.lastRequest('sso:GetRoleCredentials')?.params.role_name, 'BedrockUser');
	});

	it('fromSSO refreshes a token about to expire through the nested SSO-OIDC client and rewrites the cache', async () => {
		const { control } = harness.emulator;
		const { cacheFile, token } = await cliLogin(`session-refresh-${Date.now()}`, 60_000);
		control.expireAllCredentials(); // the server no longer accepts the cached access token
		control.resetCounters();
		const credentials = await fromSSO({ profile: 'dev' })();
		assert.ok(credentials.accessKeyId.startsWith('ASIA'));
		assert.deepEqual(control.counters(), { 'oidc:CreateToken': 1, 'sso:GetRoleCredentials': 1 });
		const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { accessToken: string; refreshToken: string };
		assert.notEqual(cache.accessToken, token.accessToken);
		assert.notEqual(cache.refreshToken, token.refreshToken);
	});

	it('fromIni assumes a role from an SSO source profile through STS', async () => {
		await cliLogin(`session-chain-${Date.now()}`, 3600_000);
		const credentials = await fromIni({ profile: 'deployer' })();
		const identity = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));
		assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/Deployer/alice-deploys');
	});
});
