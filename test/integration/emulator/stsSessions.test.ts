// The emulator's GetSessionToken (MFA codes single-use, IAM's duration limits, root capped at 1 h),
// roles that demand MFA honouring an MFA session, and the unsigned AssumeRoleWithWebIdentity
// checking the token — all through the real STSClient.
import assert from 'node:assert/strict';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { isValidMfaCode, mfaCode } from '../../emulator';
import { useEmulator } from './support';

const SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
const MFA_ROLE = 'arn:aws:iam::111111111111:role/MfaAdmin';

describe('emulator: STS sessions (GetSessionToken, MFA, web identity)', function () {
	const harness = useEmulator();
	let next = 100;
	const freshCode = (): string => mfaCode(next++);

	function sts(credentials?: AwsCredentialIdentity): STSClient {
		return new STSClient({ ...(credentials ? { credentials } : {}), maxAttempts: 1 });
	}

	async function mfaSession(code = freshCode()): Promise<AwsCredentialIdentity> {
		const out = await sts(harness.emulator.control.createAccessKey()).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code, DurationSeconds: 3600 }));
		const c = out.Credentials!;
		return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
	}

	it('the code rule: six digits, the last one more than the sum of the others (mod 10)', () => {
		assert.ok(isValidMfaCode('123456'));
		assert.ok(isValidMfaCode(mfaCode(42)));
		assert.ok(!isValidMfaCode('000000'));
		assert.ok(!isValidMfaCode('12345'));
	});

	it('GetSessionToken with a good code: session keys of the same IAM user, that a role demanding MFA accepts without a code', async () => {
		const session = await mfaSession();
		assert.equal((await sts(session).send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::111111111111:user/alice');
		const role = await sts(session).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'alice' }));
		assert.match(role.AssumedRoleUser?.Arn ?? '', /assumed-role\/MfaAdmin\/alice$/);
	});

	it('a session without MFA, and long-term keys, are refused by a role that demands MFA', async () => {
		const key = harness.emulator.control.createAccessKey();
		const plain = (await sts(key).send(new GetSessionTokenCommand({}))).Credentials!;
		const session = { accessKeyId: plain.AccessKeyId!, secretAccessKey: plain.SecretAccessKey!, sessionToken: plain.SessionToken! };
		for (const caller of [session, key]) {
			await assert.rejects(sts(caller).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'alice' })), { name: 'AccessDenied', message: /MultiFactorAuthentication failed/ });
		}
	});

	it('a wrong code and a code used before both get AccessDenied "invalid MFA one time pass code"', async () => {
		const key = harness.emulator.control.createAccessKey();
		const code = freshCode();
		await sts(key).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code }));
		for (const TokenCode of ['000000', code]) {
			await assert.rejects(sts(key).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode })), {
				name: 'AccessDenied',
				message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
			});
		}
	});

	it("a device that is not the caller's: AccessDenied asking to verify the serial number", async () => {
		const key = harness.emulator.control.createAccessKey({ userName: 'alice' });
		await assert.rejects(sts(key).send(new GetSessionTokenCommand({ SerialNumber: 'arn:aws:iam::111111111111:mfa/bob', TokenCode: freshCode() })), {
			name: 'AccessDenied',
			message: /unable to validate MFA code.*serial number is valid and associated with this user/,
		});
	});

	it("IAM's limits: session credentials cannot call it; 15 min to 36 h; a root user's session is cut to 1 h", async () => {
		await assert.rejects(sts(await mfaSession()).send(new GetSessionTokenCommand({})), { name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
		const key = harness.emulator.control.createAccessKey();
		for (const DurationSeconds of [899, 129_601]) {
			await assert.rejects(sts(key).send(new GetSessionTokenCommand({ DurationSeconds })), { name: 'ValidationError' });
		}
		const longest = await sts(key).send(new GetSessionTokenCommand({ DurationSeconds: 129_600 }));
		assert.ok(Math.abs(longest.Credentials!.Expiration!.getTime() - Date.now() - 129_600_000) < 60_000);
		const root = harness.emulator.control.createAccessKey({ userName: 'root' });
		assert.equal((await sts(root).send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::111111111111:root');
		const rootSession = await sts(root).send(new GetSessionTokenCommand({ DurationSeconds: 43_200 }));
		assert.ok(Math.abs(rootSession.Credentials!.Expiration!.getTime() - Date.now() - 3_600_000) < 60_000);
	});

	it('expireRoleCredentials ends role sessions only: the MFA session still assumes the role', async () => {
		const session = await mfaSession();
		const role = (await sts(session).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'alice' }))).Credentials!;
		harness.emulator.control.expireRoleCredentials();
		await assert.rejects(sts({ accessKeyId: role.AccessKeyId!, secretAccessKey: role.SecretAccessKey!, sessionToken: role.SessionToken! }).send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken' });
		await sts(session).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'alice' }));
	});

	it('AssumeRoleWithWebIdentity is unsigned and takes only an accepted, unexpired token', async () => {
		const { token } = harness.emulator.control.acceptWebIdentityToken({ subject: 'repo:corp/app:ref:refs/heads/main' });
		const params = { RoleArn: 'arn:aws:iam::111111111111:role/WebRole', RoleSessionName: 'ci', WebIdentityToken: token };
		const out = await sts().send(new AssumeRoleWithWebIdentityCommand(params));
		assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/WebRole/ci');
		assert.equal(out.SubjectFromWebIdentityToken, 'repo:corp/app:ref:refs/heads/main');
		assert.equal(harness.emulator.control.lastRequest('sts:AssumeRoleWithWebIdentity')?.auth, 'none');
		await assert.rejects(sts().send(new AssumeRoleWithWebIdentityCommand({ ...params, WebIdentityToken: `${token}x` })), { name: 'InvalidIdentityTokenException', message: /could not be validated by AWS/ });
		harness.emulator.control.expireWebIdentityTokens();
		await assert.rejects(sts().send(new AssumeRoleWithWebIdentityCommand(params)), { name: 'ExpiredTokenException', message: /expired or is not valid/ });
		assert.ok(harness.emulator.control.issuedSecrets().includes(token), 'the token is listed among the secrets to scan for');
	});
});
