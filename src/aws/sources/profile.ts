// Credentials for a named shared-config profile. The SDK's fromIni does the real work
// (static keys, role chains, credential_source, web identity, SSO via the CLI cache,
// login_session); we add: our own SSO token when we hold one for the profile's start URL,
// credential_process with a time limit, fresh config on every refresh, and clear errors.
import { fromIni } from '@aws-sdk/credential-providers';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { shortReason } from '../errorMapping';
import { classifyProfile, explainMissingProfile, loadSharedConfig, type IniSection } from '../config';
import { toSourcedCredentials, type CredentialSource } from '../refreshingProvider';
import type { SsoPortal } from '../sso/portal';
import type { SsoTokenManager } from '../sso/tokenManager';
import { mapAssumeRoleError } from './assumeRole';
import { DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS, runCredentialProcess } from './credentialProcess';
import { fromSsoRole } from './sso';

export interface ProfileSourceInit {
	profile: string;
	/** Region for STS calls the profile needs (the profile's own region wins). */
	region: string;
	env: () => NodeJS.ProcessEnv;
	tokens: SsoTokenManager;
	portal: SsoPortal;
	promptMfaCode?: (mfaSerial: string) => Promise<string>;
	credentialProcessTimeoutMs?: number;
}

export function fromProfile(init: ProfileSourceInit): CredentialSource {
	const { profile } = init;
	return async () => {
		const config = await loadSharedConfig(init.env());
		const data = config.profiles.get(profile)?.data;
		if (!data) {
			throw await explainMissingProfile(config, profile);
		}
		const kind = classifyProfile(data);

		if (kind === 'ssoSession' || kind === 'ssoLegacy') {
			const sso = ssoSettings(data, config.ssoSessions);
			if (sso && (await init.tokens.holdsToken(sso.startUrl, sso.region))) {
				return fromSsoRole({
					tokens: init.tokens,
					portal: init.portal,
					startUrl: sso.startUrl,
					ssoRegion: sso.region,
					accountId: sso.accountId,
					roleName: sso.roleName,
				})();
			}
		}
		if (kind === 'credentialProcess' && data.credential_process) {
			return runCredentialProcess({
				command: data.credential_process,
				profile,
				...(init.credentialProcessTimeoutMs ? { timeoutMs: init.credentialProcessTimeoutMs } : {}),
				env: init.env(),
			});
		}
		if (kind === 'unknown') {
			throw new BedrockConnectError('InvalidConfig', `Profile "${profile}" has no credential settings (no keys, role_arn, sso_session, credential_process …).`, {
				action: `Add credentials to [profile ${profile}] in ${config.paths.configFile}, or run \`aws configure --profile ${profile}\`.`,
			});
		}
		try {
			// A new provider per refresh: the SDK's inner clients and caches then never hold stale state.
			const provider = fromIni({
				profile,
				filepath: config.paths.credentialsFile,
				configFilepath: config.paths.configFile,
				ignoreCache: true,
				...(init.promptMfaCode ? { mfaCodeProvider: init.promptMfaCode } : {}),
				parentClientConfig: { region: data.region ?? init.region },
			});
			// The SDK runs a credential_process inside a role chain without a time limit; bound the
			// whole chain then (unless it waits for an MFA code, which takes as long as the user needs).
			const chain = profileChain(config.profiles, profile);
			const credentials =
				chain.some((p) => p.credential_process) && !chain.some((p) => p.mfa_serial)
					? await withTimeLimit(provider(), 2 * (init.credentialProcessTimeoutMs ?? DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS), profile)
					: await provider();
			return toSourcedCredentials(credentials);
		} catch (error) {
			throw mapProfileError(error, profile, data);
		}
	};
}

export function ssoSettings(
	data: IniSection,
	ssoSessions: Map<string, IniSection>,
): { startUrl: string; region: string; accountId: string; roleName: string } | undefined {
	const session = data.sso_session ? ssoSessions.get(data.sso_session) : undefined;
	const startUrl = (session?.sso_start_url ?? data.sso_start_url)?.replace(/\/+$/, '');
	const region = session?.sso_region ?? data.sso_region;
	if (!startUrl || !region || !data.sso_account_id || !data.sso_role_name) {
		return undefined;
	}
	return { startUrl, region, accountId: data.sso_account_id, roleName: data.sso_role_name };
}

export function mapProfileError(error: unknown, profile: string, data: IniSection): BedrockConnectError {
	if (isBedrockConnectError(error)) {
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	const name = error instanceof Error ? error.name : '';
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

/** The profile and the profiles it draws credentials from (source_profile), cycles cut. */
function profileChain(profiles: Map<string, { data: IniSection }>, start: string): IniSection[] {
	const chain: IniSection[] = [];
	const seen = new Set<string>();
	let name: string | undefined = start;
	while (name && !seen.has(name)) {
		seen.add(name);
		const data: IniSection | undefined = profiles.get(name)?.data;
		if (!data) {
			break;
		}
		chain.push(data);
		name = data.source_profile;
	}
	return chain;
}

function withTimeLimit<T>(promise: Promise<T>, ms: number, profile: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() =>
				reject(
					new BedrockConnectError('CredentialProcessFailed', `The credential_process behind profile "${profile}" did not finish within ${Math.round(ms / 1000)} s.`, {
						action: 'Run the command in a terminal to see what it waits for, then try again.',
					}),
				),
			ms,
		);
		timer.unref?.();
	});
	return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
