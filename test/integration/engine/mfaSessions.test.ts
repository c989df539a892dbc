// MFA asked once per working session: IAM-user profiles with mfa_serial get one STS
// GetSessionToken with a code, held in memory and the SecretStore, and roles are assumed from it
// without asking again until it ends. Real SDK clients against the emulator.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { isCancellation } from '../../../src/aws/errors';
import { CODE_REJECTED_REASON } from '../../../src/aws/mfa/mfaCodeErrors';
import { MFA_SESSIONS_SECRET } from '../../../src/aws/mfa/mfaSessions';
import type { MfaCodePrompt } from '../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../src/aws/errors';
import { mfaCode } from '../../emulator';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { codeOf, useEngineWorld } from './harness';

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const HOUR = 3_600_000;

describe('engine: MFA sessions (GetSessionToken once, roles from it)', function () {
	this.timeout(60_000);
	const world = useEngineWorld();
	let nextCode = 1;

	/** A prompt that answers each call with the next of `answers` (default: a fresh valid code), recording why it was asked again. */
	function prompter(answers: Array<string | 'cancel'> = []) {
		const asked: Array<{ serial: string; reason?: string }> = [];
		const prompt: MfaCodePrompt = async (serial, retry) => {
			asked.push({ serial, ...(retry ? { reason: retry.reason } : {}) });
			const answer = answers.shift() ?? mfaCode(nextCode++);
			if (answer === 'cancel') {
				throw new BedrockConnectError('Cancelled', 'Cancelled.');
			}
			return answer;
		};
		return { prompt, asked };
	}

	async function roleProfile(roleName = 'MfaAdmin', serial = SERIAL): Promise<void> {
		const key = world.emulator.control.createAccessKey({ userName: 'alice' });
		await world.writeCredentials(`[base]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
		await world.writeConfig(`[profile secure]\nrole_arn = arn:aws:iam::111111111111:role/${roleName}\nsource_profile = base\nmfa_serial = ${serial}\nrole_session_name = alice\n`);
	}

	beforeEach(() => {
		world.emulator.control.resetCounters();
	});

	it('asks for one code; a mass expiry of role credentials and 50 callers then assume the role again without asking', async () => {
		await roleProfile();
		const { prompt, asked } = prompter();
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		const connection = engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1');
		assert.equal((await connection.getIdentity()).principal.roleName, 'MfaAdmin');
		assert.deepEqual(asked, [{ serial: SERIAL }]);
		const expiry = connection.expiry();
		assert.ok(expiry.signInExpiresAt && Math.abs(expiry.signInExpiresAt.getTime() - Date.now() - 12 * HOUR) < 60_000, 'the sign-in ends with the 12 h MFA session');
		assert.equal(expiry.canRefreshSilently, false, 'at its end the user is asked again');
		assert.equal(world.emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, '43200');

		world.emulator.control.expireRoleCredentials();
		// The expired role keys are refused; the connection refreshes once and asks STS again.
		assert.equal((await connection.getIdentity()).principal.roleName, 'MfaAdmin');
		const all = await Promise.all(Array.from({ length: 50 }, () => connection.credentials({ forceRefresh: true })));
		assert.ok(all.every((c) => c.sessionToken));
		assert.equal(asked.length, 1, 'no second code');
		const counters = world.emulator.control.counters();
		assert.equal(counters['sts:GetSessionToken'], 1);
		assert.ok((counters['sts:AssumeRole'] ?? 0) >= 2 && (counters['sts:AssumeRole'] ?? 0) <= 3, `AssumeRole ${counters['sts:AssumeRole']} times (one per refresh, shared by 50 callers)`);
	});

	it('a wrong code and then a reused one each say so and ask again; the next good code signs in', async () => {
		await roleProfile();
		const used = mfaCode(nextCode++);
		// Another machine (a fresh SecretStore) used this code a moment ago.
		const first = world.newEngine({ promptMfaCode: prompter([used]).prompt });
		await first.engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		const { prompt, asked } = prompter(['000000', used]);
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		assert.equal((await engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity()).principal.roleName, 'MfaAdmin');
		assert.deepEqual(asked, [{ serial: SERIAL }, { serial: SERIAL, reason: CODE_REJECTED_REASON }, { serial: SERIAL, reason: CODE_REJECTED_REASON }]);
		assert.match(CODE_REJECTED_REASON, /wrong, or it was already used/);
	});

	it('cancelling the code: the sign-in fails as cancelled and nothing is held; the next try asks again', async () => {
		await roleProfile();
		const { prompt, asked } = prompter(['cancel']);
		const { engine, secrets } = world.newEngine({ promptMfaCode: prompt });
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity(), (e: unknown) => isCancellation(e));
		assert.equal(await secrets.get(MFA_SESSIONS_SECRET), undefined);
		assert.equal(world.emulator.control.counters()['sts:GetSessionToken'] ?? 0, 0);
		await engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		assert.equal(asked.length, 2);
	});

	it('kept in the SecretStore: a reloaded window assumes the role without a code; sign-out forgets it', async () => {
		await roleProfile();
		const secrets = new MemorySecretStore();
		const one = prompter();
		await world.newEngine({ secrets, promptMfaCode: one.prompt }).engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		assert.ok(await secrets.get(MFA_SESSIONS_SECRET));
		const two = prompter();
		const reloaded = world.newEngine({ secrets, promptMfaCode: two.prompt }).engine;
		await reloaded.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		assert.equal(two.asked.length, 0, 'the reloaded window asked for no code');
		await reloaded.forgetMfaSessions?.();
		assert.equal(await secrets.get(MFA_SESSIONS_SECRET), undefined);
		const three = prompter();
		await world.newEngine({ secrets, promptMfaCode: three.prompt }).engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		assert.equal(three.asked.length, 1);
	});

	it('windows share sessions through the SecretStore: one made in another window is adopted, and both stay stored', async () => {
		await roleProfile();
		const bob = world.emulator.control.createAccessKey({ userName: 'bob' });
		await fs.appendFile(world.credentialsFile, `[bob]\naws_access_key_id = ${bob.accessKeyId}\naws_secret_access_key = ${bob.secretAccessKey}\n`);
		await fs.appendFile(world.configFile, '[profile bob-secure]\nrole_arn = arn:aws:iam::111111111111:role/MfaAdmin\nsource_profile = bob\nmfa_serial = arn:aws:iam::111111111111:mfa/bob\n');
		const secrets = new MemorySecretStore();
		const inB = prompter();
		const windowB = world.newEngine({ secrets, promptMfaCode: inB.prompt }).engine;
		await windowB.openConnection({ method: 'profile', profile: 'bob-secure' }, 'us-east-1').getIdentity(); // B has read the store now
		const inA = prompter();
		await world.newEngine({ secrets, promptMfaCode: inA.prompt }).engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		await windowB.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
		assert.deepEqual([inA.asked.length, inB.asked.length], [1, 1], "B adopted A's session for alice");
		const inC = prompter();
		const windowC = world.newEngine({ secrets, promptMfaCode: inC.prompt }).engine;
		for (const profile of ['secure', 'bob-secure']) {
			await windowC.openConnection({ method: 'profile', profile }, 'us-east-1').getIdentity();
		}
		assert.equal(inC.asked.length, 0, 'both sessions were kept in the store');
	});

	it('when the MFA session ends (by its time, or AWS refusing it early) the next role asks for a new code', async () => {
		await roleProfile();
		const { prompt, asked } = prompter();
		const { engine, clock } = world.newEngine({ promptMfaCode: prompt, mfaSessionDurationHours: () => 0.25 });
		const connection = engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1');
		await connection.getIdentity();
		assert.equal(world.emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, '900');
		clock.advance(16 * 60_000);
		await connection.credentials({ forceRefresh: true });
		assert.equal(asked.length, 2, 'a new code once the 15-minute session is over');
		world.emulator.control.expireAllCredentials(); // the MFA session too, on the server
		await connection.credentials({ forceRefresh: true });
		assert.equal(asked.length, 3, 'AssumeRole refused the ended session: a new code');
	});

	it('sessionDurationHours is kept within IAM limits: 36 h at most, 15 min at least, 1 h for a root user', async () => {
		await roleProfile();
		for (const [hours, seconds] of [[100, '129600'], [0.01, '900'], [36, '129600']] as const) {
			const { engine } = world.newEngine({ promptMfaCode: prompter().prompt, mfaSessionDurationHours: () => hours });
			await engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity();
			assert.equal(world.emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, seconds, `${hours} h`);
		}
		const root = world.emulator.control.createAccessKey({ userName: 'root' });
		await world.writeCredentials(`[owner]\naws_access_key_id = ${root.accessKeyId}\naws_secret_access_key = ${root.secretAccessKey}\n`);
		await world.writeConfig('[profile owner]\nmfa_serial = arn:aws:iam::111111111111:mfa/root-account-mfa-device\n');
		const { engine } = world.newEngine({ promptMfaCode: prompter().prompt });
		const connection = engine.openConnection({ method: 'profile', profile: 'owner' }, 'us-east-1');
		assert.equal((await connection.getIdentity()).principal.kind, 'root');
		assert.equal(world.emulator.control.lastRequest('sts:GetSessionToken')?.params.DurationSeconds, '3600');
	});

	it('IAM-user keys with mfa_serial and no role: the MFA session itself signs, as the user', async () => {
		const key = world.emulator.control.createAccessKey({ userName: 'alice' });
		await world.writeCredentials(`[alice]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\nmfa_serial = ${SERIAL}\n`);
		const { prompt, asked } = prompter();
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		const connection = engine.openConnection({ method: 'profile', profile: 'alice' }, 'us-east-1');
		const identity = await connection.getIdentity();
		assert.equal(identity.arn, 'arn:aws:iam::111111111111:user/alice');
		const credentials = await connection.credentials();
		assert.notEqual(credentials.accessKeyId, key.accessKeyId);
		assert.ok(credentials.sessionToken);
		assert.equal(asked.length, 1);
	});

	it("an MFA device that is not the user's: a clear InvalidConfig naming it, asked only once", async () => {
		await roleProfile('MfaAdmin', 'arn:aws:iam::111111111111:mfa/bob');
		const { prompt, asked } = prompter();
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity(), (e: unknown) => codeOf(e) === 'InvalidConfig' && /mfa\/bob/.test((e as Error).message));
		assert.equal(asked.length, 1);
	});

	it('five refused codes in a row: MfaRequired, saying what to check', async () => {
		await roleProfile();
		const { prompt, asked } = prompter(['000000', '000000', '000000', '000000', '000000']);
		const { engine } = world.newEngine({ promptMfaCode: prompt });
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity(), (e: unknown) => codeOf(e) === 'MfaRequired' && /5 MFA codes/.test((e as Error).message));
		assert.equal(asked.length, 5);
	});

	it('without a way to ask (no prompt): MfaRequired, and no STS call with a code', async () => {
		await roleProfile();
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'profile', profile: 'secure' }, 'us-east-1').getIdentity(), (e: unknown) => codeOf(e) === 'MfaRequired');
		assert.equal(world.emulator.control.counters()['sts:GetSessionToken'] ?? 0, 0);
	});
});
