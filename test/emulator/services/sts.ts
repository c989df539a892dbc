// STS over awsQuery: GetCallerIdentity, AssumeRole, GetSessionToken and AssumeRoleWithWebIdentity (stsSessions.ts), SigV4-verified, answering in XML with
// the error codes the SDK and the AWS CLI know (ExpiredToken, InvalidClientTokenId, …).
import { assumedRolePrincipal, type IssuedKey } from '../credentials';
import { type EmulatorRequest, type Reply, parseForm } from '../http';
import { genericErrorName, queryError, queryResult } from '../protocols';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import { type AuthFailureReason, verifySigV4 } from '../sigv4';
import { assumeRoleWithWebIdentity, getSessionToken } from './stsSessions';

const AUTH_ERRORS: Record<AuthFailureReason, { status: number; code: string }> = {
	missing: { status: 403, code: 'MissingAuthenticationToken' },
	malformed: { status: 400, code: 'IncompleteSignature' },
	unknownKey: { status: 403, code: 'InvalidClientTokenId' },
	expired: { status: 403, code: 'ExpiredToken' },
	badSignature: { status: 403, code: 'SignatureDoesNotMatch' },
};

export const MFA_TOKEN_CODE = '123456';
export const EXTERNAL_ID = 'bedrock-connect-external';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

type Params = Record<string, string>;

async function authenticate(context: CallContext, request: EmulatorRequest): Promise<IssuedKey | Reply> {
	const outcome = await verifySigV4(request, context.state.credentials, 'sts', context.state.now());
	context.record.auth = request.headers.authorization ? 'sigv4' : 'none';
	context.record.region = outcome.region;
	context.record.accessKeyId = outcome.ok ? outcome.key.accessKeyId : outcome.accessKeyId;
	if (!outcome.ok) {
		const error = AUTH_ERRORS[outcome.reason];
		return queryError(error.status, error.code, outcome.message);
	}
	return outcome.key;
}

function getCallerIdentity(key: IssuedKey): Reply {
	return queryResult('GetCallerIdentity', { Arn: key.principal.arn, UserId: key.principal.userId, Account: key.principal.accountId });
}

function validationError(message: string): Reply {
	return queryError(400, 'ValidationError', message);
}

function assumeRole(context: CallContext, caller: IssuedKey, params: Params): Reply {
	const { state } = context;
	const roleArn = params.RoleArn ?? '';
	const sessionName = params.RoleSessionName ?? '';
	const match = ROLE_ARN.exec(roleArn);
	if (!match) {
		return validationError(`${roleArn ? `'${roleArn}'` : 'RoleArn'} is invalid`);
	}
	if (!SESSION_NAME.test(sessionName)) {
		return validationError(
			`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
		);
	}
	let durationSeconds = state.lifetimes.assumeRoleDefault;
	if (params.DurationSeconds !== undefined) {
		durationSeconds = Number(params.DurationSeconds);
		if (!Number.isInteger(durationSeconds) || durationSeconds < 900) {
			return validationError(
				`1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
			);
		}
		if (durationSeconds > 43200) {
			return validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
		}
	}
	const [, accountId, roleName] = match;
	const notAuthorized = `User: ${caller.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
	if (roleName.startsWith('Denied')) {
		return queryError(403, 'AccessDenied', notAuthorized);
	}
	// A session made with MFA (GetSessionToken with a code) satisfies a role that demands MFA.
	if (roleName.includes('Mfa') && !caller.mfaAuthenticated) {
		if (!params.SerialNumber || !params.TokenCode) {
			return queryError(403, 'AccessDenied', `MultiFactorAuthentication failed, unable to validate MFA code. ${notAuthorized}`);
		}
		if (params.TokenCode !== MFA_TOKEN_CODE) {
			return queryError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
		}
	}
	if (roleName.includes('External') && params.ExternalId !== EXTERNAL_ID) {
		return queryError(403, 'AccessDenied', notAuthorized);
	}
	const principal = assumedRolePrincipal(accountId, roleName, sessionName);
	const key = state.credentials.issueTemporary(principal, state.after(durationSeconds), { mfaAuthenticated: caller.mfaAuthenticated === true || Boolean(params.TokenCode) });
	return queryResult('AssumeRole', {
		Credentials: {
			AccessKeyId: key.accessKeyId,
			SecretAccessKey: key.secretAccessKey,
			SessionToken: key.sessionToken,
			Expiration: new Date(key.expiresAt ?? 0).toISOString(),
		},
		AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
		PackedPolicySize: 0,
	});
}

const ACTIONS: Record<string, (context: CallContext, caller: IssuedKey, params: Params) => Reply> = {
	GetCallerIdentity: (_context, caller) => getCallerIdentity(caller),
	AssumeRole: assumeRole,
	GetSessionToken: getSessionToken,
};

export const stsService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		if (request.method !== 'POST' || request.rawPath !== '/' || !(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
			return undefined;
		}
		const params = parseForm(request.body);
		const action = params.Action ?? '';
		return {
			operation: `sts:${action || 'Unknown'}`,
			params,
			async handle(context) {
				if (action === 'AssumeRoleWithWebIdentity') {
					context.record.auth = request.headers.authorization ? 'sigv4' : 'none';
					return assumeRoleWithWebIdentity(context, params);
				}
				const caller = await authenticate(context, request);
				if (!('principal' in caller)) {
					return caller;
				}
				const perform = ACTIONS[action];
				if (!perform) {
					return queryError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.Version ?? ''}`);
				}
				return perform(context, caller, params);
			},
		};
	},
	throttled: () => queryError(400, 'Throttling', 'Rate exceeded'),
	failed: (status) =>
		queryError(status, genericErrorName(status, { 403: 'AccessDenied', 404: 'NotFound', 429: 'Throttling', 503: 'ServiceUnavailable', client: 'InvalidParameterValue', server: 'InternalFailure' }), 'The emulator was told to fail this call.'),
};
