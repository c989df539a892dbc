import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { START_URL, SSO_REGION, useEngineWorld } from './harness';

describe('engine: diagnose', function () {
	this.timeout(60_000);
	const world = useEngineWorld();

	it('looks at every source, tries the relevant ones, masks secrets and says what to fix', async () => {
		const good = world.emulator.control.createAccessKey({ userName: 'erin' });
		await world.writeCredentials(`[default]\naws_access_key_id = ${good.accessKeyId}\naws_secret_access_key = ${good.secretAccessKey}\n[stale]\naws_access_key_id = AKIAUNKNOWNKEY000000\naws_secret_access_key = not-a-real-secret-value\n`);
		await world.writeConfig(
			[
				'[default]',
				'region = eu-west-1',
				'[profile orphan]',
				'role_arn = arn:aws:iam::111111111111:role/X',
				'source_profile = missing',
				'[profile sso-dev]',
				'sso_session = corp',
				'sso_account_id = 111111111111',
				'sso_role_name = BedrockUser',
				'[sso-session corp]',
				`sso_start_url = ${START_URL}`,
				`sso_region = ${SSO_REGION}`,
				'[oops]',
				'region = us-east-1',
			].join('\n'),
		);
		const cacheDir = path.join(world.home, '.aws', 'sso', 'cache');
		await fs.mkdir(cacheDir, { recursive: true });
		await fs.writeFile(path.join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: START_URL, region: SSO_REGION, accessToken: 'expired-cli-token-value', expiresAt: '2020-01-01T00:00:00Z' }));
		const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAONLYKEYID0000000', AWS_WEB_IDENTITY_TOKEN_FILE: path.join(world.home, 'no-token'), AWS_BEARER_TOKEN_BEDROCK: 'ambient-bearer-token-value' };
		const { engine } = world.newEngine({ env });
		const started = Date.now();
		const { findings } = await engine.diagnose();
		const elapsed = Date.now() - started;
		const text = JSON.stringify(findings);
		const find = (source: RegExp, summary: RegExp) => findings.find((f) => source.test(f.source) && summary.test(f.summary));

		assert.ok(find(/Environment/, /Only AWS_ACCESS_KEY_ID/)?.fix, 'half-set env keys');
		assert.equal(find(/Container/, /AWS_WEB_IDENTITY_TOKEN_FILE/)?.severity, 'error');
		assert.ok(find(/Environment/, /AWS_BEARER_TOKEN_BEDROCK=ambi…/));
		assert.ok(find(/Shared config/, /line 13.*\[profile oops\]/), 'config line number');
		assert.equal(find(/Profile 'orphan'/, /source_profile "missing" does not exist/)?.severity, 'error');
		assert.equal(find(/Profile 'default'/, /^Works: arn:aws:iam::111111111111:user\/erin/)?.severity, 'ok');
		assert.equal(find(/Profile 'stale'/, /refused/)?.severity, 'error');
		const cli = find(/AWS CLI SSO cache/, /expired/);
		assert.match(cli?.fix ?? '', /aws sso login --profile sso-dev/);
		assert.match(find(/Profile 'sso-dev'/, /No credentials/)?.fix ?? '', /aws sso login --profile sso-dev/);
		assert.ok(find(/Region/, /eu-west-1/));
		assert.ok(find(/SSO session 'corp'/, /sso_registration_scopes/));
		for (const secret of [good.secretAccessKey, 'not-a-real-secret-value', 'expired-cli-token-value', 'ambient-bearer-token-value', 'AKIAONLYKEYID0000000']) {
			assert.ok(!text.includes(secret), `the report must not contain ${secret.slice(0, 4)}…`);
		}
		console.log(`      diagnosis: ${findings.length} findings in ${elapsed} ms`);
		if (process.env.SHOW_DIAGNOSIS) {
			console.log(findings);
		}
	});
});
