// STS calls beyond GetCallerIdentity/AssumeRole: GetSessionToken (with MFA: the session then
// counts as MFA-authenticated, so roles that demand MFA accept it) and the unsigned
// AssumeRoleWithWebIdentity, which trusts only tokens a test registered.
import { assumedRolePrincipal, type IssuedKey } from '../credentials';
import type { Reply } from '../http';
import { MFA_INVALID_CODE_MESSAGE, MFA_UNKNOWN_DEVICE_MESSAGE } from '../mfaDevices';
import { queryError, queryResult } from '../protocols';
import type { CallContext } from '../service';

type Params = Record<string, string>;

/** IAM's limits for GetSessionToken: 15 min to 36 h; an account's root user gets at most 1 h. */
const SESSION_MIN_SECONDS = 900;
const SESSION_MAX_SECONDS = 129_600;
const ROOT_MAX_SECONDS = 3600;
const SESSION_DEFAULT_SECONDS = 43_200;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function credentialsXml(key: IssuedKey): Record<string, unknown> {
	return {
		AccessKeyId: key.accessKeyId,
		SecretAccessKey: key.secretAccessKey,
		SessionToken: key.sessionToken,
		Expiration: new Date(key.expiresAt ?? 0).toISOString(),
	};
}

export function getSessionToken(context: CallContext, caller: IssuedKey, params: Params): Reply {
	const { state } = context;
	if (caller.sessionToken) {
		return queryError(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
	}
	let seconds = SESSION_DEFAULT_SECONDS;
	if (params.DurationSeconds !== undefined) {
		seconds = Number(params.DurationSeconds);
		if (!Number.isInteger(seconds) || seconds < SESSION_MIN_SECONDS) {
			return queryError(400, 'ValidationError', `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${SESSION_MIN_SECONDS}`);
		}
		if (seconds > SESSION_MAX_SECONDS) {
			return queryError(400, 'ValidationError', `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${SESSION_MAX_SECONDS}`);
		}
	}
	if (caller.principal.arn.endsWith(':root')) {
		// AWS shortens a root session to one hour rather than refusing it.
		seconds = Math.min(seconds, ROOT_MAX_SECONDS);
	}
	let mfaAuthenticated = false;
	if (params.SerialNumber || params.TokenCode) {
		if (!params.SerialNumber || !params.TokenCode) {
			return queryError(403, 'AccessDenied', MFA_UNKNOWN_DEVICE_MESSAGE);
		}
		const check = state.mfa.check(params.SerialNumber, params.TokenCode, caller.principal);
		if (check === 'unknownDevice') {
			return queryError(403, 'AccessDenied', MFA_UNKNOWN_DEVICE_MESSAGE);
		}
		if (check !== 'ok') {
			// AWS answers a used code exactly like a wrong one.
			return queryError(403, 'AccessDenied', MFA_INVALID_CODE_MESSAGE);
		}
		mfaAuthenticated = true;
	}
	const key = state.credentials.issueTemporary(caller.principal, state.after(seconds), { mfaAuthenticated });
	return queryResult('GetSessionToken', { Credentials: credentialsXml(key) });
}

/** Unsigned: the token is the caller's proof. */
export function assumeRoleWithWebIdentity(context: CallContext, params: Params): Reply {
	const { state } = context;
	const roleArn = params.RoleArn ?? '';
	const sessionName = params.RoleSessionName ?? '';
	const match = ROLE_ARN.exec(roleArn);
	if (!match) {
		return queryError(400, 'ValidationError', `${roleArn ? `'${roleArn}'` : 'RoleArn'} is invalid`);
	}
	if (!SESSION_NAME.test(sessionName)) {
		return queryError(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
	}
	const token = params.WebIdentityToken ?? '';
	if (token.length < 4) {
		return queryError(400, 'ValidationError', "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4");
	}
	const grant = state.webIdentity.find(token);
	if (!grant) {
		return queryError(400, 'InvalidIdentityToken', 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
	}
	if (grant.expiresAt <= state.now()) {
		return queryError(400, 'ExpiredTokenException', 'The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.');
	}
	const [, accountId, roleName] = match;
	if (roleName.startsWith('Denied')) {
		return queryError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
	}
	const seconds = params.DurationSeconds !== undefined ? Number(params.DurationSeconds) : state.lifetimes.assumeRoleDefault;
	const principal = assumedRolePrincipal(accountId, roleName, sessionName);
	const key = state.credentials.issueTemporary(principal, state.after(seconds));
	return queryResult('AssumeRoleWithWebIdentity', {
		Credentials: credentialsXml(key),
		SubjectFromWebIdentityToken: grant.subject,
		AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
		PackedPolicySize: 0,
		Provider: 'emulator.oidc.local',
		Audience: 'sts.amazonaws.com',
	});
}
