// Credentials for a named shared-config profile. The SDK's fromIni does the real work
// (static keys, role chains, credential_source, web identity, SSO via the CLI cache,
// login_session); we add: our own SSO token when we hold one for the profile's start URL,
// credential_process with a time limit, fresh config on every refresh, and clear errors.
import { fromIni } from '@aws-sdk/credential-providers';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { networkProblem } from '../errorMapping';
import { requestHandlerFor } from '../sdkClients';
import { withTimeLimit } from '../timeLimit';
import { classifyProfile, explainMissingProfile, loadSharedConfig, type IniSection } from '../config';
import { toSourcedCredentials, type CredentialSource } from '../refreshingProvider';
import { DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS, runCredentialProcess } from './credentialProcess';
import { fromMfaRoleChain, mfaChainOf } from './mfaRoleChain';
import { createConsoleSessionTracker } from '../login/consoleSessionTracker';
import { fromProcessRoleChain, processRoleChainOf } from './processRoleChain';
import { mapProfileError } from './profileErrors';
import type { SourceBuilder, SourceContext } from './sourceBuilder';
import { fromSsoRole, ssoTokenTraits, type SsoTokenTarget } from './sso';

export interface ProfileSourceInit
	extends Pick<SourceContext, 'env' | 'tokens' | 'portal' | 'promptMfaCode' | 'credentialProcessTimeoutMs' | 'network' | 'useProfileCaBundle'>,
		Partial<Pick<SourceContext, 'mfaSessions'>> {
	profile: string;
	/** Region for STS calls the profile needs (the profile's own region wins). */
	region: string;
	/** Told, on each refresh, what was read: the profile's settings and our SSO token it uses, if any. */
	onRead?: (read: ProfileRead) => void;
}

export interface ProfileRead {
	data?: IniSection;
	/** Set when the profile's sign-in is an SSO token we hold. */
	ourSso?: SsoTokenTarget;
	/** Set when the profile's credentials come from an MFA session of ours (an IAM user's keys + mfa_serial). */
	mfa?: { baseAccessKeyId: string; mfaSerial: string };
}

