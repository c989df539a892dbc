// The SDK's own providers (fromSSO, fromIni) build their nested SSO, SSO-OIDC and STS clients from
// `clientConfig`: given the network layer's handler there, an sso-session profile works over TLS.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromSSO } from '@aws-sdk/credential-providers';
import { useEmulator } from '../emulator/support';
import { httpHandlerFor } from '../../../src/aws/network/httpHandlers';
import { isCertificateTrustError } from '../../../src/aws/network/networkErrors';
import { type NetworkSettings, resolveNetworkSettings } from '../../../src/aws/network/networkSettings';
import { tlsFixtures } from '../../support/tlsFixtures';
import { cliSsoLogin } from '../../support/cliSsoLogin';

describe('network: SDK providers with clientConfig.requestHandler over TLS', function () {
	const fixtures = tlsFixtures();
	const harness = useEmulator({ tls: { cert: fixtures.cert, key: fixtures.key }, autoApproveAfterPolls: 0 });
	let home: string;
	let settings: NetworkSettings;
	const saved: Record<string, string | undefined> = {};

	beforeEach(async () => {
		home = await mkdtemp(path.join(os.tmpdir(), 'network-providers-'));
		for (const name of ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) saved[name] = process.env[name];
		process.env.HOME = home;
		process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
		process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, '.aws', 'credentials');
		await mkdir(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
		settings = resolveNetworkSettings({ env: { ...process.env, AWS_CA_BUNDLE: fixtures.caPath } });
	});

	afterEach(async () => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		await rm(home, { recursive: true, force: true });
	});

	/** The provider gives this config to every nested client it builds (and never destroys them). */
	const clientConfig = () => ({ requestHandler: httpHandlerFor(settings) });

	/** The config and token cache the AWS CLI writes after `aws sso login` (over TLS: with our handler). */
	const cliLogin = (sessionName: string, expiresInMs: number) => cliSsoLogin({ home, sessionName, expiresInMs, clientConfig: { region: 'us-east-1', ...clientConfig() } });

	async function whoAmI(credentials: Awaited<ReturnType<ReturnType<typeof fromSSO>>>): Promise<string> {
		const sts = new STSClient({ region: 'us-east-1', credentials, ...clientConfig() });
		try {
			return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
		} finally {
			sts.destroy();
		}
	}

	it('fromSSO without clientConfig fails on the certificate (the SDK ignores AWS_CA_BUNDLE)', async () => {
		await cliLogin(`net-plain-${Date.now()}`, 3600_000);
		const saved = process.env.AWS_CA_BUNDLE;
		process.env.AWS_CA_BUNDLE = fixtures.caPath; // proves the SDK itself does not read it
		try {
			await assert.rejects(fromSSO({ profile: 'dev' })(), (error: unknown) => isCertificateTrustError(error));
		} finally {
			if (saved === undefined) delete process.env.AWS_CA_BUNDLE;
			else process.env.AWS_CA_BUNDLE = saved;
		}
	});

	it('fromSSO with clientConfig: role credentials from an sso-session profile', async () => {
		await cliLogin(`net-sso-${Date.now()}`, 3600_000);
		const credentials = await fromSSO({ profile: 'dev', clientConfig: clientConfig() })();
		assert.match(await whoAmI(credentials), /assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);
	});

	it('fromSSO with clientConfig refreshes the token through its nested SSO-OIDC client', async () => {
		const { control } = harness.emulator;
		const { cacheFile, accessToken } = await cliLogin(`net-refresh-${Date.now()}`, 60_000);
		control.expireAllCredentials();
		control.resetCounters();
		const credentials = await fromSSO({ profile: 'dev', clientConfig: clientConfig() })();
		assert.ok(credentials.accessKeyId.startsWith('ASIA'));
		assert.deepEqual(control.counters(), { 'oidc:CreateToken': 1, 'sso:GetRoleCredentials': 1 });
		const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { accessToken: string };
		assert.notEqual(cache.accessToken, accessToken);
	});

	it('fromIni with clientConfig assumes a role from the SSO source profile through STS', async () => {
		await cliLogin(`net-ini-${Date.now()}`, 3600_000);
		const credentials = await fromIni({ profile: 'deployer', clientConfig: clientConfig() })();
		assert.equal(await whoAmI(credentials), 'arn:aws:sts::222222222222:assumed-role/Deployer/alice-deploys');
	});
});
