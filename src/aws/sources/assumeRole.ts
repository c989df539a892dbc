// STS AssumeRole on top of any other source: each refresh re-assumes with fresh base
// credentials. With an MFA device, an IAM user's keys underneath get one MFA session per working
// session (mfa/mfaSessions.ts); temporary credentials underneath need a code per AssumeRole
// (mfa/roleMfaPlan.ts), asked with the injected prompt (a VS Code input box).
import * as os from 'node:os';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { MfaCodePrompt, SignInSpec } from '../engineTypes';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { mapAwsError } from '../errorMapping';
import { EXPIRED_CREDENTIAL_NAMES, UNKNOWN_CREDENTIAL_NAMES, errorName } from '../errorNames';
import { CODE_REJECTED_REASON, mfaRefusal, tooManyRejectedCodes } from '../mfa/mfaCodeErrors';
import { MAX_CODE_ATTEMPTS, type MfaSessions } from '../mfa/mfaSessions';
import { codePerAssumeRoleReason, roleMfaPlan } from '../mfa/roleMfaPlan';
import type { CredentialSource, SourcedCredentials } from '../refreshingProvider';
import type { NetworkSettings } from '../network';
import { createStsClient } from '../sdkClients';
import type { SourceBuilder } from './sourceBuilder';

/** The role's own settings are those of its SignInSpec (roleArn, externalId, MFA …). */
export interface AssumeRoleInit extends Omit<Extract<SignInSpec, { method: 'assumeRole' }>, 'method' | 'base'> {
	base: CredentialSource;
	region: string;
	promptMfaCode?: MfaCodePrompt;
	/** The engine's MFA sessions: without them every AssumeRole with a device asks for a code. */
	mfaSessions?: MfaSessions;
	/** Told after each refresh which long-term key an MFA session was used for (undefined: none). */
	onMfaSession?: (baseAccessKeyId: string | undefined) => void;
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
	const assume = async (signer: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, mfa?: { serial: string; code: string }): Promise<SourcedCredentials> => {
		const sts = createStsClient(init.region, {
			accessKeyId: signer.accessKeyId,
			secretAccessKey: signer.secretAccessKey,
			...(signer.sessionToken ? { sessionToken: signer.sessionToken } : {}),
		}, init.network);
		try {
			const out = await sts.send(
				new AssumeRoleCommand({
					RoleArn: roleArn,
					RoleSessionName: roleSessionName,
					...(init.externalId ? { ExternalId: init.externalId } : {}),
					...(init.durationSeconds ? { DurationSeconds: init.durationSeconds } : {}),
					...(mfa ? { SerialNumber: mfa.serial, TokenCode: mfa.code } : {}),
				}),
			);
			const c = out.Credentials;
			if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
				throw new BedrockConnectError('ServiceError', 'STS returned incomplete credentials for AssumeRole.');
			}
			return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
		} finally {
			sts.destroy();
		}
	};
	/** An IAM user's keys: the role from the MFA session (one code per working session); a session AWS no longer takes is made anew once. */
	const fromMfaSession = async (base: SourcedCredentials, mfaSerial: string, sessions: MfaSessions): Promise<SourcedCredentials> => {
		const request = { base: { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey }, mfaSerial, region: init.region, network: init.network };
		init.onMfaSession?.(base.accessKeyId);
		try {
			return await assume(await sessions.get(request));
		} catch (error) {
			const name = errorName(error);
			if (!EXPIRED_CREDENTIAL_NAMES.has(name) && !UNKNOWN_CREDENTIAL_NAMES.has(name)) throw error;
			await sessions.forget(base.accessKeyId, mfaSerial);
			return assume(await sessions.get(request));
		}
	};
	return async (): Promise<SourcedCredentials> => {
		const base = await init.base();
		const mfaSerial = init.mfaSerial;
		try {
			if (!mfaSerial) {
				return await assume(base);
			}
			if (!init.promptMfaCode) {
				throw new BedrockConnectError('MfaRequired', `Assuming ${roleArn} needs an MFA code, and none can be asked for here.`, {
					action: 'Sign in again from VS Code so the MFA code can be entered.',
				});
			}
			if (init.mfaSessions && roleMfaPlan(base) === 'mfaSession') {
				return await fromMfaSession(base, mfaSerial, init.mfaSessions);
			}
			init.onMfaSession?.(undefined);
			// A refused code is asked again (saying so), as for an MFA session.
			let reason = codePerAssumeRoleReason(init.durationSeconds);
			for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
				const code = (await init.promptMfaCode(mfaSerial, { reason })).trim();
				try {
					return await assume(base, { serial: mfaSerial, code });
				} catch (error) {
					if (mfaRefusal(error) !== 'codeRejected') throw error;
					reason = CODE_REJECTED_REASON;
				}
			}
			throw tooManyRejectedCodes(mfaSerial, MAX_CODE_ATTEMPTS);
		} catch (error) {
			throw mapAssumeRoleError(error, roleArn, mfaSerial);
		}
	};
}

export function mapAssumeRoleError(error: unknown, roleArn: string, mfaSerial?: string): BedrockConnectError {
	if (isBedrockConnectError(error)) {
		return error; // already says what happened (e.g. the MFA session's refused codes, a cancelled prompt)
	}
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
	/** The long-term key whose MFA session the last refresh used (undefined: none). */
	let mfaBase: string | undefined;
	const mfaSessionEnd = (): Date | undefined => (mfaBase && spec.mfaSerial ? context.mfaSessions.expiresAt(mfaBase, spec.mfaSerial) : undefined);
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
			mfaSessions: context.mfaSessions,
			onMfaSession: (key) => {
				mfaBase = key;
			},
		}),
		traits: {
			// With MFA the user is asked again: at each renewal, or (on an MFA session) when that session ends.
			canRefreshSilently: () => !spec.mfaSerial && base.traits.canRefreshSilently(),
			signInExpiresAt: () => earliest(base.traits.signInExpiresAt(), mfaSessionEnd()),
			onDidChange: (listener) => {
				const offBase = base.traits.onDidChange?.(listener);
				const offMfa = context.mfaSessions.onDidChange(listener);
				return () => {
					offBase?.();
					offMfa();
				};
			},
			...(base.traits.lastRefreshFailure ? { lastRefreshFailure: base.traits.lastRefreshFailure } : {}),
		},
		label: `assumeRole:${spec.roleArn}<-${base.label}`,
	};
};

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
	return a && b ? (a.getTime() <= b.getTime() ? a : b) : (a ?? b);
}
