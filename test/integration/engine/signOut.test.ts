// Sign-out deletes every SSO token, registration and key we hold for the sign-in and stops
// the background refresh, for an SSO profile (sso-session or legacy) as for a direct SSO sign-in.
import * as assert from 'node:assert/strict';
import type { SignInSpec } from '../../../src/aws/engineTypes';
import { deleteStoredCredentials } from '../../../src/vscode/signIn/storedCredentials';
import { RecordingLogger } from '../../support/recordingLogger';
import { ssoProfileConfig } from '../../support/ssoProfileConfig';
import { signIn, sleep, START_URL, SSO_REGION, useEngineWorld } from './harness';

describe('engine: sign-out leaves no SSO token stored or refreshing', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });

	const cases: Array<{ label: string; config: string; spec: SignInSpec }> = [
		{
			label: 'profile with an sso-session',
			config: ssoProfileConfig({ region: 'us-east-1' }),
			spec: { method: 'profile', profile: 'work' },
		},
		{
			label: 'legacy SSO profile',
			config: `[profile work]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = 111111111111\nsso_role_name = BedrockUser\nregion = us-east-1\n`,
			spec: { method: 'profile', profile: 'work' },
		},
		{
			label: 'role assumed on top of an SSO profile',
			config: ssoProfileConfig({ region: 'us-east-1' }),
			spec: { method: 'assumeRole', base: { method: 'profile', profile: 'work' }, roleArn: 'arn:aws:iam::111111111111:role/Other', roleSessionName: 'sign-out-test' },
		},
	];

	for (const c of cases) {
		it(`${c.label}: nothing of ours left in SecretStorage, and CreateToken stays flat past the refresh time`, async () => {
			// Short tokens: the background refresh would run within a few seconds.
			world.emulator.control.setLifetimes({ accessToken: 4, roleCredentials: 3600, refreshToken: 3600 });
			await world.writeConfig(c.config);
			const { engine, secrets } = world.newEngine();
			await signIn(engine);
			await engine.saveAccessKeys(world.emulator.control.createAccessKey());
			const session = engine.openConnection(c.spec, 'us-east-1');
			await session.getIdentity();
			assert.ok([...secrets.values.keys()].some((k) => k.startsWith('bedrockConnect.sso.token.')), 'the SSO sign-in stored our token');

			// What SignInManager.signOut does: drop the Connection, then delete what it rests on.
			session.dispose();
			const leftovers = await deleteStoredCredentials(engine, c.spec, new RecordingLogger());
			world.emulator.control.resetCounters();
			await sleep(5_000);
			assert.equal(world.emulator.control.counters()['oidc:CreateToken'] ?? 0, 0, 'no background refresh after sign-out');
			assert.deepEqual([...secrets.values.keys()], [], 'no token, registration or key remains');
			assert.deepEqual(leftovers, [], 'nothing failed to delete, so "deleted" is true');
		});
	}
});
