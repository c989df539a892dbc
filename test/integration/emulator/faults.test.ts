// Call-level faults on every protocol (each service's own throttling and failure shapes, as the
// SDK sees them after its retries), delays, counters, and the secret-free request log.
import assert from 'node:assert/strict';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { useEmulator } from './support';

const logLines: string[] = [];

type SdkError = Error & { $metadata?: { httpStatusCode?: number; attempts?: number } };

function failure(name: string, status: number, attempts?: number) {
	return (error: SdkError) => {
		assert.equal(error.name, name);
		assert.equal(error.$metadata?.httpStatusCode, status);
		if (attempts !== undefined) {
			assert.equal(error.$metadata?.attempts, attempts);
		}
		return true;
	};
}

describe('emulator: faults and observation', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0, log: (line) => logLines.push(line) });

	async function ssoToken(): Promise<string> {
		const oidc = new SSOOIDCClient({ maxAttempts: 1 });
		const client = await oidc.send(new RegisterClientCommand({ clientName: 'faults', clientType: 'public' }));
		const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: 'https://x.awsapps.com/start' }));
		const token = await oidc.send(
			new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
		);
		return token.accessToken ?? '';
	}

	it('throttles SSO with 429 TooManyRequestsException: the SDK retries through 2, 3 reach the caller', async () => {
		const { control } = harness.emulator;
		const accessToken = await ssoToken();
		const sso = new SSOClient({ maxAttempts: 3 });
		const input = { accessToken, accountId: '111111111111', roleName: 'BedrockUser' };
		control.throttle('sso:GetRoleCredentials', 2);
		control.resetCounters();
		assert.ok((await sso.send(new GetRoleCredentialsCommand(input))).roleCredentials?.accessKeyId);
		assert.equal(control.counters()['sso:GetRoleCredentials'], 3);
		control.throttle('sso:GetRoleCredentials', 3);
		await assert.rejects(sso.send(new GetRoleCredentialsCommand(input)), failure('TooManyRequestsException', 429, 3));
	});

	it('throttles STS with Throttling and fails it with 503 ServiceUnavailable', async () => {
		const { control } = harness.emulator;
		const sts = new STSClient({ credentials: control.createAccessKey(), maxAttempts: 1 });
		control.throttle('sts:AssumeRole', 1);
		await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/R', RoleSessionName: 'sess' })), failure('Throttling', 400));
		control.failWith('sts:GetCallerIdentity', 503, 1);
		await assert.rejects(sts.send(new GetCallerIdentityCommand({})), failure('ServiceUnavailable', 503));
		control.failWith('sts:GetCallerIdentity', 500, 1);
		await assert.rejects(sts.send(new GetCallerIdentityCommand({})), failure('InternalFailure', 500));
	});

	it('throttles OIDC with slow_down and fails it with 500 InternalServerException', async () => {
		const { control } = harness.emulator;
		const oidc = new SSOOIDCClient({ maxAttempts: 1 });
		control.throttle('oidc:RegisterClient', 1);
		await assert.rejects(oidc.send(new RegisterClientCommand({ clientName: 'x', clientType: 'public' })), failure('SlowDownException', 400));
		control.failWith('oidc:CreateToken', 500, 1);
		await assert.rejects(
			oidc.send(new CreateTokenCommand({ clientId: 'a', clientSecret: 'b', grantType: 'refresh_token', refreshToken: 'c' })),
			failure('InternalServerException', 500),
		);
	});

	it('throttles and fails the Bedrock control plane, and a wildcard fault hits any operation', async () => {
		const { control } = harness.emulator;
		const bedrock = new BedrockClient({ credentials: control.createAccessKey(), maxAttempts: 1 });
		control.throttle('bedrock:ListFoundationModels', 1);
		await assert.rejects(bedrock.send(new ListFoundationModelsCommand({})), failure('ThrottlingException', 429));
		control.failWith('*', 403, 2);
		await assert.rejects(bedrock.send(new ListFoundationModelsCommand({})), failure('AccessDeniedException', 403));
		const runtime = new BedrockRuntimeClient({ credentials: control.createAccessKey(), maxAttempts: 1 });
		await assert.rejects(
			runtime.send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })),
			failure('AccessDeniedException', 403),
		);
		assert.ok((await bedrock.send(new ListFoundationModelsCommand({}))).modelSummaries?.length);
	});

	it('delays only the armed number of calls', async () => {
		const { control } = harness.emulator;
		const accessToken = await ssoToken();
		const sso = new SSOClient({ maxAttempts: 1 });
		control.delay('sso:ListAccounts', 200, 1);
		let started = Date.now();
		await sso.send(new ListAccountsCommand({ accessToken }));
		assert.ok(Date.now() - started >= 190);
		started = Date.now();
		await sso.send(new ListAccountsCommand({ accessToken }));
		assert.ok(Date.now() - started < 190);
	});

	it('reset() disarms faults and clears replies and counters, while issued keys stay valid', async () => {
		const { control } = harness.emulator;
		const key = control.createAccessKey();
		const sts = new STSClient({ credentials: key, maxAttempts: 1 });
		await sts.send(new GetCallerIdentityCommand({}));
		control.throttle('*', 5);
		control.clockSkewSeconds(3600);
		control.setNextReplies(['never served']);
		control.reset();
		assert.deepEqual(control.counters(), {});
		assert.equal(control.lastRequest('sts:GetCallerIdentity'), undefined);
		assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '111111111111');
		const runtime = new BedrockRuntimeClient({ credentials: key, maxAttempts: 1 });
		const reply = await runtime.send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
		assert.notEqual(reply.output?.message?.content?.[0]?.text, 'never served');
	});

	it('records the last request per operation with its region and auth', async () => {
		const { control } = harness.emulator;
		await new STSClient({ credentials: control.createAccessKey(), region: 'eu-west-3', maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
		const recorded = control.lastRequest('sts:GetCallerIdentity');
		assert.equal(recorded?.region, 'eu-west-3');
		assert.equal(recorded?.auth, 'sigv4');
		assert.equal(recorded?.params.Action, 'GetCallerIdentity');
		assert.equal(control.lastRequest('sts:NeverCalled'), undefined);
	});

	it('lists every secret it issued, and none of them ever appears in its log', async () => {
		const { control } = harness.emulator;
		await ssoToken();
		const key = control.createTemporaryKeys();
		const { token } = control.createBedrockApiKey();
		const secrets = control.issuedSecrets();
		for (const issued of [key.accessKeyId, key.secretAccessKey, key.sessionToken, token]) {
			assert.ok(secrets.includes(issued));
		}
		assert.ok(secrets.length >= 10);
		assert.ok(logLines.length > 10, 'the log saw the calls');
		const leaked = secrets.filter((secret) => logLines.some((line) => line.includes(secret)));
		assert.deepEqual(leaked, []);
	});
});
