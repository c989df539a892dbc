// The IAM Identity Center path through the real SDK clients: register, device authorization,
// polling, token refresh, account/role listing, role credentials, and who STS says they are.
import assert from 'node:assert/strict';
import {
	CreateTokenCommand,
	RegisterClientCommand,
	SSOOIDCClient,
	StartDeviceAuthorizationCommand,
	type StartDeviceAuthorizationCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useEmulator } from './support';
import { START_URL } from '../../support/ssoFixtures';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe('emulator: IAM Identity Center device flow', function () {
	const harness = useEmulator();

	async function registerAndStart(oidc: SSOOIDCClient) {
		const client = await oidc.send(new RegisterClientCommand({ clientName: 'bedrock-connect-test', clientType: 'public', scopes: ['sso:account:access'] }));
		const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL }));
		return { client, device };
	}

	function poll(oidc: SSOOIDCClient, client: { clientId?: string; clientSecret?: string }, device: StartDeviceAuthorizationCommandOutput) {
		return oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
	}

	it('signs alice in with the device code and gives role credentials whose identity STS confirms', async () => {
		const { control } = harness.emulator;
		const oidc = new SSOOIDCClient({});
		const { client, device } = await registerAndStart(oidc);
		assert.match(device.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
		assert.equal(device.verificationUriComplete, `${harness.emulator.httpUrl}/device?user_code=${device.userCode}`);
		assert.equal(device.interval, 1);

		await assert.rejects(poll(oidc, client, device), { name: 'AuthorizationPendingException' });
		assert.deepEqual(control.approveDeviceCode(), { userCode: device.userCode });
		const token = await poll(oidc, client, device);
		assert.equal(token.tokenType, 'Bearer');
		assert.equal(token.expiresIn, 3600);
		assert.ok(token.accessToken && token.refreshToken);

		const sso = new SSOClient({});
		const accounts = await sso.send(new ListAccountsCommand({ accessToken: token.accessToken }));
		assert.deepEqual(
			accounts.accountList?.map((account) => [account.accountId, account.accountName]),
			[
				['111111111111', 'dev'],
				['222222222222', 'prod'],
			],
		);
		const roles = await sso.send(new ListAccountRolesCommand({ accessToken: token.accessToken, accountId: '111111111111' }));
		assert.deepEqual(roles.roleList?.map((role) => role.roleName), ['BedrockUser', 'ReadOnly']);

		const before = Date.now();
		const { roleCredentials } = await sso.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: '111111111111', roleName: 'BedrockUser' }));
		assert.match(roleCredentials?.accessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
		// expiration is epoch milliseconds, one hour out
		assert.ok(Math.abs((roleCredentials?.expiration ?? 0) - (before + 3600_000)) < 10_000);

		const sts = new STSClient({
			credentials: {
				accessKeyId: roleCredentials?.accessKeyId ?? '',
				secretAccessKey: roleCredentials?.secretAccessKey ?? '',
				sessionToken: roleCredentials?.sessionToken,
			},
		});
		const identity = await sts.send(new GetCallerIdentityCommand({}));
		assert.equal(identity.Account, '111111111111');
		assert.match(identity.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);
		assert.equal(control.lastRequest('sts:GetCallerIdentity')?.region, 'us-east-1');
		assert.deepEqual(
			{ ...control.counters() },
			{
				'oidc:RegisterClient': 1,
				'oidc:StartDeviceAuthorization': 1,
				'oidc:CreateToken': 2,
				'sso:ListAccounts': 1,
				'sso:ListAccountRoles': 1,
				'sso:GetRoleCredentials': 1,
				'sts:GetCallerIdentity': 1,
			},
		);

		await sso.send(new LogoutCommand({ accessToken: token.accessToken }));
		await assert.rejects(sso.send(new ListAccountsCommand({ accessToken: token.accessToken })), { name: 'UnauthorizedException' });
	});
});
