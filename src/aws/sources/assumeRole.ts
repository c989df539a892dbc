// STS AssumeRole on top of any other source: each refresh re-assumes with fresh base
// credentials. MFA codes come from the injected prompt (a VS Code input box).
import * as os from 'node:os';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { SignInSpec } from '../engineTypes';
import { BedrockConnectError } from '../errors';
import { mapAwsError } from '../errorMapping';
import type { CredentialSource, SourcedCredentials } from '../refreshingProvider';
import type { NetworkSettings } from '../network';
import { createStsClient } from '../sdkClients';
import type { SourceBuilder } from './sourceBuilder';

/** The role's own settings are those of its SignInSpec (roleArn, externalId, MFA …). */
export interface AssumeRoleInit extends Omit<Extract<SignInSpec, { method: 'assumeRole' }>, 'method' | 'base'> {
	base: CredentialSource;
	region: string;
	promptMfaCode?: (mfaSerial: string) => Promise<string>;
	network: () => NetworkSettings;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function validateRoleArn(roleArn: string): string {
	const trimmed = roleArn.trim();
	if (!ROLE_ARN.test(trimmed)) {
		throw new BedrockConnectError('InvalidInput', `"${roleArn}" is not an IAM role ARN.`, {
			action: 'Use the form arn:aws:iam::123456789012:role/RoleName.',
		});
	}
	return trimmed;
}

/** `bedrock-connect-<user>`, limited to what STS accepts ([\w+=,.@-], 2–64 characters). */
export function defaultRoleSessionName(): string {
	let user = 'user';
	try {
		user = os.userInfo().username || user;
	} catch {
		// no user database (some containers): keep the fallback
	}
	return `bedrock-connect-${user}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export function fromAssumeRole(init: AssumeRoleInit): CredentialSource {
	const roleArn = validateRoleArn(init.roleArn);
	const roleSessionName = init.roleSessionName?.trim() || defaultRoleSessionName();
	return async (): Promise<SourcedCredentials> => {
		const base = await init.base();
		let tokenCode: string | undefined;
		if (init.mfaSerial) {
			if (!init.promptMfaCode) {
				throw new BedrockConnectError('MfaRequired', `Assuming ${roleArn} needs an MFA code, and none can be asked for here.`, {
					action: 'Sign in again from VS Code so the MFA code can be entered.',
				});
			}
			tokenCode = (await init.promptMfaCode(init.mfaSerial)).trim();
		}
		const sts = createStsClient(init.region, {
			accessKeyId: base.accessKeyId,
			secretAccessKey: base.secretAccessKey,
			...(base.sessionToken ? { sessionToken: base.sessionToken } : {}),
		}, init.network);
		try {
			const out = await sts.send(
				new AssumeRoleCommand({
					RoleArn: roleArn,
					RoleSessionName: roleSessionName,
					...(init.externalId ? { ExternalId: init.externalId } : {}),
					...(init.durationSeconds ? { DurationSeconds: init.durationSeconds } : {}),
					...(init.mfaSerial ? { SerialNumber: init.mfaSerial, TokenCode: tokenCode } : {}),
				}),
			);
			const c = out.Credentials;
			if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
				throw new BedrockConnectError('ServiceError', 'STS returned incomplete credentials for AssumeRole.');
			}
			return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
		} catch (error) {
			throw mapAssumeRoleError(error, roleArn, init.mfaSerial);
		} finally {
			sts.destroy();
		}
	};
}

export function mapAssumeRoleError(error: unknown, roleArn: string, mfaSerial?: string): BedrockConnectError {
	const message = error instanceof Error ? error.message : '';
	if (error instanceof Error && /MultiFactorAuthentication|MFA|TokenCode/i.test(message) && (error.name === 'AccessDenied' || error.name === 'AccessDeniedException' || error.name === 'ValidationError')) {
		return new BedrockConnectError('MfaRequired', `The MFA code for ${mfaSerial ?? 'your device'} was not accepted.`, {
			action: 'Enter a fresh code from your MFA device.',
			cause: error,
		});
	}
	const mapped = mapAwsError(error, `Assuming role ${roleArn}`);
	if (mapped.code === 'AccessDenied') {
		return new BedrockConnectError('AccessDenied', `You are not allowed to assume role ${roleArn}.`, {
			action: "Check the role's trust policy (and the external id, if it needs one), or use another role.",
			cause: error,
		});
	}
	return mapped;
}

/** A role on top of another sign-in: silent only when the base is and no MFA code is needed. */
export const build: SourceBuilder<'assumeRole'> = (spec, context) => {
	const base = context.build(spec.base);
	return {
		source: fromAssumeRole({
			base: base.source,
			region: context.region,
			network: context.network,
			roleArn: spec.roleArn,
			...(spec.externalId ? { externalId: spec.externalId } : {}),
			...(spec.roleSessionName ? { roleSessionName: spec.roleSessionName } : {}),
			...(spec.durationSeconds ? { durationSeconds: spec.durationSeconds } : {}),
			...(spec.mfaSerial ? { mfaSerial: spec.mfaSerial } : {}),
			...(context.promptMfaCode ? { promptMfaCode: context.promptMfaCode } : {}),
		}),
		traits: {
			canRefreshSilently: () => !spec.mfaSerial && base.traits.canRefreshSilently(),
			signInExpiresAt: () => base.traits.signInExpiresAt(),
			...(base.traits.onDidChange ? { onDidChange: base.traits.onDidChange } : {}),
			...(base.traits.lastRefreshFailure ? { lastRefreshFailure: base.traits.lastRefreshFailure } : {}),
		},
		label: `assumeRole:${spec.roleArn}<-${base.label}`,
	};
};
