// What `aws sso login` leaves behind, made through the emulator's real device flow: a shared config
// with an sso-session profile (`dev`) and a role on top of it (`deployer`), and the CLI's token cache.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand, type SSOOIDCClientConfig } from '@aws-sdk/client-sso-oidc';
import { START_URL } from './ssoFixtures';

export interface CliSsoLogin {
	cacheFile: string;
	accessToken: string;
	refreshToken: string;
}

/** Writes AWS_CONFIG_FILE first (the SDK caches what it read per file path), then signs in and writes the cache under `home`. */
export async function cliSsoLogin(options: { home: string; sessionName: string; expiresInMs: number; clientConfig?: SSOOIDCClientConfig }): Promise<CliSsoLogin> {
	const { home, sessionName, expiresInMs } = options;
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
	const oidc = new SSOOIDCClient({ ...options.clientConfig });
	try {
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
		return { cacheFile, accessToken: token.accessToken ?? '', refreshToken: token.refreshToken ?? '' };
	} finally {
		oidc.destroy();
	}
}
