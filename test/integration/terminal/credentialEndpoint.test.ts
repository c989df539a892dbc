// Terminals' credentials, end to end below VS Code: the real AWS CLI v2 (/usr/bin/aws) and the
// JS SDK's container providers fetch from the credential endpoint, which serves an engine
// Connection signed in to the emulator with IAM Identity Center; STS verifies every signature.
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromContainerMetadata, fromHttp } from '@aws-sdk/credential-providers';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { Connection } from '../../../src/aws/engineTypes';
import type { CredentialEndpoint } from '../../../src/aws/terminal/credentialEndpoint';
import { startTerminalEndpoint } from '../../../src/aws/terminal/terminalEndpoint';
import { cliEnvironment, requireAwsCli, runAwsCli } from '../../support/awsCli';
import { RecordingLogger } from '../../support/recordingLogger';
import { signIn, SSO_REGION, START_URL, useEngineWorld } from '../engine/harness';

const SPEC = { method: 'sso' as const, startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' };
const SSO_ARN = /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/;

describe('terminal credential endpoint: AWS CLI v2 and the JS SDK against the emulator', function () {
	this.timeout(120_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });
	let endpoint: CredentialEndpoint;
	let connection: Connection | undefined;
	let sharing = true;
	let logger: RecordingLogger;

	before(requireAwsCli);

	beforeEach(async () => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600, refreshToken: 8 * 3600 });
		const made = world.newEngine();
		await signIn(made.engine);
		world.emulator.control.resetCounters();
		connection = made.engine.openConnection(SPEC, 'us-east-1');
		sharing = true;
		logger = new RecordingLogger();
		endpoint = await startTerminalEndpoint({ getConnection: async () => connection, shareEnabled: () => sharing, logger });
		clock = made.clock;
	});
	let clock: { advance(ms: number): void };

	afterEach(async () => {
		await endpoint.close();
		connection?.dispose();
		// The endpoint's log holds counts, never a credential.
		assert.deepEqual(logger.leaked(world.emulator.control.issuedSecrets()), []);
	});

	const terminalEnv = (token = endpoint.token): NodeJS.ProcessEnv =>
		cliEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
	const callerIdentity = (env: NodeJS.ProcessEnv) => runAwsCli(['sts', 'get-caller-identity', '--endpoint-url', world.emulator.httpUrl, '--output', 'json'], env);

	it('the CLI signs as the editor\'s identity', async () => {
		const result = await callerIdentity(terminalEnv());
		assert.equal(result.code, 0, result.stderr);
		const printed = JSON.parse(result.stdout) as { Arn: string; Account: string };
		assert.match(printed.Arn, SSO_ARN);
		assert.equal(printed.Arn, (await connection!.getIdentity()).arn);
		assert.equal(printed.Account, '111111111111');
	});

	it('after every credential expired, the same terminal environment keeps working (one new upstream fetch)', async () => {
		assert.equal((await callerIdentity(terminalEnv())).code, 0);
		const before = world.emulator.control.counters()['sso:GetRoleCredentials'] ?? 0;
		// An hour passes: the emulator refuses every key it issued, and our clock agrees they expired.
		world.emulator.control.expireAllCredentials();
		clock.advance(61 * 60_000);
		const again = await callerIdentity(terminalEnv());
		assert.equal(again.code, 0, again.stderr);
		assert.match(JSON.parse(again.stdout).Arn, SSO_ARN);
		assert.equal(world.emulator.control.counters()['sso:GetRoleCredentials'], before + 1);
	});

	it('a wrong token gets 403 and a missing one 401; the CLI says why', async () => {
		const wrong = await callerIdentity(terminalEnv('0'.repeat(endpoint.token.length)));
		assert.notEqual(wrong.code, 0);
		assert.match(wrong.stderr, /403/);
		assert.match(wrong.stderr, /not this editor window's/);
		assert.equal((await get({ authorization: undefined })).status, 401);
		assert.equal((await get({ authorization: endpoint.token.slice(1) })).status, 403);
		assert.equal((await get({})).status, 200);
	});

	it('refuses a Host other than its loopback address (DNS rebinding) and any method but GET', async () => {
		const rebinding = await get({ host: `attacker.example:${new URL(endpoint.url).port}` });
		assert.equal(rebinding.status, 403);
		assert.equal(JSON.parse(rebinding.body).Code, 'InvalidHost');
		assert.equal((await get({ host: `localhost:${new URL(endpoint.url).port}` })).status, 403);
		const post = await get({ method: 'POST' });
		assert.equal(post.status, 405);
		assert.equal(world.emulator.control.counters()['sso:GetRoleCredentials'] ?? 0, 0, 'no refused request reached the sign-in');
	});

	it('signed out: the CLI prints a clear error, and the SDK throws it', async () => {
		connection?.dispose();
		connection = undefined;
		const result = await callerIdentity(terminalEnv());
		assert.notEqual(result.code, 0);
		assert.match(result.stderr, /\(401\).*The editor is not signed in to AWS\. Run the command AWS: Sign In… in the editor/);
		// fromHttp retries every failure 3 times, its `timeout` apart: keep that short here.
		await assert.rejects(fromHttp({ awsContainerCredentialsFullUri: endpoint.url, awsContainerAuthorizationToken: endpoint.token, timeout: 200 })(), (e: Error & { Code?: string }) => e.Code === 'SignedOut');
	});

	it('sharing turned off: the endpoint refuses and says which setting', async () => {
		sharing = false;
		const result = await get({});
		assert.equal(result.status, 401);
		assert.match(JSON.parse(result.body).Message, /bedrockConnect\.terminal\.shareCredentials/);
	});

	it('the JS SDK\'s fromHttp, fromContainerMetadata and default chain sign as the editor\'s identity', async () => {
		const expected = (await connection!.getIdentity()).arn;
		const saved = { ...process.env };
		try {
			Object.assign(process.env, { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token });
			for (const credentials of [fromHttp({}), fromContainerMetadata(), defaultProvider()]) {
				const sts = new STSClient({ region: 'us-east-1', credentials });
				try {
					assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, expected);
				} finally {
					sts.destroy();
				}
			}
			// The SDK's default chain, like the CLI: empty key variables are skipped, a [default] profile wins.
			Object.assign(process.env, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' });
			assert.equal((await defaultProvider()()).accessKeyId, (await connection!.credentials()).accessKeyId);
			const other = world.emulator.control.createAccessKey({ userName: 'dora', accountId: '777777777777' });
			await world.writeCredentials(`[default]\naws_access_key_id = ${other.accessKeyId}\naws_secret_access_key = ${other.secretAccessKey}\n`);
			// (A new process reads the file afresh; this one must tell the SDK's file cache to.)
			assert.equal((await defaultProvider({ ignoreCache: true })()).accessKeyId, other.accessKeyId);
		} finally {
			delete process.env.AWS_ACCESS_KEY_ID;
			delete process.env.AWS_SECRET_ACCESS_KEY;
			delete process.env.AWS_SESSION_TOKEN;
			delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
			delete process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
			Object.assign(process.env, saved);
		}
	});

	it('precedence as the README says: key variables and the [default] profile win, empty key variables do not, an empty AWS_PROFILE breaks the CLI', async () => {
		const other = world.emulator.control.createAccessKey({ userName: 'dora', accountId: '777777777777' });
		const withKeys = await callerIdentity({ ...terminalEnv(), AWS_ACCESS_KEY_ID: other.accessKeyId, AWS_SECRET_ACCESS_KEY: other.secretAccessKey });
		assert.equal(JSON.parse(withKeys.stdout).Arn, 'arn:aws:iam::777777777777:user/dora', withKeys.stderr);
		const emptied = await callerIdentity({ ...terminalEnv(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '', AWS_ROLE_ARN: '' });
		assert.match(JSON.parse(emptied.stdout).Arn, SSO_ARN, emptied.stderr);
		await world.writeCredentials(`[default]\naws_access_key_id = ${other.accessKeyId}\naws_secret_access_key = ${other.secretAccessKey}\n`);
		const withDefault = await callerIdentity({ ...terminalEnv(), AWS_SHARED_CREDENTIALS_FILE: world.credentialsFile });
		assert.equal(JSON.parse(withDefault.stdout).Arn, 'arn:aws:iam::777777777777:user/dora', withDefault.stderr);
		const emptyProfile = await callerIdentity({ ...terminalEnv(), AWS_PROFILE: '' });
		assert.notEqual(emptyProfile.code, 0);
		assert.match(emptyProfile.stderr, /config profile \(\) could not be found/);
	});

	it('serves the current sign-in: after a switch of role, the same terminal environment signs as the new role', async () => {
		assert.match(JSON.parse((await callerIdentity(terminalEnv())).stdout).Arn, SSO_ARN);
		const { engine } = world.newEngine();
		await signIn(engine);
		connection?.dispose();
		connection = engine.openConnection({ ...SPEC, roleName: 'ReadOnly' }, 'us-east-1');
		const switched = await callerIdentity(terminalEnv());
		assert.match(JSON.parse(switched.stdout).Arn, /assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/alice$/, switched.stderr);
	});

	it('100 concurrent fetches (92 SDK, 8 CLI) from a cold cache, with chat-style calls on the same Connection, make one upstream refresh', async () => {
		// The chat signs with the Connection's provider; GetCallerIdentity stands in for a chat turn here.
		const chat = Array.from({ length: 5 }, () => connection!.getIdentity());
		// A long timeout: 8 CLI start-ups share 2 cores with these requests.
		const sdk = Array.from({ length: 92 }, () => fromHttp({ awsContainerCredentialsFullUri: endpoint.url, awsContainerAuthorizationToken: endpoint.token, timeout: 20_000 })());
		const cli = Array.from({ length: 8 }, () => callerIdentity(terminalEnv()));
		const [keys, runs] = await Promise.all([Promise.all(sdk), Promise.all(cli), Promise.all(chat)]);
		assert.equal(new Set(keys.map((k) => k.accessKeyId)).size, 1);
		for (const run of runs) {
			assert.equal(run.code, 0, run.stderr);
		}
		assert.equal(world.emulator.control.counters()['sso:GetRoleCredentials'], 1);
	});

	/** One raw request to the endpoint, with our token unless told otherwise. */
	function get(options: { host?: string; authorization?: string | undefined; method?: string }): Promise<{ status: number; body: string }> {
		const url = new URL(endpoint.url);
		const headers: Record<string, string> = { host: options.host ?? url.host };
		const authorization = 'authorization' in options ? options.authorization : endpoint.token;
		if (authorization !== undefined) {
			headers.authorization = authorization;
		}
		return new Promise((resolve, reject) => {
			const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			});
			req.on('error', reject);
			req.end();
		});
	}
});
