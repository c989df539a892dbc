// What a failure to get a profile's credentials means for the user: the SDK's messages and
// error names sorted into sign in again, MFA, broken config, or passing network trouble.
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { shortReason } from '../errorMapping';
import { errorName } from '../errorNames';
import type { IniSection } from '../config';
import { consoleSessionEnded, consoleSessionEndReason } from '../login/loginErrors';
import { mapAssumeRoleError } from './assumeRole';
import { webIdentityError } from './webIdentity';

export function mapProfileError(error: unknown, profile: string, data: IniSection): BedrockConnectError {
	if (isBedrockConnectError(error)) {
		return error;
	}
	const consoleReason = consoleSessionEndReason(error);
	if (consoleReason) {
		return consoleSessionEnded(consoleReason, profile, error);
	}
	const message = error instanceof Error ? error.message : String(error);
	const name = errorName(error);
	if (/SSO session .*(invalid|expired)|SSO session token .*not found|Token is expired|aws sso login/i.test(message)) {
		return new BedrockConnectError('SignInRequired', `The IAM Identity Center session of profile "${profile}" has expired or is missing.`, {
			action: `Run \`aws sso login --profile ${profile}\` in a terminal, or sign in with IAM Identity Center here.`,
			cause: error,
		});
	}
	if (/requires multi-factor authentication/i.test(message)) {
		return new BedrockConnectError('MfaRequired', `Profile "${profile}" needs an MFA code.`, {
			action: 'Use the profile from VS Code, where the MFA code can be entered.',
			cause: error,
		});
	}
	if (/cycle/i.test(message)) {
		return new BedrockConnectError('InvalidConfig', `Profile "${profile}" refers to itself through source_profile: ${message}`, {
			action: 'Fix the source_profile chain in your AWS config.',
			cause: error,
		});
	}
	if (/Unsupported credential source|could not be found|not configured with SSO|invalid SSO credentials|Conflicting SSO|is missing required property|Could not resolve credentials using profile/i.test(message)) {
		return new BedrockConnectError('InvalidConfig', `Profile "${profile}" cannot be used: ${message}`, {
			action: 'Fix the profile in your AWS config (see "AWS: Diagnose Credentials").',
			cause: error,
		});
	}
	if (data.web_identity_token_file && data.role_arn && !data.source_profile && !data.credential_source) {
		// The SDK read the token file and called AssumeRoleWithWebIdentity: say which file and what AWS said.
		// Anything else (the network, throttling) is sorted below like any other profile's failure.
		const mapped = webIdentityError(error, data.web_identity_token_file, data.role_arn);
		if (mapped.code !== 'Network') {
			return mapped;
		}
	}
	if (data.role_arn && (name === 'AccessDenied' || /MultiFactorAuthentication/i.test(message))) {
		return mapAssumeRoleError(error, data.role_arn, data.mfa_serial);
	}
	if (name === 'ExpiredToken' || name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch') {
		return new BedrockConnectError('SignInRequired', `The source credentials of profile "${profile}" were rejected (${name}).`, {
			action: 'Renew the source credentials of this profile, then refresh.',
			cause: error,
		});
	}
	const fsCode = (error as NodeJS.ErrnoException | undefined)?.code;
	if (fsCode === 'ENOENT' || fsCode === 'EACCES' || fsCode === 'EISDIR') {
		const file = (error as NodeJS.ErrnoException).path ?? 'a file';
		return new BedrockConnectError('InvalidConfig', `Profile "${profile}" refers to ${file}, which ${fsCode === 'ENOENT' ? 'does not exist' : 'cannot be read'}.`, {
			action: 'Fix the path in the profile (e.g. web_identity_token_file), or create the file.',
			cause: error,
		});
	}
	if (name === 'CredentialsProviderError') {
		return new BedrockConnectError('InvalidConfig', `Profile "${profile}" gave no credentials: ${shortReason(error)}`, {
			action: 'Check the profile with "AWS: Diagnose Credentials".',
			cause: error,
		});
	}
	return new BedrockConnectError('Network', `Could not get credentials for profile "${profile}": ${shortReason(error)}`, {
		action: 'Check your network and try again.',
		cause: error,
	});
}
