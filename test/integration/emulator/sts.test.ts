// STS through the real STSClient: SigV4 is really verified (wrong secret, tampered body,
// unknown and expired keys, clock skew) and AssumeRole follows its documented rules.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { useEmulator } from './support';

describe('emulator: STS', function () {
	const harness = useEmulator();

	function sts(credentials: AwsCredentialIdentity, extra: ConstructorParameters<typeof STSClient>[0] = {}) {
		return new STSClient({ credentials, maxAttempts: 1, ...extra });
	}

	describe('SigV4 verification', () => {
		it('accepts a long-term key and reports the IAM user it belongs to', async () => {
			const key = harness.emulator.control.createAccessKey({ userName: 'bob', accountId: '333333333333' });
			assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
			const identity = await sts(key).send(new GetCallerIdentityCommand({}));
			assert.equal(identity.Arn, 'arn:aws:iam::333333333333:user/bob');
			assert.equal(identity.Account, '333333333333');
			assert.match(identity.UserId ?? '', /^AIDA/);
		});

		it('rejects a request signed with the wrong secret as SignatureDoesNotMatch', async () => {
			const key = harness.emulator.control.createAccessKey();
			await assert.rejects(sts({ ...key, secretAccessKey: key.secretAccessKey.replace(/^./, (first) => (first === 'a' ? 'b' : 'a')) }).send(new GetCallerIdentityCommand({})), {
				name: 'SignatureDoesNotMatch',
				message: /The request signature we calculated does not match/,
			});
		});

		it('rejects a body changed after signing', async () => {
			const key = harness.emulator.control.createAccessKey();
			const client = sts(key);
			client.middlewareStack.add(
				(next) => async (args) => {
					const request = args.request as { body?: string };
					// Same length, so only the signature can tell.
					request.body = String(request.body).replace('Version=2011-06-15', 'Version=2011-06-16');
					return next(args);
				},
				{ step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
			);
			await assert.rejects(client.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch' });
		});

		it('rejects a changed body even when its x-amz-content-sha256 is updated to match', async () => {
			const key = harness.emulator.control.createAccessKey();
			const client = sts(key);
			client.middlewareStack.add(
				(next) => async (args) => {
					const request = args.request as { body?: string; headers: Record<string, string> };
					request.body = String(request.body).replace('Version=2011-06-15', 'Version=2011-06-16');
					request.headers['x-amz-content-sha256'] = createHash('sha256').update(request.body).digest('hex');
					return next(args);
				},
				{ step: 'finalizeRequest', priority: 'low', name: 'tamperAndRehash' },
			);
			await assert.rejects(client.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch', message: /does not match the signature you provided/ });
		});

		it('rejects an access key it never issued as InvalidClientTokenId', async () => {
			await assert.rejects(sts({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }).send(new GetCallerIdentityCommand({})), {
				name: 'InvalidClientTokenId',
				message: 'The security token included in the request is invalid.',
			});
		});

		it('rejects a temporary key sent without its session token', async () => {
			const { sessionToken: _omitted, ...keyOnly } = harness.emulator.control.createTemporaryKeys();
			await assert.rejects(sts(keyOnly).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
		});

		it('answers ExpiredToken for an expired temporary key but keeps long-term keys valid', async () => {
			const { control } = harness.emulator;
			const temporary = control.createTemporaryKeys({ roleName: 'Pasted', sessionName: 'carol' });
			const longTerm = control.createAccessKey();
			assert.match((await sts(temporary).send(new GetCallerIdentityCommand({}))).Arn ?? '', /assumed-role\/Pasted\/carol$/);
			control.expireAllCredentials();
			await assert.rejects(sts(temporary).send(new GetCallerIdentityCommand({})), {
				name: 'ExpiredToken',
				message: 'The security token included in the request is expired',
			});
			assert.equal((await sts(longTerm).send(new GetCallerIdentityCommand({}))).Account, '111111111111');
		});

		it('rejects a request signed more than 5 minutes off and the SDK corrects its clock from the Date header', async () => {
			const { control } = harness.emulator;
			const key = control.createAccessKey();
			control.clockSkewSeconds(20 * 60);
			await assert.rejects(sts(key).send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch', message: /^Signature expired: \d{8}T\d{6}Z is now earlier than/ });
			const corrected = sts(key, { maxAttempts: 3 });
			assert.equal((await corrected.send(new GetCallerIdentityCommand({}))).Account, '111111111111');
			assert.ok(corrected.config.systemClockOffset > 19 * 60_000);
		});
	});

	describe('AssumeRole', () => {
		function assume(input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]>) {
			const key = harness.emulator.control.createAccessKey();
			return sts(key).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/Deployer', RoleSessionName: 'alice-session', ...input }));
		}

		it('returns temporary credentials for the role, valid for DurationSeconds', async () => {
			const before = Date.now();
			const result = await assume({ DurationSeconds: 900 });
			assert.equal(result.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/Deployer/alice-session');
			assert.ok(Math.abs((result.Credentials?.Expiration?.getTime() ?? 0) - (before + 900_000)) < 10_000);
			const identity = await sts({
				accessKeyId: result.Credentials?.AccessKeyId ?? '',
				secretAccessKey: result.Credentials?.SecretAccessKey ?? '',
				sessionToken: result.Credentials?.SessionToken,
			}).send(new GetCallerIdentityCommand({}));
			assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/Deployer/alice-session');
		});

		it('refuses roles named Denied* with AccessDenied', async () => {
			await assert.rejects(assume({ RoleArn: 'arn:aws:iam::222222222222:role/DeniedAdmin' }), { name: 'AccessDenied', message: /is not authorized to perform: sts:AssumeRole/ });
		});

		it('requires the MFA code 123456 for roles containing Mfa', async () => {
			const RoleArn = 'arn:aws:iam::222222222222:role/AdminMfa';
			const SerialNumber = 'arn:aws:iam::111111111111:mfa/alice';
			await assert.rejects(assume({ RoleArn }), { name: 'AccessDenied', message: /^MultiFactorAuthentication failed/ });
			await assert.rejects(assume({ RoleArn, SerialNumber, TokenCode: '000000' }), { name: 'AccessDenied', message: /^MultiFactorAuthentication failed/ });
			assert.ok((await assume({ RoleArn, SerialNumber, TokenCode: '123456' })).Credentials?.AccessKeyId);
		});

		it('requires the external id for roles containing External', async () => {
			const RoleArn = 'arn:aws:iam::222222222222:role/PartnerExternal';
			await assert.rejects(assume({ RoleArn, ExternalId: 'wrong' }), { name: 'AccessDenied' });
			assert.ok((await assume({ RoleArn, ExternalId: 'bedrock-connect-external' })).Credentials?.AccessKeyId);
		});

		it('rejects DurationSeconds outside 900..43200 with ValidationError', async () => {
			await assert.rejects(assume({ DurationSeconds: 899 }), { name: 'ValidationError' });
			await assert.rejects(assume({ DurationSeconds: 43201 }), { name: 'ValidationError', message: /MaxSessionDuration/ });
		});
	});
});
