// bedrockConnect.sso.shareTokenWithCli end to end with the real AWS CLI v2: after our sign-in
// (authorization code + PKCE, the test playing the browser) `aws sts get-caller-identity
// --profile work` works against the emulator; after our sign-out it no longer does; without the
// opt-in the CLI never sees our token.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../../src/aws/engineTypes';
import { awsCliEnvironment, runAwsCli } from '../../support/awsCli';
import { visitAuthorizePage } from '../../support/pkceBrowser';
import { ssoProfileConfig } from '../../support/ssoProfileConfig';
import { START_URL, SSO_REGION, useEngineWorld } from './harness';

const CONFIG = ssoProfileConfig({ region: 'us-east-1', registrationScopes: 'sso:account:access' });

describe('engine: sharing the SSO token with the AWS CLI (real /usr/bin/aws)', function () {
	this.timeout(120_000);
	const world = useEngineWorld();
	let cliEnv: NodeJS.ProcessEnv;
	const cacheFile = (key: string) => path.join(world.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);

	beforeEach(async () => {
		await world.writeConfig(CONFIG);
		cliEnv = await awsCliEnvironment({ dir: path.join(world.home, 'cli'), endpointUrl: world.emulator.httpUrl, home: world.home, configFile: world.configFile });
	});

	function signInWithPkce(engine: Engine): Promise<void> {
		return engine.signInWithSso({
			startUrl: START_URL,
			ssoRegion: SSO_REGION,
			signal: new AbortController().signal,
			onDeviceCode: () => undefined,
			flow: 'pkce',
			openBrowser: async (url) => {
				void visitAuthorizePage(url);
				return true;
			},
		});
	}

	it('with the opt-in, `aws sts get-caller-identity --profile work` works after our sign-in and stops working after our sign-out', async () => {
		let share = true;
		const { engine } = world.newEngine({ shareSsoTokenWithCli: () => share });
		await signInWithPkce(engine);
		for (const key of ['corp', START_URL]) {
			assert.equal((await fs.stat(cacheFile(key))).mode & 0o777, 0o600, key);
		}
		const cli = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'work', '--output', 'json'], cliEnv);
		assert.equal(cli.code, 0, cli.stderr);
		const identity = JSON.parse(cli.stdout) as { Account: string; Arn: string };
		assert.equal(identity.Account, '111111111111');
		assert.match(identity.Arn, /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_BedrockUser_[0-9a-f]{16}\/alice$/);

		share = false; // turned off after signing in: sign-out still removes what we wrote
		await engine.signOutSso(START_URL, SSO_REGION);
		for (const key of ['corp', START_URL]) {
			await assert.rejects(fs.stat(cacheFile(key)), key);
		}
		// Role credentials the CLI already fetched stay in its own cache (~/.aws/cli/cache) until they
		// expire, as the README says; without them it needs the token, which is gone.
		const cliCredentialCache = path.join(world.home, '.aws', 'cli', 'cache');
		assert.ok((await fs.readdir(cliCredentialCache)).length > 0, 'the CLI cached the role credentials it fetched with our token');
		await fs.rm(cliCredentialCache, { recursive: true, force: true });
		const after = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'work', '--output', 'json'], cliEnv);
		assert.notEqual(after.code, 0);
		assert.match(after.stderr, /sso login|SSO session|Token/i);
	});

	it('without the opt-in (the default) nothing is written and the CLI is not signed in', async () => {
		const { engine } = world.newEngine();
		await signInWithPkce(engine);
		await assert.rejects(fs.stat(cacheFile('corp')));
		await assert.rejects(fs.stat(cacheFile(START_URL)));
		const cli = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'work', '--output', 'json'], cliEnv);
		assert.notEqual(cli.code, 0);
	});
});
