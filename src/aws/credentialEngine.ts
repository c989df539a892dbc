// The credential engine: wires the SSO token manager, the credential sources and the
// refreshing provider into the Engine facade of api.ts. Everything AWS-specific the VS Code
// layer needs goes through here.
import type { Engine, EngineDeps, Identity, Connection, SignInSpec, SsoAccount } from './engineTypes';
import { diagnose } from './diagnose';
import { BedrockConnectError } from './errors';
import { homeDirectory, listProfileSummaries, loadSharedConfig, ssoSessionNamesFor, type IniSection } from './config';
import { checkPolicy, getCallerIdentity } from './identity';
import { chooseRegion } from './region';
import { createOidcPort, createSsoClient, createStsClient } from './sdkClients';
import { createConnection, type SourceTraits } from './connection';
import { ACCESS_KEYS_SECRET, fromStoredAccessKeys, loadAccessKeys, saveAccessKeys } from './sources/accessKeys';
import { fromAssumeRole } from './sources/assumeRole';
import { BEDROCK_API_KEY_SECRET, bearerOnlyCredentials, fromStoredBearerToken, saveBedrockApiKey } from './sources/bearerToken';
import { fromDefaultChain } from './sources/defaultChain';
import { fromEnvironment } from './sources/environment';
import { fromProfile, ssoSettings } from './sources/profile';
import { fromSsoRole } from './sources/sso';
import type { CredentialSource } from './refreshingProvider';
import { DEFAULT_SSO_SCOPES, type OidcClientPort } from './sso/oidcPort';
import { SsoPortal } from './sso/portal';
import { withSsoAccessToken } from './sso/withAccessToken';
import { SsoTokenManager } from './sso/tokenManager';
import { SsoTokenStore } from './sso/tokenStore';
import { systemClock } from './systemClock';
import { validateAccountId, validateRegion, validateRoleName, validateStartUrl } from './validation';

interface BuiltSource {
	source: CredentialSource;
	traits: SourceTraits;
	label: string;
}