export function fromProfile(init: ProfileSourceInit): CredentialSource {
	const { profile } = init;
	return async () => {
		let config;
		try {
			config = await loadSharedConfig(init.env());
		} catch (error) {
			init.onRead?.({});
			throw error;
		}
		const data = config.profiles.get(profile)?.data;
		const sso = data ? ssoSettings(data, config.ssoSessions) : undefined;
		const ourSso = sso && (await init.tokens.holdsToken(sso.startUrl, sso.region)) ? sso : undefined;
		const mfaChain = data && init.mfaSessions ? mfaChainOf(profileChain(config.profiles, profile)) : undefined;
		init.onRead?.({
			...(data ? { data } : {}),
			...(ourSso ? { ourSso: { startUrl: ourSso.startUrl, region: ourSso.region } } : {}),
			...(mfaChain ? { mfa: { baseAccessKeyId: mfaChain.base.aws_access_key_id ?? '', mfaSerial: mfaChain.mfaSerial } } : {}),
		});
		if (!data) {
			throw await explainMissingProfile(config, profile);
		}
		init.useProfileCaBundle?.(data.ca_bundle);
		const kind = classifyProfile(data);

		if (kind === 'ssoSession' || kind === 'ssoLegacy') {
			if (ourSso) {
				return fromSsoRole({
					tokens: init.tokens,
					portal: init.portal,
					startUrl: ourSso.startUrl,
					ssoRegion: ourSso.region,
					accountId: ourSso.accountId,
					roleName: ourSso.roleName,
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
		const network = init.network();
		// One handler per refresh for the STS/SSO/SSO-OIDC clients fromIni makes (it hands clientConfig to each).
		const requestHandler = requestHandlerFor(network);
		try {
			if (mfaChain && init.mfaSessions) {
				// GetSessionToken once with a code, then every role from that session (aws-vault's way).
				const provider = fromMfaRoleChain({ chain: mfaChain, sessions: init.mfaSessions, region: data.region ?? init.region, network: init.network, requestHandler });
				return toSourcedCredentials(await provider());
			}
			const chain = profileChain(config.profiles, profile);
			// A role chain on a credential_process: that process runs in our bounded runner, not the SDK's.
			const processChain = processRoleChainOf(chain);
			if (processChain) {
				const provider = fromProcessRoleChain({
					profile,
					...processChain,
					region: data.region ?? init.region,
					env: init.env(),
					...(init.credentialProcessTimeoutMs ? { timeoutMs: init.credentialProcessTimeoutMs } : {}),
					...(init.promptMfaCode ? { promptMfaCode: init.promptMfaCode } : {}),
					requestHandler,
				});
				return toSourcedCredentials(await provider());
			}
			// A new provider per refresh: the SDK's inner clients and caches then never hold stale state.
			const provider = fromIni({
				profile,
				filepath: config.paths.credentialsFile,
				configFilepath: config.paths.configFile,
				ignoreCache: true,
				...(init.promptMfaCode ? { mfaCodeProvider: init.promptMfaCode } : {}),
				parentClientConfig: { region: data.region ?? init.region },
				clientConfig: { requestHandler },
			});
			// Any other chain with a credential_process in it (rare shapes) runs in the SDK without a
			// time limit; bound the whole chain then (unless it waits for an MFA code, which takes as long as the user needs).
			const limitMs = 2 * (init.credentialProcessTimeoutMs ?? DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS);
			const credentials =
				chain.some((p) => p.credential_process) && !chain.some((p) => p.mfa_serial)
					? await withTimeLimit(provider(), limitMs, () => chainTimedOut(profile, limitMs))
					: await provider();
			return toSourcedCredentials(credentials);
		} catch (error) {
			throw (!isBedrockConnectError(error) && networkProblem(error, network)) || mapProfileError(error, profile, data);
		} finally {
			requestHandler.destroy();
		}
	};
}

/**
 * A profile's traits follow what the last refresh read (expiry() must be synchronous): our SSO
 * token when the profile uses one; our MFA session, which ends the sign-in when it ends; else
 * silent unless it needs MFA or an SSO login of the CLI.
 */
export const build: SourceBuilder<'profile'> = (spec, context) => {
	let last: ProfileRead = {};
	const mfaSessionEnd = (): Date | undefined => (last.mfa ? context.mfaSessions.expiresAt(last.mfa.baseAccessKeyId, last.mfa.mfaSerial) : undefined);
	const source = fromProfile({
		profile: spec.profile,
		region: context.region,
		env: context.env,
		tokens: context.tokens,
		portal: context.portal,
		network: context.network,
		...(context.useProfileCaBundle ? { useProfileCaBundle: context.useProfileCaBundle } : {}),
		...(context.promptMfaCode ? { promptMfaCode: context.promptMfaCode } : {}),
		...(context.credentialProcessTimeoutMs ? { credentialProcessTimeoutMs: context.credentialProcessTimeoutMs } : {}),
		mfaSessions: context.mfaSessions,
		onRead: (read) => {
			last = read;
		},
	});
	const sso = ssoTokenTraits(
		context.tokens,
		() => last.ourSso,
		() => !last.data?.mfa_serial && !last.data?.sso_start_url && !last.data?.sso_session,
	);
	// A console-credential profile (login_session): its sign-in ends with the renewable session, not the 15-min keys.
	const consoleSession = createConsoleSessionTracker(context.env);
	const observed: typeof source = async () => {
		try {
			const credentials = await source();
			await consoleSession.observe(last.data?.login_session);
			return credentials;
		} catch (error) {
			await consoleSession.observe(last.data?.login_session, error).catch(() => undefined);
			throw error;
		}
	};
	return {
		source: observed,
		traits: {
			...sso,
			// Roles renew by themselves while the MFA session lasts; at its end the user is asked again.
			canRefreshSilently: () => (last.mfa ? false : consoleSession.isConsoleSession() ? consoleSession.canRenew() : sso.canRefreshSilently()),
			signInExpiresAt: () => (last.mfa ? mfaSessionEnd() : consoleSession.isConsoleSession() ? consoleSession.endsAt() : sso.signInExpiresAt()),
			onDidChange: (listener) => {
				const offSso = sso.onDidChange?.(listener);
				const offMfa = context.mfaSessions.onDidChange(listener);
				return () => {
					offSso?.();
					offMfa();
				};
			},
		},
		label: `profile:${spec.profile}`,
	};
};

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

function chainTimedOut(profile: string, ms: number): BedrockConnectError {
	return new BedrockConnectError('CredentialProcessFailed', `The credential_process behind profile "${profile}" did not finish within ${Math.round(ms / 1000)} s.`, {
		action: 'Run the command in a terminal to see what it waits for, then try again.',
	});
}
