// The SDK's own credential and token providers against the emulator: fromSSO reads a CLI-style
// token cache, its nested SSO/SSO-OIDC clients follow AWS_ENDPOINT_URL, and it refreshes tokens.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { useEmulator } from './support';
import { cliSsoLogin } from '../../support/cliSsoLogin';


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

	/** Signs in with the device flow and writes the config and token cache the AWS CLI would write. */
	const cliLogin = (sessionName: string, expiresInMs: number) => cliSsoLogin({ home, sessionName, expiresInMs });

	it('fromSSO turns the cached token into role credentials for the permission set', async () => {
		await cliLogin(`session-${Date.now()}`, 3600_000);
		const credentials = await fromSSO({ profile: 'dev' })();
		const identity = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));
		assert.match(identity.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);
		assert.equal(harness.emulator.control.lastRequest('sso:GetRoleCredentials')?.params.role_name, 'BedrockUser');
	});

	it('fromSSO refreshes a token about to expire through the nested SSO-OIDC client and rewrites the cache', async () => {
		const { control } = harness.emulator;
		const { cacheFile, accessToken, refreshToken } = await cliLogin(`session-refresh-${Date.now()}`, 60_000);
		control.expireAllCredentials(); // the server no longer accepts the cached access token
		control.resetCounters();
		const credentials = await fromSSO({ profile: 'dev' })();
		assert.ok(credentials.accessKeyId.startsWith('ASIA'));
		assert.deepEqual(control.counters(), { 'oidc:CreateToken': 1, 'sso:GetRoleCredentials': 1 });
		const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { accessToken: string; refreshToken: string };
		assert.notEqual(cache.accessToken, accessToken);
		assert.notEqual(cache.refreshToken, refreshToken);
	});

	it('fromIni assumes a role from an SSO source profile through STS', async () => {
		await cliLogin(`session-chain-${Date.now()}`, 3600_000);
		const credentials = await fromIni({ profile: 'deployer' })();
		const identity = await new STSClient({ credentials }).send(new GetCallerIdentityCommand({}));
		assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/Deployer/alice-deploys');
	});
});