export function createEngine(deps: EngineDeps): Engine {
	const clock = deps.clock ?? systemClock;
	const logger = deps.logger;
	// Read on each use, never cached (Toolkit #2029).
	const env = (): NodeJS.ProcessEnv => deps.env ?? process.env;
	const store = new SsoTokenStore(deps.secrets);
	const oidcPorts = new Map<string, OidcClientPort & { destroy(): void }>();
	const oidcFor = (region: string): OidcClientPort => {
		let port = oidcPorts.get(region);
		if (!port) {
			port = createOidcPort(region);
			oidcPorts.set(region, port);
		}
		return port;
	};
	const tokens = new SsoTokenManager({
		store,
		oidcFor,
		clock,
		logger,
		home: () => homeDirectory(env()),
		shareWithCli: deps.shareSsoTokenWithCli ?? false,
		cliSessionNames: async (startUrl) => ssoSessionNamesFor(await loadSharedConfig(env()), startUrl),
	});
	const portal = new SsoPortal(createSsoClient);
	const sessions = new Set<Connection>();

	const ssoTraits = (startUrl: string, ssoRegion: string): SourceTraits => ({
		canRefreshSilently: () => tokens.status(startUrl, ssoRegion).refreshable,
		signInExpiresAt: () => {
			const status = tokens.status(startUrl, ssoRegion);
			return status.refreshable ? undefined : status.accessTokenExpiresAt;
		},
		onDidChange: (listener) =>
			tokens.onDidChange((url, region) => {
				if (url === startUrl && region === ssoRegion) {
					listener();
				}
			}),
	});

	const buildSource = (spec: SignInSpec, region: string): BuiltSource => {
		switch (spec.method) {
			case 'sso': {
				const startUrl = validateStartUrl(spec.startUrl);
				const ssoRegion = validateRegion(spec.ssoRegion, 'IAM Identity Center region');
				const accountId = validateAccountId(spec.accountId);
				const roleName = validateRoleName(spec.roleName);
				return {
					source: fromSsoRole({ tokens, portal, startUrl, ssoRegion, accountId, roleName }),
					traits: ssoTraits(startUrl, ssoRegion),
					label: `sso:${accountId}/${spec.roleName}`,
				};
			}
			case 'profile': {
				// What we learn about the profile while refreshing feeds expiry() (which must be synchronous).
				let profileData: IniSection | undefined;
				let ssoOf: { startUrl: string; region: string } | undefined;
				const inner = fromProfile({
					profile: spec.profile,
					region,
					env,
					tokens,
					portal,
					...(deps.promptMfaCode ? { promptMfaCode: deps.promptMfaCode } : {}),
					...(deps.credentialProcessTimeoutMs ? { credentialProcessTimeoutMs: deps.credentialProcessTimeoutMs } : {}),
				});
				const source: CredentialSource = async () => {
					const config = await loadSharedConfig(env()).catch(() => undefined);
					profileData = config?.profiles.get(spec.profile)?.data;
					const sso = profileData && config ? ssoSettings(profileData, config.ssoSessions) : undefined;
					ssoOf = sso && (await tokens.holdsToken(sso.startUrl, sso.region)) ? { startUrl: sso.startUrl, region: sso.region } : undefined;
					return inner();
				};
				return {
					source,
					traits: {
						canRefreshSilently: () =>
							ssoOf ? tokens.status(ssoOf.startUrl, ssoOf.region).refreshable : !profileData?.mfa_serial && !profileData?.sso_start_url && !profileData?.sso_session,
						signInExpiresAt: () => {
							if (!ssoOf) {
								return undefined;
							}
							const status = tokens.status(ssoOf.startUrl, ssoOf.region);
							return status.refreshable ? undefined : status.accessTokenExpiresAt;
						},
						onDidChange: (listener) =>
							tokens.onDidChange((url, r) => {
								if (ssoOf && ssoOf.startUrl === url && ssoOf.region === r) {
									listener();
								}
							}),
					},
					label: `profile:${spec.profile}`,
				};
			}
			case 'environment':
				return { source: fromEnvironment({ env }), traits: { canRefreshSilently: () => true, signInExpiresAt: () => undefined }, label: 'environment' };
			case 'accessKeys': {
				let expiresAt: Date | undefined;
				const inner = fromStoredAccessKeys({ secrets: deps.secrets, clock });
				return {
					source: async () => {
						const keys = await inner();
						expiresAt = keys.expiration;
						return keys;
					},
					traits: { canRefreshSilently: () => expiresAt === undefined, signInExpiresAt: () => expiresAt },
					label: 'accessKeys',
				};
			}
			case 'assumeRole': {
				const base = buildSource(spec.base, region);
				return {
					source: fromAssumeRole({
						base: base.source,
						region,
						roleArn: spec.roleArn,
						...(spec.externalId ? { externalId: spec.externalId } : {}),
						...(spec.roleSessionName ? { roleSessionName: spec.roleSessionName } : {}),
						...(spec.durationSeconds ? { durationSeconds: spec.durationSeconds } : {}),
						...(spec.mfaSerial ? { mfaSerial: spec.mfaSerial } : {}),
						...(deps.promptMfaCode ? { promptMfaCode: deps.promptMfaCode } : {}),
					}),
					traits: {
						canRefreshSilently: () => !spec.mfaSerial && base.traits.canRefreshSilently(),
						signInExpiresAt: () => base.traits.signInExpiresAt(),
						...(base.traits.onDidChange ? { onDidChange: base.traits.onDidChange } : {}),
					},
					label: `assumeRole:${spec.roleArn}<-${base.label}`,
				};
			}
			case 'bedrockApiKey':
				return {
					source: bearerOnlyCredentials(),
					traits: {
						canRefreshSilently: () => true,
						signInExpiresAt: () => undefined,
						bearerToken: fromStoredBearerToken({ secrets: deps.secrets }),
						identity: bedrockApiKeyIdentity,
					},
					label: 'bedrockApiKey',
				};
			case 'defaultChain':
				return {
					source: fromDefaultChain({ region, ...(deps.promptMfaCode ? { promptMfaCode: deps.promptMfaCode } : {}) }),
					traits: { canRefreshSilently: () => true, signInExpiresAt: () => undefined },
					label: 'defaultChain',
				};
		}
	};

	return {
		async signInWithSso(params) {
			await tokens.signIn(params);
		},
		async hasSsoToken(startUrl, ssoRegion) {
			return tokens.hasToken(validateStartUrl(startUrl), validateRegion(ssoRegion, 'IAM Identity Center region'));
		},
		async listSsoAccounts(startUrl, ssoRegion): Promise<SsoAccount[]> {
			const url = validateStartUrl(startUrl);
			const region = validateRegion(ssoRegion, 'IAM Identity Center region');
			return withSsoAccessToken(tokens, url, region, (token) => portal.listAccounts(region, token));
		},
		async listSsoRoles(startUrl, ssoRegion, accountId) {
			const url = validateStartUrl(startUrl);
			const region = validateRegion(ssoRegion, 'IAM Identity Center region');
			validateAccountId(accountId);
			return withSsoAccessToken(tokens, url, region, (token) => portal.listRoles(region, token, accountId));
		},
		async signOutSso(startUrl, ssoRegion) {
			const url = validateStartUrl(startUrl);
			const region = validateRegion(ssoRegion, 'IAM Identity Center region');
			const accessToken = await tokens.signOut(url, region);
			await store.deleteRegistration(url, region, DEFAULT_SSO_SCOPES).catch(() => undefined);
			if (accessToken) {
				// Best effort: the local sign-out already happened, whatever the portal says.
				await portal.logout(region, accessToken).catch((error: unknown) => logger.debug(`[sso] portal logout failed: ${String((error as Error)?.name)}`));
			}
		},
		async listProfiles() {
			return listProfileSummaries(await loadSharedConfig(env()));
		},
		async saveAccessKeys(keys) {
			await saveAccessKeys(deps.secrets, keys);
		},
		async deleteAccessKeys() {
			await deps.secrets.delete(ACCESS_KEYS_SECRET);
		},
		async saveBedrockApiKey(token) {
			await saveBedrockApiKey(deps.secrets, token);
		},
		async deleteBedrockApiKey() {
			await deps.secrets.delete(BEDROCK_API_KEY_SECRET);
		},
		async resolveRegion(spec, configured) {
			const config = await loadSharedConfig(env()).catch(() => undefined);
			return chooseRegion(spec, configured, env(), config).region;
		},
		openConnection(spec, region) {
			const validRegion = validateRegion(region);
			const built = buildSource(spec, validRegion);
			const session = createConnection({ spec, region: validRegion, source: built.source, traits: built.traits, clock, logger, label: built.label });
			sessions.add(session);
			const dispose = session.dispose.bind(session);
			return Object.assign(session, {
				dispose: () => {
					sessions.delete(session);
					dispose();
				},
			});
		},
		checkPolicy(identity: Identity, policy) {
			checkPolicy(identity, policy);
		},
		async diagnose() {
			return diagnose({
				env: env(),
				clock,
				hasStoredAccessKeys: async () => (await loadAccessKeys(deps.secrets)) !== undefined,
				// No MFA prompt and a short credential_process limit: a diagnosis must not wait on anyone.
				tryProfile: (profile) => fromProfile({ profile, region: 'us-east-1', env, tokens, portal, credentialProcessTimeoutMs: 3_000 })(),
				tryEnvironment: () => fromEnvironment({ env })(),
				callerIdentity: async (credentials, region) => {
					const sts = createStsClient(region, credentials);
					try {
						return await getCallerIdentity(sts);
					} finally {
						sts.destroy();
					}
				},
			});
		},
		dispose() {
			for (const session of [...sessions]) {
				session.dispose();
			}
			tokens.dispose();
			portal.dispose();
			for (const port of oidcPorts.values()) {
				port.destroy();
			}
			oidcPorts.clear();
		},
	};
}

/** STS cannot say whose a Bedrock API key is; say so plainly instead of failing inside a client. */
function bedrockApiKeyIdentity(): Identity {
	throw new BedrockConnectError('InvalidInput', 'A Bedrock API key has no AWS identity that STS can show.', {
		action: 'Sign in with IAM Identity Center, a profile or access keys to see who you are.',
	});
}

