// "AWS: Assume Role…" with an MFA device, through the real SDK against the emulator: on an IAM
// user's long-term keys one GetSessionToken per working session and roles from it with no further
// code (kept across windows, forgotten on sign-out); on a role underneath (SSO) a code per
// AssumeRole, asked with the reason and how long each lasts.
import * as assert from 'node:assert/strict';
import type { MfaCodePrompt, SignInSpec } from '../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../src/aws/errors';
import { CODE_REJECTED_REASON } from '../../../src/aws/mfa/mfaCodeErrors';
import { MFA_SESSIONS_SECRET } from '../../../src/aws/mfa/mfaSessions';
import { mfaCode } from '../../emulator';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { codeOf, signIn, START_URL, SSO_REGION, useEngineWorld } from './harness';

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const HOUR = 3_600_000;
const ON_KEYS: SignInSpec = { method: 'assumeRole', base: { method: 'accessKeys' }, roleArn: 'arn:aws:iam::111111111111:role/MfaAdmin', roleSessionName: 'alice-admin', durationSeconds: 900, mfaSerial: SERIAL };
const ON_SSO: SignInSpec = {
	method: 'assumeRole',
	base: { method: 'sso', startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' },
	roleArn: 'arn:aws:iam::222222222222:role/MfaOps',
	roleSessionName: 'ops',
	durationSeconds: 900,
	mfaSerial: SERIAL,
};

describe('engine: Assume Role… with MFA', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });
	let nextCode = 500;

	function prompter(answers: Array<string | 'cancel'> = []) {
		const asked: Array<{ serial: string; reason?: string }> = [];
		const prompt: MfaCodePrompt = async (serial, retry) => {
			asked.push({ serial, ...(retry ? { reason: retry.reason } : {}) });
			const answer = answers.shift() ?? mfaCode(nextCode++);
			if (answer === 'cancel') throw new BedrockConnectError('Cancelled', 'Cancelled.');
			return answer;
		};
		return { prompt, asked };
	}

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600 });
		world.emulator.control.resetCounters();
	});

	it("on an IAM user's keys: one code for an MFA session (mfa.sessionDurationHours); renewals of the role ask no more", async () => {
		const secrets = new MemorySecretStore();
		const { prompt, asked } = prompter();
		const { engine } = world.newEngine({ secrets, promptMfaCode: prompt, mfaSessionDurationHours: () => 2 });
		await engine.saveAccessKeys(world.emulator.control.createAccessKey({ userName: 'alice' }));
		const connection = engine.openConnection(ON_KEYS, 'us-east-1');
		const identity = await connection.getIdentity();
		assert.deepEqual([identity.principal.roleName, identity.principal.name], ['MfaAdmin', 'alice-admin']);
		assert.deepEqual(asked, [{ serial: SERIAL }], 'one code, with no per-role reason');
		assert.equal(world.emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, '7200');
		assert.equal(world.emulator.control.lastRequest('sts:AssumeRole')?.params.TokenCode, undefined, 'the role is assumed from the MFA session, without a code');
		const expiry = connection.expiry();
		assert.ok(expiry.signInExpiresAt && Math.abs(expiry.signInExpiresAt.getTime() - Date.now() - 2 * HOUR) < 60_000, 'the sign-in ends with the MFA session');
		assert.equal(expiry.canRefreshSilently, false, 'at its end the user is asked again');

		world.emulator.control.expireRoleCredentials();
		assert.equal((await connection.getIdentity()).principal.roleName, 'MfaAdmin');
		await Promise.all(Array.from({ length: 20 }, () => connection.credentials({ forceRefresh: true })));
		assert.equal(asked.length, 1, 'no second code');
		assert.equal(world.emulator.control.counters()['sts:GetSessionToken'], 1);
		assert.ok((world.emulator.control.counters()['sts:AssumeRole'] ?? 0) >= 2);

		// Another window (same SecretStore) assumes the role with no code; sign-out forgets the session.
		const other = prompter();
		await world.newEngine({ secrets, promptMfaCode: other.prompt }).engine.openConnection(ON_KEYS, 'us-east-1').getIdentity();
		assert.equal(other.asked.length, 0, "the other window used this window's MFA session");
		await engine.forgetMfaSessions?.();
		assert.equal(await secrets.get(MFA_SESSIONS_SECRET), undefined);
		const after = prompter();
		await world.newEngine({ secrets, promptMfaCode: after.prompt }).engine.openConnection(ON_KEYS, 'us-east-1').getIdentity();
		assert.equal(after.asked.length, 1, 'after sign-out a code is asked again');
	});

	it('on a role underneath (IAM Identity Center): a code per AssumeRole, the prompt saying why and how long each lasts', async () => {
		const { prompt, asked } = prompter(['123456', '123456']);
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		await signIn(engine);
		const connection = engine.openConnection(ON_SSO, 'us-east-1');
		const identity = await connection.getIdentity();
		assert.deepEqual([identity.principal.roleName, identity.principal.name], ['MfaOps', 'ops']);
		assert.equal(world.emulator.control.counters()['sts:GetSessionToken'], undefined, 'GetSessionToken is not tried on role credentials');
		assert.equal(world.emulator.control.lastRequest('sts:AssumeRole')?.params.TokenCode, '123456');
		await connection.credentials({ forceRefresh: true });
		assert.equal(asked.length, 2, 'each renewal asks');
		for (const ask of asked) {
			assert.equal(ask.serial, SERIAL);
			assert.match(ask.reason ?? '', /role or other temporary credentials \(IAM Identity Center, another role\).*new code each time.*lasts 15 min/);
		}
		assert.equal(connection.expiry().canRefreshSilently, false);
	});

	it('a refused per-AssumeRole code is asked again with the reason; the next good one assumes the role', async () => {
		const { prompt, asked } = prompter(['000000', '123456']);
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		await signIn(engine);
		assert.equal((await engine.openConnection(ON_SSO, 'us-east-1').getIdentity()).principal.roleName, 'MfaOps');
		assert.equal(asked.length, 2);
		assert.equal(asked[1].reason, CODE_REJECTED_REASON);
		assert.equal(world.emulator.control.counters()['sts:AssumeRole'], 2);
	});

	it('cancelling the code of a per-AssumeRole prompt fails as cancelled, with no AssumeRole sent', async () => {
		const { prompt } = prompter(['cancel']);
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		await signIn(engine);
		await assert.rejects(engine.openConnection(ON_SSO, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'Cancelled');
		assert.equal(world.emulator.control.counters()['sts:AssumeRole'], undefined);
	});
});
